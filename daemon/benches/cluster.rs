//! `cargo bench -p hmsd --bench cluster`: a call that runs on another node
//! of a cluster (`POST /v1/actors/coordinator/call?node=b`, a ractor_cluster
//! RPC from node a to node b and back) against the same call run at a itself,
//! both one at a time over one keep-alive connection to a, in the same run.
//! Two release `hmsd` nodes on loopback.
//!
//! Then GA throughput: the same `optimize_allocation` (8 islands) at a node
//! that runs every island itself, and at a node that spreads them over three
//! (`[cluster] islands = "any"`), in gene-evaluations per second. On one
//! machine the three nodes share its cores, so this shows the cost of
//! spreading (epochs and populations crossing as JSON); on three machines,
//! or one with many cores, it shows the gain.
//!
//! Prints lines in the bench format:
//!
//! `bench: <name> ours=<v><unit> anchor=<v><unit> (<anchor>) ratio=<r> info`

#[path = "common/hmsd.rs"]
mod hmsd;
#[path = "../../runtime/benches/runtime/report.rs"]
#[allow(dead_code)]
mod report;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Child;
use std::time::{Duration, Instant};

use report::{line, median, quantile_us, Goal};

const CALLS: usize = 2_000;
const WARMUP: usize = 200;

struct Node {
    child: Child,
    addr: String,
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn node(dir: &Path, name: &str, port: u16, seed: Option<u16>, extra: &str) -> Node {
    let here = dir.join(name);
    std::fs::create_dir_all(&here).expect("dir");
    std::fs::write(here.join("cookie"), "bench-cookie\n").expect("cookie");
    let seeds = seed.map_or(String::new(), |p| format!("\"127.0.0.1:{p}\""));
    let config = format!(
        "[cluster]\nnode = \"{name}\"\nlisten = \"127.0.0.1:{port}\"\ncookie_file = {:?}\nseeds = [{seeds}]\n{extra}\n",
        here.join("cookie").display().to_string()
    );
    std::fs::write(here.join("hmsd.toml"), config).expect("config");
    let (toml, data) = (here.join("hmsd.toml"), here.join("data"));
    let (child, addr) = hmsd::start(&[
        "--listen".as_ref(),
        "127.0.0.1:0".as_ref(),
        "--config".as_ref(),
        toml.as_os_str(),
        "--data-dir".as_ref(),
        data.as_os_str(),
    ]);
    Node { child, addr }
}

/// One request on a keep-alive connection; the status and body.
fn request(stream: &mut BufReader<TcpStream>, raw: &[u8]) -> (u16, Vec<u8>) {
    stream.get_mut().write_all(raw).expect("write");
    let (mut status, mut length, mut line) = (0u16, 0usize, String::new());
    loop {
        line.clear();
        stream.read_line(&mut line).expect("read");
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
    let mut body = vec![0; length];
    stream.read_exact(&mut body).expect("body");
    (status, body)
}

fn call(addr: &str, query: &str) -> Vec<u8> {
    let body = r#"{"type":"ping"}"#;
    format!(
        "POST /v1/actors/coordinator/call{query} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// p50 and p99 of `CALLS` sequential requests.
fn measure(stream: &mut BufReader<TcpStream>, raw: &[u8]) -> (f64, f64) {
    let mut samples = Vec::with_capacity(CALLS);
    for i in 0..WARMUP + CALLS {
        let t = Instant::now();
        let (status, body) = request(stream, raw);
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
        if i >= WARMUP {
            samples.push(t.elapsed());
        }
    }
    (
        quantile_us(&mut samples, 0.50),
        quantile_us(&mut samples, 0.99),
    )
}

fn main() {
    let quick = std::env::var_os("HMS_BENCH_QUICK").is_some();
    let rounds = if quick { 3 } else { 7 };
    let dir = std::env::temp_dir().join(format!("hmsd-cluster-bench-{}", std::process::id()));
    let port = |k: u16| 20_000 + (std::process::id() % 1000) as u16 * 8 + k;
    let a = node(&dir, "a", port(0), None, "islands = \"any\"");
    let b = node(&dir, "b", port(1), Some(port(0)), "");
    let mut stream = BufReader::new(TcpStream::connect(&a.addr).expect("connect"));
    stream.get_ref().set_nodelay(true).ok();
    // Until b is up at a, a routed call answers 404/503.
    let until = Instant::now() + Duration::from_secs(30);
    while request(&mut stream, &call(&a.addr, "?node=b")).0 != 200 {
        assert!(Instant::now() < until, "node b did not join a");
        std::thread::sleep(Duration::from_millis(100));
    }
    println!("# hmsd cluster: two release nodes on loopback, {rounds} rounds of {CALLS} sequential calls each way, median round");
    let (local, remote) = (call(&a.addr, ""), call(&a.addr, "?node=b"));
    let (mut l50, mut l99, mut r50, mut r99) = (vec![], vec![], vec![], vec![]);
    for _ in 0..rounds {
        let (p50, p99) = measure(&mut stream, &local);
        l50.push(p50);
        l99.push(p99);
        let (p50, p99) = measure(&mut stream, &remote);
        r50.push(p50);
        r99.push(p99);
    }
    let anchor = "the same call run at the node it was sent to";
    line(
        "cluster_call_p50",
        median(r50),
        median(l50),
        "us",
        anchor,
        Goal::Info,
    );
    line(
        "cluster_call_p99",
        median(r99),
        median(l99),
        "us",
        anchor,
        Goal::Info,
    );
    let c = node(&dir, "c", port(2), Some(port(0)), "");
    ga(&a, &b, quick);
    drop((a, b, c));
    let _ = std::fs::remove_dir_all(&dir);
}

fn optimize(addr: &str, body: &str) -> Vec<u8> {
    format!(
        "POST /v1/actors/genetic_engine/call?timeout_ms=300000 HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// Gene evaluations per second of one run.
fn evals_per_s(stream: &mut BufReader<TcpStream>, raw: &[u8], genes: u64) -> f64 {
    let t = Instant::now();
    let (status, body) = request(stream, raw);
    let took = t.elapsed().as_secs_f64();
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let reply: serde_json::Value = serde_json::from_slice(&body).expect("json");
    let evaluations = reply["run"]["evaluations"]
        .as_u64()
        .expect("run.evaluations");
    (evaluations * genes) as f64 / took
}

/// The same run at b (every island at b) and at a (islands on a, b and c).
fn ga(a: &Node, b: &Node, quick: bool) {
    let patients = 200u64;
    let cohort: Vec<serde_json::Value> = (0..patients)
        .map(|i| hms_actors::clinical::synthetic::patient_json(7, i))
        .collect();
    let body = serde_json::json!({
        "type": "optimize_allocation",
        "cohort": cohort,
        "protocol": {"trial_id": "T-1", "arms": [{"armId": "A"}, {"armId": "B"}, {"armId": "C"}]},
        "options": {"seed": 5, "islands": 8, "generations": 2000, "migration_interval": 50}
    })
    .to_string();
    let mut at_a = BufReader::new(TcpStream::connect(&a.addr).expect("connect"));
    let mut at_b = BufReader::new(TcpStream::connect(&b.addr).expect("connect"));
    // Until a sees three nodes up, its islands would not spread.
    let until = Instant::now() + Duration::from_secs(30);
    while !three_up(&a.addr) {
        assert!(Instant::now() < until, "a did not see three nodes up");
        std::thread::sleep(Duration::from_millis(100));
    }
    let (one_raw, three_raw) = (optimize(&b.addr, &body), optimize(&a.addr, &body));
    let rounds = if quick { 1 } else { 3 };
    let (mut one, mut three) = (vec![], vec![]);
    evals_per_s(&mut at_b, &one_raw, patients); // warm-up
    evals_per_s(&mut at_a, &three_raw, patients);
    for _ in 0..rounds {
        one.push(evals_per_s(&mut at_b, &one_raw, patients));
        three.push(evals_per_s(&mut at_a, &three_raw, patients));
    }
    println!("# GA: optimize_allocation, {patients} patients, 8 islands x 32, 2,000 generations, migration every 50; {rounds} rounds, median; cores here: {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()));
    line(
        "cluster_ga_gene_evals_per_s",
        median(three),
        median(one),
        "/s",
        "the same run with every island on one node",
        Goal::Info,
    );
}

/// Whether `GET /v1/cluster` at `addr` shows three nodes up.
fn three_up(addr: &str) -> bool {
    let mut s = BufReader::new(TcpStream::connect(addr).expect("connect"));
    let raw = format!("GET /v1/cluster HTTP/1.1\r\nHost: {addr}\r\n\r\n");
    let (status, body) = request(&mut s, raw.as_bytes());
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
    status == 200
        && v["nodes"]
            .as_array()
            .is_some_and(|n| n.iter().filter(|e| e["state"] == "up").count() == 3)
}
