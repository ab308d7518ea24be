//! The genetic engine's islands spread over three `hmsd` nodes: a owns the
//! run and places the six islands it uses on any node that is up (`islands = "any"`:
//! two each); b and c run their own islands locally, so the single-node answer
//! for a seed comes from either. A node hosting two islands is killed (-9) or
//! stopped (SIGSTOP) in the middle of an optimization at a: a's supervisor
//! restarts those islands (their exit is `noconnection`) on the nodes left,
//! within 5 s, and the optimization returns the single-node answer. A stopped
//! node that comes back (SIGCONT) rejoins under a new incarnation and keeps
//! nothing of what it hosted. An owner stopped in the middle of its run is
//! declared down by its hosts, which forget its islands; resumed, it finishes
//! the run under a new incarnation with the single-node answer.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::cluster::{cluster, free_port, node, sees_all_up, short, wait_until, Node};
use crate::support::*;

/// Long enough (debug build, 2 cores) that a node can be lost mid-run.
const GENERATIONS: u64 = 15000;

fn request(seed: u64) -> Value {
    let cohort: Vec<Value> = (0..30)
        .map(|i| hms_actors::clinical::synthetic::patient_json(5, i))
        .collect();
    json!({
        "type": "optimize_allocation",
        "cohort": cohort,
        "protocol": {"trial_id": "T-1", "arms": [{"armId": "A"}, {"armId": "B"}, {"armId": "C"}]},
        "options": {"seed": seed, "islands": 6, "generations": GENERATIONS, "migration_interval": 10}
    })
}

fn engine_url(n: &Node) -> String {
    n.d.url("/v1/actors/genetic_engine/call?timeout_ms=120000")
}

fn optimize(n: &Node, seed: u64) -> Reply {
    post(&agent(), &engine_url(n), Some(TOKEN), &request(seed))
}

/// a places its islands anywhere; b and c keep theirs.
fn three_with_islands(dir: &Path) -> Vec<Node> {
    let ports = [free_port(), free_port(), free_port()];
    let nodes = vec![
        node(dir, "a", ports[0], &[], "cookie-1", "islands = \"any\""),
        node(dir, "b", ports[1], &[ports[0]], "cookie-1", ""),
        node(dir, "c", ports[2], &[ports[1]], "cookie-1", ""),
    ];
    for n in &nodes {
        wait_until(
            Duration::from_secs(20),
            &format!("{} sees all up", n.name),
            || sees_all_up(n, &["a", "b", "c"]),
        );
    }
    nodes
}

/// Where a's islands run now (island → node).
fn placed(a: &Node) -> Vec<(String, String)> {
    cluster(a)["islands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["island"].as_str().unwrap().to_string(),
                e["node"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn on(a: &Node, node: &str) -> usize {
    placed(a).iter().filter(|(_, n)| n == node).count()
}

/// Starts an optimization at `a` in a thread; returns when `victim` runs
/// two of its islands.
fn start_run(a: &Node, victim: &Node, seed: u64) -> std::thread::JoinHandle<Reply> {
    let url = engine_url(a);
    let run = std::thread::spawn(move || post(&agent(), &url, Some(TOKEN), &request(seed)));
    wait_until(
        Duration::from_secs(20),
        "the victim hosts two of a's islands",
        || {
            let g = cluster(victim)["guests"].as_array().unwrap().len();
            g == 2 && on(a, &victim.name) == 2
        },
    );
    assert!(!run.is_finished(), "the run ended before the node was lost");
    run
}

#[test]
fn a_killed_node_s_islands_restart_elsewhere_and_the_run_gives_the_single_node_answer() {
    let dir = fresh_dir("islands-kill");
    let nodes = three_with_islands(&dir);
    let started = Instant::now();
    let alone = optimize(&nodes[1], 11);
    assert_eq!(alone.status, 200, "{}", short(&alone.body));
    eprintln!("single-node run at b: {:?}", started.elapsed());

    let run = start_run(&nodes[0], &nodes[2], 11);
    let killed = Instant::now();
    nodes[2].d.signal("KILL");
    let moved = wait_until(
        Duration::from_secs(5),
        "c's islands restart elsewhere",
        || on(&nodes[0], "c") == 0 && on(&nodes[0], "a") + on(&nodes[0], "b") == 6,
    );
    eprintln!("c's islands placed elsewhere {moved:?} after the kill");
    let answer = run.join().unwrap();
    eprintln!("distributed run with the kill: {:?}", killed.elapsed());
    assert_eq!(answer.status, 200, "{}", short(&answer.body));
    assert_eq!(answer.json(), alone.json(), "the single-node answer");
    let log = std::fs::read_to_string(dir.join("a").join("hmsd.log")).unwrap();
    assert!(
        log.contains("noconnection"),
        "a logs the islands' exit reason"
    );
}

#[test]
fn a_stopped_node_s_islands_restart_elsewhere_and_it_rejoins_with_no_duplicate() {
    let dir = fresh_dir("islands-stop");
    let nodes = three_with_islands(&dir);
    let alone = optimize(&nodes[2], 12);
    assert_eq!(alone.status, 200, "{}", short(&alone.body));

    let run = start_run(&nodes[0], &nodes[1], 12);
    let stopped = Instant::now();
    nodes[1].d.signal("STOP");
    wait_until(
        Duration::from_secs(10),
        "b's islands restart elsewhere",
        || on(&nodes[0], "b") == 0,
    );
    let moved = stopped.elapsed();
    // Declared down at the deadline (3 s), then restarted at once.
    assert!(moved <= Duration::from_millis(3000 + 2000), "{moved:?}");
    eprintln!("b's islands placed elsewhere {moved:?} after SIGSTOP");
    let answer = run.join().unwrap();
    assert_eq!(answer.status, 200, "{}", short(&answer.body));
    assert_eq!(answer.json(), alone.json(), "the single-node answer");

    nodes[1].d.signal("CONT");
    wait_until(Duration::from_secs(15), "b is back up at a", || {
        sees_all_up(&nodes[0], &["a", "b", "c"]) && sees_all_up(&nodes[1], &["a", "b", "c"])
    });
    let b = cluster(&nodes[1]);
    assert_eq!(
        b["guests"],
        json!([]),
        "b keeps nothing of a's islands: {b}"
    );
    assert_eq!(on(&nodes[0], "b"), 0, "no island of a runs on b twice");
    assert_eq!(cluster(&nodes[0])["nodes"].as_array().unwrap().len(), 3);
    // The next run spreads over all three again, b included, and agrees.
    let again = optimize(&nodes[0], 12);
    assert_eq!(again.json(), alone.json());
    assert_eq!(on(&nodes[0], "b"), 2, "{:?}", placed(&nodes[0]));
}

#[test]
fn an_owner_stopped_mid_run_finishes_it_with_the_single_node_answer() {
    let dir = fresh_dir("islands-owner");
    let nodes = three_with_islands(&dir);
    let alone = optimize(&nodes[1], 13);
    assert_eq!(alone.status, 200, "{}", short(&alone.body));

    let run = start_run(&nodes[0], &nodes[1], 13);
    let before = cluster(&nodes[0])["incarnation"].as_u64().unwrap();
    nodes[0].d.signal("STOP");
    wait_until(Duration::from_secs(10), "b and c declare a down", || {
        [&nodes[1], &nodes[2]].iter().all(|n| {
            cluster(n)["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["node"] == "a" && e["state"] == "down")
        })
    });
    // b and c forgot a's islands; a, resumed, takes a new incarnation and
    // its islands' next epochs wait for b and c to hear of it.
    assert_eq!(cluster(&nodes[1])["guests"], json!([]));
    nodes[0].d.signal("CONT");
    let answer = run.join().unwrap();
    assert_eq!(answer.status, 200, "{}", short(&answer.body));
    assert_eq!(answer.json(), alone.json(), "the single-node answer");
    assert!(cluster(&nodes[0])["incarnation"].as_u64().unwrap() > before);
}
