//! `cargo bench -p hmsd`: load from a second process. Starts the release
//! `hmsd` on loopback and drives it over keep-alive HTTP/1.1 connections from
//! this process; the anchor is the same work called in process on an
//! application started here. Prints lines in the bench format:
//!
//! `bench: <name> ours=<v><unit> anchor=<v><unit> (<anchor>) ratio=<r> info`

#[path = "common/hmsd.rs"]
mod hmsd;
#[path = "../../runtime/benches/runtime/report.rs"]
#[allow(dead_code)]
mod report;

use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use hms_actors::app::{App, AppConfig};
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader as AsyncBufReader};
use tokio::net::TcpStream;

use report::{line, Goal};

const CONNECTIONS: usize = 32;

fn verify() -> Value {
    json!({
        "type": "verify_treatment_plan",
        "plan": {"treatment_plan": [{"medication": "Adalimumab", "dosage": 40, "unit": "mg", "frequency": "q2w"}]},
        "patient": {"patient_id": "P-LOAD", "demographics": {"weight": 70},
                    "infections": {"tb": "negative", "hbv": "negative", "serious_active_infection": false},
                    "planned_vaccines": []}
    })
}

struct Figures {
    rps: f64,
    p99_us: f64,
}

fn figures(mut latencies: Vec<Duration>, elapsed: Duration) -> Figures {
    let rps = latencies.len() as f64 / elapsed.as_secs_f64();
    Figures {
        rps,
        p99_us: report::quantile_us(&mut latencies, 0.99),
    }
}

/// One keep-alive connection sending `request` until `until`; returns each request's latency.
async fn connection(addr: String, request: Arc<Vec<u8>>, until: Instant) -> Vec<Duration> {
    let stream = TcpStream::connect(&addr).await.expect("connect");
    stream.set_nodelay(true).ok();
    let mut stream = AsyncBufReader::new(stream);
    let mut out = Vec::new();
    let mut line = String::new();
    let mut body = Vec::new();
    while Instant::now() < until {
        let start = Instant::now();
        stream.get_mut().write_all(&request).await.expect("write");
        let mut length = 0usize;
        let mut status = 0u16;
        loop {
            line.clear();
            stream.read_line(&mut line).await.expect("read");
            if status == 0 {
                status = line
                    .split_whitespace()
                    .nth(1)
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(0);
            }
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = v.trim().parse().expect("length");
            }
            if line == "\r\n" {
                break;
            }
        }
        body.resize(length, 0);
        stream.read_exact(&mut body).await.expect("body");
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
        out.push(start.elapsed());
    }
    out
}

async fn http(addr: &str, request: Vec<u8>, secs: f64) -> Figures {
    let request = Arc::new(request);
    let until = Instant::now() + Duration::from_secs_f64(secs);
    let start = Instant::now();
    let tasks: Vec<_> = (0..CONNECTIONS)
        .map(|_| tokio::spawn(connection(addr.to_string(), request.clone(), until)))
        .collect();
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.expect("task"));
    }
    figures(all, start.elapsed())
}

async fn in_process<F, Fut>(secs: f64, work: F) -> Figures
where
    F: Fn() -> Fut + Send + Sync + Clone + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let until = Instant::now() + Duration::from_secs_f64(secs);
    let start = Instant::now();
    let tasks: Vec<_> = (0..CONNECTIONS)
        .map(|_| {
            let work = work.clone();
            tokio::spawn(async move {
                let mut out = Vec::new();
                while Instant::now() < until {
                    let t = Instant::now();
                    work().await;
                    out.push(t.elapsed());
                }
                out
            })
        })
        .collect();
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.expect("task"));
    }
    figures(all, start.elapsed())
}

fn main() {
    let quick = std::env::var_os("HMS_BENCH_QUICK").is_some();
    let secs = if quick { 2.0 } else { 5.0 };
    let dir = std::env::temp_dir().join(format!("hmsd-bench-{}", std::process::id()));
    let (mut child, addr) = hmsd::start(&[
        "--listen".as_ref(),
        "127.0.0.1:0".as_ref(),
        "--data-dir".as_ref(),
        dir.as_os_str(),
    ]);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("# hmsd load: {CONNECTIONS} keep-alive connections from a second process, {secs} s per figure, {cores} cores shared by both processes");

    // The client gets one thread, as wrk would on a 2-core machine.
    let client = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let health_req = format!("GET /v1/health HTTP/1.1\r\nHost: {addr}\r\n\r\n").into_bytes();
    let body = verify().to_string();
    let verify_req = format!("POST /v1/actors/prover/call HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}", body.len()).into_bytes();
    let (health, verified) = client.block_on(async {
        let health = http(&addr, health_req, secs).await;
        let verified = http(&addr, verify_req, secs).await;
        (health, verified)
    });
    let _ = Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);

    // The anchor: the same calls in this process, on the same kind of runtime as hmsd's.
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (health_in, verified_in) = rt.block_on(async {
        let app = App::start(AppConfig::default()).await.expect("app");
        let a = app.clone();
        let health_in = in_process(secs, move || {
            let a = a.clone();
            async move {
                std::hint::black_box(serde_json::to_vec(&a.health().await).expect("json"));
            }
        })
        .await;
        let a = app.clone();
        let msg = verify();
        let verified_in = in_process(secs, move || {
            let (a, msg) = (a.clone(), msg.clone());
            async move {
                std::hint::black_box(
                    a.call_json("prover", msg, Duration::from_secs(30))
                        .await
                        .expect("verifies"),
                );
            }
        })
        .await;
        app.shutdown().await;
        (health_in, verified_in)
    });
    let lines = [
        line(
            "hmsd_health_requests_per_s",
            health.rps,
            health_in.rps,
            "/s",
            "in-process health()",
            Goal::Info,
        ),
        line(
            "hmsd_health_p99",
            health.p99_us,
            health_in.p99_us,
            "us",
            "in-process health()",
            Goal::Info,
        ),
        line(
            "hmsd_verify_requests_per_s",
            verified.rps,
            verified_in.rps,
            "/s",
            "in-process prover call",
            Goal::Info,
        ),
        line(
            "hmsd_verify_p99",
            verified.p99_us,
            verified_in.p99_us,
            "us",
            "in-process prover call",
            Goal::Info,
        ),
    ];
    println!("# {} figures (recorded without goals; verifications are journaled durably over HTTP, not in process)", lines.len());
}
