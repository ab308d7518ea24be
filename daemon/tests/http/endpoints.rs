use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use serde_json::{json, Value};

use crate::support::*;

fn daemon(tag: &str) -> Daemon {
    let dir = fresh_dir(tag);
    let cfg = config(&dir, "");
    Daemon::start(dir, cfg)
}

fn is_problem(r: &Reply, status: u16, kind: &str) -> Value {
    assert_eq!(r.status, status, "{}", r.body);
    assert_eq!(r.content_type, "application/problem+json", "{}", r.body);
    let p = r.json();
    assert_eq!(p["status"], status);
    assert_eq!(p["kind"], kind, "{p}");
    assert!(p["type"].as_str().unwrap().starts_with("urn:hms:error:"));
    p
}

#[test]
fn health_tree_metrics_openapi() {
    let d = daemon("system");
    let a = agent();
    let h = get(&a, &d.url("/v1/health"), None);
    assert_eq!(h.status, 200);
    assert_eq!(h.json()["status"], "healthy");
    let t = get(&a, &d.url("/v1/tree"), None).json();
    assert_eq!(t["name"], "root");
    let names: Vec<&str> = t["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"prover")
            && names.contains(&"genetic_engine")
            && names.contains(&"self_healer")
    );
    let m = get(&a, &d.url("/metrics"), None);
    assert!(m.content_type.starts_with("text/plain"));
    assert!(
        m.body
            .contains("hms_actor_up{actor=\"prover\",path=\"root/prover\"} 1"),
        "{}",
        m.body
    );
    assert!(m
        .body
        .contains("hms_http_requests_total{route=\"/v1/health\",method=\"GET\",status=\"200\"} 1"));
    let o = get(&a, &d.url("/openapi.json"), None).json();
    for path in [
        "/v1/actors/{name}/call",
        "/v1/actors/{name}/cast",
        "/v1/health",
        "/v1/tree",
        "/v1/events",
        "/v1/faults",
        "/v1/coordinate",
        "/v1/journal",
        "/metrics",
        "/openapi.json",
    ] {
        assert!(
            o["paths"][path].is_object(),
            "{path} missing from the OpenAPI document"
        );
    }
    is_problem(&get(&a, &d.url("/v1/nothing"), None), 404, "not_found");

    // The dashboard is compiled in; the wasm files come from the wasm build when it exists.
    let page = get(&a, &d.url("/"), None);
    assert_eq!(page.status, 200);
    assert!(page.content_type.starts_with("text/html") && page.body.contains("/dashboard.js"));
    let script = get(&a, &d.url("/dashboard.js"), None);
    assert!(
        script.content_type.starts_with("text/javascript") && script.body.contains("EventSource")
    );
    is_problem(
        &get(&a, &d.url("/wasm/secrets.txt"), None),
        404,
        "not_found",
    );
}

#[test]
fn calls_casts_and_their_errors() {
    let d = daemon("calls");
    let a = agent();
    let ok = post(&a, &d.url("/v1/actors/prover/call"), None, &verify_body(1));
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert_eq!(ok.json()["status"], "proved", "{}", ok.body);
    assert!(ok.header("hms-journal-ids").is_some());
    let plan = post(
        &a,
        &d.url("/v1/actors/genetic_engine/call?timeout_ms=60000"),
        None,
        &json!({"type": "optimize_treatment", "patient": {"patient_id": "P-2", "demographics": {"weight": 60}}}),
    );
    assert_eq!(plan.status, 200, "{}", plan.body);
    assert_ne!(plan.json()["verification"]["status"], "violated");

    // Schema errors name the path; malformed JSON says where it broke.
    let bad = post(
        &a,
        &d.url("/v1/actors/prover/call"),
        None,
        &json!({"type": "verify_treatment_plan", "plan": {"treatment_plan": [{"medication": "ADA", "dosage": "forty", "unit": "mg", "frequency": "q2w"}]}, "patient": {}}),
    );
    assert_eq!(
        is_problem(&bad, 422, "validation")["path"],
        "plan.treatment_plan[0].dosage"
    );
    let unknown_type = post(
        &a,
        &d.url("/v1/actors/prover/call"),
        None,
        &json!({"type": "prove_everything"}),
    );
    assert_eq!(is_problem(&unknown_type, 422, "validation")["path"], "type");
    let malformed = send(
        &a,
        "POST",
        &d.url("/v1/actors/prover/call"),
        None,
        "{\"type\": ",
    )
    .unwrap();
    assert!(is_problem(&malformed, 400, "validation")["detail"]
        .as_str()
        .unwrap()
        .contains("line 1"));
    let empty = send(&a, "POST", &d.url("/v1/actors/prover/call"), None, "").unwrap();
    is_problem(&empty, 400, "validation");
    let bad_timeout = post(
        &a,
        &d.url("/v1/actors/prover/call?timeout_ms=abc"),
        None,
        &verify_body(3),
    );
    is_problem(&bad_timeout, 422, "validation");
    let zero_timeout = post(
        &a,
        &d.url("/v1/actors/prover/call?timeout_ms=0"),
        None,
        &verify_body(3),
    );
    assert_eq!(
        is_problem(&zero_timeout, 422, "validation")["path"],
        "timeout_ms"
    );

    // Unknown actor: 404.
    is_problem(
        &post(
            &a,
            &d.url("/v1/actors/nobody/call"),
            None,
            &json!({"type": "x"}),
        ),
        404,
        "not_found",
    );
    is_problem(
        &post(
            &a,
            &d.url("/v1/actors/island-0/cast"),
            None,
            &json!({"type": "x"}),
        ),
        404,
        "not_found",
    );

    // Body limit (64 KiB in the test config).
    let huge = format!(
        "{{\"type\": \"detect_anomalies\", \"data\": {{\"x\": \"{}\"}}}}",
        "a".repeat(70_000)
    );
    is_problem(
        &send(
            &a,
            "POST",
            &d.url("/v1/actors/self_healer/call"),
            None,
            &huge,
        )
        .unwrap(),
        413,
        "validation",
    );

    // Casts: decoded first, then queued.
    let cast = post(
        &a,
        &d.url("/v1/actors/self_healer/cast"),
        None,
        &json!({"type": "detect_anomalies", "data": {"patient_id": "P"}}),
    );
    assert_eq!(cast.status, 202);
    assert_eq!(cast.json()["accepted"], true);
    is_problem(
        &post(
            &a,
            &d.url("/v1/actors/self_healer/cast"),
            None,
            &json!({"type": "heal_everything"}),
        ),
        422,
        "validation",
    );

    // A deadline that passes: 504.
    let slow = post(
        &a,
        &d.url("/v1/actors/genetic_engine/call?timeout_ms=1"),
        None,
        &json!({"type": "optimize_treatment", "patient": {}, "options": {"generations": 2000}}),
    );
    is_problem(&slow, 504, "timeout");
}

#[test]
fn auth_is_required_where_it_must_be() {
    let d = daemon("auth");
    let a = agent();
    let fault = json!({"actor": "prover", "fault": {"fault": "delay", "ms": 1}});
    for (method, path, body) in [
        ("POST", "/v1/faults", fault.to_string()),
        (
            "POST",
            "/v1/coordinate",
            json!({"command": "list_children"}).to_string(),
        ),
        ("DELETE", "/v1/faults", String::new()),
    ] {
        let r = send(&a, method, &d.url(path), None, &body).unwrap();
        is_problem(&r, 401, "unauthorized");
        assert_eq!(r.header("www-authenticate"), Some("Bearer"));
        is_problem(
            &send(&a, method, &d.url(path), Some("wrong"), &body).unwrap(),
            401,
            "unauthorized",
        );
    }
    is_problem(&get(&a, &d.url("/v1/journal"), None), 401, "unauthorized");
    is_problem(
        &get(&a, &d.url("/v1/journal"), Some("test-token-012345678")),
        401,
        "unauthorized",
    );
    assert_eq!(get(&a, &d.url("/v1/journal"), Some(TOKEN)).status, 200);
    // Loopback: the rest needs no token.
    assert_eq!(get(&a, &d.url("/v1/health"), None).status, 200);

    // The actor doors: a message that changes the tree or injects faults
    // needs the token whatever URL carries it — the call and cast doors, a
    // route through the coordinator (agents: daemon/tests/http/agents.rs).
    let coordinate = |command: &str, payload: Value| json!({"type": "coordinate_components", "command": command, "payload": payload});
    let stop = coordinate("stop", json!({"name": "prover"}));
    let inject = coordinate(
        "inject_fault",
        json!({"name": "prover", "fault": {"fault": "delay", "ms": 1}}),
    );
    let routed_stop = coordinate("route", json!({"to": "coordinator", "message": stop}));
    for (path, body) in [
        ("/v1/actors/coordinator/call", &stop),
        ("/v1/actors/coordinator/cast", &stop),
        ("/v1/actors/coordinator/call", &inject),
        ("/v1/actors/coordinator/call", &routed_stop),
    ] {
        is_problem(&post(&a, &d.url(path), None, body), 401, "unauthorized");
        is_problem(
            &post(&a, &d.url(path), Some("wrong"), body),
            401,
            "unauthorized",
        );
    }
    // The refused stop changed nothing.
    let health = get(&a, &d.url("/v1/health"), None).json();
    let prover = health["root"]["children"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["name"] == "prover")
        .cloned()
        .unwrap();
    assert_eq!(prover["status"], "running");
    // With the token the same command goes through...
    let clear = coordinate("clear_faults", json!({"name": "prover"}));
    assert_eq!(
        post(
            &a,
            &d.url("/v1/actors/coordinator/call"),
            Some(TOKEN),
            &clear
        )
        .status,
        200
    );
    // ...and reading or computing needs none, on any door.
    let list = coordinate("list_children", json!({}));
    assert_eq!(
        post(&a, &d.url("/v1/actors/coordinator/call"), None, &list).status,
        200
    );
    let routed_verify = coordinate("route", json!({"to": "prover", "message": verify_body(3)}));
    assert_eq!(
        post(
            &a,
            &d.url("/v1/actors/coordinator/call"),
            None,
            &routed_verify
        )
        .status,
        200
    );
    assert_eq!(
        post(&a, &d.url("/v1/actors/prover/call"), None, &verify_body(4)).status,
        200
    );
}

#[test]
fn faults_coordinate_journal_and_events() {
    let d = daemon("admin");
    let a = agent();
    // Subscribe to the event stream over a raw socket.
    let addr = d.base.trim_start_matches("http://").to_string();
    let mut sse = TcpStream::connect(&addr).unwrap();
    sse.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    write!(
        sse,
        "GET /v1/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();

    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64
        - 1000;
    let injected = post(
        &a,
        &d.url("/v1/faults"),
        Some(TOKEN),
        &json!({"actor": "prover", "fault": {"fault": "panic_next"}}),
    );
    assert_eq!(injected.status, 201, "{}", injected.body);
    assert!(injected.json()["journal_id"].as_i64().unwrap() > 0);
    is_problem(
        &post(
            &a,
            &d.url("/v1/faults"),
            Some(TOKEN),
            &json!({"actor": "nobody", "fault": {"fault": "kill"}}),
        ),
        404,
        "not_found",
    );
    let bad = post(
        &a,
        &d.url("/v1/faults"),
        Some(TOKEN),
        &json!({"actor": "prover", "fault": {"fault": "explode"}}),
    );
    assert!(is_problem(&bad, 422, "validation")["path"]
        .as_str()
        .unwrap()
        .starts_with("fault"));
    // The next call crashes the prover; it is retried on the restarted one.
    assert_eq!(
        post(&a, &d.url("/v1/actors/prover/call"), None, &verify_body(7)).status,
        200
    );

    let mut seen = String::new();
    let mut buf = [0u8; 4096];
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while !(seen.contains("event: supervision") && seen.contains("\"restarted\""))
        && std::time::Instant::now() < deadline
    {
        if let Ok(n) = sse.read(&mut buf) {
            seen.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    }
    assert!(seen.contains("text/event-stream"), "{seen}");
    assert!(
        seen.contains("event: supervision") && seen.contains("\"restarted\""),
        "{seen}"
    );

    let delay = post(
        &a,
        &d.url("/v1/faults"),
        Some(TOKEN),
        &json!({"actor": "self_healer", "fault": {"fault": "delay", "ms": 1}}),
    );
    assert_eq!(delay.status, 201);
    let cleared = send(
        &a,
        "DELETE",
        &d.url("/v1/faults?actor=self_healer"),
        Some(TOKEN),
        "",
    )
    .unwrap();
    assert_eq!(cleared.json()["cleared"], json!(["self_healer"]));
    is_problem(
        &send(
            &a,
            "DELETE",
            &d.url("/v1/faults?actor=nobody"),
            Some(TOKEN),
            "",
        )
        .unwrap(),
        404,
        "not_found",
    );

    let listed = post(
        &a,
        &d.url("/v1/coordinate"),
        Some(TOKEN),
        &json!({"command": "list_children", "payload": {"supervisor": "prover_pool"}}),
    );
    assert_eq!(
        listed.json()["children"].as_array().unwrap().len(),
        4,
        "{}",
        listed.body
    );
    let restarted = post(
        &a,
        &d.url("/v1/coordinate"),
        Some(TOKEN),
        &json!({"command": "restart", "payload": {"name": "coordinator"}}),
    );
    assert_eq!(
        is_problem(&restarted, 422, "validation")["path"],
        "payload.name"
    );
    let routed = post(
        &a,
        &d.url("/v1/coordinate"),
        Some(TOKEN),
        &json!({"command": "route", "payload": {"to": "prover", "message": verify_body(8)}}),
    );
    assert_eq!(
        routed.json()["reply"]["status"],
        "proved",
        "{}",
        routed.body
    );
    // The coordinator's own mailbox journals the routed call too: the domain
    // decides what is kept, not the door the request came through.
    let via_mailbox = post(
        &a,
        &d.url("/v1/actors/coordinator/call"),
        Some(TOKEN),
        &json!({"type": "coordinate_components", "command": "route", "payload": {"to": "prover", "message": verify_body(9)}}),
    );
    assert_eq!(via_mailbox.status, 200, "{}", via_mailbox.body);
    assert!(via_mailbox.header("hms-journal-ids").is_some());
    let unknown = post(
        &a,
        &d.url("/v1/coordinate"),
        Some(TOKEN),
        &json!({"command": "explode"}),
    );
    assert_eq!(is_problem(&unknown, 422, "validation")["path"], "command");

    // Healing provenance is journaled too.
    let healed = post(
        &a,
        &d.url("/v1/actors/self_healer/call"),
        None,
        &json!({"type": "apply_healing", "data": {"patient_id": "P-H", "demographics": {"age": "42"}}}),
    );
    assert_eq!(healed.status, 200);

    std::thread::sleep(Duration::from_millis(200));
    let journal = |q: &str| {
        get(&a, &d.url(&format!("/v1/journal?{q}")), Some(TOKEN)).json()["records"]
            .as_array()
            .unwrap()
            .clone()
    };
    let kinds: Vec<String> = journal("limit=1000")
        .iter()
        .map(|r| r["kind"].as_str().unwrap().to_string())
        .collect();
    for k in [
        "fault",
        "fault_cleared",
        "verification",
        "restart",
        "healing",
    ] {
        assert!(kinds.iter().any(|x| x == k), "{k} not in {kinds:?}");
    }
    let verifications = journal("kind=verification");
    assert_eq!(
        verifications.len(),
        3,
        "the direct call and the two routed ones"
    );
    assert!(verifications
        .iter()
        .all(|r| r["data"]["status"] == "proved"));
    assert_eq!(journal(&format!("kind=fault&since_ms={since}")).len(), 2);
    assert!(journal(&format!("since_ms={}", since + 3_600_000)).is_empty());
    let healing = journal("kind=healing");
    assert_eq!(healing[0]["subject"], "Patient/P-H");
    assert_eq!(healing[0]["data"]["entity"][0]["what"]["value"], "42");
    is_problem(
        &get(&a, &d.url("/v1/journal?kind=gossip"), Some(TOKEN)),
        422,
        "validation",
    );
}

/// One request written by hand (a browser's headers, a foreign Host), its status.
fn raw(d: &Daemon, head: &str, body: &str) -> u16 {
    raw_response(d, head, body)
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

/// The whole response, as text.
fn raw_response(d: &Daemon, head: &str, body: &str) -> String {
    let addr = d.base.trim_start_matches("http://").to_string();
    let mut s = TcpStream::connect(&addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let head = head.replace("{addr}", &addr);
    write!(
        s,
        "{head}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    out
}

#[test]
fn cross_site_and_misdirected_requests_are_refused() {
    let d = daemon("browser");
    let body = verify_body(5).to_string();
    let call = "POST /v1/actors/prover/call HTTP/1.1\r\nHost: {addr}";
    // The daemon's own page: same origin, JSON.
    let own = format!("{call}\r\nOrigin: http://{{addr}}\r\nContent-Type: application/json");
    assert_eq!(raw(&d, &own, &body), 200);
    // A cross-site "simple request" (no preflight): a text/plain body.
    let simple = format!("{call}\r\nContent-Type: text/plain");
    assert_eq!(raw(&d, &simple, &body), 415);
    assert_eq!(raw(&d, call, &body), 415, "a body without a content type");
    // Another site's page, even with JSON (a browser would have preflighted; no CORS answers it).
    let foreign =
        format!("{call}\r\nOrigin: http://evil.example\r\nContent-Type: application/json");
    assert_eq!(raw(&d, &foreign, &body), 403);
    // DNS rebinding: a foreign name that resolves here cannot read the answers.
    let port = d.base.rsplit(':').next().unwrap().to_string();
    let rebound = format!("GET /v1/health HTTP/1.1\r\nHost: evil.example:{port}");
    assert_eq!(raw(&d, &rebound, ""), 421);
    let localhost = format!("GET /v1/health HTTP/1.1\r\nHost: localhost:{port}");
    assert_eq!(raw(&d, &localhost, ""), 200);
    assert_eq!(raw(&d, "GET /v1/health HTTP/1.1\r\nHost: {addr}", ""), 200);
}

/// Sends `GET /v1/health` on an open keep-alive connection; the status, with
/// the whole response read (so the connection can carry the next request).
fn health_on(s: &mut TcpStream, addr: &str) -> u16 {
    if write!(s, "GET /v1/health HTTP/1.1\r\nHost: {addr}\r\n\r\n").is_err() {
        return 0;
    }
    let mut got = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        let n = s.read(&mut buf).unwrap_or(0);
        if n == 0 {
            return 0;
        }
        got.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&got).to_string();
        if let Some(end) = text.find("\r\n\r\n") {
            let length: usize = text[..end]
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().parse().unwrap())
                })
                .unwrap_or(0);
            if got.len() >= end + 4 + length {
                return text
                    .split(' ')
                    .nth(1)
                    .and_then(|c| c.parse().ok())
                    .unwrap_or(0);
            }
        }
    }
}

#[test]
fn slow_headers_are_cut_and_connections_are_bounded() {
    let dir = fresh_dir("bounded");
    let cfg = config(&dir, "header_timeout_ms = 1500\nmax_connections = 4");
    let d = Daemon::start(dir, cfg);
    let addr = d.base.trim_start_matches("http://").to_string();
    let partial = |addr: &str| {
        let mut s = TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(s, "GET /v1/health HTTP/1.1\r\nHost: {addr}\r\n").unwrap();
        s
    };
    // A half-sent header is cut within the timeout (hyper answers 408 or just closes).
    let mut slow = partial(&addr);
    let started = std::time::Instant::now();
    let mut buf = [0u8; 256];
    let n = slow.read(&mut buf).unwrap_or(0);
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(1000) && waited < Duration::from_secs(5),
        "{waited:?}"
    );
    assert!(n == 0 || String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 408"));

    // One keep-alive connection in use, three half-sent ones: the limit (4) is reached.
    let mut existing = TcpStream::connect(&addr).unwrap();
    existing
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    assert_eq!(health_on(&mut existing, &addr), 200);
    let _holders: Vec<TcpStream> = (0..3).map(|_| partial(&addr)).collect();
    std::thread::sleep(Duration::from_millis(100));
    // A fifth is closed at once...
    let mut fifth = TcpStream::connect(&addr).unwrap();
    fifth
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    assert_eq!(health_on(&mut fifth, &addr), 0, "refused beyond the limit");
    // ...while the open one still answers.
    assert_eq!(health_on(&mut existing, &addr), 200);
}

#[test]
fn cors_is_off_unless_configured_and_then_only_for_the_configured_origins() {
    let emr = "Origin: http://emr.example.org";
    let preflight = format!("OPTIONS /v1/actors/prover/call HTTP/1.1\r\nHost: {{addr}}\r\n{emr}\r\nAccess-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: content-type, authorization");
    let get = format!("GET /v1/health HTTP/1.1\r\nHost: {{addr}}\r\n{emr}");
    // Allowed, CORS off: accepted, but no header lets a page read the answer.
    let dir = fresh_dir("cors-off");
    let cfg = config(
        &dir,
        "\n[daemon.http]\nallowed_origins = [\"http://emr.example.org\"]\n",
    );
    let d = Daemon::start(dir, cfg);
    let res = raw_response(&d, &get, "");
    assert!(res.starts_with("HTTP/1.1 200"), "{res}");
    assert!(
        !res.to_ascii_lowercase()
            .contains("access-control-allow-origin"),
        "{res}"
    );
    assert!(!raw_response(&d, &preflight, "").starts_with("HTTP/1.1 204"));
    drop(d);

    let dir = fresh_dir("cors-on");
    let cfg = config(
        &dir,
        "\n[daemon.http]\nallowed_origins = [\"http://emr.example.org\"]\ncors = true\n",
    );
    let d = Daemon::start(dir, cfg);
    let res = raw_response(&d, &preflight, "").to_ascii_lowercase();
    assert!(res.starts_with("http/1.1 204"), "{res}");
    assert!(
        res.contains("access-control-allow-origin: http://emr.example.org"),
        "{res}"
    );
    assert!(
        res.contains("access-control-allow-headers: authorization, content-type"),
        "{res}"
    );
    let res = raw_response(&d, &get, "").to_ascii_lowercase();
    assert!(res.starts_with("http/1.1 200"), "{res}");
    assert!(
        res.contains("access-control-allow-origin: http://emr.example.org"),
        "{res}"
    );
    assert!(res.contains("vary: origin"), "{res}");
    // Any other origin is still refused, preflight or not.
    let evil = preflight.replace("emr.example.org", "evil.example");
    assert!(raw_response(&d, &evil, "").starts_with("HTTP/1.1 403"));
}

#[test]
fn event_streams_are_bounded() {
    let dir = fresh_dir("streams");
    let cfg = config(&dir, "max_event_streams = 2");
    let d = Daemon::start(dir, cfg);
    let addr = d.base.trim_start_matches("http://").to_string();
    let open = |addr: &str| {
        let mut s = TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(s, "GET /v1/events HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
        let mut buf = [0u8; 1024];
        let n = s.read(&mut buf).unwrap();
        let status: u16 = String::from_utf8_lossy(&buf[..n])
            .split(' ')
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        (s, status)
    };
    let (first, a) = open(&addr);
    let (_second, b) = open(&addr);
    let (_, c) = open(&addr);
    assert_eq!((a, b, c), (200, 200, 429), "the third stream is refused");
    drop(first);
    // The slot frees once the server notices the client left (its next write).
    let mut reopened = 0;
    for _ in 0..100 {
        std::thread::sleep(Duration::from_millis(50));
        // A supervision event makes every stream write.
        let _ = post(
            &agent(),
            &d.url("/v1/faults"),
            Some(TOKEN),
            &json!({"actor": "coordinator", "fault": {"fault": "delay", "ms": 1}}),
        );
        let (_s, status) = open(&addr);
        if status == 200 {
            reopened = status;
            break;
        }
    }
    assert_eq!(reopened, 200, "a stream opens again once one is closed");
}

#[test]
fn a_client_over_its_request_rate_gets_429() {
    let dir = fresh_dir("rate");
    let cfg = config(&dir, "requests_per_s_per_client = 2");
    let d = Daemon::start(dir, cfg);
    // 2 requests per second, bursts of 4: a flood from one client gets 429s.
    std::thread::sleep(Duration::from_secs(3));
    let a = agent();
    let statuses: Vec<u16> = (0..20)
        .map(|_| get(&a, &d.url("/v1/health"), None).status)
        .collect();
    let limited = statuses.iter().filter(|s| **s == 429).count();
    assert!(limited >= 10, "{statuses:?}");
    let refused = get(&a, &d.url("/v1/health"), None);
    assert_eq!(refused.status, 429);
    assert_eq!(refused.json()["kind"], "overloaded");
    assert!(refused.header("retry-after").is_some());
    std::thread::sleep(Duration::from_millis(1100));
    assert_eq!(get(&a, &d.url("/v1/health"), None).status, 200);
}

/// The wasm prover is compiled in: served on the first run, no build needed.
#[test]
fn the_wasm_prover_is_served_without_a_build() {
    let dir = fresh_dir("wasm");
    let d = Daemon::start(dir.clone(), config(&dir, ""));
    let r = ureq::get(&d.url("/wasm/hms_wasm_bg.wasm")).call().unwrap();
    assert_eq!(r.headers().get("content-type").unwrap(), "application/wasm");
    let bytes = r.into_body().read_to_vec().unwrap();
    assert_eq!(&bytes[..4], b"\0asm");
    let js = get(&agent(), &d.url("/wasm/hms_wasm.js"), None);
    assert!(js.body.contains("fhir_import") && js.body.contains("verify_treatment_plan"));
    assert_eq!(get(&agent(), &d.url("/wasm/other.js"), None).status, 404);
}
