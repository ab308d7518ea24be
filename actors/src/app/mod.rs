//! The application: the domain actors in one supervision tree, started from
//! a configuration (`App::start(AppConfig::default())` runs the embedded
//! `configs/default.toml`).

pub mod agent;
pub mod config;
pub mod coordinator;
pub mod host;
pub mod inbox;
pub mod journal;
pub mod policy;
pub mod router;
pub mod tree;

use std::time::Duration;

use futures::FutureExt;
use hms_runtime::{
    ChildSpec, Error, EventStream, ExitReason, Fault, Handle, Health, InPlace, Restart, Runtime,
    Strategy, SupervisorSpec,
};
use serde_json::Value;
use tokio::sync::broadcast;

pub use agent::{Answer, Delivery, Mailbox};
pub use config::{AppConfig, ConfigError};
pub use inbox::{Inbox, Letter};

use crate::app::config::HealerConfig;
use crate::genetic::actor::GeneticEngine;
use crate::genetic::placement::{Placement, Placer};
use crate::healer::actor::{HealerEvent, HealerShared, SelfHealer};
use crate::healer::recovery::RecoveryRecord;
use crate::prover::actor::Prover;
use agent::AgentBridge;
use coordinator::Coordinator;

/// Supervision of one agent mailbox.
#[derive(Clone, Copy, Debug)]
pub struct AgentOptions {
    /// When the bridge is restarted after the agent's handler crashes.
    pub restart: Restart,
    /// More crashes than this within `within` and the agent is removed.
    pub max_restarts: u32,
    pub within: Duration,
}

impl Default for AgentOptions {
    fn default() -> Self {
        Self {
            restart: Restart::Permanent,
            max_restarts: 3,
            within: Duration::from_secs(5),
        }
    }
}

/// A running application.
#[derive(Clone, Debug)]
pub struct App {
    rt: Runtime,
    config: AppConfig,
    healer: HealerShared,
    /// Where the genetic engine's islands run (here, until a cluster says).
    placement: Placement,
    /// The embedded runtime's journal file, when `[journal] file` is set.
    journal: Option<std::sync::Arc<journal::JournalFile>>,
}

impl std::fmt::Debug for HealerShared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HealerShared")
    }
}

impl App {
    pub async fn start(config: AppConfig) -> Result<App, Error> {
        let healer = HealerShared::default();
        let journal = match &config.journal.file {
            Some(path) => Some(std::sync::Arc::new(journal::JournalFile::open(path)?)),
            None => None,
        };
        let placement = Placement::default();
        let spec = tree::build(&config, &healer, &placement);
        let rt = Runtime::builder()
            .seed(config.runtime.seed)
            .event_capacity(config.runtime.event_capacity)
            .start("root", spec)
            .await?;
        Ok(App {
            rt,
            config,
            healer,
            placement,
            journal,
        })
    }

    /// Lets `placer` choose where islands run from their next run on (once;
    /// `false` if a placer was already set).
    pub fn place_islands(&self, placer: std::sync::Arc<dyn Placer>) -> bool {
        self.placement.set(placer)
    }

    pub fn runtime(&self) -> &Runtime {
        &self.rt
    }

    pub fn config(&self) -> &AppConfig {
        &self.config
    }

    pub fn genetic_engine(&self) -> Result<Handle<GeneticEngine>, Error> {
        self.rt.handle(GeneticEngine::NAME)
    }

    pub fn prover(&self) -> Result<Handle<Prover>, Error> {
        self.rt.handle(Prover::NAME)
    }

    pub fn self_healer(&self) -> Result<Handle<SelfHealer>, Error> {
        self.rt.handle(SelfHealer::NAME)
    }

    pub fn coordinator(&self) -> Result<Handle<Coordinator>, Error> {
        self.rt.handle(Coordinator::NAME)
    }

    /// Calls an actor by name with a JSON message (`{"type": ..., ...}`).
    pub async fn call_json(
        &self,
        name: &str,
        message: Value,
        timeout: Duration,
    ) -> Result<Value, Error> {
        match &self.journal {
            None => router::call_json(&self.rt, name, message, timeout).await,
            Some(file) => {
                let (reply, facts) =
                    router::call_json_journaled(&self.rt, name, message, timeout).await?;
                file.write(&facts)?;
                Ok(reply)
            }
        }
    }

    /// [`App::call_json`] for a caller that is not a tokio task (a foreign
    /// thread, an event loop): an idle actor answers on this thread, with no
    /// thread woken; otherwise await [`InPlace::Later`] on `tokio`. With a
    /// journal, the call goes the usual way (the journal writes on tokio).
    pub fn call_json_in_place(
        &self,
        tokio: &tokio::runtime::Handle,
        name: &str,
        message: Value,
        timeout: Duration,
    ) -> InPlace<Value> {
        if self.journal.is_some() {
            let (app, name) = (self.clone(), name.to_string());
            return InPlace::Later(
                async move { app.call_json(&name, message, timeout).await }.boxed(),
            );
        }
        router::call_json_in_place(&self.rt, tokio, name, message, timeout)
    }

    /// Like [`App::call_json`], also answering the facts the domain wants
    /// journaled (hmsd writes them before it answers).
    pub async fn call_json_journaled(
        &self,
        name: &str,
        message: Value,
        timeout: Duration,
    ) -> Result<(Value, Vec<journal::JournalFact>), Error> {
        router::call_json_journaled(&self.rt, name, message, timeout).await
    }

    /// Whether `name` is an agent mailbox registered in the tree.
    pub fn is_agent(&self, name: &str) -> bool {
        self.rt.handle::<agent::AgentBridge>(name).is_ok()
    }

    pub fn cast_json(&self, name: &str, message: Value) -> Result<(), Error> {
        router::cast_json(&self.rt, name, message)
    }

    /// Opens a mailbox named `name` in the tree; actors reach it by that name.
    pub async fn register_agent(&self, name: &str) -> Result<Mailbox, Error> {
        self.register_agent_with(name, AgentOptions::default())
            .await
    }

    pub async fn register_agent_with(
        &self,
        name: &str,
        options: AgentOptions,
    ) -> Result<Mailbox, Error> {
        // A stopped agent's name may be taken again; any other name in use may not.
        let agent = self.rt.handle::<AgentBridge>(name);
        let other = agent.is_err() && self.rt.names().iter().any(|n| n == name);
        let running = agent.is_ok_and(|h| h.is_running());
        if name.is_empty() || router::services().iter().any(|(s, _)| *s == name) || other || running
        {
            return Err(Error::validation(
                "name",
                format!("{name:?} is empty or already taken"),
            ));
        }
        let (link, mailbox) = agent::channel(name);
        let bridge = ChildSpec::worker(name.to_string(), move || AgentBridge::new(link.clone()))
            .restart(options.restart);
        let sup = SupervisorSpec::new(Strategy::OneForOne)
            .intensity(options.max_restarts, options.within)
            .child(bridge);
        let agents = self.rt.supervisor(tree::AGENTS)?;
        agents
            .start_child(
                ChildSpec::supervisor(format!("agent:{name}"), sup).restart(Restart::Temporary),
            )
            .await?;
        Ok(mailbox)
    }

    /// Closes an agent's mailbox and removes it from the tree.
    pub async fn unregister_agent(&self, name: &str) -> Result<(), Error> {
        let agents = self.rt.supervisor(tree::AGENTS)?;
        agents.terminate_child(format!("agent:{name}")).await?;
        Ok(())
    }

    pub async fn health(&self) -> Health {
        self.rt.health().await
    }

    pub fn events(&self) -> EventStream {
        self.rt.events()
    }

    /// Recoveries and healings, as the self-healer performs them.
    pub fn healer_events(&self) -> broadcast::Receiver<HealerEvent> {
        self.healer.events.subscribe()
    }

    pub fn recoveries(&self, limit: usize) -> Vec<RecoveryRecord> {
        self.healer.recent(limit)
    }

    /// Gives the self-healer new settings (thresholds, agent timeouts) from
    /// now on, kept across its restarts; `config()` still says what the tree
    /// started with. For a config reload that has checked them.
    pub fn retune_healer(&self, cfg: HealerConfig) {
        self.healer.retune(cfg);
    }

    pub fn inject_fault(&self, name: &str, fault: Fault) -> Result<(), Error> {
        self.rt.inject_fault(name, fault)
    }

    pub fn clear_faults(&self, name: &str) -> Result<(), Error> {
        self.rt.clear_faults(name)
    }

    /// Stops the tree in reverse start order.
    pub async fn shutdown(&self) -> ExitReason {
        self.rt.shutdown().await
    }
}
