use serde_json::json;

use crate::support::*;

/// An agent mailbox over HTTP: opened with the token, long-polled, answered
/// by id; an actor (the coordinator, routing) reaches it by name.
#[test]
fn an_agent_mailbox_over_http() {
    let dir = fresh_dir("agents");
    let d = Daemon::start(dir.clone(), config(&dir, ""));
    let a = agent();
    let open = d.url("/v1/agents/emr");
    assert_eq!(post(&a, &open, None, &json!({})).status, 401);
    assert_eq!(
        send(&a, "POST", &open, Some(TOKEN), "").unwrap().status,
        201
    );
    let taken = send(&a, "POST", &open, Some(TOKEN), "").unwrap();
    assert_eq!(
        (taken.status, taken.json()["kind"].clone()),
        (422, json!("validation"))
    );
    let next = d.url("/v1/agents/emr/next?timeout_ms=50");
    assert_eq!(get(&a, &next, Some(TOKEN)).status, 204);

    let route = {
        let (a, url) = (a.clone(), d.url("/v1/coordinate"));
        std::thread::spawn(move || {
            let cmd =
                json!({"command": "route", "payload": {"to": "emr", "message": {"q": "ping"}}});
            post(&a, &url, Some(TOKEN), &cmd)
        })
    };
    let letter = get(
        &a,
        &d.url("/v1/agents/emr/next?timeout_ms=5000"),
        Some(TOKEN),
    );
    assert_eq!(letter.status, 200, "{}", letter.body);
    let letter = letter.json();
    assert_eq!(letter["message"], json!({"q": "ping"}));
    let id = letter["id"].as_u64().unwrap();
    let answer = d.url(&format!("/v1/agents/emr/answers/{id}"));
    let bad = post(&a, &answer, Some(TOKEN), &json!({"rpely": 1}));
    assert_eq!(bad.status, 422, "{}", bad.body);
    let ok = post(&a, &answer, Some(TOKEN), &json!({"reply": {"pong": 1}}));
    assert_eq!(ok.status, 200, "{}", ok.body);
    let routed = route.join().unwrap();
    assert_eq!(routed.status, 200, "{}", routed.body);
    assert_eq!(routed.json()["reply"], json!({"pong": 1}));
    // Answered once only.
    assert_eq!(
        post(&a, &answer, Some(TOKEN), &json!({"reply": 2})).status,
        404
    );

    // A call to an agent needs the token, like its mailbox does.
    let refused = post(
        &a,
        &d.url("/v1/actors/emr/call"),
        None,
        &json!({"q": "who"}),
    );
    assert_eq!(refused.status, 401, "{}", refused.body);
    let via_coordinator = json!({"type": "coordinate_components", "command": "route", "payload": {"to": "emr", "message": {"q": "who"}}});
    let refused = post(
        &a,
        &d.url("/v1/actors/coordinator/call"),
        None,
        &via_coordinator,
    );
    assert_eq!(refused.status, 401, "{}", refused.body);
    // An error answer reaches the caller with its kind.
    let call = {
        let (a, url) = (a.clone(), d.url("/v1/actors/emr/call?timeout_ms=5000"));
        std::thread::spawn(move || post(&a, &url, Some(TOKEN), &json!({"q": "who"})))
    };
    let id = get(
        &a,
        &d.url("/v1/agents/emr/next?timeout_ms=5000"),
        Some(TOKEN),
    )
    .json()["id"]
        .as_u64()
        .unwrap();
    let fail = json!({"fail": {"kind": "not_found", "message": "no such patient"}});
    let answer = d.url(&format!("/v1/agents/emr/answers/{id}"));
    assert_eq!(post(&a, &answer, Some(TOKEN), &fail).status, 200);
    let failed = call.join().unwrap();
    assert_eq!(
        (failed.status, failed.json()["kind"].clone()),
        (404, json!("not_found"))
    );

    let close = send(&a, "DELETE", &open, Some(TOKEN), "").unwrap();
    assert_eq!(close.status, 200, "{}", close.body);
    assert_eq!(get(&a, &next, Some(TOKEN)).status, 404);
}
