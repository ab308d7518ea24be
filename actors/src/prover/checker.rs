//! A checker: a pool worker that runs one rule against one case. Rules are
//! pure, so a checker holds no state; it exists so that a rule that hangs or
//! crashes takes down only its own checker, under supervision.

use std::sync::Arc;

use hms_runtime::{Context, Error, Worker};

use super::case::Case;
use super::rules;
use super::verdict::Verdict;

#[derive(Clone)]
pub struct Check {
    pub rule: &'static str,
    /// The case, built once per verification and shared by every rule.
    pub case: Arc<Case>,
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
        Ok(rule.run(&check.case))
    }

    fn is_idempotent(_: &Check) -> bool {
        true
    }
}
