//! hmsd's HTTP path in-process: the bytes are one connection's worth of
//! requests to the real router (auth, browser checks, limits, every handler,
//! the actors behind them). No token is known to the input, so the tree's
//! mutating commands stay out of reach; everything public is in it.

use std::sync::OnceLock;
use std::time::Duration;

use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The address the daemon answers as (its `Host`).
pub const ADDR: &str = "127.0.0.1:7878";

struct Daemon {
    rt: tokio::runtime::Runtime,
    router: axum::Router,
    /// Kept for the process's life, like the state itself.
    _signals: (
        tokio::sync::watch::Sender<bool>,
        tokio::sync::watch::Sender<bool>,
    ),
}

fn daemon() -> &'static Daemon {
    static DAEMON: OnceLock<Daemon> = OnceLock::new();
    DAEMON.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("hms-fuzz-http-{}", std::process::id()));
        let text = format!(
            "{}\n[daemon]\ndata_dir = {:?}\n[daemon.auth]\ntoken = \"fuzz-token-not-in-any-input-7f3a9c\"\ntoken_env = \"HMS_FUZZ_NO_SUCH_VAR\"\n[daemon.logging]\nlevel = \"off\"\n",
            hms_actors::app::config::DEFAULT_TOML,
            dir.display().to_string(),
        );
        let config = hmsd::config::Config::from_toml(&text, "fuzz").expect("the fuzz config");
        let auth = hmsd::auth::Auth::from_config(&config.daemon).expect("auth");
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime");
        let assembled = rt
            .block_on(hmsd::server::assemble(&config, auth, ADDR.parse().unwrap()))
            .expect("the daemon assembles");
        let router = hmsd::api::router(assembled.state);
        Daemon {
            rt,
            router,
            _signals: (assembled.stop, assembled.grace),
        }
    })
}

pub fn run(data: &[u8]) {
    // An event stream never ends and answers nothing to fuzz: leave it to the HTTP tests.
    if data
        .windows(10)
        .any(|w| w.eq_ignore_ascii_case(b"/v1/events"))
    {
        return;
    }
    let d = daemon();
    let router = d.router.clone();
    let response = d.rt.block_on(async move {
        let (mut client, server) = tokio::io::duplex(1 << 16);
        // The input is all the client sends: answer it after the client's EOF.
        let conn = hyper::server::conn::http1::Builder::new()
            .half_close(true)
            .serve_connection(TokioIo::new(server), TowerToHyperService::new(router));
        let talk = async {
            let _ = client.write_all(data).await;
            let _ = client.shutdown().await;
            // Read to the end, but leave an event stream (it never ends) once it began.
            let mut out = Vec::new();
            let mut buf = [0u8; 8192];
            while let Ok(n) = client.read(&mut buf).await {
                if n == 0 {
                    break;
                }
                out.extend_from_slice(&buf[..n]);
                if out.windows(17).any(|w| w == b"text/event-stream") {
                    break;
                }
            }
            drop(client);
            out
        };
        // Every request ends within its deadline (calls default to 30 s);
        // a connection still open long after is a hang.
        let both = async { tokio::join!(conn, talk).1 };
        tokio::time::timeout(Duration::from_secs(60), both).await
    });
    let response = response.expect("the connection hung");
    // No answer is an internal error: bad input names what was wrong.
    let text = String::from_utf8_lossy(&response);
    if std::env::var_os("HMS_FUZZ_SHOW").is_some() {
        let lines: Vec<&str> = text
            .lines()
            .filter(|l| l.starts_with("HTTP/1.1 "))
            .collect();
        eprintln!("{lines:?}");
    }
    for status in text.split("HTTP/1.1 ").skip(1) {
        assert!(
            !status.starts_with("500"),
            "500 for {:?}: {text}",
            String::from_utf8_lossy(data)
        );
    }
}
