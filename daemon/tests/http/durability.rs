//! kill -9 and SIGTERM under load.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::support::*;

/// Four clients sending verifications until told to stop; each acknowledged
/// call's journal ids are collected. Returns (acknowledged ids, failures that
/// were not a refused connection).
pub(crate) fn load(
    base: String,
    stop: Arc<std::sync::atomic::AtomicBool>,
) -> std::thread::JoinHandle<(BTreeSet<i64>, Vec<String>, usize)> {
    std::thread::spawn(move || {
        let acked = Arc::new(Mutex::new(BTreeSet::new()));
        let failures = Arc::new(Mutex::new(Vec::new()));
        let answered = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let workers: Vec<_> = (0..4)
            .map(|w| {
                let (base, stop, acked, failures, answered) = (
                    base.clone(),
                    stop.clone(),
                    acked.clone(),
                    failures.clone(),
                    answered.clone(),
                );
                std::thread::spawn(move || {
                    let a = fresh_agent();
                    let mut i = 0u64;
                    while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                        i += 1;
                        match send(
                            &a,
                            "POST",
                            &format!("{base}/v1/actors/prover/call"),
                            None,
                            &verify_body(w * 1_000_000 + i).to_string(),
                        ) {
                            Ok(r) => {
                                answered.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                                if r.status == 200 {
                                    let ids = r
                                        .header("hms-journal-ids")
                                        .expect("a verification is journaled");
                                    acked
                                        .lock()
                                        .unwrap()
                                        .extend(ids.split(',').map(|x| x.parse::<i64>().unwrap()));
                                } else {
                                    let p = r.json();
                                    if p["kind"] != "shutdown" {
                                        failures
                                            .lock()
                                            .unwrap()
                                            .push(format!("status {}: {}", r.status, r.body));
                                    }
                                }
                            }
                            // Refused, or reset while waiting in the listen backlog when the
                            // daemon stopped accepting: the request was never taken.
                            Err(e) if not_taken(&e) => std::thread::sleep(Duration::from_millis(5)),
                            Err(e) => failures.lock().unwrap().push(e.to_string()),
                        }
                    }
                })
            })
            .collect();
        for w in workers {
            w.join().unwrap();
        }
        let acked = acked.lock().unwrap().clone();
        let failures = failures.lock().unwrap().clone();
        (
            acked,
            failures,
            answered.load(std::sync::atomic::Ordering::Relaxed),
        )
    })
}

fn not_taken(e: &ureq::Error) -> bool {
    use std::io::ErrorKind::*;
    match e {
        ureq::Error::ConnectionFailed => true,
        ureq::Error::Io(io) => matches!(
            io.kind(),
            ConnectionRefused | ConnectionReset | ConnectionAborted | BrokenPipe
        ),
        _ => false,
    }
}

fn journal_ids(d: &Daemon) -> BTreeSet<i64> {
    let a = agent();
    let mut ids = BTreeSet::new();
    let mut after = 0;
    loop {
        let page = get(
            &a,
            &d.url(&format!(
                "/v1/journal?kind=verification&limit=10000&after_id={after}"
            )),
            Some(TOKEN),
        )
        .json();
        let records = page["records"].as_array().unwrap().clone();
        if records.is_empty() {
            return ids;
        }
        for r in records {
            after = r["id"].as_i64().unwrap();
            ids.insert(after);
        }
    }
}

#[test]
fn kill_9_under_load_loses_no_acknowledged_record() {
    let dir = fresh_dir("kill9");
    let cfg = config(&dir, "");
    let d = Daemon::start(dir.clone(), cfg.clone());
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let clients = load(d.base.clone(), stop.clone());
    std::thread::sleep(Duration::from_millis(1500));
    d.signal("KILL");
    std::thread::sleep(Duration::from_millis(200));
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let (acked, _failures, answered) = clients.join().unwrap();
    drop(d);
    assert!(
        acked.len() > 20,
        "only {} acknowledged calls ({answered} answered)",
        acked.len()
    );

    let d = Daemon::start(dir, cfg);
    let stored = journal_ids(&d);
    let lost: Vec<_> = acked.difference(&stored).collect();
    assert!(
        lost.is_empty(),
        "{} acknowledged records lost, e.g. {:?}",
        lost.len(),
        &lost[..lost.len().min(5)]
    );
    eprintln!(
        "kill -9: {} acknowledged, {} stored",
        acked.len(),
        stored.len()
    );
}

#[test]
fn sigterm_under_load_answers_every_call_and_exits_0() {
    let dir = fresh_dir("term");
    let cfg = config(&dir, "[daemon]\n[daemon.logging]\nlevel = \"warn\"\n");
    let mut d = Daemon::start(dir.clone(), cfg);
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let clients = load(d.base.clone(), stop.clone());
    // Long calls in flight too: optimizations that outlive the signal.
    let base = d.base.clone();
    let slow = std::thread::spawn(move || {
        let a = fresh_agent();
        let body = serde_json::json!({"type": "optimize_treatment", "patient": {"patient_id": "S"}, "options": {"generations": 300}});
        send(
            &a,
            "POST",
            &format!("{base}/v1/actors/genetic_engine/call"),
            None,
            &body.to_string(),
        )
        .map(|r| r.status)
    });
    std::thread::sleep(Duration::from_millis(1000));
    d.signal("TERM");
    let code = d.wait(Duration::from_secs(30));
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let (acked, failures, answered) = clients.join().unwrap();
    assert_eq!(code, Some(0), "exit code");
    assert!(
        failures.is_empty(),
        "calls left without a proper answer: {failures:?}"
    );
    assert!(answered > 10);
    let slow = slow.join().unwrap();
    assert!(
        matches!(slow, Ok(200) | Ok(503)),
        "the long call got {slow:?}"
    );

    // The journal is consistent and holds every acknowledged record.
    let conn = rusqlite::Connection::open(dir.join("journal.sqlite3")).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let mut stmt = conn
        .prepare("SELECT id FROM records WHERE kind = 'verification'")
        .unwrap();
    let stored: BTreeSet<i64> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(
        acked.is_subset(&stored),
        "{} acknowledged, {} stored",
        acked.len(),
        stored.len()
    );
}

#[test]
fn a_request_sent_just_after_sigterm_on_an_open_connection_is_answered() {
    use std::io::{Read, Write};
    let dir = fresh_dir("term-open");
    let cfg = config(&dir, "[daemon]\n[daemon.logging]\nlevel = \"warn\"\n");
    let mut d = Daemon::start(dir, cfg);
    let addr = d.base.trim_start_matches("http://").to_string();
    let mut conn = std::net::TcpStream::connect(&addr).unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    // Accepted by the daemon, no request yet: the state a client is in
    // between connect and write.
    std::thread::sleep(Duration::from_millis(300));
    d.signal("TERM");
    // Well inside the daemon's quarter-second settle.
    std::thread::sleep(Duration::from_millis(20));
    let body = verify_body(1).to_string();
    write!(
        conn,
        "POST /v1/actors/prover/call HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    let _ = conn.read_to_string(&mut answer);
    let status = answer.lines().next().unwrap_or("");
    assert!(
        status.starts_with("HTTP/1.1 200") || status.starts_with("HTTP/1.1 503"),
        "the request got {status:?} (empty: the connection was dropped unanswered)"
    );
    assert_eq!(d.wait(Duration::from_secs(30)), Some(0), "exit code");
}

/// A tmpfs of `size` mounted at `dir`, unmounted when dropped. Mounting needs
/// the right to (root, as in CI; otherwise run the tests under `unshare -rm`).
struct Tmpfs(std::path::PathBuf);

impl Tmpfs {
    fn mount(dir: std::path::PathBuf, size: &str) -> Tmpfs {
        std::fs::create_dir_all(&dir).unwrap();
        let out = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&dir)
            .output()
            .expect("mount runs");
        assert!(
            out.status.success(),
            "the disk-full test mounts a small tmpfs and could not ({}); run as root or under `unshare -rm`",
            String::from_utf8_lossy(&out.stderr).trim()
        );
        Tmpfs(dir)
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(&self.0)
            .status();
    }
}

/// Fills the file system holding `path` with one file, until it is full.
fn fill(path: &std::path::Path) {
    use std::io::Write;
    let mut f = std::fs::File::create(path).unwrap();
    let chunk = vec![0u8; 16 * 1024];
    while f.write_all(&chunk).is_ok() {}
    let _ = f.sync_all();
}

#[test]
fn a_full_disk_answers_503_unavailable_says_why_and_recovers() {
    let dir = fresh_dir("diskfull");
    let cfg = config(&dir, "");
    let fs = Tmpfs::mount(dir.join("data"), "8m");
    let d = Daemon::start(fs.0.clone(), cfg.clone());
    let a = agent();
    let verify = |i: u64| post(&a, &d.url("/v1/actors/prover/call"), None, &verify_body(i));
    let mut acked = BTreeSet::new();
    let mut ack = |r: &Reply| {
        let ids = r.header("hms-journal-ids").expect("journaled");
        acked.extend(ids.split(',').map(|x| x.parse::<i64>().unwrap()));
    };
    let r = verify(0);
    assert_eq!(r.status, 200, "{}", r.body);
    ack(&r);
    assert_eq!(
        get(&a, &d.url("/v1/health"), None).json()["journal"]["writable"],
        true
    );

    // The disk fills: a journaled call is refused as unavailable, never acknowledged.
    let ballast = fs.0.join("ballast");
    fill(&ballast);
    let mut refused = None;
    for i in 1..500 {
        let r = verify(i);
        match r.status {
            200 => ack(&r),
            503 => {
                refused = Some(r);
                break;
            }
            s => panic!("status {s}: {}", r.body),
        }
    }
    let refused = refused.expect("a call is refused once the disk is full");
    let p = refused.json();
    assert_eq!(p["kind"], "unavailable", "{p}");
    assert_eq!(p["code"], 10);
    assert!(p["detail"].as_str().unwrap().contains("journal"), "{p}");
    assert_eq!(refused.header("retry-after"), Some("1"));
    let h = get(&a, &d.url("/v1/health"), None).json();
    assert_eq!(h["status"], "unhealthy", "{h}");
    assert_eq!(h["journal"]["writable"], false, "{h}");
    assert!(
        h["rule"].as_str().unwrap().contains("journal cannot write"),
        "{h}"
    );
    // Calls that journal nothing still answer.
    let tree = get(&a, &d.url("/v1/tree"), None);
    assert_eq!(tree.status, 200);

    // Space returns: health sees it without any traffic (the writer probes
    // every second), and the next call is journaled.
    std::fs::remove_file(&ballast).unwrap();
    let back = std::time::Instant::now();
    loop {
        let h = get(&a, &d.url("/v1/health"), None).json();
        if h["journal"]["writable"] == true {
            assert_ne!(h["status"], "unhealthy", "{h}");
            break;
        }
        assert!(
            back.elapsed() < Duration::from_secs(10),
            "health still says {h}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let r = verify(10_000);
    assert_eq!(r.status, 200, "{}", r.body);
    ack(&r);

    // Every acknowledged record is there, read back by a new daemon.
    d.signal("KILL");
    drop(d);
    let d = Daemon::start(fs.0.clone(), cfg);
    let stored = journal_ids(&d);
    let lost: Vec<_> = acked.difference(&stored).collect();
    assert!(lost.is_empty(), "acknowledged records lost: {lost:?}");
    assert!(acked.len() >= 2);
    drop(d);
    drop(fs);
}
