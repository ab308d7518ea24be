//! Upadacitinib's boxed warning on thrombosis: avoid in patients at risk. Read
//! from `comorbidities` (a present list is taken as complete): a history of
//! venous or arterial thrombosis, pulmonary embolism, or a thrombophilia.

use crate::clinical::formulary::Drug::Upadacitinib;
use crate::prover::case::Case;
use crate::prover::rule::Rule;
use crate::prover::statement::{us, Basis::*};
use crate::prover::verdict::{fact, Severity, Verdict};
use crate::source::labels::RINVOQ_US;
use crate::source::Section;

pub static RULE: Rule = Rule {
    id: "jak_thrombosis",
    severity: Severity::Contraindication,
    section: Section::Thrombosis,
    text: "upadacitinib avoided in patients at risk of thrombosis (prior DVT, PE, arterial thrombosis, thrombophilia)",
    sources: &[],
    statements: &[us(
        Upadacitinib,
        BoxedWarning,
        "thrombosis occurred in patients treated with JAK inhibitors: avoid in patients at risk",
        RINVOQ_US.unverified_at("Boxed Warning; 5.5 Thrombosis (AbbVie safety information)"),
    )],
    fallback: true,
    check,
};

/// Words in a comorbidity that mean a thrombosis risk.
const AT_RISK: &[&str] = &[
    "thrombosis",
    "thromboembolism",
    "thrombus",
    "embolism",
    "dvt",
    "vte",
    "pulmonary embolism",
    "factor v leiden",
    "thrombophilia",
    "antiphospholipid",
    "prothrombin mutation",
];

pub fn matches(text: &str, words: &[&str]) -> bool {
    let t = crate::clinical::vocabulary::normalise(text);
    let padded = format!(" {t} ");
    words.iter().any(|w| padded.contains(&format!(" {w} ")))
}

fn check(rule: &Rule, case: &Case) -> Vec<Verdict> {
    super::per_drug(rule, case, |r, statements| {
        let draft = rule
            .about(Case::subject(r))
            .fact(Case::item_fact(r))
            .by(&statements);
        let Some(list) = case.patient.comorbidities.as_ref() else {
            return draft.unknown(
                vec!["comorbidities".into()],
                "comorbidities are needed to rule out a thrombosis risk (an empty list means none)",
            );
        };
        match list.iter().enumerate().find(|(_, c)| matches(c, AT_RISK)) {
            Some((i, c)) => draft.fact(fact(format!("comorbidities[{i}]"), c)).violated(
                format!("comorbidities[{i}]"),
                c,
                "avoid upadacitinib in patients at risk of thrombosis",
            ),
            None => draft.proved("no thrombosis risk among the comorbidities"),
        }
    })
}
