//! An island of the island model as a supervised actor. Each epoch it takes
//! its immigrants, evolves, and answers with its emigrants. After each epoch
//! it saves a snapshot of its population (and generator) in a store that
//! outlives it, so an island that crashes mid-run restarts from the snapshot
//! and the retried epoch gives exactly the answer it would have.
//!
//! With a placer (`placement.rs`) the island's epochs may run on another
//! node: the island stays here as their supervised stand-in, keeps each
//! population that comes back as its snapshot, and exits with `noconnection`
//! when that node is lost, so its supervisor restarts it and the retried
//! epoch runs, from the snapshot, on a node that is up.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hms_runtime::{Context, Error, ErrorKind, ExitReason, Init, Link, Worker};

use super::ga::{GaParams, Population};
use super::placement::{Host, Placement};
use super::problem::Problem;
use super::remote::{run_epoch, to_wire, EpochOutcome, EpochWork, ProblemSpec, WirePopulation};
use crate::offload::offload;

/// One epoch of one island.
#[derive(Clone)]
pub struct Epoch {
    pub run: u64,
    pub epoch: usize,
    pub problem: Arc<dyn Problem>,
    /// How another node rebuilds `problem`; without it the epoch runs here.
    pub spec: Option<Arc<ProblemSpec>>,
    pub ga: GaParams,
    pub seed: u64,
    /// When the engine stops waiting for this epoch (a retry keeps it).
    pub deadline: Instant,
    /// The run's last epoch: after it the island is placed nowhere.
    pub last: bool,
    pub generations: u64,
    pub immigrants: Vec<(Vec<u8>, f64)>,
    pub migrants: usize,
}

#[derive(Clone, Debug)]
pub struct EpochResult {
    pub emigrants: Vec<(Vec<u8>, f64)>,
    pub best: (Vec<u8>, f64),
    /// Evaluations of this island since the run began.
    pub evaluations: u64,
}

/// Population snapshots per island: the state at the start of its two
/// latest epochs (the one it is running and the next), for the current run.
#[derive(Default)]
pub struct Snapshots(Mutex<HashMap<usize, IslandSnapshots>>);

/// A run id and the populations at the start of epochs of that run.
type IslandSnapshots = (u64, Vec<(usize, Population)>);

impl Snapshots {
    fn get(&self, island: usize, run: u64, epoch: usize) -> Option<Population> {
        let map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let (r, kept) = map.get(&island)?;
        (*r == run).then(|| {
            kept.iter()
                .find(|(e, _)| *e == epoch)
                .map(|(_, p)| p.clone())
        })?
    }

    fn put(&self, island: usize, run: u64, epoch: usize, pop: Population) {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let entry = map.entry(island).or_insert_with(|| (run, Vec::new()));
        if entry.0 != run {
            *entry = (run, Vec::new());
        }
        entry.1.retain(|(e, _)| *e + 1 >= epoch && *e != epoch);
        entry.1.push((epoch, pop));
    }
}

/// How long to wait before asking a host that did not know this node yet.
const UNAVAILABLE_RETRY: Duration = Duration::from_millis(100);

pub struct Island {
    index: usize,
    snapshots: Arc<Snapshots>,
    /// The population after the last epoch this incarnation ran.
    current: Option<(u64, usize, Population)>,
    placement: Placement,
    /// Where this run's epochs go, when not here.
    placed: Option<Placed>,
}

struct Placed {
    run: u64,
    /// `None`: this run's epochs run here.
    host: Option<Arc<dyn Host>>,
    /// The host has the run's problem.
    has_problem: bool,
    _link: Option<Link>,
}

impl Island {
    pub fn new(index: usize, snapshots: Arc<Snapshots>, placement: Placement) -> Self {
        Self {
            index,
            snapshots,
            current: None,
            placement,
            placed: None,
        }
    }

    pub fn name(index: usize) -> String {
        format!("island-{index}")
    }
}

impl Worker for Island {
    type Msg = Epoch;
    type Reply = EpochResult;

    async fn init(&mut self, _: &mut Context<Self>) -> Result<Init, Error> {
        if let Some(placer) = self.placement.get() {
            placer.unplace(self.index);
        }
        Ok(Init::Ready)
    }

    async fn handle(&mut self, e: Epoch, ctx: &mut Context<Self>) -> Result<EpochResult, Error> {
        let start = match self.current.take() {
            Some((run, epoch, pop)) if run == e.run && epoch == e.epoch => Some(pop),
            _ => match self.snapshots.get(self.index, e.run, e.epoch) {
                Some(pop) => Some(pop),
                None if e.epoch == 0 => None,
                None => {
                    return Err(Error::internal(format!(
                        "island {} has no snapshot for epoch {} of run {}",
                        self.index, e.epoch, e.run
                    )))
                }
            },
        };
        let (run, epoch, last) = (e.run, e.epoch, e.last);
        let out = match self.host_for(&e, ctx) {
            Some(host) => self.run_there(host, e, start, ctx).await?,
            None => {
                offload(move || {
                    run_epoch(
                        e.problem.as_ref(),
                        &e.ga,
                        e.seed,
                        start,
                        e.generations,
                        &e.immigrants,
                        e.migrants,
                    )
                })
                .await
            }
        };
        // The state at the start of the next epoch, kept beside this one's:
        // a crash at any point replays from one of them.
        self.snapshots
            .put(self.index, run, epoch + 1, out.population.clone());
        let result = EpochResult {
            emigrants: out.emigrants,
            best: out.best,
            evaluations: out.evaluations,
        };
        self.current = Some((run, epoch + 1, out.population));
        if last {
            // Unlinked: a host lost between runs is no concern of this island.
            self.placed = None;
        }
        Ok(result)
    }

    // An epoch replays exactly from its snapshot, so a call cut short by a
    // crash is safely retried on the restarted island.
    fn is_idempotent(_: &Epoch) -> bool {
        true
    }
}

impl Island {
    /// Where this epoch runs: the run's host, placed at its first epoch here
    /// (and linked, so losing it is this island's exit); `None` for here.
    fn host_for(&mut self, e: &Epoch, ctx: &Context<Self>) -> Option<Arc<dyn Host>> {
        let placer = self.placement.get()?;
        e.spec.as_ref()?;
        if let Some(p) = &self.placed {
            if p.run == e.run {
                return p.host.clone();
            }
        }
        let host = placer.place(self.index);
        let link = host
            .as_ref()
            .map(|h| ctx.exit_when(h.lost(), ExitReason::Noconnection(h.node().into())));
        self.placed = Some(Placed {
            run: e.run,
            host: host.clone(),
            has_problem: false,
            _link: link,
        });
        host
    }

    /// Runs the epoch on `host`, within the epoch's deadline. A lost host
    /// ends this incarnation with `noconnection`, leaving the call to be
    /// retried on the next one; a host that does not know this node yet
    /// (`unavailable`: our heartbeat has not reached it) is asked again.
    async fn run_there(
        &mut self,
        host: Arc<dyn Host>,
        e: Epoch,
        start: Option<Population>,
        ctx: &mut Context<Self>,
    ) -> Result<EpochOutcome, Error> {
        let has_problem = self.placed.as_ref().is_some_and(|p| p.has_problem);
        let mut work = EpochWork {
            island: self.index,
            run: e.run,
            epoch: e.epoch,
            spec: (!has_problem).then(|| e.spec.clone()).flatten(),
            ga: e.ga,
            seed: e.seed,
            population: start.as_ref().map(WirePopulation::from),
            generations: e.generations,
            immigrants: to_wire(&e.immigrants),
            migrants: e.migrants,
        };
        let answer = loop {
            let left = e.deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break Err(Error::timeout(format!(
                    "island {}'s epoch on node {} passed its deadline",
                    self.index,
                    host.node()
                )));
            }
            match host.run(work.clone(), left).await {
                Err(err) if err.kind() == ErrorKind::NotFound && work.spec.is_none() => {
                    // The host no longer has the problem: send it again.
                    work.spec = e.spec.clone();
                }
                Err(err) if err.kind() == ErrorKind::Unavailable => {
                    tokio::time::sleep(UNAVAILABLE_RETRY.min(left)).await;
                }
                answer => break answer,
            }
        };
        match answer {
            Ok(done) => {
                if let Some(p) = &mut self.placed {
                    p.has_problem = true;
                }
                done.into_outcome(e.problem.as_ref()).map_err(|err| {
                    Error::internal(format!(
                        "node {} answered island {}: {err}",
                        host.node(),
                        self.index
                    ))
                })
            }
            Err(err) if err.kind() == ErrorKind::ActorDown => {
                ctx.exit(ExitReason::Noconnection(host.node().into()));
                Err(err)
            }
            Err(err) => Err(err),
        }
    }
}
