//! A checker: a pool worker that runs one rule against one case. Rules are
//! pure, so a checker holds no state; it exists so that a rule that hangs or
//! crashes takes down only its own checker, under supervision.

use std::sync::Arc;

use hms_runtime::{Context, Error, Worker};

use super::case::Case;
use super::rules;
use super::verdict::Verdict;
use crate::clinical::{Patient, TreatmentPlan};

#[derive(Clone)]
pub struct Check {
    pub rule: &'static str,
    pub input: Arc<(TreatmentPlan, Patient)>,
}

#[derive(Default)]
pub struct Checker;

impl Checker {
    pub fn name(index: usize) -> String {
        format!("checker-{index}")
    }
}

impl Worker for Checker {
    type Msg = Check;
    type Reply = Vec<Verdict>;

    async fn handle(&mut self, check: Check, _: &mut Context<Self>) -> Result<Vec<Verdict>, Error> {
        let rule = rules::by_id(check.rule)
            .ok_or_else(|| Error::not_found(format!("no rule {}", check.rule)))?;
        let (plan, patient) = &*check.input;
        Ok(rule.run(&Case::new(plan, patient)))
    }

    fn is_idempotent(_: &Check) -> bool {
        true
    }
}
