//! The prover's case corpus through the real daemon: each case posted to
//! `/v1/actors/prover/call` as a client sends it, answered as expected.

use serde_json::json;

use crate::expand;
use crate::support::{agent, config, fresh_dir, post, Daemon};

#[test]
fn every_case_answers_the_same_over_http() {
    let dir = fresh_dir("cases");
    let cfg = config(&dir, "");
    let d = Daemon::start(dir, cfg);
    let a = agent();
    let mut failures = Vec::new();
    let cases = expand::cases();
    for case in &cases {
        let mut body = case.request.clone();
        body["type"] = json!("verify_treatment_plan");
        let reply = post(&a, &d.url("/v1/actors/prover/call"), None, &body);
        assert_eq!(reply.status, 200, "{}: {}", case.id, reply.body);
        let wrong = expand::mismatches(case, &reply.json());
        if !wrong.is_empty() {
            failures.push(format!("{}: {}", case.id, wrong.join("; ")));
        }
    }
    assert!(cases.len() >= 150);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
