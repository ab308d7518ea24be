//! Starts a small supervision tree, exercises it, breaks it on purpose and
//! prints what happened and the tree's health.
//!
//! ```text
//! cargo run --release -p hms-runtime --example tree
//! ```
//!
//! root (one_for_one)
//! ├── counter        a worker with state
//! ├── pipeline (rest_for_one)
//! │   ├── reader
//! │   └── writer     restarts when `reader` does
//! └── sessions (simple_one_for_one)
//!     └── session#N  started on demand

use std::time::Duration;

use hms_runtime::{
    Backoff, ChildSpec, Context, Error, EventKind, Fault, Runtime, Strategy, SupervisorSpec, Worker,
};

/// Adds what it is sent; answers with the running total.
#[derive(Default)]
struct Counter(u64);

impl Worker for Counter {
    type Msg = u64;
    type Reply = u64;

    async fn handle(&mut self, n: u64, _: &mut Context<Self>) -> Result<u64, Error> {
        self.0 += n;
        Ok(self.0)
    }

    // Reading the total twice is harmless, so a call cut short by a crash is
    // retried on the restarted counter.
    fn is_idempotent(n: &u64) -> bool {
        *n == 0
    }
}

/// Echoes, with the name it was started under.
struct Echo(String);

impl Worker for Echo {
    type Msg = String;
    type Reply = String;

    async fn handle(&mut self, msg: String, _: &mut Context<Self>) -> Result<String, Error> {
        if msg.is_empty() {
            return Err(Error::validation("msg", "must not be empty"));
        }
        Ok(format!("{}: {msg}", self.0))
    }
}

fn tree() -> SupervisorSpec {
    let pipeline = SupervisorSpec::new(Strategy::RestForOne)
        .child(ChildSpec::worker("reader", || Echo("reader".into())))
        .child(ChildSpec::worker("writer", || Echo("writer".into())));
    let sessions = SupervisorSpec::simple(ChildSpec::worker_with("session", |user: &String| {
        Echo(format!("session of {user}"))
    }));
    SupervisorSpec::new(Strategy::OneForOne)
        .intensity(5, Duration::from_secs(10))
        .child(
            ChildSpec::worker("counter", Counter::default).backoff(Backoff::exponential(
                Duration::from_millis(20),
                Duration::from_secs(1),
            )),
        )
        .child(ChildSpec::supervisor("pipeline", pipeline))
        .child(ChildSpec::supervisor("sessions", sessions))
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let rt = Runtime::start("root", tree()).await?;
    let mut events = rt.events();
    let t = Duration::from_secs(1);

    let counter = rt.handle::<Counter>("counter")?;
    counter.call(40, t).await?;
    println!("counter = {}", counter.call(2, t).await?);

    let sessions = rt.supervisor("sessions")?;
    for user in ["ada", "grace"] {
        let child = sessions.start_child_with(user.to_string()).await?;
        let session = child.handle::<Echo>().expect("an Echo worker");
        println!("{}", session.call("hello".into(), t).await?);
    }
    let err = rt
        .handle::<Echo>("reader")?
        .call(String::new(), t)
        .await
        .unwrap_err();
    println!("bad input -> {err}");

    // Break things: the counter panics on its next message, the reader is killed.
    rt.inject_fault("counter", Fault::PanicNext)?;
    match counter.call(1, t).await {
        Ok(total) => println!("call during the crash -> {total}"),
        Err(e) => println!("call during the crash -> {e}"),
    }
    rt.inject_fault("reader", Fault::Kill)?;
    // A restarted worker starts from a fresh state, as in OTP.
    println!("total after restart = {}", counter.call(0, t).await?);
    println!(
        "reader after restart: {}",
        rt.handle::<Echo>("reader")?.call("back".into(), t).await?
    );

    println!("\nsupervision events:");
    while let Ok(Some(e)) = tokio::time::timeout(Duration::from_millis(50), events.recv()).await {
        let what = match &e.kind {
            EventKind::Failed { reason } => format!("failed ({reason})"),
            EventKind::Restarted { restarts } => format!("restarted (#{restarts})"),
            EventKind::Terminated { reason } => format!("terminated ({reason})"),
            other => format!("{other:?}"),
        };
        println!("  {:<14} {:<10} {what}", e.supervisor, e.child);
    }

    let health = rt.health().await;
    println!("\nhealth: {:?} — {}", health.status, health.rule);
    println!(
        "{}",
        serde_json::to_string_pretty(&health).expect("health serializes")
    );
    println!("\nstopped: {}", rt.shutdown().await);
    Ok(())
}
