//! Running under systemd: the notify protocol on a socket standing in for
//! systemd's (`$NOTIFY_SOCKET`), with the watchdog on, and config reload on
//! SIGHUP — applied whole, or refused whole.

use std::os::unix::net::UnixDatagram;
use std::time::{Duration, Instant};

use crate::support::*;

/// Datagrams from hmsd, as received.
struct Systemd {
    socket: UnixDatagram,
    seen: Vec<String>,
}

impl Systemd {
    fn bind(dir: &std::path::Path) -> (Self, String) {
        let path = dir.join("notify.sock");
        let socket = UnixDatagram::bind(&path).unwrap();
        socket
            .set_read_timeout(Some(Duration::from_millis(100)))
            .unwrap();
        (
            Self {
                socket,
                seen: Vec::new(),
            },
            path.display().to_string(),
        )
    }

    /// Receives until a message containing `line` arrives; returns it.
    fn until(&mut self, line: &str, within: Duration) -> String {
        let deadline = Instant::now() + within;
        let mut buf = [0u8; 4096];
        while Instant::now() < deadline {
            if let Ok(n) = self.socket.recv(&mut buf) {
                let m = String::from_utf8_lossy(&buf[..n]).to_string();
                self.seen.push(m.clone());
                if m.lines().any(|l| l == line || l.starts_with(line)) {
                    return m;
                }
            }
        }
        panic!("no {line:?} within {within:?}; seen {:?}", self.seen);
    }
}

fn write_config(path: &std::path::Path, token: &str, extra: &str) {
    std::fs::write(
        path,
        format!(
            "[genetic_engine.defaults]\ngenerations = 5\n[daemon.auth]\ntoken = \"{token}\"\ntoken_env = \"HMSD_TEST_NO_SUCH_VAR\"\n{extra}\n"
        ),
    )
    .unwrap();
}

fn journal_status(d: &Daemon, token: &str) -> u16 {
    get(&agent(), &d.url("/v1/journal?limit=1"), Some(token)).status
}

fn reloads(d: &Daemon, result: &str) -> f64 {
    let text = get(&agent(), &d.url("/metrics"), None).body;
    let line = format!("hms_config_reloads_total{{result=\"{result}\"}} ");
    text.lines()
        .find_map(|l| l.strip_prefix(&line))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no {line} in /metrics"))
}

#[test]
fn notify_watchdog_and_reload_in_order() {
    let dir = fresh_dir("systemd");
    let (mut systemd, socket) = Systemd::bind(&dir);
    let cfg = dir.join("hmsd.toml");
    write_config(&cfg, "first-token", "");
    let mut d = Daemon::start_with(
        "127.0.0.1:0",
        dir.clone(),
        cfg.clone(),
        &[("NOTIFY_SOCKET", &socket), ("WATCHDOG_USEC", "3000000")],
    );
    let ready = systemd.until("READY=1", Duration::from_secs(10));
    assert!(ready.contains("STATUS=serving"), "{ready:?}");
    // The "listening" line came first, so the HTTP side is up once READY is.
    assert_eq!(journal_status(&d, "first-token"), 200);
    systemd.until("WATCHDOG=1", Duration::from_secs(5));
    systemd.until("WATCHDOG=1", Duration::from_secs(5));

    // A good reload: the token, a limit and the healer's agent timeout change.
    write_config(
        &cfg,
        "second-token",
        "[daemon.limits]\nbody_bytes = 2048\n[daemon.logging]\nlevel = \"debug\"\n[self_healer]\nagent_timeout_ms = 900\n",
    );
    d.signal("HUP");
    let reloading = systemd.until("RELOADING=1", Duration::from_secs(10));
    assert!(reloading.contains("MONOTONIC_USEC="), "{reloading:?}");
    let status = systemd.until("STATUS=configuration reloaded", Duration::from_secs(10));
    for key in ["daemon.auth", "daemon.limits", "self_healer"] {
        assert!(status.contains(key), "{status:?} names {key}");
    }
    // RUST_LOG (set by the tests) keeps choosing the level: not claimed as changed.
    assert!(!status.contains("daemon.logging.level"), "{status:?}");
    systemd.until("READY=1", Duration::from_secs(10));
    assert_eq!(journal_status(&d, "first-token"), 401);
    assert_eq!(journal_status(&d, "second-token"), 200);
    let big = serde_json::json!({"type": "verify_treatment_plan", "pad": "x".repeat(4096)});
    let r = post(&agent(), &d.url("/v1/actors/prover/call"), None, &big);
    assert_eq!(r.status, 413, "the new body limit holds: {}", r.body);
    assert_eq!(reloads(&d, "applied"), 1.0);

    // A file that does not check: refused, nothing changes.
    std::fs::write(&cfg, "[daemon.limits\nbody_bytes = 1\n").unwrap();
    d.signal("HUP");
    systemd.until("RELOADING=1", Duration::from_secs(10));
    let refused = systemd.until("STATUS=reload refused", Duration::from_secs(10));
    assert!(refused.contains("hmsd.toml"), "{refused:?}");
    systemd.until("READY=1", Duration::from_secs(10));
    assert_eq!(journal_status(&d, "second-token"), 200);

    // A file that changes the tree too: refused whole, so its new token is
    // not in force either (never half-applied).
    write_config(&cfg, "third-token", "[prover]\ncheckers = 2\n");
    d.signal("HUP");
    let refused = systemd.until("STATUS=reload refused", Duration::from_secs(10));
    assert!(refused.contains("[prover]"), "{refused:?}");
    systemd.until("READY=1", Duration::from_secs(10));
    assert_eq!(journal_status(&d, "third-token"), 401);
    assert_eq!(journal_status(&d, "second-token"), 200);
    assert_eq!(reloads(&d, "refused"), 2.0);
    systemd.until("WATCHDOG=1", Duration::from_secs(5));

    d.signal("TERM");
    systemd.until("STOPPING=1", Duration::from_secs(10));
    assert_eq!(d.wait(Duration::from_secs(30)), Some(0));

    // The order systemd needs: READY first; every RELOADING followed by a
    // READY before the next RELOADING; STOPPING last.
    let kinds: Vec<&str> = systemd
        .seen
        .iter()
        .filter_map(|m| {
            m.lines()
                .find(|l| ["READY=1", "RELOADING=1", "STOPPING=1"].contains(l))
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "READY=1",
            "RELOADING=1",
            "READY=1",
            "RELOADING=1",
            "READY=1",
            "RELOADING=1",
            "READY=1",
            "STOPPING=1"
        ]
    );
}

/// `systemd-analyze verify` on the shipped unit, pointed at the built binary
/// (verify checks that `ExecStart` is executable): no error, no warning.
#[test]
fn the_unit_verifies() {
    let unit = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../packaging/systemd/hmsd.service"
    ))
    .unwrap();
    assert!(unit.contains("\nType=notify\n") && unit.contains("\nWatchdogSec="));
    let dir = fresh_dir("unit");
    let path = dir.join("hmsd.service");
    std::fs::write(
        &path,
        unit.replace("/usr/local/bin/hmsd", env!("CARGO_BIN_EXE_hmsd")),
    )
    .unwrap();
    let out = std::process::Command::new("systemd-analyze")
        .arg("verify")
        .arg(&path)
        .output()
        .expect("systemd-analyze runs (apt-get install systemd; tests/run does)");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success() && said.trim().is_empty(), "{said}");
}
