//! The verification report: every verdict, the plan's overall status, and what
//! was checked: the rule set, per drug the label sections encoded and those
//! not, the labs read with their ages, and the medications nothing checked.

use serde::Serialize;

use super::case::Case;
use super::rules::RULES;
use super::verdict::{Severity, Status, Verdict};
use crate::clinical::formulary::Drug;
use crate::clinical::labs::Analyte;
use crate::clinical::vocabulary;
use crate::clinical::{Date, Jurisdiction};
use crate::source::Source;

/// Shown with every clinical output.
pub const DISCLAIMER: &str = "Research and simulation software, not a medical device: decision support with its sources shown, never an order.";

/// The rule set's version: bump it whenever a rule, a table or a regimen changes.
pub const RULE_SET: &str = "hms-prover rules 3.0.0 (labels read section by section 2026-12-08)";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Overall {
    /// Every applicable binding rule proved on the data given, every drug known.
    Proved,
    /// A binding rule is violated.
    Violated,
    /// Nothing is violated, but a binding rule is undecided for missing data,
    /// a drug is not in the formulary, or nothing could be checked.
    Unknown,
    /// A checker timed out or failed (and nothing binding is violated): the report is incomplete.
    Incomplete,
}

/// What the rule set encodes of one drug's labels.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Coverage {
    pub drug: Drug,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rxcui: Option<&'static str>,
    /// The label sections the rules encode, with their sources (built once).
    pub encoded: &'static [Source],
    /// Label sections no rule encodes.
    pub not_checked: &'static [&'static str],
}

/// A lab of the record, how old it is, and whether it counted.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LabAge {
    pub path: String,
    pub test: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// Days before `as_of`; absent when undated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub age_days: Option<i64>,
    /// `current`, `undated` (used, age unknown), `stale` (counts as missing) or `future`.
    pub state: &'static str,
    /// Properties whose verdicts cite it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub used_by: Vec<String>,
}

/// A concomitant medication the vocabulary does not know: no interaction was checked for it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Unchecked {
    pub path: String,
    pub medication: String,
    pub why: &'static str,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub status: Overall,
    pub rule_set: &'static str,
    pub as_of: Date,
    pub jurisdiction: Jurisdiction,
    pub lab_max_age_days: u32,
    /// Advisory properties that were violated (warnings).
    pub advisories: Vec<String>,
    pub verdicts: Vec<Verdict>,
    pub coverage: Vec<Coverage>,
    pub labs: Vec<LabAge>,
    pub medications_not_checked: Vec<Unchecked>,
    pub disclaimer: &'static str,
}

impl Report {
    pub fn new(verdicts: Vec<Verdict>, case: &Case) -> Self {
        let binding = |s: Status| {
            verdicts
                .iter()
                .any(|v| v.severity == Severity::Contraindication && v.status == s)
        };
        let failed = verdicts
            .iter()
            .any(|v| matches!(v.status, Status::Timeout | Status::Error));
        let status = if binding(Status::Violated) {
            Overall::Violated
        } else if failed {
            Overall::Incomplete
        } else if binding(Status::Unknown) || !binding(Status::Proved) {
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
            rule_set: RULE_SET,
            as_of: case.settings.as_of,
            jurisdiction: case.settings.jurisdiction,
            lab_max_age_days: case.settings.lab_max_age_days,
            advisories,
            coverage: coverage(case),
            labs: lab_ages(case, &verdicts),
            medications_not_checked: case
                .unrecognised_meds()
                .into_iter()
                .map(|m| Unchecked {
                    path: m.path(),
                    medication: m.text.clone(),
                    why: "not in the medication vocabulary: no interaction was checked",
                })
                .collect(),
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

/// What the rule set encodes of each drug: static, so built once.
fn coverage(case: &Case) -> Vec<Coverage> {
    use std::collections::HashMap;
    use std::sync::OnceLock;
    static ALL: OnceLock<HashMap<Drug, Coverage>> = OnceLock::new();
    let all = ALL.get_or_init(|| {
        crate::clinical::formulary::FORMULARY
            .iter()
            .map(|entry| {
                let drug = entry.drug;
                let mut encoded: Vec<Source> = Vec::new();
                let statements = RULES
                    .iter()
                    .flat_map(|r| r.statements)
                    .filter(|s| s.drug == drug);
                let regimens = entry.regimens.iter().map(|g| g.source);
                for s in statements.map(|s| s.source).chain(regimens) {
                    if !encoded.contains(&s) {
                        encoded.push(s);
                    }
                }
                let coverage = Coverage {
                    drug,
                    rxcui: vocabulary::of_drug(drug).rxcui,
                    encoded: Vec::leak(encoded),
                    not_checked: entry.not_checked,
                };
                (drug, coverage)
            })
            .collect()
    });
    case.drugs()
        .into_iter()
        .map(|drug| all[&drug].clone())
        .collect()
}

fn lab_ages(case: &Case, verdicts: &[Verdict]) -> Vec<LabAge> {
    let as_of = case.settings.as_of;
    let limit = i64::from(case.settings.lab_max_age_days);
    case.patient
        .labs
        .iter()
        .enumerate()
        .filter(|(_, l)| Analyte::parse(&l.test).is_some())
        .map(|(i, l)| {
            let path = format!("labs[{i}]");
            let age = l.date.map(|d| d.days_until(as_of));
            let state = match age {
                None => "undated",
                Some(a) if a < 0 => "future",
                Some(a) if a > limit => "stale",
                Some(_) => "current",
            };
            let prefix = format!("{path}.");
            let mut used_by: Vec<String> = verdicts
                .iter()
                .filter(|v| {
                    v.evidence.facts.iter().any(|f| f.field == path)
                        || v.evidence
                            .counterexample
                            .as_ref()
                            .is_some_and(|c| c.field.starts_with(&prefix))
                })
                .map(|v| v.property.to_string())
                .collect();
            used_by.dedup();
            LabAge {
                path,
                test: l.test.clone(),
                date: l.date,
                age_days: age,
                state,
                used_by,
            }
        })
        .collect()
}
