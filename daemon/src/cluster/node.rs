//! The node shell around [`super::membership`]: a `ractor_cluster` node server
//! (cookie handshake, optional mutual TLS), connections to the seeds and to
//! every peer learnt from them (retried with backoff), and a member actor in a
//! process group on each node that carries the heartbeats over those sessions.
//!
//! What `ractor_cluster` lacks and this adds: dead-peer detection (a session
//! to a stopped process stays open; heartbeats with a deadline notice it),
//! reconnection, incarnations.

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ractor::{Actor, ActorProcessingErr, ActorRef};
use ractor_cluster::{
    IncomingEncryptionMode, NodeEventSubscription, NodeServer, NodeServerMessage,
    RactorClusterMessage,
};
use tokio::sync::{mpsc, watch};

use super::config::ClusterConfig;
use super::membership::{Beat, Change, View};

/// The process group every node's member actor joins.
const GROUP: &str = "hms.cluster.members";

/// Reconnection backoff: from this, doubling, up to `MAX_BACKOFF`.
const MIN_BACKOFF: Duration = Duration::from_millis(200);
const MAX_BACKOFF: Duration = Duration::from_secs(5);

/// What crosses between the member actors of two nodes.
#[derive(RactorClusterMessage)]
pub enum MemberMsg {
    /// A [`Beat`] as JSON.
    Beat(Vec<u8>),
}

/// A running node: its view of the cluster and what the API reports.
pub struct Node {
    pub config: ClusterConfig,
    pub view: Mutex<View>,
    /// Sessions by `ractor_cluster` node id.
    sessions: Mutex<HashMap<u64, Session>>,
    /// Connections closed before they authenticated (wrong cookie or certificate).
    pub refused: std::sync::atomic::AtomicU64,
    /// Where each target address stands (seeds and peers learnt).
    dials: Mutex<BTreeMap<String, Dial>>,
}

#[derive(Clone, Debug)]
struct Session {
    peer_addr: String,
    name: Option<String>,
    /// The peer's listener (`host:port`), once it said its name.
    listens_on: Option<String>,
    authenticated: bool,
}

#[derive(Debug)]
struct Dial {
    next: Instant,
    backoff: Duration,
    /// The last failure was logged (so each outage is logged once).
    logged: bool,
}

impl Node {
    /// Starts the node server, the member actor, the dialer and the heartbeat.
    pub async fn start(
        config: ClusterConfig,
        http: SocketAddr,
        actors: Vec<String>,
        stopping: watch::Receiver<bool>,
    ) -> Result<Arc<Node>, String> {
        let cookie = config.cookie()?;
        let encryption = match &config.tls {
            Some(tls) => IncomingEncryptionMode::Tls(super::tls::acceptor(tls)?),
            None => IncomingEncryptionMode::Raw,
        };
        let connector = config.tls.as_ref().map(super::tls::connector).transpose()?;
        let incarnation = crate::journal::now_ms().max(1) as u64;
        let now = Instant::now();
        let mut view = View::new(
            &config.node,
            incarnation,
            &config.listen.to_string(),
            &http.to_string(),
            Duration::from_millis(config.down_after_ms),
            now,
        );
        view.actors = actors;
        let node = Arc::new(Node {
            view: Mutex::new(view),
            sessions: Mutex::default(),
            refused: Default::default(),
            dials: Mutex::default(),
            config,
        });
        // The node server is bound before this returns: a port in use is an error now.
        std::net::TcpListener::bind(node.config.listen).map_err(|e| {
            format!(
                "cluster.listen: cannot listen on {}: {e}",
                node.config.listen
            )
        })?;
        let server = NodeServer::new(
            node.config.listen.port(),
            cookie,
            node.config.node.clone(),
            node.config.listen.ip().to_string(),
            Some(encryption),
            Some(ractor_cluster::node::NodeConnectionMode::Isolated),
        )
        .with_listen_addr(node.config.listen.ip());
        let (server, _) = Actor::spawn(None, server, ())
            .await
            .map_err(|e| format!("cluster: the node server did not start: {e}"))?;
        let (events_tx, events) = mpsc::unbounded_channel();
        server
            .cast(NodeServerMessage::SubscribeToEvents {
                id: "hms.cluster".into(),
                subscription: Box::new(Events(events_tx)),
            })
            .map_err(|e| format!("cluster: {e}"))?;
        Actor::spawn(None, Member, node.clone())
            .await
            .map_err(|e| format!("cluster: the member actor did not start: {e}"))?;
        tokio::spawn(follow_sessions(node.clone(), events));
        tokio::spawn(heartbeat(node.clone(), stopping.clone()));
        tokio::spawn(dial(node.clone(), server.clone(), connector, stopping));
        tracing::info!(
            node = %node.config.node,
            listen = %node.config.listen,
            incarnation,
            tls = node.config.tls.is_some(),
            "cluster node started"
        );
        Ok(node)
    }

    fn view(&self) -> std::sync::MutexGuard<'_, View> {
        self.view.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn sessions(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Session>> {
        self.sessions.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn record(&self, changes: Vec<Change>) {
        for change in changes {
            match change {
                Change::Joined { node, incarnation } => {
                    tracing::info!(peer = %node, incarnation, "cluster: node joined");
                }
                Change::Rejoined { node, from, to } => {
                    tracing::info!(peer = %node, from, to, "cluster: node rejoined under a new incarnation");
                }
                Change::Down {
                    node,
                    incarnation,
                    reason,
                } => {
                    tracing::warn!(peer = %node, incarnation, %reason, "cluster: node down");
                }
                Change::Reincarnated { from, to, why } => {
                    tracing::warn!(from, to, %why, "cluster: this node takes a new incarnation");
                }
            }
        }
    }

    /// The beats' JSON, decoded and applied.
    fn on_beat(&self, bytes: &[u8]) {
        let beat: Beat = match serde_json::from_slice(bytes) {
            Ok(b) => b,
            Err(e) => {
                tracing::warn!("cluster: a heartbeat that does not decode: {e}");
                return;
            }
        };
        {
            let mut dials = self.dials.lock().unwrap_or_else(|e| e.into_inner());
            let me = self.config.listen.to_string();
            let learnt = std::iter::once(&beat.cluster_addr).chain(beat.up.iter().map(|(_, a)| a));
            for addr in learnt {
                if *addr != me && !dials.contains_key(addr) {
                    dials.insert(addr.clone(), Dial::now());
                }
            }
        }
        let changes = self.view().on_beat(&beat, Instant::now());
        self.record(changes);
    }

    /// The JSON `GET /v1/cluster` answers.
    pub fn report(&self) -> serde_json::Value {
        let now = Instant::now();
        let view = self.view();
        let mut nodes = vec![serde_json::json!({
            "node": view.me,
            "self": true,
            "state": "up",
            "incarnation": view.incarnation,
            "cluster_addr": view.cluster_addr,
            "http": view.http,
            "actors": view.actors,
        })];
        for (name, p) in &view.peers {
            let mut entry = serde_json::json!({
                "node": name,
                "self": false,
                "incarnation": p.incarnation,
                "cluster_addr": p.cluster_addr,
                "http": p.http,
                "last_heard_ms": now.saturating_duration_since(p.last_seen).as_millis() as u64,
                "since_ms": now.saturating_duration_since(p.since).as_millis() as u64,
                "rejoins": p.rejoins,
                "actors": p.actors,
            });
            let state = serde_json::to_value(&p.state).unwrap_or_default();
            if let (Some(entry), Some(state)) = (entry.as_object_mut(), state.as_object()) {
                entry.extend(state.clone());
            }
            nodes.push(entry);
        }
        let sessions = self.sessions();
        let mut connections: Vec<serde_json::Value> = sessions
            .values()
            .map(|s| {
                serde_json::json!({
                    "peer": s.name, "peer_addr": s.peer_addr, "authenticated": s.authenticated,
                })
            })
            .collect();
        connections.sort_by_key(|c| c.to_string());
        serde_json::json!({
            "clustered": true,
            "node": view.me,
            "incarnation": view.incarnation,
            "heartbeat_ms": self.config.heartbeat_ms,
            "down_after_ms": self.config.down_after_ms,
            "tls": self.config.tls.is_some(),
            "refused_connections": self.refused.load(std::sync::atomic::Ordering::Relaxed),
            "nodes": nodes,
            "connections": connections,
        })
    }
}

impl Dial {
    fn now() -> Self {
        Self {
            next: Instant::now(),
            backoff: MIN_BACKOFF,
            logged: false,
        }
    }
}

/// The member actor: receives the peers' heartbeats.
struct Member;

impl Actor for Member {
    type Msg = MemberMsg;
    type State = Arc<Node>;
    type Arguments = Arc<Node>;

    async fn pre_start(
        &self,
        myself: ActorRef<MemberMsg>,
        node: Arc<Node>,
    ) -> Result<Arc<Node>, ActorProcessingErr> {
        ractor::pg::join(GROUP.to_string(), vec![myself.get_cell()]);
        Ok(node)
    }

    async fn handle(
        &self,
        _myself: ActorRef<MemberMsg>,
        msg: MemberMsg,
        node: &mut Arc<Node>,
    ) -> Result<(), ActorProcessingErr> {
        match msg {
            MemberMsg::Beat(bytes) => node.on_beat(&bytes),
        }
        Ok(())
    }
}

/// Every `heartbeat_ms`: declare silent peers down, then beat to every remote member.
async fn heartbeat(node: Arc<Node>, mut stopping: watch::Receiver<bool>) {
    let every = Duration::from_millis(node.config.heartbeat_ms);
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = ticks.tick() => {}
            _ = stopping.wait_for(|s| *s) => return,
        }
        let (changes, beat) = {
            let mut view = node.view();
            let changes = view.tick(Instant::now());
            (changes, view.beat())
        };
        node.record(changes);
        let Ok(bytes) = serde_json::to_vec(&beat) else {
            continue;
        };
        for cell in ractor::pg::get_members(&GROUP.to_string()) {
            if !cell.get_id().is_local() {
                let _ = ActorRef::<MemberMsg>::from(cell).cast(MemberMsg::Beat(bytes.clone()));
            }
        }
    }
}

/// Connects to every seed and learnt peer that has no session, each with its
/// own backoff; logs each outage once and the recovery.
async fn dial(
    node: Arc<Node>,
    server: ActorRef<NodeServerMessage>,
    tls: Option<tokio_rustls::TlsConnector>,
    mut stopping: watch::Receiver<bool>,
) {
    {
        let mut dials = node.dials.lock().unwrap_or_else(|e| e.into_inner());
        for seed in &node.config.seeds {
            dials.insert(seed.clone(), Dial::now());
        }
    }
    let me = node.config.listen;
    loop {
        tokio::select! {
            _ = tokio::time::sleep(MIN_BACKOFF) => {}
            _ = stopping.wait_for(|s| *s) => return,
        }
        let connected: Vec<SocketAddr> = {
            let sessions = node.sessions();
            sessions
                .values()
                .flat_map(|s| {
                    [
                        s.listens_on.as_deref(),
                        (!s.authenticated).then_some(s.peer_addr.as_str()),
                    ]
                })
                .flatten()
                .filter_map(|a| a.parse().ok())
                .collect()
        };
        let due: Vec<String> = {
            let now = Instant::now();
            let dials = node.dials.lock().unwrap_or_else(|e| e.into_inner());
            dials
                .iter()
                .filter(|(_, d)| d.next <= now)
                .map(|(a, _)| a.clone())
                .collect()
        };
        for target in due {
            let addrs: Vec<SocketAddr> = match tokio::net::lookup_host(&target).await {
                Ok(a) => a.collect(),
                Err(e) => {
                    failed(&node, &target, &format!("cannot resolve: {e}"));
                    continue;
                }
            };
            if addrs.contains(&me) {
                node.dials
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .remove(&target);
                continue;
            }
            if addrs.iter().any(|a| connected.contains(a)) {
                succeeded(&node, &target);
                continue;
            }
            let result = match &tls {
                None => ractor_cluster::client_connect(&server, addrs[0]).await,
                Some(connector) => {
                    let name = node
                        .config
                        .tls
                        .as_ref()
                        .map(|t| t.server_name.clone())
                        .unwrap_or_default();
                    match rustls_pki_types::ServerName::try_from(name) {
                        Ok(name) => {
                            ractor_cluster::client_connect_enc(
                                &server,
                                addrs[0],
                                connector.clone(),
                                name,
                            )
                            .await
                        }
                        Err(e) => {
                            failed(&node, &target, &format!("cluster.tls.server_name: {e}"));
                            continue;
                        }
                    }
                }
            };
            match result {
                Ok(()) => {
                    // The handshake goes on in the session; the next round sees it.
                    let mut dials = node.dials.lock().unwrap_or_else(|e| e.into_inner());
                    if let Some(d) = dials.get_mut(&target) {
                        d.next = Instant::now() + d.backoff;
                        d.backoff = (d.backoff * 2).min(MAX_BACKOFF);
                    }
                }
                Err(e) => failed(&node, &target, &e.to_string()),
            }
        }
    }
}

fn failed(node: &Node, target: &str, why: &str) {
    let mut dials = node.dials.lock().unwrap_or_else(|e| e.into_inner());
    let d = dials.entry(target.to_string()).or_insert_with(Dial::now);
    if !d.logged {
        tracing::warn!(%target, "cluster: cannot connect (retrying with backoff): {why}");
        d.logged = true;
    }
    d.next = Instant::now() + d.backoff;
    d.backoff = (d.backoff * 2).min(MAX_BACKOFF);
}

fn succeeded(node: &Node, target: &str) {
    let mut dials = node.dials.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(d) = dials.get_mut(target) {
        if d.logged {
            tracing::info!(%target, "cluster: connected again");
        }
        *d = Dial {
            next: Instant::now() + MIN_BACKOFF,
            backoff: MIN_BACKOFF,
            logged: false,
        };
    }
}

/// Node server events, handed to [`follow_sessions`] (the subscription's
/// methods must not block the node server).
enum Event {
    Opened(u64, String),
    Authenticated(u64, Option<(String, String)>),
    Closed(u64),
}

struct Events(mpsc::UnboundedSender<Event>);

impl NodeEventSubscription for Events {
    fn node_session_opened(&self, ses: ractor_cluster::node::NodeServerSessionInformation) {
        let _ = self.0.send(Event::Opened(ses.node_id, ses.peer_addr));
    }

    fn node_session_disconnected(&self, ses: ractor_cluster::node::NodeServerSessionInformation) {
        let _ = self.0.send(Event::Closed(ses.node_id));
    }

    fn node_session_authenticated(&self, ses: ractor_cluster::node::NodeServerSessionInformation) {
        // ractor_cluster names a node `name@host`; the cluster knows it as `name`.
        let name = ses.peer_name.map(|n| {
            let short = n.name.split('@').next().unwrap_or_default().to_string();
            (short, n.connection_string)
        });
        let _ = self.0.send(Event::Authenticated(ses.node_id, name));
    }
}

async fn follow_sessions(node: Arc<Node>, mut events: mpsc::UnboundedReceiver<Event>) {
    while let Some(event) = events.recv().await {
        match event {
            Event::Opened(id, peer_addr) => {
                node.sessions().insert(
                    id,
                    Session {
                        peer_addr,
                        name: None,
                        listens_on: None,
                        authenticated: false,
                    },
                );
            }
            Event::Authenticated(id, name) => {
                if let Some(s) = node.sessions().get_mut(&id) {
                    s.authenticated = true;
                    if let Some((name, listens_on)) = name {
                        s.name = Some(name);
                        s.listens_on = Some(listens_on);
                    }
                }
            }
            Event::Closed(id) => {
                let Some(s) = node.sessions().remove(&id) else {
                    continue;
                };
                if !s.authenticated {
                    node.refused
                        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    tracing::warn!(
                        peer_addr = %s.peer_addr,
                        "cluster: connection refused: it closed before authenticating \
                         (a wrong cookie or certificate, or not an hms node)"
                    );
                    continue;
                }
                let Some(name) = s.name else { continue };
                // Down only when no other session to that node is left (a
                // duplicate connection closing is not a node leaving).
                let other = node
                    .sessions()
                    .values()
                    .any(|o| o.authenticated && o.name.as_deref() == Some(name.as_str()));
                if !other {
                    let changes = node.view().on_disconnect(&name, Instant::now());
                    node.record(changes);
                }
            }
        }
    }
}
