//! A safety rule: an id, the rule in words, its sources, and a pure check
//! over a [`Case`] that returns one verdict (or one per plan item).

use serde_json::Value;

use super::case::Case;
use super::verdict::{Counterexample, Evidence, Fact, Severity, Status, Verdict};
use crate::source::Source;

pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    pub text: &'static str,
    pub sources: &'static [Source],
    pub check: fn(&Rule, &Case) -> Vec<Verdict>,
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule").field("id", &self.id).finish()
    }
}

impl Rule {
    pub fn run(&self, case: &Case) -> Vec<Verdict> {
        (self.check)(self, case)
    }

    fn verdict(&self, subject: Option<String>, status: Status, evidence: Evidence) -> Verdict {
        Verdict {
            property: self.id.to_string(),
            subject,
            status,
            severity: self.severity,
            rule: self.text.to_string(),
            evidence,
            sources: self.sources.to_vec(),
        }
    }

    pub fn proved(
        &self,
        subject: Option<String>,
        facts: Vec<Fact>,
        note: impl Into<String>,
    ) -> Verdict {
        let evidence = Evidence {
            facts,
            note: Some(note.into()),
            ..Evidence::default()
        };
        self.verdict(subject, Status::Proved, evidence)
    }

    /// Not applicable to this plan: proved, saying why.
    pub fn not_applicable(&self, why: impl Into<String>) -> Verdict {
        self.proved(None, Vec::new(), why)
    }

    pub fn violated(
        &self,
        subject: Option<String>,
        facts: Vec<Fact>,
        field: impl Into<String>,
        value: impl serde::Serialize,
        bound: impl Into<String>,
    ) -> Verdict {
        let evidence = Evidence {
            facts,
            counterexample: Some(Counterexample {
                field: field.into(),
                value: serde_json::to_value(value).unwrap_or(Value::Null),
                bound: bound.into(),
            }),
            ..Evidence::default()
        };
        self.verdict(subject, Status::Violated, evidence)
    }

    pub fn unknown(
        &self,
        subject: Option<String>,
        facts: Vec<Fact>,
        missing: Vec<String>,
        note: impl Into<String>,
    ) -> Verdict {
        let evidence = Evidence {
            facts,
            missing,
            note: Some(note.into()),
            ..Evidence::default()
        };
        self.verdict(subject, Status::Unknown, evidence)
    }

    /// The checker did not answer within its deadline.
    pub fn timeout(&self, after_ms: u64) -> Verdict {
        let evidence = Evidence {
            note: Some(format!("checker did not answer within {after_ms} ms")),
            ..Evidence::default()
        };
        self.verdict(None, Status::Timeout, evidence)
    }

    /// The checker failed (crashed or was unreachable).
    pub fn error(&self, message: impl Into<String>) -> Verdict {
        let evidence = Evidence {
            note: Some(message.into()),
            ..Evidence::default()
        };
        self.verdict(None, Status::Error, evidence)
    }
}
