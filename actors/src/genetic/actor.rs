//! The genetic engine's actor shell: decodes requests, runs the island model
//! on the supervised island actors (`island.rs`), and answers. The engine
//! drives epochs: every island evolves in parallel, then emigrants move one
//! step around the ring, exactly as the pure `archipelago::run` does, so the
//! answer is the same as the pure function's for the same seed.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures::future::join_all;
use hms_runtime::{CallOptions, Context, Error, Worker};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::allocation::{self, Allocation};
use super::archipelago::{ring_destinations, IslandParams, RunResult};
use super::island::{Epoch, Island};
use super::problem::Problem;
use super::remote::ProblemSpec;
use super::treatment::{self, evaluate_fitness, Fitness, OptimizedPlan, TreatmentProblem};
use crate::app::journal::{patient_subject, JournalFact, Journaled, Pending};
use crate::clinical::{Patient, TreatmentPlan, TrialProtocol};
use crate::error::{decode, dispatch, invalid, type_names, Decoder};
use crate::prover::Report;
use crate::InputError;

/// What the genetic engine is asked (`{"type": "optimize_treatment", ...}`).
#[derive(Clone, Debug)]
pub enum GeneticRequest {
    OptimizeTreatment {
        patient: Box<Patient>,
        options: Option<Value>,
    },
    EvaluateFitness {
        plan: TreatmentPlan,
        patient: Box<Patient>,
    },
    OptimizeAllocation {
        cohort: Vec<Patient>,
        protocol: TrialProtocol,
        options: Option<Value>,
    },
}

#[derive(Deserialize)]
struct OptimizeTreatmentBody {
    patient: Patient,
    #[serde(default)]
    options: Option<Value>,
}

#[derive(Deserialize)]
struct EvaluateFitnessBody {
    plan: TreatmentPlan,
    patient: Patient,
}

#[derive(Deserialize)]
struct OptimizeAllocationBody {
    cohort: Vec<Patient>,
    protocol: TrialProtocol,
    #[serde(default)]
    options: Option<Value>,
}

const GENETIC_DECODERS: [(&str, Decoder<GeneticRequest>); 3] = [
    ("optimize_treatment", |body| {
        let b: OptimizeTreatmentBody = decode(body)?;
        Ok(GeneticRequest::OptimizeTreatment {
            patient: Box::new(b.patient),
            options: b.options,
        })
    }),
    ("evaluate_fitness", |body| {
        let b: EvaluateFitnessBody = decode(body)?;
        Ok(GeneticRequest::EvaluateFitness {
            plan: b.plan,
            patient: Box::new(b.patient),
        })
    }),
    ("optimize_allocation", |body| {
        let b: OptimizeAllocationBody = decode(body)?;
        Ok(GeneticRequest::OptimizeAllocation {
            cohort: b.cohort,
            protocol: b.protocol,
            options: b.options,
        })
    }),
];

impl GeneticRequest {
    pub const TYPES: &'static [&'static str] = &type_names(&GENETIC_DECODERS);

    pub fn from_json(value: Value) -> Result<Self, InputError> {
        dispatch(value, &GENETIC_DECODERS)
    }
}

#[derive(Clone, Debug, Serialize)]
#[serde(untagged)]
pub enum GeneticReply {
    Plan(Box<OptimizedPlan>),
    Fitness {
        fitness: Box<Fitness>,
        verification: Box<Report>,
    },
    Allocation(Box<Allocation>),
}

/// The prover's options an optimization request may carry beside the
/// island parameters (`jurisdiction`, `as_of`, `lab_max_age_days`): the
/// labels the plans are built from and verified against.
fn verify_options(
    options: Option<Value>,
) -> Result<(crate::prover::VerifyOptions, Option<Value>), InputError> {
    let Some(Value::Object(mut o)) = options else {
        return Ok((crate::prover::VerifyOptions::default(), options));
    };
    let mut verify = serde_json::Map::new();
    for key in ["jurisdiction", "as_of", "lab_max_age_days"] {
        if let Some(v) = o.remove(key) {
            verify.insert(key.into(), v);
        }
    }
    let parsed = decode(Value::Object(verify)).map_err(|e| e.at("options"))?;
    Ok((parsed, Some(Value::Object(o))))
}

/// The largest run one request may ask for, in gene evaluations (a few
/// seconds of work): a daemon should not be tied up for hours by one request.
pub const MAX_WORK: u128 = 200_000_000;

/// Run ids are unique in the process, so a restarted engine never meets an old run's snapshots.
static RUNS: AtomicU64 = AtomicU64::new(1);

pub struct GeneticEngine {
    islands: usize,
    defaults: IslandParams,
    epoch_timeout: Duration,
}

impl GeneticEngine {
    pub const NAME: &'static str = "genetic_engine";

    pub fn new(islands: usize, defaults: IslandParams, epoch_timeout: Duration) -> Self {
        Self {
            islands,
            defaults,
            epoch_timeout,
        }
    }

    /// The defaults overridden key by key by the request's options.
    fn params(&self, options: Option<Value>) -> Result<IslandParams, InputError> {
        let mut merged = serde_json::to_value(self.defaults).expect("params serialize");
        match options {
            None | Some(Value::Null) => {}
            Some(Value::Object(o)) => {
                for (k, v) in o {
                    merged[k] = v;
                }
            }
            Some(_) => return Err(InputError::new("options", "expected an object")),
        }
        let params: IslandParams = decode(merged).map_err(|e| e.at("options"))?;
        params.validate().map_err(|e| e.at("options"))?;
        if params.islands > self.islands {
            return Err(InputError::new(
                "options.islands",
                format!(
                    "at most {} (the islands supervised in this tree)",
                    self.islands
                ),
            ));
        }
        Ok(params)
    }

    async fn run(
        &self,
        ctx: &Context<Self>,
        problem: Arc<dyn Problem>,
        spec: Arc<ProblemSpec>,
        params: &IslandParams,
    ) -> Result<RunResult, Error> {
        let genes = problem.arity().len() as u128;
        let work = params.islands as u128
            * params.population as u128
            * (params.generations as u128 + 1)
            * genes;
        if work > MAX_WORK {
            return Err(Error::validation("options", format!("islands x population x generations x genes = {work} exceeds {MAX_WORK}; ask for a smaller run")));
        }
        let rt = ctx.runtime();
        let islands = (0..params.islands)
            .map(|i| rt.handle::<Island>(&Island::name(i)))
            .collect::<Result<Vec<_>, _>>()?;
        let run = RUNS.fetch_add(1, Ordering::Relaxed);
        let mut epochs = params.epochs();
        if epochs.is_empty() {
            epochs.push(0);
        }
        let mut incoming = vec![Vec::new(); params.islands];
        let mut last = Vec::new();
        let final_epoch = epochs.len() - 1;
        for (epoch, generations) in epochs.into_iter().enumerate() {
            let deadline = std::time::Instant::now() + self.epoch_timeout;
            let calls =
                islands
                    .iter()
                    .zip(incoming)
                    .enumerate()
                    .map(|(i, (island, immigrants))| {
                        let order = Epoch {
                            run,
                            epoch,
                            problem: problem.clone(),
                            spec: Some(spec.clone()),
                            ga: params.ga(),
                            seed: IslandParams::island_seed(params.seed, i),
                            deadline,
                            last: epoch == final_epoch,
                            generations,
                            immigrants,
                            migrants: params.migrants,
                        };
                        island.call_with(order, CallOptions::timeout(self.epoch_timeout))
                    });
            let results = join_all(calls)
                .await
                .into_iter()
                .collect::<Result<Vec<_>, _>>()?;
            incoming = ring_destinations(results.iter().map(|r| r.emigrants.clone()).collect());
            last = results;
        }
        let mut best: Option<(usize, &(Vec<u8>, f64))> = None;
        for (i, r) in last.iter().enumerate() {
            if best.is_none_or(|b| r.best.1 > b.1 .1) {
                best = Some((i, &r.best));
            }
        }
        let (island, (genome, fitness)) = best.expect("at least one island");
        Ok(RunResult {
            genome: genome.clone(),
            fitness: *fitness,
            island,
            evaluations: last.iter().map(|r| r.evaluations).sum(),
            generations: params.generations,
        })
    }
}

/// An optimized plan is kept as a verification by the genetic engine.
impl Journaled for GeneticEngine {
    fn journal(msg: &GeneticRequest) -> Option<Pending<GeneticReply>> {
        let GeneticRequest::OptimizeTreatment { patient, .. } = msg else {
            return None;
        };
        let subject = patient_subject(patient.patient_id.as_deref());
        Some(Box::new(move |reply| match reply {
            GeneticReply::Plan(p) => vec![JournalFact::new(
                "verification",
                subject,
                json!({"plan": p.plan, "status": p.verification.status, "report": p.verification, "by": "genetic_engine"}),
            )],
            _ => Vec::new(),
        }))
    }
}

impl Worker for GeneticEngine {
    type Msg = GeneticRequest;
    type Reply = GeneticReply;

    async fn handle(
        &mut self,
        msg: GeneticRequest,
        ctx: &mut Context<Self>,
    ) -> Result<GeneticReply, Error> {
        match msg {
            GeneticRequest::OptimizeTreatment { patient, options } => {
                let (verify, options) = verify_options(options).map_err(invalid)?;
                let params = self.params(options).map_err(invalid)?;
                let settings = verify.settle(crate::clinical::Date::today());
                let problem = Arc::new(TreatmentProblem::new((*patient).clone(), settings));
                let spec = Arc::new(ProblemSpec::treatment(*patient, settings));
                let result = self.run(ctx, problem.clone(), spec, &params).await?;
                Ok(GeneticReply::Plan(Box::new(treatment::finish(
                    &problem, &params, &result,
                ))))
            }
            GeneticRequest::EvaluateFitness { plan, patient } => {
                let (fitness, verification) = evaluate_fitness(&plan, &patient);
                Ok(GeneticReply::Fitness {
                    fitness: Box::new(fitness),
                    verification: Box::new(verification),
                })
            }
            GeneticRequest::OptimizeAllocation {
                cohort,
                protocol,
                options,
            } => {
                let params = self.params(options).map_err(invalid)?;
                let problem = Arc::new(
                    allocation::problem(&cohort, &protocol, params.seed).map_err(invalid)?,
                );
                let spec = Arc::new(ProblemSpec::Allocation {
                    cohort,
                    protocol,
                    seed: params.seed,
                });
                let result = self
                    .run(ctx, problem.clone(), spec.clone(), &params)
                    .await?;
                let ProblemSpec::Allocation {
                    cohort, protocol, ..
                } = spec.as_ref()
                else {
                    unreachable!("built just above")
                };
                Ok(GeneticReply::Allocation(Box::new(allocation::finish(
                    cohort,
                    protocol,
                    &params,
                    &problem,
                    &result.genome,
                    result.evaluations,
                    result.island,
                ))))
            }
        }
    }

    // Every request is a pure function of its input and seed.
    fn is_idempotent(_: &GeneticRequest) -> bool {
        true
    }
}
