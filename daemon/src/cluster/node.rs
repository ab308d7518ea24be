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

use hms_actors::app::journal::JournalFact;
use hms_actors::app::App;
use hms_runtime::Error;

use super::config::ClusterConfig;
use super::membership::{Beat, Change, View};

/// The process group every node's member actor joins.
const GROUP: &str = "hms.cluster.members";

/// A refusal from one address is logged at most this often (all are counted).
const REFUSAL_LOG_EVERY: Duration = Duration::from_secs(60);

/// The longest a call from another node may run here.
const MAX_REMOTE_MS: u64 = 300_000;

/// Reconnection backoff: from this, doubling, up to `MAX_BACKOFF`.
const MIN_BACKOFF: Duration = Duration::from_millis(200);
const MAX_BACKOFF: Duration = Duration::from_secs(5);

/// What crosses between the member actors of two nodes.
#[derive(RactorClusterMessage)]
pub enum MemberMsg {
    /// A [`Beat`] as JSON.
    Beat(Vec<u8>),
    /// A [`Remote`] call as JSON; the answer is a [`Answered`] as JSON.
    #[rpc]
    Call(Vec<u8>, ractor::RpcReplyPort<Vec<u8>>),
    /// An island's epoch as JSON (`islands.rs`); the answer is its result as JSON.
    #[rpc]
    Work(Vec<u8>, ractor::RpcReplyPort<Vec<u8>>),
}

/// A call another node runs in its tree for this one.
#[derive(serde::Deserialize, serde::Serialize)]
struct Remote {
    actor: String,
    message: serde_json::Value,
    timeout_ms: u64,
    /// The request carried the token at the node it came in through.
    authorized: bool,
}

/// Its answer: the reply and the facts to journal, or the error.
#[derive(serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
enum Answered {
    Reply {
        reply: serde_json::Value,
        facts: Vec<(String, String, serde_json::Value)>,
    },
    Error(Error),
}

/// A running node: its view of the cluster and what the API reports.
pub struct Node {
    pub config: ClusterConfig,
    /// The tree this node runs calls from other nodes in.
    app: App,
    pub view: Mutex<View>,
    /// Sessions by `ractor_cluster` node id.
    sessions: Mutex<HashMap<u64, Session>>,
    /// Connections closed before they authenticated (wrong cookie or certificate).
    pub refused: std::sync::atomic::AtomicU64,
    /// Where each target address stands (seeds and peers learnt).
    dials: Mutex<BTreeMap<String, Dial>>,
    /// When a refusal from each address was last logged.
    refusals_logged: Mutex<HashMap<String, Instant>>,
    /// Islands placed elsewhere and hosted here.
    pub(super) islands: super::islands::Islands,
}

#[derive(Clone, Debug)]
struct Session {
    actor: ActorRef<ractor_cluster::NodeSessionMessage>,
    opened: Instant,
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
    /// A dial is under way.
    dialing: bool,
}

impl Node {
    /// Starts the node server, the member actor, the dialer and the heartbeat.
    pub async fn start(
        config: ClusterConfig,
        http: SocketAddr,
        app: App,
        stopping: watch::Receiver<bool>,
    ) -> Result<Arc<Node>, String> {
        let actors = app.runtime().names();
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
            refusals_logged: Mutex::default(),
            islands: Default::default(),
            app,
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

    /// A session that closed before it authenticated: a duplicate of one to
    /// the same node (two nodes dialing each other at once) is not counted; a
    /// refusal is, and logged at most once a minute per address.
    fn refusal(&self, s: &Session) {
        let duplicate = s.name.as_deref().is_some_and(|name| {
            self.sessions()
                .values()
                .any(|o| o.authenticated && o.name.as_deref() == Some(name))
        });
        if duplicate {
            tracing::debug!(peer_addr = %s.peer_addr, "cluster: a duplicate connection closed");
            return;
        }
        self.refused
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let ip = s
            .peer_addr
            .rsplit_once(':')
            .map_or(s.peer_addr.as_str(), |(ip, _)| ip)
            .to_string();
        let mut logged = self
            .refusals_logged
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        let due = logged
            .get(&ip)
            .is_none_or(|at| now.duration_since(*at) >= REFUSAL_LOG_EVERY);
        if due {
            if logged.len() >= 1024 {
                logged.retain(|_, at| now.duration_since(*at) < REFUSAL_LOG_EVERY);
            }
            logged.insert(ip, now);
            tracing::warn!(
                peer_addr = %s.peer_addr,
                refused = self.refused.load(std::sync::atomic::Ordering::Relaxed),
                "cluster: connection refused: it closed before authenticating \
                 (a wrong cookie or certificate, or not an hms node)"
            );
        }
    }

    /// Closes sessions that never authenticated within the deadline, and those
    /// to a node down for three deadlines (a crashed host's session stays open
    /// without keepalives; closing it lets the node's next run connect afresh).
    /// Returns the addresses the sessions left stand for: each peer's listener
    /// and the address dialed (a seed may be an alias: a name, a proxy).
    fn tidy_sessions(&self, deadline: Duration) -> Vec<SocketAddr> {
        let now = Instant::now();
        let long_down: Vec<String> = self
            .view()
            .peers
            .iter()
            .filter(|(_, p)| {
                p.state != super::membership::PeerState::Up
                    && now.duration_since(p.since) > deadline * 3
            })
            .map(|(n, _)| n.clone())
            .collect();
        let mut sessions = self.sessions();
        let mut addrs = vec![];
        for s in sessions.values_mut() {
            let stale = !s.authenticated && now.duration_since(s.opened) > deadline;
            let gone = s.name.as_ref().is_some_and(|n| long_down.contains(n));
            if stale || gone {
                s.actor.stop(Some(
                    if stale {
                        "handshake timeout"
                    } else {
                        "node down"
                    }
                    .into(),
                ));
                continue;
            }
            addrs.extend(
                s.listens_on
                    .iter()
                    .chain([&s.peer_addr])
                    .filter_map(|a| a.parse::<SocketAddr>().ok()),
            );
        }
        addrs
    }

    pub(super) fn view(&self) -> std::sync::MutexGuard<'_, View> {
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
                    self.islands.forget(Some(&node));
                    tracing::info!(peer = %node, from, to, "cluster: node rejoined under a new incarnation");
                }
                Change::Down {
                    node,
                    incarnation,
                    reason,
                } => {
                    // Its islands restart at their owner's: what ran here for it is void.
                    self.islands.forget(Some(&node));
                    tracing::warn!(peer = %node, incarnation, %reason, "cluster: node down");
                }
                Change::Reincarnated { from, to, why } => {
                    // Declared down: every island hosted here was restarted elsewhere.
                    self.islands.forget(None);
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

    /// Runs `message` on `actor` in the tree of node `to`, within `timeout`:
    /// the reply and the facts to journal here. A node that is down, or
    /// declared down while the call is in flight, ends it with `actor_down`
    /// at once; a node that does not answer in time, with `timeout`.
    pub async fn call_on(
        &self,
        to: &str,
        actor: &str,
        message: serde_json::Value,
        timeout: Duration,
        authorized: bool,
    ) -> Result<(serde_json::Value, Vec<JournalFact>), Error> {
        // The other node gets a little less time, so that it answers (or
        // gives up) before this one stops waiting and its facts are not lost.
        let margin = (timeout / 10).min(Duration::from_millis(200));
        let request = serde_json::to_vec(&Remote {
            actor: actor.into(),
            message,
            timeout_ms: timeout.saturating_sub(margin).as_millis().max(1) as u64,
            authorized,
        })
        .map_err(|e| Error::internal(e.to_string()))?;
        let bytes = self
            .rpc(to, timeout, |port| MemberMsg::Call(request, port))
            .await?;
        match serde_json::from_slice::<Answered>(&bytes) {
            Ok(Answered::Reply { reply, facts }) => {
                let facts = facts
                    .into_iter()
                    .map(|(kind, subject, data)| {
                        hms_actors::app::journal::known_kind(&kind)
                            .map(|k| JournalFact::new(k, subject, data))
                            .ok_or_else(|| {
                                Error::internal(format!(
                                    "node {to} sent a fact of unknown kind {kind:?}"
                                ))
                            })
                    })
                    .collect::<Result<_, _>>()?;
                Ok((reply, facts))
            }
            Ok(Answered::Error(e)) => Err(e),
            Err(e) => Err(Error::internal(format!(
                "node {to} answered what does not decode: {e}"
            ))),
        }
    }

    /// Sends `msg` to node `to`'s member actor and waits for the answer's
    /// bytes: `not_found` for a node not in the cluster, `actor_down` at once
    /// for one that is down or lost in flight, `timeout` past `timeout`.
    pub(super) async fn rpc(
        &self,
        to: &str,
        timeout: Duration,
        msg: impl FnOnce(ractor::RpcReplyPort<Vec<u8>>) -> MemberMsg,
    ) -> Result<Vec<u8>, Error> {
        let incarnation = match self.view().peers.get(to) {
            None => return Err(Error::not_found(format!("no node {to:?} in the cluster"))),
            Some(p) if p.state != super::membership::PeerState::Up => {
                return Err(Error::actor_down(format!("node {to} is down")))
            }
            Some(p) => p.incarnation,
        };
        let member = self
            .member_of(to)
            .ok_or_else(|| Error::actor_down(format!("node {to} has no session with this node")))?;
        let call = member.call(msg, Some(timeout));
        let answer = tokio::select! {
            r = call => r,
            () = self.lost(to, incarnation) => {
                return Err(Error::actor_down(format!("node {to} was lost with the call in flight")))
            }
        };
        match answer {
            Ok(ractor::rpc::CallResult::Success(b)) => Ok(b),
            Ok(ractor::rpc::CallResult::Timeout) => Err(Error::timeout(format!(
                "node {to} did not answer within {} ms",
                timeout.as_millis()
            ))),
            Ok(ractor::rpc::CallResult::SenderError) | Err(_) => Err(Error::actor_down(format!(
                "node {to} was lost with the call in flight"
            ))),
        }
    }

    /// The node that runs an actor named `actor`, among the peers up (the
    /// first by node name when several do), as their heartbeats list them.
    pub fn home_of(&self, actor: &str) -> Option<String> {
        self.view()
            .peers
            .iter()
            .find(|(_, p)| {
                p.state == super::membership::PeerState::Up && p.actors.iter().any(|a| a == actor)
            })
            .map(|(n, _)| n.clone())
    }

    /// The member actor of node `name`, through its session.
    fn member_of(&self, name: &str) -> Option<ActorRef<MemberMsg>> {
        let ids: Vec<u64> = self
            .sessions()
            .iter()
            .filter(|(_, s)| s.authenticated && s.name.as_deref() == Some(name))
            .map(|(id, _)| *id)
            .collect();
        ractor::pg::get_members(&GROUP.to_string())
            .into_iter()
            .find(|cell| !cell.get_id().is_local() && ids.contains(&cell.get_id().node()))
            .map(ActorRef::from)
    }

    /// Resolves once `name` is no longer up under `incarnation`.
    pub(super) async fn lost(&self, name: &str, incarnation: u64) {
        loop {
            tokio::time::sleep(Duration::from_millis(50)).await;
            let view = self.view();
            match view.peers.get(name) {
                Some(p)
                    if p.state == super::membership::PeerState::Up
                        && p.incarnation == incarnation => {}
                _ => return,
            }
        }
    }

    /// Runs a call another node sent, in this node's tree.
    fn serve(&self, request: &[u8], reply: ractor::RpcReplyPort<Vec<u8>>) {
        let app = self.app.clone();
        let request: Result<Remote, _> = serde_json::from_slice(request);
        tokio::spawn(async move {
            let answered = match request {
                Err(e) => Answered::Error(Error::validation(
                    "",
                    format!("a call from another node: {e}"),
                )),
                Ok(r)
                    if !r.authorized
                        && hms_actors::app::policy::needs_authority(
                            &r.actor,
                            &r.message,
                            &|n| app.is_agent(n),
                        ) =>
                {
                    Answered::Error(Error::unauthorized(format!(
                        "this message to {} needs the token at the node it was sent to",
                        r.actor
                    )))
                }
                Ok(r) => {
                    // Bounded like a call at this node's own door.
                    let timeout = Duration::from_millis(r.timeout_ms.clamp(1, MAX_REMOTE_MS));
                    match app.call_json_journaled(&r.actor, r.message, timeout).await {
                        Ok((reply, facts)) => Answered::Reply {
                            reply,
                            facts: facts
                                .into_iter()
                                .map(|f| (f.kind.to_string(), f.subject, f.data))
                                .collect(),
                        },
                        Err(e) => Answered::Error(e),
                    }
                }
            };
            if let Ok(bytes) = serde_json::to_vec(&answered) {
                let _ = reply.send(bytes);
            }
        });
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
        let (islands, guests) = self.islands.report();
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
            "islands_placement": self.config.islands,
            "islands": islands,
            "guests": guests,
        })
    }
}

impl Dial {
    fn now() -> Self {
        Self {
            next: Instant::now(),
            backoff: MIN_BACKOFF,
            logged: false,
            dialing: false,
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
            MemberMsg::Call(request, reply) => node.serve(&request, reply),
            MemberMsg::Work(request, reply) => node.serve_work(request, reply),
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
        let actors = node.app.runtime().names();
        let (changes, beat) = {
            let mut view = node.view();
            view.actors = actors;
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
    let deadline = Duration::from_millis(node.config.down_after_ms);
    // As often as heartbeats, but first soon: an idle cluster costs little.
    let every = Duration::from_millis(node.config.heartbeat_ms).max(MIN_BACKOFF);
    let mut first = true;
    loop {
        let wait = if std::mem::take(&mut first) {
            MIN_BACKOFF
        } else {
            every
        };
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = stopping.wait_for(|s| *s) => return,
        }
        // The node server's own list, for names the events did not carry.
        let unnamed = node.sessions().values().any(|s| s.name.is_none());
        let listed = if unnamed {
            ractor::call_t!(server, NodeServerMessage::GetSessions, 500).ok()
        } else {
            None
        };
        if let Some(listed) = listed {
            let mut sessions = node.sessions();
            for (id, ses) in &listed {
                if let (Some(s), Some((name, listens_on))) = (sessions.get_mut(id), named(ses)) {
                    s.name.get_or_insert(name);
                    s.listens_on.get_or_insert(listens_on);
                }
            }
        }
        let connected = node.tidy_sessions(deadline);
        let due: Vec<String> = {
            let now = Instant::now();
            let mut dials = node.dials.lock().unwrap_or_else(|e| e.into_inner());
            dials
                .iter_mut()
                .filter(|(_, d)| d.next <= now && !d.dialing)
                .map(|(a, d)| {
                    d.dialing = true;
                    a.clone()
                })
                .collect()
        };
        // Each target on its own, bounded by the deadline: one address that
        // drops packets, or a peer stopped mid-handshake, holds up no other.
        for target in due {
            let (node, server, tls, connected) =
                (node.clone(), server.clone(), tls.clone(), connected.clone());
            tokio::spawn(async move {
                let outcome = tokio::time::timeout(
                    deadline,
                    dial_one(&node, &server, tls.as_ref(), &target, &connected),
                )
                .await
                .unwrap_or_else(|_| {
                    Err(format!("no connection within {} ms", deadline.as_millis()))
                });
                match outcome {
                    Ok(Dialed::Connected) => succeeded(&node, &target),
                    Ok(Dialed::Opened) => opened(&node, &target),
                    Ok(Dialed::Me) => {
                        node.dials
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .remove(&target);
                    }
                    Err(why) => failed(&node, &target, &why),
                }
            });
        }
    }
}

enum Dialed {
    /// A session to it is there already.
    Connected,
    /// A connection was opened; the handshake goes on in its session.
    Opened,
    /// The address is this node's own.
    Me,
}

async fn dial_one(
    node: &Node,
    server: &ActorRef<NodeServerMessage>,
    tls: Option<&tokio_rustls::TlsConnector>,
    target: &str,
    connected: &[SocketAddr],
) -> Result<Dialed, String> {
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host(target)
        .await
        .map_err(|e| format!("cannot resolve: {e}"))?
        .collect();
    if addrs.contains(&node.config.listen) {
        return Ok(Dialed::Me);
    }
    if addrs.iter().any(|a| connected.contains(a)) {
        return Ok(Dialed::Connected);
    }
    let addr = *addrs.first().ok_or("resolves to no address")?;
    let result = match tls {
        None => ractor_cluster::client_connect(server, addr).await,
        Some(connector) => {
            let name = node
                .config
                .tls
                .as_ref()
                .map(|t| t.server_name.clone())
                .unwrap_or_default();
            let name = rustls_pki_types::ServerName::try_from(name)
                .map_err(|e| format!("cluster.tls.server_name: {e}"))?;
            ractor_cluster::client_connect_enc(server, addr, connector.clone(), name).await
        }
    };
    result.map(|()| Dialed::Opened).map_err(|e| e.to_string())
}

fn opened(node: &Node, target: &str) {
    let mut dials = node.dials.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(d) = dials.get_mut(target) {
        d.dialing = false;
        d.next = Instant::now() + d.backoff;
        d.backoff = (d.backoff * 2).min(MAX_BACKOFF);
    }
}

fn failed(node: &Node, target: &str, why: &str) {
    let mut dials = node.dials.lock().unwrap_or_else(|e| e.into_inner());
    let d = dials.entry(target.to_string()).or_insert_with(Dial::now);
    d.dialing = false;
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
            dialing: false,
        };
    }
}

/// Node server events, handed to [`follow_sessions`] (the subscription's
/// methods must not block the node server).
enum Event {
    Opened(u64, String, ActorRef<ractor_cluster::NodeSessionMessage>),
    Authenticated(u64, Option<(String, String)>),
    Closed(u64, Option<(String, String)>),
}

/// `ractor_cluster` names a node `name@host`; the cluster knows it as `name`.
/// With where it listens.
fn named(ses: &ractor_cluster::node::NodeServerSessionInformation) -> Option<(String, String)> {
    ses.peer_name.as_ref().map(|n| {
        let short = n.name.split('@').next().unwrap_or_default().to_string();
        (short, n.connection_string.clone())
    })
}

struct Events(mpsc::UnboundedSender<Event>);

impl NodeEventSubscription for Events {
    fn node_session_opened(&self, ses: ractor_cluster::node::NodeServerSessionInformation) {
        let _ = self
            .0
            .send(Event::Opened(ses.node_id, ses.peer_addr, ses.actor));
    }

    fn node_session_disconnected(&self, ses: ractor_cluster::node::NodeServerSessionInformation) {
        let _ = self.0.send(Event::Closed(ses.node_id, named(&ses)));
    }

    fn node_session_authenticated(&self, ses: ractor_cluster::node::NodeServerSessionInformation) {
        let _ = self.0.send(Event::Authenticated(ses.node_id, named(&ses)));
    }
}

async fn follow_sessions(node: Arc<Node>, mut events: mpsc::UnboundedReceiver<Event>) {
    while let Some(event) = events.recv().await {
        match event {
            Event::Opened(id, peer_addr, actor) => {
                node.sessions().insert(
                    id,
                    Session {
                        actor,
                        opened: Instant::now(),
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
            Event::Closed(id, named) => {
                let Some(mut s) = node.sessions().remove(&id) else {
                    continue;
                };
                if s.name.is_none() {
                    s.name = named.map(|(name, _)| name);
                }
                if !s.authenticated {
                    node.refusal(&s);
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
