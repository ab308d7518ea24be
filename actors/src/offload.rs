//! Runs CPU-bound work on the rayon pool and awaits it, so actor handlers do
//! not block tokio's workers. A panic in the work resumes in the awaiting
//! handler, where the runtime turns it into a supervised crash.

use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};

pub async fn offload<R: Send + 'static>(work: impl FnOnce() -> R + Send + 'static) -> R {
    let (tx, rx) = tokio::sync::oneshot::channel();
    rayon::spawn(move || {
        let _ = tx.send(catch_unwind(AssertUnwindSafe(work)));
    });
    match rx.await {
        Ok(Ok(value)) => value,
        Ok(Err(panic)) => resume_unwind(panic),
        Err(_) => panic!("offloaded work was dropped"),
    }
}
