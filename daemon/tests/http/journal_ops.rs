//! Journal operations beside a daemon under load: `hmsd backup`, `hmsd
//! journal export`, `hmsd journal prune` (and its floor), and the retention
//! setting applied by the daemon itself.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::durability::load;
use crate::support::*;

/// Runs `hmsd ARGS` with the test's config and data dir; returns stdout.
fn hmsd(cfg: &Path, dir: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new(env!("CARGO_BIN_EXE_hmsd"))
        .arg("--config")
        .arg(cfg)
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .output()
        .unwrap();
    if out.status.success() {
        Ok(String::from_utf8(out.stdout).unwrap())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).to_string())
    }
}

/// Verifications made one after another; their journal ids.
fn acknowledged(d: &Daemon, n: u64) -> BTreeSet<i64> {
    let a = agent();
    let mut ids = BTreeSet::new();
    for i in 0..n {
        let r = post(
            &a,
            &d.url("/v1/actors/prover/call"),
            None,
            &verify_body(9_000_000 + i),
        );
        assert_eq!(r.status, 200, "{}", r.body);
        let header = r.header("hms-journal-ids").unwrap();
        ids.extend(header.split(',').map(|x| x.parse::<i64>().unwrap()));
    }
    ids
}

fn rfc3339(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .unwrap()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

#[test]
fn backup_export_and_prune_under_load() {
    let dir = fresh_dir("journal-ops");
    let cfg = config(&dir, "[daemon.journal]\nmin_age_hours = 0\n");
    let mut d = Daemon::start(dir.clone(), cfg.clone());
    let stop = Arc::new(AtomicBool::new(false));
    let clients = load(d.base.clone(), stop.clone());
    std::thread::sleep(Duration::from_millis(500));

    // Backup: consistent, and holds every record acknowledged before it began.
    let before = acknowledged(&d, 5);
    let dest = dir.join("backup.sqlite3");
    let said = hmsd(&cfg, &dir, &["backup", dest.to_str().unwrap()]).unwrap();
    assert!(said.contains("integrity ok"), "{said}");
    let copy = rusqlite::Connection::open(&dest).unwrap();
    let check: String = copy
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let mut stmt = copy.prepare("SELECT id FROM records").unwrap();
    let copied: BTreeSet<i64> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(
        before.is_subset(&copied),
        "the backup lacks acknowledged records"
    );
    let again = hmsd(&cfg, &dir, &["backup", dest.to_str().unwrap()]).unwrap_err();
    assert!(again.contains("exists"), "{again}");

    // Export: JSON lines, ids rising, the acknowledged ones in it.
    let lines = hmsd(&cfg, &dir, &["journal", "export", "--kind", "verification"]).unwrap();
    let ids: Vec<i64> = lines
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            assert_eq!(v["kind"], "verification");
            v["id"].as_i64().unwrap()
        })
        .collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]));
    assert!(before.iter().all(|id| ids.contains(id)));
    let bad = hmsd(&cfg, &dir, &["journal", "export", "--kind", "nonsense"]).unwrap_err();
    assert!(bad.contains("--kind"), "{bad}");

    // The floor: with the default (24 h) nothing this young goes.
    let strict = dir.join("strict.toml");
    std::fs::write(&strict, "").unwrap();
    let cutoff = now_ms();
    let said = hmsd(
        &strict,
        &dir,
        &["journal", "prune", "--before", &rfc3339(cutoff)],
    )
    .unwrap();
    assert!(said.starts_with("dropped 0 records"), "{said}");
    assert!(said.contains("min_age_hours"), "{said}");

    // Prune everything before `cutoff` while the load goes on.
    let said = hmsd(
        &cfg,
        &dir,
        &["journal", "prune", "--before", &rfc3339(cutoff)],
    )
    .unwrap();
    assert!(
        said.starts_with("dropped ") && !said.starts_with("dropped 0 "),
        "{said}"
    );
    // At least one record after the cutoff, however slow the load is.
    let fresh = acknowledged(&d, 1);
    let page = get(&agent(), &d.url("/v1/journal?limit=10000"), Some(TOKEN)).json();
    let through = page["pruned_through_id"]
        .as_i64()
        .expect("the gap is marked");
    assert!(before.iter().all(|id| *id <= through), "{through}");
    let first = page["records"][0]["id"].as_i64().unwrap();
    assert!(first > through);
    assert!(
        page["records"][0]["at_ms"].as_i64().unwrap() >= cutoff - 1000,
        "a record from well after the cutoff is first"
    );
    let bad = hmsd(&cfg, &dir, &["journal", "prune", "--before", "last week"]).unwrap_err();
    assert!(
        bad.contains("--before") && bad.contains("last week"),
        "{bad}"
    );

    let after = acknowledged(&d, 3);
    stop.store(true, Ordering::Relaxed);
    let (acked, failures, _) = clients.join().unwrap();
    assert!(failures.is_empty(), "the load saw {failures:?}");
    d.signal("TERM");
    assert_eq!(d.wait(Duration::from_secs(30)), Some(0));
    // Everything acknowledged after the cutoff is still there.
    let conn = rusqlite::Connection::open(dir.join("journal.sqlite3")).unwrap();
    let mut stmt = conn.prepare("SELECT id FROM records").unwrap();
    let kept: BTreeSet<i64> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(after.is_subset(&kept) && fresh.is_subset(&kept));
    let lost: Vec<_> = acked
        .iter()
        .filter(|id| **id > through && !kept.contains(id))
        .collect();
    assert!(
        lost.is_empty(),
        "acknowledged after the prune point and gone: {lost:?}"
    );
}

#[test]
fn the_daemon_applies_its_size_limit_while_it_writes() {
    let dir = fresh_dir("retention");
    let cfg = config(
        &dir,
        "[daemon.journal]\nmax_bytes = 200000\nmin_age_hours = 0\ncheck_every_s = 1\n",
    );
    let mut d = Daemon::start(dir.clone(), cfg);
    let stop = Arc::new(AtomicBool::new(false));
    let clients = load(d.base.clone(), stop.clone());
    std::thread::sleep(Duration::from_millis(3500));
    stop.store(true, Ordering::Relaxed);
    let (acked, failures, _) = clients.join().unwrap();
    assert!(failures.is_empty(), "the load saw {failures:?}");
    assert!(acked.len() > 20, "{} acknowledged", acked.len());
    // Checks run every second: within a few, the journal is back under its limit.
    let kept_bytes = |page: &serde_json::Value| -> usize {
        page["records"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["data"].to_string().len() + r["subject"].as_str().unwrap().len() + 50)
            .sum()
    };
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    let page = loop {
        let page = get(&agent(), &d.url("/v1/journal?limit=10000"), Some(TOKEN)).json();
        if page["pruned_through_id"].as_i64().is_some() && kept_bytes(&page) < 400_000 {
            break page;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the journal kept {} bytes (pruned through {})",
            kept_bytes(&page),
            page["pruned_through_id"]
        );
        std::thread::sleep(Duration::from_millis(200));
    };
    assert!(!page["records"].as_array().unwrap().is_empty());
    let metrics = get(&agent(), &d.url("/metrics"), None).body;
    let pruned: f64 = metrics
        .lines()
        .find_map(|l| l.strip_prefix("hms_journal_pruned_records_total "))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(pruned > 0.0);
    d.signal("TERM");
    assert_eq!(d.wait(Duration::from_secs(30)), Some(0));
}
