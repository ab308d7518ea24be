//! Upadacitinib is not started in severe hepatic impairment (Child-Pugh C).

use crate::clinical::formulary::Drug::Upadacitinib;
use crate::clinical::patient::ChildPugh;
use crate::prover::case::Case;
use crate::prover::rule::Rule;
use crate::prover::statement::{eu, us, Basis::*};
use crate::prover::verdict::{fact, Severity, Verdict};
use crate::source::labels::{RINVOQ_EU, RINVOQ_US};
use crate::source::Section;

pub static RULE: Rule = Rule {
    id: "upadacitinib_hepatic",
    severity: Severity::Contraindication,
    section: Section::Hepatic,
    text: "upadacitinib not in severe hepatic impairment (Child-Pugh C)",
    sources: &[],
    statements: &[
        us(Upadacitinib, NotRecommended, "initiation is not recommended for patients with severe hepatic impairment (Child-Pugh C)", RINVOQ_US.at("2.1 Recommended Evaluations Prior to Treatment Initiation: baseline hepatic function")),
        eu(Upadacitinib, Contraindication, "severe hepatic impairment", RINVOQ_EU.at("4.3 Contraindications")),
    ],
    fallback: true,
    check,
};

fn check(rule: &Rule, case: &Case) -> Vec<Verdict> {
    let class = case
        .patient
        .hepatic_impairment
        .as_ref()
        .and_then(|h| h.child_pugh);
    super::per_drug(rule, case, |r, statements| {
        let draft = rule
            .about(Case::subject(r))
            .fact(Case::item_fact(r))
            .by(&statements);
        match class {
            Some(ChildPugh::C) => draft.fact(fact("hepatic_impairment.child_pugh", "C")).violated("hepatic_impairment.child_pugh", "C", "not Child-Pugh C"),
            Some(c) => draft.fact(fact("hepatic_impairment.child_pugh", c)).proved("no severe hepatic impairment"),
            None => draft.unknown(
                vec!["hepatic_impairment.child_pugh".into()],
                "baseline hepatic function (Child-Pugh class, or \"none\") is needed before upadacitinib",
            ),
        }
    })
}
