//! Islands placed on another node (here, a host that runs each epoch through
//! the wire format, as a remote node does): the answer is the one a single
//! node gives; when the host is lost mid-run its islands exit with
//! `noconnection`, restart, and finish here from their snapshots, with the
//! same answer again.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::future::BoxFuture;
use futures::FutureExt;
use hms_actors::genetic::placement::{Host, Placer};
use hms_actors::genetic::problem::Problem;
use hms_actors::genetic::remote::{EpochDone, EpochWork};
use hms_runtime::{Error, EventKind, ExitReason};
use serde_json::{json, Value};

use crate::support::{app, T};

/// A node in all but the network: work crosses as JSON, the problem is
/// rebuilt from its description, and it can be lost.
#[derive(Default)]
struct FakeNode {
    problems: Mutex<HashMap<u64, Arc<dyn Problem>>>,
    epochs: AtomicU64,
    /// Lost after this many epochs (0: never).
    lose_after: AtomicU64,
    lost: AtomicBool,
}

impl FakeNode {
    fn serve(&self, bytes: &str) -> Result<String, Error> {
        if self.lost.load(Ordering::SeqCst) {
            return Err(Error::actor_down("node b is down"));
        }
        let work: EpochWork = serde_json::from_str(bytes).unwrap();
        let problem = {
            let mut problems = self.problems.lock().unwrap();
            match &work.spec {
                Some(spec) => problems
                    .entry(work.run)
                    .or_insert_with(|| spec.build().unwrap())
                    .clone(),
                None => problems
                    .get(&work.run)
                    .cloned()
                    .ok_or_else(|| Error::not_found("no problem for this run"))?,
            }
        };
        let done = work.run(problem.as_ref()).unwrap();
        let n = self.epochs.fetch_add(1, Ordering::SeqCst) + 1;
        let limit = self.lose_after.load(Ordering::SeqCst);
        if limit > 0 && n >= limit {
            self.lost.store(true, Ordering::SeqCst);
            return Err(Error::actor_down("node b was lost with the call in flight"));
        }
        Ok(serde_json::to_string(&done).unwrap())
    }
}

struct FakeHost(Arc<FakeNode>);

impl Host for FakeHost {
    fn node(&self) -> &str {
        "b"
    }

    fn run(&self, work: EpochWork, _: Duration) -> BoxFuture<'static, Result<EpochDone, Error>> {
        let node = self.0.clone();
        let bytes = serde_json::to_string(&work).unwrap();
        async move {
            let answer = tokio::task::spawn_blocking(move || node.serve(&bytes))
                .await
                .unwrap()?;
            Ok(serde_json::from_str(&answer).unwrap())
        }
        .boxed()
    }

    fn lost(&self) -> BoxFuture<'static, ()> {
        let node = self.0.clone();
        async move {
            while !node.lost.load(Ordering::SeqCst) {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        }
        .boxed()
    }
}

/// Even islands go to b while it is up; the rest, and all after, stay here.
struct EvenOnB(Arc<FakeNode>);

impl Placer for EvenOnB {
    fn place(&self, index: usize) -> Option<Arc<dyn Host>> {
        (index % 2 == 0 && !self.0.lost.load(Ordering::SeqCst))
            .then(|| Arc::new(FakeHost(self.0.clone())) as Arc<dyn Host>)
    }

    fn unplace(&self, _: usize) {}
}

fn allocation(seed: u64) -> Value {
    let cohort: Vec<Value> = (0..60)
        .map(|i| hms_actors::clinical::synthetic::patient_json(5, i))
        .collect();
    json!({
        "type": "optimize_allocation",
        "cohort": cohort,
        "protocol": {"trial_id": "T-1", "arms": [{"armId": "A"}, {"armId": "B"}]},
        "options": {"seed": seed, "generations": 60, "migration_interval": 5}
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn placed_islands_give_the_single_node_answer_even_when_their_host_is_lost() {
    let here = app().await;
    let alone = here
        .call_json("genetic_engine", allocation(3), T)
        .await
        .unwrap();
    let patient = hms_actors::clinical::synthetic::patient_json(5, 1);
    let treatment = json!({"type": "optimize_treatment", "patient": patient});
    let treatment_alone = here
        .call_json("genetic_engine", treatment.clone(), T)
        .await
        .unwrap();
    here.shutdown().await;

    let placed = app().await;
    let b = Arc::new(FakeNode::default());
    assert!(placed.place_islands(Arc::new(EvenOnB(b.clone()))));
    let answer = placed
        .call_json("genetic_engine", allocation(3), T)
        .await
        .unwrap();
    assert_eq!(answer, alone);
    let plan = placed
        .call_json("genetic_engine", treatment, T)
        .await
        .unwrap();
    assert_eq!(plan, treatment_alone);
    let ran_there = b.epochs.load(Ordering::SeqCst);
    assert!(ran_there >= 4 * 12, "b ran {ran_there} epochs");

    // b is lost in the middle of the next run.
    let mut events = placed.events();
    b.lose_after.store(ran_there + 10, Ordering::SeqCst);
    let answer = placed
        .call_json("genetic_engine", allocation(3), T)
        .await
        .unwrap();
    assert!(
        b.lost.load(Ordering::SeqCst),
        "b was not lost during the run"
    );
    assert_eq!(answer, alone);
    let mut noconnection = 0;
    while let Ok(Some(e)) = tokio::time::timeout(Duration::from_millis(100), events.recv()).await {
        if let EventKind::Failed { reason } = e.kind {
            assert_eq!(reason, ExitReason::Noconnection("b".into()), "{}", e.child);
            assert!(e.child.starts_with("island-"));
            noconnection += 1;
        }
    }
    assert_eq!(noconnection, 4, "each of b's four islands exited once");
    placed.shutdown().await;
}

/// A node whose first three epochs are lost.
struct Flaky(Arc<FakeNode>, AtomicU64);

impl Host for Flaky {
    fn node(&self) -> &str {
        "b"
    }

    fn run(&self, work: EpochWork, t: Duration) -> BoxFuture<'static, Result<EpochDone, Error>> {
        if self.1.fetch_add(1, Ordering::SeqCst) < 3 {
            return async { Err(Error::actor_down("node b was lost with the call in flight")) }
                .boxed();
        }
        FakeHost(self.0.clone()).run(work, t)
    }

    fn lost(&self) -> BoxFuture<'static, ()> {
        futures::future::pending().boxed()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_child_lost_with_its_node_again_and_again_is_not_a_restart_storm_for_the_healer() {
    let here = app().await;
    let alone = here
        .call_json("genetic_engine", allocation(4), T)
        .await
        .unwrap();
    here.shutdown().await;

    let placed = app().await;
    let flaky = Arc::new(Flaky(Arc::new(FakeNode::default()), AtomicU64::new(0)));
    struct Always(Arc<Flaky>);
    impl Placer for Always {
        fn place(&self, index: usize) -> Option<Arc<dyn Host>> {
            (index == 0).then(|| self.0.clone() as Arc<dyn Host>)
        }
        fn unplace(&self, _: usize) {}
    }
    assert!(placed.place_islands(Arc::new(Always(flaky.clone()))));
    let mut events = placed.events();
    let answer = placed
        .call_json("genetic_engine", allocation(4), T)
        .await
        .unwrap();
    assert_eq!(answer, alone);
    let mut exits = 0;
    while let Ok(Some(e)) = tokio::time::timeout(Duration::from_millis(100), events.recv()).await {
        if matches!(
            e.kind,
            EventKind::Failed {
                reason: ExitReason::Noconnection(_)
            }
        ) {
            exits += 1;
        }
    }
    assert_eq!(exits, 3, "island-0 lost its node three times");
    // Three failures within the storm window would have the healer break
    // island-0's circuit; a lost node is not its fault.
    let health = placed
        .call_json("self_healer", json!({"type": "monitor_system_health"}), T)
        .await
        .unwrap();
    assert_eq!(health["recent_recoveries"], json!([]), "{health}");
    placed.shutdown().await;
}
