//! A pull-based agent mailbox: messages are taken one at a time, each with
//! an id, and answered by that id from any thread. The C ABI
//! and the daemon's HTTP agents use it, so no foreign callback ever runs on a
//! runtime thread.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use hms_runtime::Error;
use serde::Serialize;
use serde_json::Value;

use super::agent::{Answer, Delivery, Mailbox};

/// One message handed to the agent.
#[derive(Clone, Debug, Serialize)]
pub struct Letter {
    pub id: u64,
    pub message: Value,
}

#[derive(Debug)]
pub struct Inbox {
    name: String,
    mailbox: tokio::sync::Mutex<Mailbox>,
    /// Taken but not yet answered. Every message is answered once (the
    /// answer to a cast is discarded); an unanswered one fails its caller
    /// when the inbox closes.
    pending: Mutex<HashMap<u64, Delivery>>,
    /// Letters taken but not handed over (the taker gave up): served first.
    returned: Mutex<VecDeque<Letter>>,
    next: AtomicU64,
}

impl Inbox {
    pub fn new(mailbox: Mailbox) -> Self {
        Self {
            name: mailbox.name().to_string(),
            mailbox: tokio::sync::Mutex::new(mailbox),
            pending: Mutex::new(HashMap::new()),
            returned: Mutex::new(VecDeque::new()),
            next: AtomicU64::new(1),
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The next message, `None` when none came within `wait`, `shutdown`
    /// once the mailbox is closed.
    pub async fn next(&self, wait: Duration) -> Result<Option<Letter>, Error> {
        if let Some(letter) = lock(&self.returned).pop_front() {
            return Ok(Some(letter));
        }
        let mut mailbox = match tokio::time::timeout(wait, self.mailbox.lock()).await {
            Ok(m) => m,
            Err(_) => return Ok(None),
        };
        // The lock's wait counts against the same deadline.
        let delivery = match tokio::time::timeout(wait, mailbox.recv()).await {
            Ok(Some(d)) => d,
            Ok(None) => {
                return Err(Error::shutdown(format!(
                    "agent {} mailbox is closed",
                    self.name
                )))
            }
            Err(_) => return Ok(None),
        };
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let letter = Letter {
            id,
            message: delivery.message.clone(),
        };
        self.pending().insert(id, delivery);
        Ok(Some(letter))
    }

    /// Hands a taken letter back, for whoever asks next.
    pub fn put_back(&self, letter: Letter) {
        lock(&self.returned).push_front(letter);
    }

    /// Answers message `id`; `not_found` when no such message waits.
    pub fn answer(&self, id: u64, answer: Answer) -> Result<(), Error> {
        let delivery = self.pending().remove(&id).ok_or_else(|| {
            Error::not_found(format!(
                "agent {}: no message {id} waits for an answer",
                self.name
            ))
        })?;
        delivery.answer(answer);
        Ok(())
    }

    fn pending(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Delivery>> {
        lock(&self.pending)
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{App, AppConfig};
    use serde_json::json;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn letters_are_answered_by_id() {
        let app = App::start(AppConfig::default()).await.unwrap();
        let inbox = std::sync::Arc::new(Inbox::new(app.register_agent("pull").await.unwrap()));
        assert!(inbox
            .next(Duration::from_millis(20))
            .await
            .unwrap()
            .is_none());
        let call = |n: i64| {
            let app = app.clone();
            tokio::spawn(async move {
                app.call_json("pull", json!({ "n": n }), Duration::from_secs(5))
                    .await
            })
        };
        // The bridge hands the agent one call at a time, in order.
        let (a, b) = (call(1), call(2));
        let mut ids = Vec::new();
        for _ in 0..2 {
            let l = inbox.next(Duration::from_secs(5)).await.unwrap().unwrap();
            let n = l.message["n"].as_i64().unwrap();
            inbox.answer(l.id, Answer::Reply(json!(n * 10))).unwrap();
            ids.push(l.id);
        }
        assert_ne!(ids[0], ids[1]);
        let err = inbox.answer(ids[0], Answer::Reply(json!(0))).unwrap_err();
        assert_eq!(err.kind(), hms_runtime::ErrorKind::NotFound);
        assert_eq!(a.await.unwrap().unwrap(), json!(10));
        assert_eq!(b.await.unwrap().unwrap(), json!(20));
        app.unregister_agent("pull").await.unwrap();
        let closed = inbox.next(Duration::from_secs(5)).await.unwrap_err();
        assert_eq!(closed.kind(), hms_runtime::ErrorKind::Shutdown);
        app.shutdown().await;
    }
}
