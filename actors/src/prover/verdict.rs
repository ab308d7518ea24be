//! What the prover says about one property: `proved` with the facts and rule
//! that establish it, `violated` with the values that break it and the bound
//! they break, `unknown` naming the missing data, `not_applicable` when the
//! plan has nothing the rule is about, or `timeout`/`error` when its checker
//! did not answer. Every verdict carries its sources.

use serde::Serialize;
use serde_json::Value;

use super::statement::Basis;
use crate::clinical::jurisdiction::Label;
use crate::source::Source;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Proved,
    Violated,
    Unknown,
    /// The plan contains nothing this rule is about.
    NotApplicable,
    Timeout,
    Error,
}

/// A contraindication decides the plan's status (every statement the label
/// makes binding: contraindications, boxed warnings, "do not initiate",
/// "avoid", "not recommended", required evaluations, dose limits); an
/// advisory is reported beside it (a warning or a fitness factor).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Contraindication,
    Advisory,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Fact {
    /// JSON path in the request (`labs[1]`, `treatment_plan[0].dosage`).
    pub field: String,
    pub value: Value,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Counterexample {
    pub field: String,
    pub value: Value,
    /// The bound broken, in words with numbers ("lymphocytes >= 0.5 x10^9/L (500/mm3)").
    pub bound: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Evidence {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<Fact>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counterexample: Option<Counterexample>,
    /// Fields whose absence leaves the property undecided.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Verdict {
    /// The rule's id (static: a verdict is built by a rule of the rule set).
    pub property: &'static str,
    /// The plan item concerned, when the property is per item.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    pub status: Status,
    pub severity: Severity,
    /// The rule, in words.
    pub rule: &'static str,
    /// What kind of label statement decided it (the strongest that applies).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basis: Option<Basis>,
    /// Whose labels the statements come from.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub jurisdictions: Vec<Label>,
    pub evidence: Evidence,
    pub sources: Vec<Source>,
}

/// Records a field a rule needs: a fact when the record has it, else missing.
pub fn need<T: Serialize>(
    field: &str,
    value: Option<T>,
    facts: &mut Vec<Fact>,
    missing: &mut Vec<String>,
) {
    match value {
        Some(v) => facts.push(fact(field, v)),
        None => missing.push(field.to_string()),
    }
}

/// Builds a fact from any serializable value.
pub fn fact(field: impl Into<String>, value: impl Serialize) -> Fact {
    Fact {
        field: field.into(),
        value: serde_json::to_value(value).unwrap_or(Value::Null),
    }
}
