//! An island that crashes mid-run restarts from its snapshot and the run
//! completes with exactly the answer of an undisturbed run.

use std::time::Duration;

use hms_actors::clinical::synthetic;
use hms_actors::genetic::island::Island;
use hms_runtime::{EventKind, Fault};
use serde_json::{json, Value};

use crate::support::{app, T};

fn request(seed: u64) -> Value {
    let cohort: Vec<Value> = (0..120).map(|i| synthetic::patient_json(5, i)).collect();
    json!({
        "type": "optimize_allocation",
        "cohort": cohort,
        "protocol": {"trial_id": "T-1", "arms": [{"armId": "A"}, {"armId": "B"}, {"armId": "C"}]},
        "options": {"seed": seed, "generations": 300, "migration_interval": 5}
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_island_crashing_mid_run_still_gives_the_same_result() {
    let app = app().await;
    let undisturbed = app
        .call_json("genetic_engine", request(8), T)
        .await
        .unwrap();

    let mut events = app.events();
    let island = app.runtime().handle::<Island>("island-2").unwrap();
    let before = island.stats().messages;
    let run = {
        let app = app.clone();
        tokio::spawn(async move {
            app.call_json("genetic_engine", request(8), Duration::from_secs(120))
                .await
        })
    };
    // Wait until island-2 has run three epochs of this run, then crash it.
    while island.stats().messages < before + 3 {
        assert!(
            !run.is_finished(),
            "the run ended before the crash could be injected"
        );
        tokio::time::sleep(Duration::from_micros(200)).await;
    }
    app.inject_fault("island-2", Fault::PanicNext).unwrap();
    let crashed = run.await.unwrap().unwrap();

    let mut restarted = false;
    while let Ok(Some(e)) = tokio::time::timeout(Duration::from_millis(100), events.recv()).await {
        restarted |= e.child == "island-2" && matches!(e.kind, EventKind::Restarted { .. });
    }
    assert!(restarted, "island-2 was not restarted");
    assert_eq!(crashed, undisturbed);
    app.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn same_seed_same_allocation_different_seed_differs() {
    let app = app().await;
    let small = |seed| {
        let mut r = request(seed);
        r["options"]["generations"] = json!(20);
        r
    };
    let a = app.call_json("genetic_engine", small(1), T).await.unwrap();
    let b = app.call_json("genetic_engine", small(1), T).await.unwrap();
    let c = app.call_json("genetic_engine", small(2), T).await.unwrap();
    assert_eq!(a, b);
    assert_ne!(a["assignments"], c["assignments"]);
    app.shutdown().await;
}
