//! Upadacitinib is not started with low lymphocytes, neutrophils or hemoglobin.

use crate::clinical::labs::{Analyte, LabGap};
use crate::clinical::Drug;
use crate::prover::case::Case;
use crate::prover::rule::Rule;
use crate::prover::verdict::{fact, Severity, Verdict};
use crate::source;

pub static RULE: Rule = Rule {
    id: "upadacitinib_blood_counts",
    severity: Severity::Contraindication,
    text: "do not start upadacitinib with absolute lymphocytes < 500/mm3, neutrophils < 1000/mm3 or hemoglobin < 8 g/dL",
    sources: &[source::LABEL_UPADACITINIB],
    check,
};

/// Lower limits in canonical units (10^9/L, g/dL) and how the label states them.
const LIMITS: [(Analyte, f64, &str); 3] = [
    (
        Analyte::Lymphocytes,
        0.5,
        "lymphocytes >= 0.5 x10^9/L (500/mm3)",
    ),
    (
        Analyte::Neutrophils,
        1.0,
        "neutrophils >= 1.0 x10^9/L (1000/mm3)",
    ),
    (Analyte::Hemoglobin, 8.0, "hemoglobin >= 8 g/dL"),
];

fn check(rule: &Rule, case: &Case) -> Vec<Verdict> {
    let Some(r) = case.of_drug(Drug::Upadacitinib).next() else {
        return vec![rule.not_applicable("the plan contains no upadacitinib")];
    };
    let subject = Some(format!("{} ({})", r.path(), r.describe()));
    let mut facts = vec![Case::item_fact(r)];
    let mut missing = Vec::new();
    let mut notes = Vec::new();
    for (analyte, limit, bound) in LIMITS {
        match case.patient.lab(analyte) {
            Ok(m) if m.value < limit => {
                facts.push(fact(
                    m.path.clone(),
                    format!("{} ({:.3} {})", m.recorded, m.value, m.unit),
                ));
                let mut v = rule.violated(
                    subject,
                    facts,
                    format!("{}.value", m.path),
                    format!("{:.3} {}", m.value, m.unit),
                    bound,
                );
                if let Some(s) = m.converted_by {
                    v.sources.push(s);
                }
                return vec![v];
            }
            Ok(m) => facts.push(fact(
                m.path.clone(),
                format!("{} ({:.3} {})", m.recorded, m.value, m.unit),
            )),
            Err(gap) => {
                notes.push(gap.describe());
                missing.push(match &gap {
                    LabGap::Missing(f) => f.clone(),
                    LabGap::BadUnit { .. } => gap.field(),
                });
            }
        }
    }
    if missing.is_empty() {
        vec![rule.proved(
            subject,
            facts,
            "lymphocytes, neutrophils and hemoglobin are above the label limits",
        )]
    } else {
        vec![rule.unknown(subject, facts, missing, notes.join("; "))]
    }
}
