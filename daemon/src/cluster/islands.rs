//! The genetic engine's islands across the cluster. As owner, a node places
//! each island of its engine (`[cluster] islands`): here, on a named node, or
//! on any node that is up, fewest islands first; the island stays a child of
//! this node's tree and its epochs run there. As host, a node runs the epochs
//! other nodes send, for an owner it holds up under the incarnation the work
//! names: work from an owner it declared down is refused, so an island
//! restarted elsewhere never runs twice; and what it hosted for an owner is
//! forgotten when that owner goes down or this node takes a new incarnation.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use futures::future::BoxFuture;
use futures::FutureExt;
use hms_actors::genetic::actor::MAX_WORK;
use hms_actors::genetic::island::Island;
use hms_actors::genetic::placement::{Host, Placer};
use hms_actors::genetic::problem::Problem;
use hms_actors::genetic::remote::{EpochDone, EpochWork};
use hms_actors::offload::offload;
use hms_runtime::Error;
use serde::{Deserialize, Serialize};

use super::membership::PeerState;
use super::node::{MemberMsg, Node};

/// `ractor_cluster` frames are at most 16 MiB; work and answers stay under this.
const MAX_WORK_BYTES: usize = 15 * 1024 * 1024;

/// Runs of other nodes whose problem this node keeps (a problem can be large).
const PROBLEMS_KEPT: usize = 8;

/// Where this node's islands go (`[cluster] islands`).
#[derive(Clone, Debug, PartialEq)]
pub enum IslandPlacement {
    /// Every island here (the default).
    Local,
    /// Spread over the nodes that are up, this one included.
    Any,
    /// On that node while it is up; elsewhere (as `Any`) while it is not.
    Node(String),
}

impl IslandPlacement {
    pub fn parse(text: &str) -> Self {
        match text {
            "local" => IslandPlacement::Local,
            "any" => IslandPlacement::Any,
            node => IslandPlacement::Node(node.to_string()),
        }
    }
}

/// What a node keeps of islands, as owner and as host.
#[derive(Default)]
pub struct Islands {
    /// Where this node's islands run: index → node (this one included).
    placed: Mutex<BTreeMap<usize, String>>,
    /// Islands this node hosts for others: (owner, island) → what it ran last.
    guests: Mutex<BTreeMap<(String, usize), Guest>>,
    /// Problems of other nodes' runs: (owner, its incarnation, run).
    problems: Mutex<VecDeque<(ProblemKey, Arc<dyn Problem>)>>,
    /// Nodes whose session failed an epoch (node → its incarnation, when):
    /// not chosen again under that incarnation for a while, so a restarted
    /// island does not land on a node whose loss is not declared yet.
    suspect: Mutex<HashMap<String, (u64, Instant)>>,
}

type ProblemKey = (String, u64, u64);

#[derive(Clone, Debug)]
struct Guest {
    owner_incarnation: u64,
    run: u64,
    epoch: usize,
    running: bool,
    at: Instant,
}

/// An epoch sent by its owner.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct GuestWork {
    owner: String,
    owner_incarnation: u64,
    /// The host's incarnation the island was placed on.
    host_incarnation: u64,
    work: EpochWork,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Islands {
    /// Forgets what this node hosted for `owner` (all owners: `None`).
    pub fn forget(&self, owner: Option<&str>) {
        let keep = |o: &str| owner.is_some_and(|gone| gone != o);
        lock(&self.guests).retain(|(o, _), _| keep(o));
        lock(&self.problems).retain(|((o, _, _), _)| keep(o));
    }

    /// `GET /v1/cluster`'s `islands` (where this node's run) and `guests`.
    pub fn report(&self) -> (serde_json::Value, serde_json::Value) {
        let placed: Vec<serde_json::Value> = lock(&self.placed)
            .iter()
            .map(|(i, node)| serde_json::json!({"island": Island::name(*i), "node": node}))
            .collect();
        let now = Instant::now();
        let guests: Vec<serde_json::Value> = lock(&self.guests)
            .iter()
            .map(|((owner, i), g)| {
                serde_json::json!({
                    "owner": owner, "owner_incarnation": g.owner_incarnation,
                    "island": Island::name(*i), "run": g.run, "epoch": g.epoch,
                    "running": g.running,
                    "last_ms": now.saturating_duration_since(g.at).as_millis() as u64,
                })
            })
            .collect();
        (placed.into(), guests.into())
    }
}

/// Chooses hosts for this node's islands.
pub struct IslandPlacer {
    pub node: Arc<Node>,
    pub placement: IslandPlacement,
}

impl Placer for IslandPlacer {
    fn place(&self, index: usize) -> Option<Arc<dyn Host>> {
        let (me, up) = {
            let view = self.node.view();
            let suspect = lock(&self.node.islands.suspect);
            let trusted = |n: &String, incarnation: u64| {
                suspect.get(n).is_none_or(|(at, since)| {
                    *at != incarnation || since.elapsed() > self.node.suspect_for()
                })
            };
            let up: BTreeMap<String, u64> = view
                .peers
                .iter()
                .filter(|(n, p)| p.state == PeerState::Up && trusted(n, p.incarnation))
                .map(|(n, p)| (n.clone(), p.incarnation))
                .collect();
            (view.me.clone(), up)
        };
        let mut placed = lock(&self.node.islands.placed);
        placed.remove(&index);
        let chosen = match &self.placement {
            IslandPlacement::Local => return None,
            IslandPlacement::Node(n) if *n == me || up.contains_key(n) => n.clone(),
            IslandPlacement::Node(_) | IslandPlacement::Any => {
                // Fewest islands first, starting the scan at the island's own
                // turn so that equal counts spread (a, b, c, a, ...).
                let mut candidates: Vec<&String> = up.keys().chain([&me]).collect();
                candidates.sort();
                candidates.dedup();
                let count = |n: &str| placed.values().filter(|p| *p == n).count();
                let start = index % candidates.len();
                (0..candidates.len())
                    .map(|k| candidates[(start + k) % candidates.len()])
                    .min_by_key(|n| count(n))
                    .cloned()
                    .unwrap_or_else(|| me.clone())
            }
        };
        placed.insert(index, chosen.clone());
        if chosen == me {
            return None;
        }
        Some(Arc::new(RemoteHost {
            incarnation: up[&chosen],
            name: chosen,
            node: self.node.clone(),
        }))
    }

    fn unplace(&self, index: usize) {
        lock(&self.node.islands.placed).remove(&index);
    }
}

/// Another node, as an island's host.
struct RemoteHost {
    node: Arc<Node>,
    name: String,
    /// The incarnation the island was placed on: a newer one is a loss.
    incarnation: u64,
}

impl Host for RemoteHost {
    fn node(&self) -> &str {
        &self.name
    }

    fn run(
        &self,
        work: EpochWork,
        timeout: Duration,
    ) -> BoxFuture<'static, Result<EpochDone, Error>> {
        let (node, to) = (self.node.clone(), self.name.clone());
        let placed_on = self.incarnation;
        async move {
            let (owner, owner_incarnation) = {
                let view = node.view();
                let now_at = view.peers.get(&to).map(|p| p.incarnation);
                if now_at != Some(placed_on) {
                    return Err(Error::actor_down(format!(
                        "node {to} is no longer the incarnation the island was placed on"
                    )));
                }
                (view.me.clone(), view.incarnation)
            };
            let island = work.island;
            let bytes = serde_json::to_vec(&GuestWork {
                owner,
                owner_incarnation,
                host_incarnation: placed_on,
                work,
            })
            .map_err(|e| Error::internal(e.to_string()))?;
            if bytes.len() > MAX_WORK_BYTES {
                return Err(Error::validation(
                    "options",
                    format!(
                        "island {island}'s epoch is {} bytes; nodes exchange at most {MAX_WORK_BYTES}: \
                         a smaller run, or islands = \"local\"",
                        bytes.len()
                    ),
                ));
            }
            let answer = node
                .rpc(&to, timeout, |port| MemberMsg::Work(bytes, port))
                .await
                .inspect_err(|e| {
                    if e.kind() == hms_runtime::ErrorKind::ActorDown {
                        lock(&node.islands.suspect).insert(to.clone(), (placed_on, Instant::now()));
                    }
                })?;
            serde_json::from_slice::<Result<EpochDone, Error>>(&answer).map_err(|e| {
                Error::internal(format!("node {to} answered an epoch with what does not decode: {e}"))
            })?
        }
        .boxed()
    }

    fn lost(&self) -> BoxFuture<'static, ()> {
        let (node, name, incarnation) = (self.node.clone(), self.name.clone(), self.incarnation);
        async move { node.lost(&name, incarnation).await }.boxed()
    }
}

impl Node {
    /// How long a node whose session failed an epoch is not chosen (under
    /// the same incarnation): long enough for its loss to be declared.
    fn suspect_for(&self) -> Duration {
        Duration::from_millis(self.config.down_after_ms * 2)
    }

    /// Runs an epoch another node sent, and answers `Result<EpochDone, Error>`.
    pub(super) fn serve_work(
        self: &Arc<Self>,
        request: Vec<u8>,
        reply: ractor::RpcReplyPort<Vec<u8>>,
    ) {
        let node = self.clone();
        tokio::spawn(async move {
            let answer = node.host(request).await;
            let bytes = serde_json::to_vec(&answer).unwrap_or_default();
            let bytes = if bytes.len() > MAX_WORK_BYTES {
                serde_json::to_vec(&Err::<EpochDone, _>(Error::validation(
                    "options",
                    format!(
                        "the epoch's answer is {} bytes, over {MAX_WORK_BYTES}",
                        bytes.len()
                    ),
                )))
                .unwrap_or_default()
            } else {
                bytes
            };
            let _ = reply.send(bytes);
        });
    }

    async fn host(&self, request: Vec<u8>) -> Result<EpochDone, Error> {
        let g: GuestWork = serde_json::from_slice(&request)
            .map_err(|e| Error::validation("", format!("an epoch from another node: {e}")))?;
        self.may_host(&g)?;
        let w = &g.work;
        let key = (g.owner.clone(), g.owner_incarnation, w.run);
        let guest = (g.owner.clone(), w.island);
        let problem = self.problem(&g, &key).await?;
        // The bound the owner's engine applies to a whole run, here per epoch.
        let work =
            w.ga.population as u128 * (w.generations as u128 + 1) * problem.arity().len() as u128;
        if work > MAX_WORK {
            return Err(Error::validation(
                "options",
                format!("an epoch of {work} gene evaluations exceeds {MAX_WORK}"),
            ));
        }
        {
            // Checked again under the lock `forget` takes: an owner declared
            // down meanwhile gets no guest entry back.
            let mut guests = lock(&self.islands.guests);
            self.may_host(&g)?;
            guests.insert(
                guest.clone(),
                Guest {
                    owner_incarnation: g.owner_incarnation,
                    run: w.run,
                    epoch: w.epoch,
                    running: true,
                    at: Instant::now(),
                },
            );
        }
        let work = g.work;
        let done = offload(move || work.run(problem.as_ref()))
            .await
            .map_err(|e| Error::validation(e.path.clone(), e.to_string()));
        if let Some(entry) = lock(&self.islands.guests).get_mut(&guest) {
            entry.running = false;
            entry.at = Instant::now();
        }
        done
    }

    /// Whether this node may run `g` now. Never twice: not if this node is
    /// no longer (or may no longer be) the incarnation the island was placed
    /// on, nor for an owner it holds down or knows a newer run of — that
    /// island was restarted elsewhere. An owner it has not heard under this
    /// incarnation yet (its heartbeat is on the way) is `unavailable`: the
    /// island asks again.
    fn may_host(&self, g: &GuestWork) -> Result<(), Error> {
        let view = self.view();
        if g.host_incarnation != view.incarnation || view.stalled(Instant::now()) {
            return Err(Error::actor_down(format!(
                "node {} is no longer the incarnation {} the island was placed on",
                view.me, g.host_incarnation
            )));
        }
        match view.peers.get(&g.owner) {
            Some(p) if p.incarnation == g.owner_incarnation && p.state == PeerState::Up => Ok(()),
            Some(p) if p.incarnation > g.owner_incarnation => Err(Error::actor_down(format!(
                "node {} runs as incarnation {} now, not {}",
                g.owner, p.incarnation, g.owner_incarnation
            ))),
            _ => Err(Error::unavailable(format!(
                "node {} (incarnation {}) is not up here yet",
                g.owner, g.owner_incarnation
            ))),
        }
    }

    /// The run's problem: kept from an earlier epoch, or built from the work's description.
    async fn problem(&self, g: &GuestWork, key: &ProblemKey) -> Result<Arc<dyn Problem>, Error> {
        let kept = |problems: &VecDeque<(ProblemKey, Arc<dyn Problem>)>| {
            problems
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, p)| p.clone())
        };
        if let Some(p) = kept(&lock(&self.islands.problems)) {
            return Ok(p);
        }
        let Some(spec) = g.work.spec.clone() else {
            return Err(Error::not_found(format!(
                "no problem here for run {} of node {}: send it again",
                key.2, key.0
            )));
        };
        let built = offload(move || spec.build())
            .await
            .map_err(|e| Error::validation(format!("spec.{}", e.path), e.to_string()))?;
        let mut problems = lock(&self.islands.problems);
        // Another island of the run may have built it meanwhile: keep one.
        if let Some(p) = kept(&problems) {
            return Ok(p);
        }
        self.may_host(g)?;
        if problems.len() >= PROBLEMS_KEPT {
            problems.pop_front();
        }
        problems.push_back((key.clone(), built.clone()));
        Ok(built)
    }
}
