//! A checker: a pool worker that runs one rule against one case. Rules are
//! pure, so a checker holds no state; it exists so that a rule that hangs or
//! crashes takes down only its own checker, under supervision.

use std::sync::Arc;

use hms_runtime::{Context, Error, Worker};

use super::case::Case;
use super::rule::Rule;
use super::verdict::Verdict;

#[derive(Clone)]
pub struct Check {
    /// The rule itself (from `rules::RULES`), not an id to look up again.
    pub rule: &'static Rule,
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
        Ok(check.rule.run(&check.case))
    }

    fn is_idempotent(_: &Check) -> bool {
        true
    }
}
