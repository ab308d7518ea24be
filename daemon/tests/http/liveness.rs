//! A hung domain actor, as the issue that asked for liveness found it: with a
//! `hang` fault, calls answered 504 forever while health said healthy. Now the
//! self-healer restarts it within its limit plus 5 s, journals the recovery,
//! and restarts nothing else.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::support::*;

#[test]
fn a_hung_genetic_engine_is_restarted_by_the_self_healer() {
    let dir = fresh_dir("liveness");
    let cfg = config(
        &dir,
        "[children.genetic_engine]\nhandler_limit_ms = 2000\n\n[self_healer]\nliveness_check_ms = 250\n",
    );
    let d = Daemon::start(dir, cfg);
    let a = agent();
    let injected = post(
        &a,
        &d.url("/v1/faults"),
        Some(TOKEN),
        &json!({"actor": "genetic_engine", "fault": {"fault": "hang"}}),
    );
    assert_eq!(injected.status, 201, "{}", injected.body);
    let hung_at = Instant::now();
    let optimize = json!({"type": "optimize_treatment", "patient": {"patient_id": "H"}, "options": {"generations": 2}});
    let r = post(
        &a,
        &d.url("/v1/actors/genetic_engine/call?timeout_ms=1000"),
        None,
        &optimize,
    );
    assert_eq!(r.status, 504, "{}", r.body);

    // The recovery is journaled like any other, within the limit plus 5 s.
    let record = loop {
        let page = get(&a, &d.url("/v1/journal?kind=recovery"), Some(TOKEN)).json();
        if let Some(r) = page["records"].as_array().unwrap().first() {
            break r.clone();
        }
        assert!(
            hung_at.elapsed() < Duration::from_secs(7),
            "no recovery within 2 s + 5 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(record["subject"], "genetic_engine", "{record}");
    assert_eq!(record["data"]["trigger"], "unresponsive", "{record}");
    assert_eq!(record["data"]["confirmed"], true, "{record}");

    let r = post(
        &a,
        &d.url("/v1/actors/genetic_engine/call"),
        None,
        &optimize,
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let tree = get(&a, &d.url("/v1/tree"), None).json();
    fn walk(n: &serde_json::Value, out: &mut Vec<(String, u64)>) {
        out.push((
            n["path"].as_str().unwrap().to_string(),
            n["restarts"]["total"].as_u64().unwrap(),
        ));
        for c in n["children"].as_array().into_iter().flatten() {
            walk(c, out);
        }
    }
    let mut nodes = Vec::new();
    walk(&tree, &mut nodes);
    for (path, restarts) in nodes {
        let expected = u64::from(path == "root/genetic_engine");
        assert_eq!(restarts, expected, "{path}");
    }
    let h = get(&a, &d.url("/v1/health"), None).json();
    assert!(!h["rule"].as_str().unwrap().contains("unresponsive"), "{h}");
}
