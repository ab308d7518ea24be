//! The application in this process, on a tokio runtime the handle owns.
//! A call to an idle actor runs on the caller's thread (`call_in_place`).
//! Otherwise foreign threads never wait inside tokio: the work is spawned onto
//! the runtime and its answer waited for on a channel
//! (`hms_runtime::outside`), so a runtime stopped underneath a caller ends the
//! wait with `shutdown` instead of a panic.

use std::sync::Arc;
use std::time::{Duration, Instant};

use hms_actors::app::{self, host, Answer, App, Letter};
use hms_runtime::outside::{wait_for as block, SLACK};
use hms_runtime::{Error, InPlace};
use serde_json::Value;

#[derive(Clone)]
pub struct Embedded {
    tokio: tokio::runtime::Handle,
    app: App,
}

impl Embedded {
    /// Starts the application from TOML text (empty: the embedded default).
    pub fn start(
        config: &str,
        timeout: Duration,
    ) -> Result<(Embedded, tokio::runtime::Runtime), Error> {
        let rt = host::tokio_runtime()?;
        let tokio = rt.handle().clone();
        let text = config.to_string();
        let app = block(
            &tokio,
            timeout,
            async move { host::start(Some(&text)).await },
        )?;
        Ok((Embedded { tokio, app }, rt))
    }

    /// An idle actor answers on the caller's thread; otherwise the call runs
    /// on tokio and is waited for here.
    pub fn call(&self, actor: &str, message: Value, timeout: Duration) -> Result<Value, Error> {
        match self
            .app
            .call_json_in_place(&self.tokio, actor, message, timeout)
        {
            InPlace::Answered(reply) => reply,
            InPlace::Later(later) => block(&self.tokio, timeout, later),
        }
    }

    pub fn cast(&self, actor: &str, message: Value) -> Result<(), Error> {
        // Casting only enqueues; it needs the runtime's context, not a wait.
        let _guard = self.tokio.enter();
        self.app.cast_json(actor, message)
    }

    pub fn health(&self, timeout: Duration) -> Result<Value, Error> {
        let app = self.app.clone();
        block(&self.tokio, timeout, async move {
            serde_json::to_value(app.health().await).map_err(|e| Error::internal(e.to_string()))
        })
    }

    pub fn open(&self, name: &str, timeout: Duration) -> Result<Inbox, Error> {
        let (app, owned) = (self.app.clone(), name.to_string());
        let mailbox = block(&self.tokio, timeout, async move {
            app.register_agent(&owned).await
        })?;
        Ok(Inbox {
            at: self.clone(),
            inbox: Arc::new(app::Inbox::new(mailbox)),
        })
    }

    /// Stops the tree in order, then the runtime, within `timeout` in all.
    pub fn stop(self, rt: tokio::runtime::Runtime, timeout: Duration) -> Result<(), Error> {
        let start = Instant::now();
        let app = self.app.clone();
        let stopped = block(&self.tokio, timeout, async move {
            app.shutdown().await;
            Ok(())
        });
        rt.shutdown_timeout(timeout.saturating_sub(start.elapsed()));
        stopped
    }
}

pub struct Inbox {
    at: Embedded,
    inbox: Arc<app::Inbox>,
}

impl Inbox {
    pub fn next(&self, wait: Duration) -> Result<Option<Letter>, Error> {
        let inbox = self.inbox.clone();
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        self.at.tokio.spawn(async move {
            let next = inbox.next(wait).await;
            // A caller that stopped waiting leaves the letter for the next one.
            if let Err(std::sync::mpsc::TrySendError::Disconnected(Ok(Some(letter)))) =
                tx.try_send(next)
            {
                inbox.put_back(letter);
            }
        });
        match rx.recv_timeout(wait.saturating_add(SLACK)) {
            Ok(r) => r,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Ok(None),
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                Err(Error::shutdown("the runtime stopped"))
            }
        }
    }

    pub fn answer(&self, id: u64, answer: Answer) -> Result<(), Error> {
        self.inbox.answer(id, answer)
    }

    pub fn close(&self, timeout: Duration) -> Result<(), Error> {
        let (app, name) = (self.at.app.clone(), self.inbox.name().to_string());
        block(&self.at.tokio, timeout, async move {
            app.unregister_agent(&name).await
        })
    }
}
