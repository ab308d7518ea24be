//! Budesonide's indication: mild to moderate Crohn's disease of the ileum
//! and/or ascending colon. An advisory: the location and severity decide
//! whether it is the right drug, not whether it is safe.

use crate::clinical::formulary::Drug::Budesonide;
use crate::prover::case::Case;
use crate::prover::rule::Rule;
use crate::prover::statement::{us, Basis::*};
use crate::prover::verdict::{fact, Severity, Verdict};
use crate::source::labels::ENTOCORT_US;
use crate::source::Section;

pub static RULE: Rule = Rule {
    id: "budesonide_indication",
    severity: Severity::Advisory,
    section: Section::Indication,
    text: "budesonide for mild to moderate Crohn's disease of the ileum and/or ascending colon",
    sources: &[],
    statements: &[us(
        Budesonide,
        Advice,
        "mild to moderate active Crohn's disease involving the ileum and/or the ascending colon",
        ENTOCORT_US.at("1.1 and 1.2 Indications"),
    )],
    fallback: true,
    check,
};

fn check(rule: &Rule, case: &Case) -> Vec<Verdict> {
    super::per_drug(rule, case, |r, statements| {
        let mut draft = rule
            .about(Case::subject(r))
            .fact(Case::item_fact(r))
            .by(&statements);
        let activity = &case.patient.clinical_data.disease_activity;
        let mut missing = Vec::new();
        // Severity by CDAI, the score the label's trials enrolled on (> 450 is severe).
        match activity.cdai {
            Some(cdai) if cdai > 450.0 => {
                return draft
                    .fact(fact("clinical_data.disease_activity.CDAI", cdai))
                    .violated(
                        "clinical_data.disease_activity.CDAI",
                        cdai,
                        "mild to moderate disease (CDAI > 450 is severe)",
                    )
            }
            Some(cdai) => draft = draft.fact(fact("clinical_data.disease_activity.CDAI", cdai)),
            None => missing.push("clinical_data.disease_activity.CDAI".to_string()),
        }
        let location = case.patient.clinical_data.crohns_type.as_deref();
        match location.map(str::to_ascii_lowercase) {
            None => missing.push("clinical_data.crohns_type".into()),
            Some(l) if l.contains("ile") => {
                draft = draft.fact(fact("clinical_data.crohns_type", location))
            }
            Some(l) if l.contains("colon") || l.contains("colitis") => {
                return draft
                    .fact(fact("clinical_data.crohns_type", location))
                    .unknown(
                        vec!["clinical_data.crohns_type".into()],
                        "colonic disease: budesonide reaches the ascending colon only",
                    )
            }
            Some(_) => {
                return draft
                    .fact(fact("clinical_data.crohns_type", location))
                    .violated(
                        "clinical_data.crohns_type",
                        location,
                        "disease of the ileum and/or ascending colon",
                    )
            }
        }
        if missing.is_empty() {
            draft.proved("mild to moderate ileal or ileocolonic disease")
        } else {
            draft.unknown(
                missing,
                "disease location and activity decide the indication (advisory)",
            )
        }
    })
}
