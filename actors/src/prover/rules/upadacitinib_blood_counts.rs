//! Upadacitinib is not started with low lymphocytes, neutrophils or
//! hemoglobin; the labs must be current (a lab older than the age limit counts
//! as missing).

use crate::clinical::formulary::Drug::Upadacitinib;
use crate::clinical::labs::Analyte;
use crate::prover::case::{lab_fact, Case};
use crate::prover::rule::Rule;
use crate::prover::statement::{us, Basis::*};
use crate::prover::verdict::{Severity, Verdict};
use crate::source::labels::RINVOQ_US;
use crate::source::Section;

pub static RULE: Rule = Rule {
    id: "upadacitinib_blood_counts",
    severity: Severity::Contraindication,
    section: Section::Hematologic,
    text: "do not start upadacitinib with absolute lymphocytes < 500/mm3, neutrophils < 1000/mm3 or hemoglobin < 8 g/dL",
    sources: &[],
    statements: &[us(
        Upadacitinib,
        NotRecommended,
        "initiation is not recommended with an absolute lymphocyte count < 500 cells/mm3, absolute neutrophil count < 1000 cells/mm3, or hemoglobin < 8 g/dL",
        RINVOQ_US.at("2.1 Recommended Evaluations Prior to Treatment Initiation; 5.8 Laboratory Abnormalities"),
    )],
    fallback: true,
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
    super::per_drug(rule, case, |r, statements| {
        if let Some(path) = case.already_on(Upadacitinib) {
            return rule.about(Case::subject(r)).fact(Case::item_fact(r)).by(&statements).fact(crate::prover::verdict::fact(&path, "on upadacitinib now")).proved("already on upadacitinib: the initiation limits do not apply (the label's interruption limits are the same numbers; monitoring is not checked)");
        }
        let mut draft = rule
            .about(Case::subject(r))
            .fact(Case::item_fact(r))
            .by(&statements);
        let mut missing = Vec::new();
        let mut notes = Vec::new();
        for (analyte, limit, bound) in LIMITS {
            match case.lab(analyte) {
                Ok(m) if m.value < limit => {
                    let mut d = draft.fact(lab_fact(&m));
                    if let Some(s) = m.converted_by {
                        d = d.cite(s);
                    }
                    return d.violated(
                        format!("{}.value", m.path),
                        format!("{:.3} {}", m.value, m.unit),
                        bound,
                    );
                }
                Ok(m) => draft = draft.fact(lab_fact(&m)),
                Err(gap) => {
                    notes.push(gap.describe());
                    missing.push(gap.field());
                }
            }
        }
        if missing.is_empty() {
            draft.proved("lymphocytes, neutrophils and hemoglobin are above the label limits")
        } else {
            draft.unknown(missing, notes.join("; "))
        }
    })
}
