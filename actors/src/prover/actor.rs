//! The prover orchestrator: fans a verification out to the checker pool, one
//! rule per call with its own deadline, and assembles the report. A checker
//! that times out gives `timeout` for its property and is restarted in the
//! background; one that fails gives `error`; the report still comes back.

use std::sync::Arc;
use std::time::Duration;

use futures::future::join_all;
use hms_runtime::{CallOptions, Context, Error, ErrorKind, Runtime, Worker};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::case::Case;
use super::checker::{Check, Checker};
use super::options::VerifyOptions;
use super::rules::RULES;
use super::{simulate_treatment_outcome, Outcome, Report};
use crate::app::journal::{patient_subject, JournalFact, Journaled, Pending};
use crate::clinical::{Date, Patient, TreatmentPlan};
use crate::error::{decode, dispatch, invalid, type_names, Decoder};
use crate::offload::offload;
use crate::trial::request::{
    InterimRequest, OperatingReport, OperatingRequest, RunRequest, TrialReport,
};
use crate::trial::Look;
use crate::InputError;

#[derive(Clone, Debug)]
pub enum ProverRequest {
    VerifyTreatmentPlan {
        plan: TreatmentPlan,
        patient: Box<Patient>,
        options: VerifyOptions,
    },
    SimulateTreatmentOutcome {
        patient: Box<Patient>,
        plan: TreatmentPlan,
        n: u64,
        seed: u64,
    },
    /// Operating characteristics of an adaptive design over scenarios.
    TrialOperatingCharacteristics(Box<OperatingRequest>),
    /// One simulated trial with every analysis described.
    SimulateTrial(Box<RunRequest>),
    /// One analysis of a trial run step by step.
    TrialInterim(Box<InterimRequest>),
}

#[derive(Deserialize)]
struct VerifyBody {
    plan: TreatmentPlan,
    patient: Patient,
    #[serde(flatten)]
    options: VerifyOptions,
}

#[derive(Deserialize)]
struct SimulateBody {
    patient: Patient,
    plan: TreatmentPlan,
    #[serde(default = "default_n")]
    n: u64,
    #[serde(default)]
    seed: u64,
}

fn default_n() -> u64 {
    10_000
}

const PROVER_DECODERS: [(&str, Decoder<ProverRequest>); 5] = [
    ("verify_treatment_plan", |body| {
        let b: VerifyBody = decode(body)?;
        Ok(ProverRequest::VerifyTreatmentPlan {
            plan: b.plan,
            patient: Box::new(b.patient),
            options: b.options,
        })
    }),
    ("simulate_treatment_outcome", |body| {
        let b: SimulateBody = decode(body)?;
        if b.n == 0 || b.n > super::simulate::MAX_PATIENTS {
            return Err(InputError::new(
                "n",
                format!("must be between 1 and {}", super::simulate::MAX_PATIENTS),
            ));
        }
        Ok(ProverRequest::SimulateTreatmentOutcome {
            patient: Box::new(b.patient),
            plan: b.plan,
            n: b.n,
            seed: b.seed,
        })
    }),
    ("trial_operating_characteristics", |body| {
        Ok(ProverRequest::TrialOperatingCharacteristics(Box::new(
            OperatingRequest::from_json(body)?,
        )))
    }),
    ("simulate_trial", |body| {
        Ok(ProverRequest::SimulateTrial(Box::new(
            RunRequest::from_json(body)?,
        )))
    }),
    ("trial_interim", |body| {
        Ok(ProverRequest::TrialInterim(Box::new(
            InterimRequest::from_json(body)?,
        )))
    }),
];

impl ProverRequest {
    pub const TYPES: &'static [&'static str] = &type_names(&PROVER_DECODERS);

    pub fn from_json(value: Value) -> Result<Self, InputError> {
        dispatch(value, &PROVER_DECODERS)
    }
}

#[derive(Clone, Debug, Serialize)]
#[serde(untagged)]
pub enum ProverReply {
    Report(Box<Report>),
    Outcome(Box<Outcome>),
    Operating(Box<OperatingReport>),
    Trial(Box<TrialReport>),
    Interim(Box<Look>),
}

pub struct Prover {
    checkers: usize,
    check_timeout: Duration,
    /// Defaults from the configuration; a request's options override them.
    defaults: VerifyOptions,
    next: usize,
}

impl Prover {
    pub const NAME: &'static str = "prover";
    pub const POOL: &'static str = "prover_pool";

    pub fn new(checkers: usize, check_timeout: Duration, defaults: VerifyOptions) -> Self {
        Self {
            checkers,
            check_timeout,
            defaults,
            next: 0,
        }
    }

    async fn verify(
        &mut self,
        rt: &Runtime,
        plan: TreatmentPlan,
        patient: Patient,
        options: VerifyOptions,
    ) -> Result<Report, Error> {
        let settings = options.or(self.defaults).settle(Date::today());
        let case = Arc::new(Case::new(plan, patient, settings));
        let start = self.next;
        self.next = self.next.wrapping_add(RULES.len());
        let calls = RULES.iter().enumerate().map(|(i, rule)| {
            let name = Checker::name((start + i) % self.checkers);
            let check = Check {
                rule,
                case: case.clone(),
            };
            let timeout = self.check_timeout;
            async move {
                let outcome = match rt.handle::<Checker>(&name) {
                    Ok(h) => h.call_with(check, CallOptions::timeout(timeout)).await,
                    Err(e) => Err(e),
                };
                (name, outcome)
            }
        });
        let mut verdicts = Vec::new();
        for ((name, outcome), rule) in join_all(calls).await.into_iter().zip(RULES) {
            match outcome {
                Ok(v) => verdicts.extend(v),
                Err(e) if e.kind() == ErrorKind::Timeout => {
                    verdicts.push(rule.timeout(self.check_timeout.as_millis() as u64));
                    restart_checker(rt.clone(), name);
                }
                Err(e) => verdicts.push(rule.error(format!("checker {name}: {e}"))),
            }
        }
        Ok(Report::new(verdicts, &case))
    }
}

/// A hung checker does not come back by itself: stop it and start it again.
fn restart_checker(rt: Runtime, name: String) {
    tokio::spawn(async move {
        if let Ok(pool) = rt.supervisor(Prover::POOL) {
            let _ = pool.terminate_child(name.as_str()).await;
            let _ = pool.restart_child(&name).await;
        }
    });
}

/// A verification is kept: the plan, its status and the whole report.
impl Journaled for Prover {
    fn journal(msg: &ProverRequest) -> Option<Pending<ProverReply>> {
        let ProverRequest::VerifyTreatmentPlan { plan, patient, .. } = msg else {
            return None;
        };
        let (plan, subject) = (plan.clone(), patient_subject(patient.patient_id.as_deref()));
        Some(Box::new(move |reply| match reply {
            ProverReply::Report(r) => vec![JournalFact::new(
                "verification",
                subject,
                json!({"plan": plan, "status": r.status, "report": r}),
            )],
            _ => Vec::new(),
        }))
    }
}

impl Worker for Prover {
    type Msg = ProverRequest;
    type Reply = ProverReply;

    async fn handle(
        &mut self,
        msg: ProverRequest,
        ctx: &mut Context<Self>,
    ) -> Result<ProverReply, Error> {
        match msg {
            ProverRequest::VerifyTreatmentPlan {
                plan,
                patient,
                options,
            } => {
                let rt = ctx.runtime().clone();
                Ok(ProverReply::Report(Box::new(
                    self.verify(&rt, plan, *patient, options).await?,
                )))
            }
            ProverRequest::SimulateTreatmentOutcome {
                patient,
                plan,
                n,
                seed,
            } => {
                let outcome = offload(move || simulate_treatment_outcome(&patient, &plan, n, seed))
                    .await
                    .map_err(invalid)?;
                Ok(ProverReply::Outcome(Box::new(outcome)))
            }
            ProverRequest::TrialOperatingCharacteristics(request) => Ok(ProverReply::Operating(
                Box::new(offload(move || request.run()).await),
            )),
            ProverRequest::SimulateTrial(request) => Ok(ProverReply::Trial(Box::new(
                offload(move || request.run()).await,
            ))),
            ProverRequest::TrialInterim(request) => {
                Ok(ProverReply::Interim(Box::new(request.run())))
            }
        }
    }

    fn is_idempotent(_: &ProverRequest) -> bool {
        true
    }
}
