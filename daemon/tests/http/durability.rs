//! kill -9 and SIGTERM under load.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::support::*;

/// Four clients sending verifications until told to stop; each acknowledged
/// call's journal ids are collected. Returns (acknowledged ids, failures that
/// were not a refused connection).
fn load(
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
