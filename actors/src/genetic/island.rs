//! An island of the island model as a supervised actor. Each epoch it takes
//! its immigrants, evolves, and answers with its emigrants. After each epoch
//! it saves a snapshot of its population (and generator) in a store that
//! outlives it, so an island that crashes mid-run restarts from the snapshot
//! and the retried epoch gives exactly the answer it would have.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use hms_runtime::{Context, Error, Worker};

use super::ga::{GaParams, Population};
use super::problem::Problem;
use crate::offload::offload;

/// One epoch of one island.
#[derive(Clone)]
pub struct Epoch {
    pub run: u64,
    pub epoch: usize,
    pub problem: Arc<dyn Problem>,
    pub ga: GaParams,
    pub seed: u64,
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

pub struct Island {
    index: usize,
    snapshots: Arc<Snapshots>,
    /// The population after the last epoch this incarnation ran.
    current: Option<(u64, usize, Population)>,
}

impl Island {
    pub fn new(index: usize, snapshots: Arc<Snapshots>) -> Self {
        Self {
            index,
            snapshots,
            current: None,
        }
    }

    pub fn name(index: usize) -> String {
        format!("island-{index}")
    }
}

impl Worker for Island {
    type Msg = Epoch;
    type Reply = EpochResult;

    async fn handle(&mut self, e: Epoch, _: &mut Context<Self>) -> Result<EpochResult, Error> {
        let pop = match self.current.take() {
            Some((run, epoch, pop)) if run == e.run && epoch == e.epoch => pop,
            _ => match self.snapshots.get(self.index, e.run, e.epoch) {
                Some(pop) => pop,
                None if e.epoch == 0 => {
                    let (problem, ga, seed) = (e.problem.clone(), e.ga, e.seed);
                    offload(move || Population::new(problem.as_ref(), &ga, seed)).await
                }
                None => {
                    return Err(Error::internal(format!(
                        "island {} has no snapshot for epoch {} of run {}",
                        self.index, e.epoch, e.run
                    )))
                }
            },
        };
        let (problem, ga) = (e.problem.clone(), e.ga);
        let (generations, immigrants, migrants) = (e.generations, e.immigrants, e.migrants);
        let (pop, result) = offload(move || {
            let mut pop = pop;
            pop.receive(&immigrants);
            pop.evolve(problem.as_ref(), &ga, generations);
            let result = EpochResult {
                emigrants: pop.emigrants(migrants),
                best: pop.best(),
                evaluations: pop.evaluations,
            };
            (pop, result)
        })
        .await;
        // The state at the start of the next epoch, kept beside this one's:
        // a crash at any point replays from one of them.
        self.snapshots
            .put(self.index, e.run, e.epoch + 1, pop.clone());
        self.current = Some((e.run, e.epoch + 1, pop));
        Ok(result)
    }

    // An epoch replays exactly from its snapshot, so a call cut short by a
    // crash is safely retried on the restarted island.
    fn is_idempotent(_: &Epoch) -> bool {
        true
    }
}
