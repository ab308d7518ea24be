//! Optional TLS: a self-signed certificate made with openssl (as the README's
//! example does), checked by curl against that certificate.

use std::process::Command;

use crate::support::*;

fn openssl_self_signed(dir: &std::path::Path) {
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-keyout",
            "key.pem",
            "-out",
            "cert.pem",
        ],
    );
}

fn curl(args: &[&str]) -> (bool, String) {
    let out = Command::new("curl")
        .args(["-sS", "--max-time", "10"])
        .args(args)
        .output()
        .expect("curl runs (apt-get install curl)");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr),
    )
}

#[test]
fn https_with_a_self_signed_certificate() {
    let dir = fresh_dir("tls");
    openssl_self_signed(&dir);
    let tls = format!(
        "\n[daemon.tls]\ncert_file = {:?}\nkey_file = {:?}\n",
        dir.join("cert.pem").display().to_string(),
        dir.join("key.pem").display().to_string()
    );
    let cfg = config(&dir, &tls);
    let d = Daemon::start(dir.join("data"), cfg);
    assert!(d.base.starts_with("https://127.0.0.1:"), "{}", d.base);
    let cacert = dir.join("cert.pem").display().to_string();
    let (ok, body) = curl(&["--cacert", &cacert, &d.url("/v1/health")]);
    assert!(ok && body.contains("\"status\""), "{body}");
    // The token travels encrypted; a protected call works as over HTTP.
    let auth = format!("Authorization: Bearer {TOKEN}");
    let (ok, body) = curl(&[
        "--cacert",
        &cacert,
        "-H",
        &auth,
        &d.url("/v1/journal?limit=1"),
    ]);
    assert!(ok && body.contains("records"), "{body}");
    // Without trusting the certificate, and in plain HTTP, nothing is served.
    assert!(
        !curl(&[&d.url("/v1/health")]).0,
        "an unknown certificate is refused by the client"
    );
    let plain = d.url("/v1/health").replace("https://", "http://");
    let (ok, body) = curl(&[&plain]);
    assert!(!ok || !body.contains("\"status\""), "{body}");
    drop(d);

    // A missing key is refused at start, naming the key.
    let bad = tls.replace("key.pem", "nowhere.pem");
    let cfg = config(&dir, &bad);
    let out = Command::new(env!("CARGO_BIN_EXE_hmsd"))
        .args(["--listen", "127.0.0.1:0", "--config"])
        .arg(&cfg)
        .arg("--data-dir")
        .arg(dir.join("data2"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("daemon.tls.key_file") && err.contains("nowhere.pem"),
        "{err}"
    );
}
