use std::process::Command;

use crate::support::*;

fn hmsd() -> Command {
    Command::new(env!("CARGO_BIN_EXE_hmsd"))
}

#[test]
fn version_and_check_config() {
    let v = hmsd().arg("--version").output().unwrap();
    assert!(String::from_utf8_lossy(&v.stdout).starts_with("hmsd "));
    let dir = fresh_dir("cli");
    let good = config(&dir, "");
    let ok = hmsd().arg("check-config").arg(&good).output().unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let bad = dir.join("bad.toml");
    std::fs::write(&bad, "[prover]\ncheckers = \"four\"\n").unwrap();
    let out = hmsd().arg("check-config").arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.toml") && err.contains("prover.checkers") && err.contains("expected"),
        "{err}"
    );
    // The same error stops a start.
    let out = hmsd().arg("--config").arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn refuses_a_public_address_without_a_token() {
    let dir = fresh_dir("public");
    let cfg = dir.join("public.toml");
    std::fs::write(
        &cfg,
        "[daemon]\nlisten = \"0.0.0.0:0\"\n[daemon.auth]\ntoken_env = \"HMSD_TEST_NO_SUCH_VAR\"\n",
    )
    .unwrap();
    let out = hmsd()
        .arg("--config")
        .arg(&cfg)
        .arg("--data-dir")
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("refusing to listen on 0.0.0.0:0"));
}

#[test]
fn a_public_address_needs_the_token_everywhere() {
    let dir = fresh_dir("public-token");
    let cfg = config(&dir, "");
    let mut d = Daemon::start(dir.clone(), cfg.clone());
    d.signal("TERM");
    assert_eq!(d.wait(std::time::Duration::from_secs(20)), Some(0));
    // Same config, bound to all interfaces (reached through loopback): health now needs the token.
    let d = Daemon::start_on("0.0.0.0:0", dir, cfg);
    let a = agent();
    assert_eq!(get(&a, &d.url("/v1/health"), None).status, 401);
    assert_eq!(get(&a, &d.url("/v1/health"), Some(TOKEN)).status, 200);
}

/// The README's `[daemon]` example is a valid configuration, every key of it.
#[test]
fn the_readmes_daemon_config_is_valid() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
    let block = readme
        .split("```toml\n")
        .map(|b| b.split("```").next().unwrap())
        .find(|b| b.starts_with("[daemon]"))
        .expect("a [daemon] example in the README");
    assert!(block.contains("[daemon.tls]") && block.contains("requests_per_s_per_client"));
    let dir = crate::support::fresh_dir("readme-config");
    let file = dir.join("readme.toml");
    std::fs::write(&file, block).unwrap();
    let out = hmsd().arg("check-config").arg(&file).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
