//! The verification report: every verdict, and the plan's overall status.

use serde::Serialize;

use super::verdict::{Severity, Status, Verdict};

/// Shown with every clinical output.
pub const DISCLAIMER: &str = "Research and simulation software, not a medical device: decision support with its sources shown, never an order.";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Overall {
    /// Every contraindication proved absent.
    Proved,
    /// A contraindication holds.
    Violated,
    /// No contraindication holds, but some could not be decided for missing data.
    Unknown,
    /// A checker timed out or failed: the report is incomplete.
    Incomplete,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub status: Overall,
    /// Advisory properties that were violated (warnings).
    pub advisories: Vec<String>,
    pub verdicts: Vec<Verdict>,
    pub disclaimer: &'static str,
}

impl Report {
    pub fn new(verdicts: Vec<Verdict>) -> Self {
        let hard = |s: Status| {
            verdicts
                .iter()
                .any(|v| v.severity == Severity::Contraindication && v.status == s)
        };
        let status = if hard(Status::Violated) {
            Overall::Violated
        } else if hard(Status::Timeout) || hard(Status::Error) {
            Overall::Incomplete
        } else if hard(Status::Unknown) {
            Overall::Unknown
        } else {
            Overall::Proved
        };
        let advisories = verdicts
            .iter()
            .filter(|v| v.severity == Severity::Advisory && v.status == Status::Violated)
            .map(|v| format!("{}: {}", v.property, v.rule))
            .collect();
        Self {
            status,
            advisories,
            verdicts,
            disclaimer: DISCLAIMER,
        }
    }

    pub fn is_violated(&self) -> bool {
        self.status == Overall::Violated
    }

    /// Verdicts of one property.
    pub fn property(&self, id: &str) -> impl Iterator<Item = &Verdict> {
        let id = id.to_string();
        self.verdicts.iter().filter(move |v| v.property == id)
    }
}
