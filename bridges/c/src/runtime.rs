//! `hms_runtime_t`: an embedded application or a daemon connection, and the
//! calls that work the same on both.

use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use ::hms_runtime::Error;
use safer_ffi::prelude::*;
use serde_json::json;

use crate::args::{json, ms, owned, required, text};
use crate::backend::{Backend, Embedded, Remote};
use crate::status::{guard, hms_status, same_process, ErrOut, Failure};

/// A running embedded application, or a connection to `hmsd`.
#[derive_ReprC]
#[repr(opaque)]
pub struct hms_runtime {
    /// `None` once stopped: calls then answer `HMS_STATUS_SHUTDOWN`.
    backend: RwLock<Option<Arc<Backend>>>,
    /// The tokio runtime of an embedded application.
    tokio: Mutex<Option<tokio::runtime::Runtime>>,
    pid: u32,
}

impl hms_runtime {
    fn new(backend: Backend, tokio: Option<tokio::runtime::Runtime>) -> repr_c::Box<Self> {
        Box::new(hms_runtime {
            backend: RwLock::new(Some(Arc::new(backend))),
            tokio: Mutex::new(tokio),
            pid: std::process::id(),
        })
        .into()
    }

    /// The backend, when this process made the handle and it is not stopped.
    pub(crate) fn backend(&self) -> Result<Arc<Backend>, Failure> {
        same_process(self.pid)?;
        self.backend
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
            .ok_or_else(|| Error::shutdown("the runtime handle is stopped").into())
    }

    fn stop(&self, timeout: Duration) -> Result<(), Failure> {
        same_process(self.pid)?;
        let backend = self
            .backend
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        let tokio = self.tokio.lock().unwrap_or_else(|e| e.into_inner()).take();
        match (backend.as_deref(), tokio) {
            (Some(Backend::Embedded(e)), Some(rt)) => Ok(e.clone().stop(rt, timeout)?),
            _ => Ok(()),
        }
    }
}

/// Starts an application in this process from TOML configuration text (the
/// format of `configs/default.toml`; "" runs the embedded default), waiting
/// at most `timeout_ms` for the tree to come up.
#[ffi_export]
pub fn hms_runtime_start(
    config_toml: Option<char_p::Ref<'_>>,
    timeout_ms: u32,
    rt_out: Option<Out<'_, Option<repr_c::Box<hms_runtime>>>>,
    err_out: ErrOut<'_>,
) -> hms_status {
    guard("hms_runtime_start", err_out, || {
        let config = text(config_toml, "config_toml")?;
        let out = required(rt_out, "rt_out")?;
        let (embedded, rt) = Embedded::start(config, ms(timeout_ms))?;
        out.write(Some(hms_runtime::new(
            Backend::Embedded(embedded),
            Some(rt),
        )));
        Ok(())
    })
}

/// Connects to a running `hmsd` at `url` (`http://127.0.0.1:7878`) with a
/// bearer `token` ("" for none), checking within `timeout_ms` that it answers.
#[ffi_export]
pub fn hms_runtime_connect(
    url: Option<char_p::Ref<'_>>,
    token: Option<char_p::Ref<'_>>,
    timeout_ms: u32,
    rt_out: Option<Out<'_, Option<repr_c::Box<hms_runtime>>>>,
    err_out: ErrOut<'_>,
) -> hms_status {
    guard("hms_runtime_connect", err_out, || {
        let (url, token) = (text(url, "url")?, text(token, "token")?);
        connect(url, token, "", timeout_ms, rt_out)
    })
}

/// As [`hms_runtime_connect`], with every call of the handle run on `node`
/// of the daemon's cluster (`GET /v1/cluster` lists them; "" for the daemon
/// itself). A call to a node that is down, or lost while the call is in
/// flight, ends with `HMS_STATUS_ACTOR_DOWN` within its deadline; an unknown
/// node is `HMS_STATUS_NOT_FOUND`.
#[ffi_export]
pub fn hms_runtime_connect_node(
    url: Option<char_p::Ref<'_>>,
    token: Option<char_p::Ref<'_>>,
    node: Option<char_p::Ref<'_>>,
    timeout_ms: u32,
    rt_out: Option<Out<'_, Option<repr_c::Box<hms_runtime>>>>,
    err_out: ErrOut<'_>,
) -> hms_status {
    guard("hms_runtime_connect_node", err_out, || {
        let (url, token) = (text(url, "url")?, text(token, "token")?);
        connect(url, token, text(node, "node")?, timeout_ms, rt_out)
    })
}

/// The connection both `hms_runtime_connect` functions open ("" node: the daemon itself).
fn connect(
    url: &str,
    token: &str,
    node: &str,
    timeout_ms: u32,
    rt_out: Option<Out<'_, Option<repr_c::Box<hms_runtime>>>>,
) -> Result<(), Failure> {
    let out = required(rt_out, "rt_out")?;
    let remote = Remote::connect(url, token, node, ms(timeout_ms))?;
    out.write(Some(hms_runtime::new(Backend::Remote(remote), None)));
    Ok(())
}

/// Stops an embedded application (the tree in reverse start order, then its
/// threads) or closes a connection, within `timeout_ms`. Later calls on the
/// handle answer `HMS_STATUS_SHUTDOWN`; stopping twice is fine. Free it after.
#[ffi_export]
pub fn hms_runtime_stop(
    rt: Option<&hms_runtime>,
    timeout_ms: u32,
    err_out: ErrOut<'_>,
) -> hms_status {
    guard("hms_runtime_stop", err_out, || {
        required(rt, "rt")?.stop(ms(timeout_ms))
    })
}

/// Frees the handle, stopping it first (5 s at most) if it still runs. NULL is a no-op.
#[ffi_export]
pub fn hms_runtime_free(rt: Option<repr_c::Box<hms_runtime>>) {
    if let Some(rt) = rt {
        let _ = guard("hms_runtime_free", None, || rt.stop(Duration::from_secs(5)));
    }
}

/// Calls `actor` with a JSON message (`{"type": ..., ...}`) and waits at
/// most `timeout_ms` for its JSON reply in `*reply_out`.
#[ffi_export]
pub fn hms_call(
    rt: Option<&hms_runtime>,
    actor: Option<char_p::Ref<'_>>,
    message_json: Option<char_p::Ref<'_>>,
    timeout_ms: u32,
    reply_out: Option<Out<'_, Option<char_p::Box>>>,
    err_out: ErrOut<'_>,
) -> hms_status {
    guard("hms_call", err_out, || {
        let rt = required(rt, "rt")?;
        let actor = text(actor, "actor")?;
        let message = json(message_json, "message_json")?;
        let out = required(reply_out, "reply_out")?;
        let reply = rt.backend()?.call(actor, message, ms(timeout_ms))?;
        out.write(Some(owned(reply.to_string())?));
        Ok(())
    })
}

/// Sends `actor` a JSON message without waiting for a reply (a message that
/// does not decode for the actor is refused here, not dropped later).
#[ffi_export]
pub fn hms_cast(
    rt: Option<&hms_runtime>,
    actor: Option<char_p::Ref<'_>>,
    message_json: Option<char_p::Ref<'_>>,
    err_out: ErrOut<'_>,
) -> hms_status {
    guard("hms_cast", err_out, || {
        let rt = required(rt, "rt")?;
        let actor = text(actor, "actor")?;
        let message = json(message_json, "message_json")?;
        Ok(rt.backend()?.cast(actor, message)?)
    })
}

/// The supervision tree's health as JSON (every node's status, restarts,
/// mailbox depth, in-flight calls and latency).
#[ffi_export]
pub fn hms_health(
    rt: Option<&hms_runtime>,
    timeout_ms: u32,
    health_out: Option<Out<'_, Option<char_p::Box>>>,
    err_out: ErrOut<'_>,
) -> hms_status {
    guard("hms_health", err_out, || {
        let rt = required(rt, "rt")?;
        let out = required(health_out, "health_out")?;
        let health = rt.backend()?.health(ms(timeout_ms))?;
        out.write(Some(owned(health.to_string())?));
        Ok(())
    })
}

/// `coordinate_components`: `command` is restart, stop, start,
/// inject_fault, clear_faults, route, list_children or monitor_health;
/// `payload_json` its JSON object ("{}" when it takes none). On a daemon
/// this needs the token.
#[ffi_export]
pub fn hms_coordinate(
    rt: Option<&hms_runtime>,
    command: Option<char_p::Ref<'_>>,
    payload_json: Option<char_p::Ref<'_>>,
    timeout_ms: u32,
    reply_out: Option<Out<'_, Option<char_p::Box>>>,
    err_out: ErrOut<'_>,
) -> hms_status {
    guard("hms_coordinate", err_out, || {
        let rt = required(rt, "rt")?;
        let command = text(command, "command")?;
        let payload = json(payload_json, "payload_json")?;
        let out = required(reply_out, "reply_out")?;
        let reply = rt.backend()?.coordinate(
            json!({ "command": command, "payload": payload }),
            ms(timeout_ms),
        )?;
        out.write(Some(owned(reply.to_string())?));
        Ok(())
    })
}

/// The prover's `verify_treatment_plan`: one verdict per safety property
/// (proved, violated with the counterexample, unknown naming the missing
/// field, timeout), each with its published source.
#[ffi_export]
pub fn hms_verify_treatment_plan(
    rt: Option<&hms_runtime>,
    plan_json: Option<char_p::Ref<'_>>,
    patient_json: Option<char_p::Ref<'_>>,
    timeout_ms: u32,
    report_out: Option<Out<'_, Option<char_p::Box>>>,
    err_out: ErrOut<'_>,
) -> hms_status {
    guard("hms_verify_treatment_plan", err_out, || {
        let rt = required(rt, "rt")?;
        let plan = json(plan_json, "plan_json")?;
        let patient = json(patient_json, "patient_json")?;
        let out = required(report_out, "report_out")?;
        let message = json!({ "type": "verify_treatment_plan", "plan": plan, "patient": patient });
        let report = rt.backend()?.call("prover", message, ms(timeout_ms))?;
        out.write(Some(owned(report.to_string())?));
        Ok(())
    })
}

/// The prover's `simulate_treatment_outcome`: one patient's chance of
/// remission at week 52, the 95% interval of that chance from the published
/// estimates, and every drug's risks, from `n` simulated patients; the same
/// `seed` gives the same answer.
#[ffi_export]
pub fn hms_simulate_treatment_outcome(
    rt: Option<&hms_runtime>,
    patient_json: Option<char_p::Ref<'_>>,
    plan_json: Option<char_p::Ref<'_>>,
    n: u32,
    seed: u64,
    timeout_ms: u32,
    outcome_out: Option<Out<'_, Option<char_p::Box>>>,
    err_out: ErrOut<'_>,
) -> hms_status {
    guard("hms_simulate_treatment_outcome", err_out, || {
        let rt = required(rt, "rt")?;
        let patient = json(patient_json, "patient_json")?;
        let plan = json(plan_json, "plan_json")?;
        let out = required(outcome_out, "outcome_out")?;
        let message = json!({
            "type": "simulate_treatment_outcome",
            "patient": patient, "plan": plan, "n": n, "seed": seed,
        });
        let outcome = rt.backend()?.call("prover", message, ms(timeout_ms))?;
        out.write(Some(owned(outcome.to_string())?));
        Ok(())
    })
}
