//! Upadacitinib and kidney function: eGFR 15 to < 30 mL/min/1.73m2, at most
//! 30 mg induction and 15 mg maintenance; eGFR < 15 (end-stage), not
//! recommended. Neither sentence was read in the label (verified: false).

use crate::clinical::formulary::Drug::Upadacitinib;
use crate::clinical::labs::Analyte;
use crate::prover::case::{lab_fact, Case};
use crate::prover::rule::Rule;
use crate::prover::statement::{us, Basis::*};
use crate::prover::verdict::{Severity, Verdict};
use crate::source::labels::RINVOQ_US;

use super::topic;
use crate::source::Section;

pub static RULE: Rule = Rule {
    id: "upadacitinib_renal",
    severity: Severity::Contraindication,
    section: Section::Renal,
    text: "upadacitinib with eGFR 15-<30 mL/min/1.73m2 at most 30 mg induction and 15 mg maintenance; not with eGFR < 15",
    sources: &[],
    statements: &[
        us(Upadacitinib, Dosage, "severe renal impairment (eGFR 15 to < 30 mL/min/1.73m2): 30 mg once daily induction, 15 mg once daily maintenance", RINVOQ_US.unverified_at("2 Dosage in renal impairment (not read in the label)")).on("severe"),
        us(Upadacitinib, NotRecommended, "not recommended in end-stage renal disease (eGFR < 15 mL/min/1.73m2)", RINVOQ_US.unverified_at("8.6 Renal Impairment (read on AbbVie's prescriber site)")).on("end_stage"),
    ],
    fallback: true,
    check,
};

fn check(rule: &Rule, case: &Case) -> Vec<Verdict> {
    super::per_drug(rule, case, |first, statements| {
        let egfr = match case.lab(Analyte::Egfr) {
            Ok(m) => m,
            Err(gap) => {
                return rule
                    .about(Case::subject(first))
                    .fact(Case::item_fact(first))
                    .by(&statements)
                    .unknown(vec![gap.field()], gap.describe());
            }
        };
        if egfr.value < 15.0 {
            return rule
                .about(Case::subject(first))
                .fact(Case::item_fact(first))
                .fact(lab_fact(&egfr))
                .by(&topic(&statements, "end_stage"))
                .violated(
                    format!("{}.value", egfr.path),
                    egfr.value,
                    "eGFR >= 15 mL/min/1.73m2",
                );
        }
        if egfr.value < 30.0 {
            let on = topic(&statements, "severe");
            for r in case.of_drug(Upadacitinib) {
                if let Some(cap) = super::upadacitinib_above_reduced_dose(r) {
                    return rule
                        .about(Case::subject(r))
                        .fact(Case::item_fact(r))
                        .fact(lab_fact(&egfr))
                        .by(&on)
                        .violated(
                            format!("{}.dosage", r.path()),
                            r.item.dosage,
                            format!("at most {cap} mg with eGFR {} mL/min/1.73m2", egfr.value),
                        );
                }
            }
            return rule
                .about(Case::subject(first))
                .fact(Case::item_fact(first))
                .fact(lab_fact(&egfr))
                .by(&on)
                .proved("doses within the severe-renal-impairment limits");
        }
        rule.about(Case::subject(first))
            .fact(Case::item_fact(first))
            .fact(lab_fact(&egfr))
            .by(&statements)
            .proved(format!(
                "eGFR {:.0} mL/min/1.73m2: no renal dose limit",
                egfr.value
            ))
    })
}
