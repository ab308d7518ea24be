//! Risankizumab for Crohn's disease: liver enzymes and bilirubin obtained
//! before the first dose (current labs; older than the age limit counts as
//! missing). Monitoring during induction is not checked.

use crate::clinical::formulary::Drug::Risankizumab;
use crate::clinical::labs::Analyte;
use crate::prover::case::{lab_fact, Case};
use crate::prover::rule::Rule;
use crate::prover::statement::{us, Basis::*};
use crate::prover::verdict::{fact, Severity, Verdict};
use crate::source::labels::SKYRIZI_US;
use crate::source::Section;

pub static RULE: Rule = Rule {
    id: "risankizumab_liver_tests",
    severity: Severity::Contraindication,
    section: Section::Hepatotoxicity,
    text: "liver enzymes (ALT, AST) and bilirubin obtained before risankizumab is started for Crohn's disease",
    sources: &[],
    statements: &[us(
        Risankizumab,
        Evaluation,
        "Crohn's disease: obtain liver enzymes and bilirubin levels prior to initiating treatment (and during induction)",
        SKYRIZI_US.unverified_at("Highlights: Dosage and Administration; Hepatotoxicity in treatment of Crohn's disease (read in a copy of the highlights and AbbVie's safety information)"),
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
        if let Some(path) = case.already_on(Risankizumab) {
            return draft
                .fact(fact(&path, "on risankizumab now"))
                .proved("already on risankizumab: the baseline tests belong to its start");
        }
        let mut missing = Vec::new();
        let mut notes = Vec::new();
        for a in [Analyte::Alt, Analyte::Ast, Analyte::Bilirubin] {
            match case.lab(a) {
                Ok(m) => draft = draft.fact(lab_fact(&m)),
                Err(gap) => {
                    missing.push(gap.field());
                    notes.push(gap.describe());
                }
            }
        }
        if missing.is_empty() {
            draft.proved("baseline ALT, AST and bilirubin are on record")
        } else {
            draft.unknown(missing, notes.join("; "))
        }
    })
}
