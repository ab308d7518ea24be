//! A running `hmsd`, over its HTTP API: the same calls, with the daemon's
//! problem JSON turned back into the error kind it names.

use std::time::Duration;

use hms_actors::app::{Answer, Letter};
use hms_runtime::{Error, ErrorKind};
use serde_json::{json, Value};
use ureq::http::{Method, Request};

/// Slack past the call's deadline (sent to the daemon) before the HTTP
/// request itself gives up: the daemon answers `timeout` first.
const SLACK: Duration = Duration::from_secs(1);

#[derive(Clone)]
pub struct Remote {
    agent: ureq::Agent,
    base: String,
    token: Option<String>,
    /// Run every call on this node of the daemon's cluster (`?node=`).
    node: Option<String>,
}

impl Remote {
    /// Connects to `url` (`http://host:port`) and checks that a daemon answers
    /// there; with a `node` ("" for none), every call runs on that node of its cluster.
    pub fn connect(url: &str, token: &str, node: &str, timeout: Duration) -> Result<Remote, Error> {
        let base = url.trim_end_matches('/').to_string();
        if !base.starts_with("http://") && !base.starts_with("https://") {
            return Err(Error::validation(
                "url",
                format!("url {url:?} is not an http:// address"),
            ));
        }
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let remote = Remote {
            agent,
            base,
            token: (!token.is_empty()).then(|| token.to_string()),
            node: (!node.is_empty()).then(|| node.to_string()),
        };
        remote.health(timeout)?;
        Ok(remote)
    }

    pub fn call(&self, actor: &str, message: &Value, timeout: Duration) -> Result<Value, Error> {
        let path = format!(
            "/v1/actors/{}/call?timeout_ms={}{}",
            segment(actor),
            millis(timeout),
            self.node
                .as_deref()
                .map_or(String::new(), |n| format!("&node={}", segment(n)))
        );
        self.send(
            Method::POST,
            &path,
            Some(message.to_string()),
            timeout + SLACK,
        )
    }

    pub fn cast(&self, actor: &str, message: &Value) -> Result<(), Error> {
        let path = format!("/v1/actors/{}/cast", segment(actor));
        self.send(Method::POST, &path, Some(message.to_string()), SLACK * 10)
            .map(drop)
    }

    pub fn health(&self, timeout: Duration) -> Result<Value, Error> {
        self.send(Method::GET, "/v1/health", None, timeout)
    }

    pub fn coordinate(&self, command: &Value, timeout: Duration) -> Result<Value, Error> {
        let path = format!("/v1/coordinate?timeout_ms={}", millis(timeout));
        self.send(
            Method::POST,
            &path,
            Some(command.to_string()),
            timeout + SLACK,
        )
    }

    pub fn open(&self, name: &str, timeout: Duration) -> Result<Inbox, Error> {
        self.send(Method::POST, &agent_path(name, ""), None, timeout)?;
        Ok(Inbox {
            at: self.clone(),
            name: name.to_string(),
        })
    }

    /// One request; a problem answer becomes the error it describes.
    fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
        timeout: Duration,
    ) -> Result<Value, Error> {
        let url = format!("{}{path}", self.base);
        let mut req = Request::builder().method(method).uri(&url);
        if let Some(t) = &self.token {
            req = req.header("authorization", format!("Bearer {t}"));
        }
        if body.is_some() {
            req = req.header("content-type", "application/json");
        }
        let req = req
            .body(body.unwrap_or_default())
            .map_err(|e| Error::validation("url", format!("bad request to {url}: {e}")))?;
        let req = self
            .agent
            .configure_request(req)
            .timeout_global(Some(timeout))
            .build();
        let mut res = self.agent.run(req).map_err(|e| match e {
            ureq::Error::Timeout(_) => Error::timeout(format!(
                "{url}: no answer within {} ms",
                timeout.as_millis()
            )),
            // As Python's remote client says it: nothing answers there.
            e => Error::actor_down(format!("cannot reach hmsd at {url}: {e}")),
        })?;
        let status = res.status().as_u16();
        let text = res
            .body_mut()
            .with_config()
            .limit(u64::MAX)
            .read_to_string()
            .map_err(|e| Error::internal(format!("{url}: reading the answer: {e}")))?;
        let value: Value = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text)
                .map_err(|e| Error::internal(format!("{url}: the answer is not JSON ({e})")))?
        };
        if status < 400 {
            return Ok(value);
        }
        Err(problem(status, &value))
    }
}

/// The error an RFC 9457 problem from hmsd describes.
fn problem(status: u16, p: &Value) -> Error {
    let detail = p["detail"].as_str().unwrap_or("no detail").to_string();
    let kind = p["kind"]
        .as_str()
        .and_then(ErrorKind::from_name)
        .unwrap_or(match status {
            401 | 403 => ErrorKind::Unauthorized,
            404 => ErrorKind::NotFound,
            400 | 413 | 422 => ErrorKind::Validation,
            429 => ErrorKind::Overloaded,
            503 => ErrorKind::Shutdown,
            504 => ErrorKind::Timeout,
            _ => ErrorKind::Internal,
        });
    match (kind, p["path"].as_str()) {
        (ErrorKind::Validation, path) => Error::validation(path.unwrap_or(""), detail),
        (kind, _) => Error::new(kind, detail),
    }
}

pub struct Inbox {
    at: Remote,
    name: String,
}

impl Inbox {
    pub fn next(&self, wait: Duration) -> Result<Option<Letter>, Error> {
        let path = agent_path(&self.name, &format!("/next?timeout_ms={}", millis(wait)));
        let letter = self.at.send(Method::GET, &path, None, wait + SLACK)?;
        if letter.is_null() {
            return Ok(None);
        }
        let id = letter["id"]
            .as_u64()
            .ok_or_else(|| Error::internal("hmsd sent a letter without an id"))?;
        Ok(Some(Letter {
            id,
            message: letter["message"].clone(),
        }))
    }

    pub fn answer(&self, id: u64, answer: Answer) -> Result<(), Error> {
        let body = match answer {
            Answer::Reply(v) => json!({ "reply": v }),
            Answer::Fail(e) => json!({ "fail": e }),
            Answer::Crash(reason) => json!({ "crash": reason }),
        };
        let path = agent_path(&self.name, &format!("/answers/{id}"));
        self.at
            .send(Method::POST, &path, Some(body.to_string()), SLACK * 10)
            .map(drop)
    }

    pub fn close(&self, timeout: Duration) -> Result<(), Error> {
        self.at
            .send(Method::DELETE, &agent_path(&self.name, ""), None, timeout)
            .map(drop)
    }
}

fn agent_path(name: &str, rest: &str) -> String {
    format!("/v1/agents/{}{rest}", segment(name))
}

fn millis(d: Duration) -> u128 {
    d.as_millis().max(1)
}

/// Percent-encodes a path segment (actor names are plain, agent names need not be).
fn segment(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b':' => {
                (b as char).to_string()
            }
            b => format!("%{b:02X}"),
        })
        .collect()
}
