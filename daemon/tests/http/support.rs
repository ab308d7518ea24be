//! Starts the real `hmsd` binary on a free port with its own data dir and
//! talks to it over real HTTP.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

pub const TOKEN: &str = "test-token-0123456789";

pub struct Daemon {
    pub child: Child,
    pub base: String,
}

static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

pub fn fresh_dir(tag: &str) -> PathBuf {
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("hmsd-test-{}-{tag}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A config with the test token and small GA runs; `extra` is appended.
pub fn config(dir: &std::path::Path, extra: &str) -> PathBuf {
    let path = dir.join("hmsd.toml");
    let text = format!(
        "[genetic_engine.defaults]\ngenerations = 5\n\n[daemon.auth]\ntoken = \"{TOKEN}\"\ntoken_env = \"HMSD_TEST_NO_SUCH_VAR\"\n\n[daemon.limits]\nbody_bytes = 65536\n{extra}\n"
    );
    std::fs::write(&path, text).unwrap();
    path
}

impl Daemon {
    pub fn start(data_dir: PathBuf, config: PathBuf) -> Daemon {
        Self::start_on("127.0.0.1:0", data_dir, config)
    }

    /// Starts on `listen`; `base` is always reached through loopback.
    pub fn start_on(listen: &str, data_dir: PathBuf, config: PathBuf) -> Daemon {
        Self::start_with(listen, data_dir, config, &[])
    }

    /// Starts on `listen` with more environment variables.
    pub fn start_with(
        listen: &str,
        data_dir: PathBuf,
        config: PathBuf,
        env: &[(&str, &str)],
    ) -> Daemon {
        Self::start_logging(listen, data_dir, config, env, Stdio::inherit())
    }

    /// Starts on `listen`, its log (stderr) going to `log`.
    pub fn start_logging(
        listen: &str,
        data_dir: PathBuf,
        config: PathBuf,
        env: &[(&str, &str)],
        log: Stdio,
    ) -> Daemon {
        let mut child = Command::new(env!("CARGO_BIN_EXE_hmsd"))
            .envs(env.iter().copied())
            .args(["--listen", listen, "--config"])
            .arg(&config)
            .arg("--data-dir")
            .arg(&data_dir)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .expect("hmsd starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let base = line
            .split("listening on ")
            .nth(1)
            .and_then(|r| r.split_whitespace().next())
            .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
            .replace("0.0.0.0", "127.0.0.1");
        Daemon { child, base }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn signal(&self, sig: &str) {
        let ok = Command::new("kill")
            .arg(format!("-{sig}"))
            .arg(self.child.id().to_string())
            .status()
            .unwrap()
            .success();
        assert!(ok, "kill -{sig}");
    }

    /// Waits for the process to exit and returns its exit code.
    pub fn wait(&mut self, within: Duration) -> Option<i32> {
        let deadline = std::time::Instant::now() + within;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            if std::time::Instant::now() > deadline {
                panic!("hmsd did not exit within {within:?}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

/// An agent that opens a connection per request (no keep-alive), for load tests around stops.
pub fn fresh_agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_idle_connections(0)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn collect(
    res: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
) -> Result<Reply, ureq::Error> {
    let mut res = res?;
    let headers = res
        .headers()
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string()))
        .collect();
    let content_type = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let status = res.status().as_u16();
    let body = res
        .body_mut()
        .with_config()
        .limit(64 * 1024 * 1024)
        .read_to_string()?;
    Ok(Reply {
        status,
        content_type,
        headers,
        body,
    })
}

pub fn get(a: &ureq::Agent, url: &str, token: Option<&str>) -> Reply {
    let mut req = a.get(url);
    if let Some(t) = token {
        req = req.header("Authorization", &format!("Bearer {t}"));
    }
    collect(req.call()).unwrap()
}

pub fn send(
    a: &ureq::Agent,
    method: &str,
    url: &str,
    token: Option<&str>,
    body: &str,
) -> Result<Reply, ureq::Error> {
    let mut req = match method {
        "POST" => a.post(url),
        "DELETE" => {
            return collect({
                let mut r = a.delete(url);
                if let Some(t) = token {
                    r = r.header("Authorization", &format!("Bearer {t}"));
                }
                r.call()
            })
        }
        other => panic!("{other}"),
    };
    if let Some(t) = token {
        req = req.header("Authorization", &format!("Bearer {t}"));
    }
    collect(req.header("Content-Type", "application/json").send(body))
}

pub fn post(a: &ureq::Agent, url: &str, token: Option<&str>, body: &Value) -> Reply {
    send(a, "POST", url, token, &body.to_string()).unwrap()
}

/// A proved verification: the corpus's complete record and adalimumab regimen.
pub fn verify_body(i: u64) -> Value {
    let corpus = crate::expand::corpus();
    let mut patient = corpus["base_patient"].clone();
    patient["patient_id"] = serde_json::json!(format!("P-{i}"));
    serde_json::json!({
        "type": "verify_treatment_plan",
        "plan": {"treatment_plan": corpus["regimens"]["adalimumab"]},
        "patient": patient,
        "as_of": corpus["as_of"]
    })
}

/// Runs `openssl ARGS` in `dir`; fails the test with openssl's message.
pub fn openssl(dir: &std::path::Path, args: &[&str]) {
    let out = Command::new("openssl")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("openssl runs (apt-get install openssl)");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
