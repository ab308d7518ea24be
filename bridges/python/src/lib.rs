//! `hms._native`: the Rust side of the Python package. Thin on purpose: it
//! owns a tokio runtime, starts an application, and moves JSON text between
//! asyncio and the actors. Every asynchronous operation takes an id chosen
//! by the caller, whose asyncio future the Python side keeps; the tokio task
//! pushes its outcome into the event loop's completion queue, and the first
//! push that finds the queue idle writes one byte to a pipe the loop watches
//! (`settle.rs`), so no tokio worker waits for the GIL and a burst of
//! completions costs one wake-up (see `docs/python-bridge.md`). The Python
//! side (`hms/_bridge.py`) takes the queue and turns payloads into values or
//! exceptions.

mod agents;
mod events;
mod fhir;
mod runtime;
mod settle;

use pyo3::prelude::*;

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<runtime::NativeApp>()?;
    m.add_class::<settle::Task>()?;
    m.add_class::<settle::Completions>()?;
    m.add_class::<agents::Reply>()?;
    m.add_class::<events::Subscription>()?;
    m.add_function(wrap_pyfunction!(settle::install, m)?)?;
    m.add_function(wrap_pyfunction!(runtime::shutdown_runtime, m)?)?;
    m.add_function(wrap_pyfunction!(fhir::fhir_import, m)?)?;
    m.add_function(wrap_pyfunction!(fhir::fhir_export, m)?)?;
    m.add("ABI", 1)?;
    Ok(())
}
