//! The trace export against a local OTLP/HTTP receiver: each request and
//! each actor message arrives as a span, with the attributes OTLP defines.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;

use crate::support::*;

/// A receiver of OTLP/HTTP JSON export requests on `POST /v1/traces`.
fn receiver() -> (String, Arc<Mutex<Vec<Value>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/v1/traces", listener.local_addr().unwrap());
    let got = Arc::new(Mutex::new(Vec::new()));
    let keep = got.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut start = String::new();
            reader.read_line(&mut start).unwrap();
            let mut length = 0;
            let mut json = false;
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                let line = line.trim_end().to_ascii_lowercase();
                if line.is_empty() {
                    break;
                }
                if let Some(v) = line.strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap();
                }
                json |= line.starts_with("content-type:") && line.contains("application/json");
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            assert!(start.starts_with("POST /v1/traces "), "{start}");
            assert!(json, "an OTLP/HTTP JSON export says so");
            keep.lock()
                .unwrap()
                .push(serde_json::from_slice(&body).unwrap());
            let _ = stream.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
            );
        }
    });
    (url, got)
}

fn attribute<'a>(span: &'a Value, key: &str) -> Option<&'a Value> {
    span["attributes"]
        .as_array()?
        .iter()
        .find(|a| a["key"] == key)
        .map(|a| &a["value"])
}

#[test]
fn requests_and_actor_messages_are_exported_as_spans() {
    let (url, got) = receiver();
    let dir = fresh_dir("otlp");
    let cfg = config(
        &dir,
        &format!("[daemon.telemetry]\notlp_endpoint = \"{url}\"\nservice_name = \"hmsd-test\"\n"),
    );
    let mut d = Daemon::start(dir, cfg);
    let r = post(
        &agent(),
        &d.url("/v1/actors/prover/call"),
        None,
        &verify_body(1),
    );
    assert_eq!(r.status, 200);
    assert_eq!(get(&agent(), &d.url("/v1/nowhere"), None).status, 404);
    // Stopping flushes what the batch still holds.
    d.signal("TERM");
    assert_eq!(d.wait(Duration::from_secs(30)), Some(0));

    let exports = got.lock().unwrap().clone();
    assert!(!exports.is_empty(), "nothing was exported");
    let mut spans = Vec::new();
    for export in &exports {
        for rs in export["resourceSpans"].as_array().unwrap() {
            let service = attribute(&rs["resource"], "service.name").unwrap();
            assert_eq!(service["stringValue"], "hmsd-test");
            for ss in rs["scopeSpans"].as_array().unwrap() {
                spans.extend(ss["spans"].as_array().unwrap().iter().cloned());
            }
        }
    }
    for s in &spans {
        assert_eq!(s["traceId"].as_str().unwrap().len(), 32, "{s}");
        assert_eq!(s["spanId"].as_str().unwrap().len(), 16, "{s}");
        let (start, end) = (&s["startTimeUnixNano"], &s["endTimeUnixNano"]);
        let nanos = |v: &Value| {
            v.as_u64()
                .or_else(|| v.as_str().and_then(|t| t.parse().ok()))
                .unwrap()
        };
        assert!(nanos(start) <= nanos(end), "{s}");
    }
    let call = spans
        .iter()
        .find(|s| {
            s["name"] == "http.request"
                && attribute(s, "http.route").and_then(|v| v["stringValue"].as_str())
                    == Some("/v1/actors/{name}/call")
        })
        .unwrap_or_else(|| panic!("no span of the call among {spans:?}"));
    assert_eq!(
        attribute(call, "http.request.method").unwrap()["stringValue"],
        "POST"
    );
    let status = attribute(call, "http.response.status_code").unwrap();
    assert_eq!(
        status["intValue"]
            .as_str()
            .map_or_else(|| status["intValue"].as_i64(), |v| v.parse().ok()),
        Some(200),
        "{status}"
    );
    assert_eq!(call["kind"], 2, "SPAN_KIND_SERVER");
    assert!(spans.iter().any(|s| s["name"] == "http.request"
        && attribute(s, "http.route").and_then(|v| v["stringValue"].as_str()) == Some("other")));
    assert!(
        spans.iter().any(|s| s["name"] == "hms.message"
            && attribute(s, "actor").and_then(|v| v["stringValue"].as_str())
                == Some("root/prover")),
        "no span of the prover's message among {spans:?}"
    );
}
