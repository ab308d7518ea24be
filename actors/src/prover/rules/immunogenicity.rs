//! HLA-DQA1*05 carriers on anti-TNF monotherapy form anti-drug antibodies
//! more often; an immunomodulator lowers the risk. An advisory, not a stop.

use crate::clinical::formulary::Class;
use crate::prover::case::Case;
use crate::prover::rule::Rule;
use crate::prover::verdict::{fact, Severity, Verdict};
use crate::source;
use crate::source::Section;

pub static RULE: Rule = Rule {
    id: "anti_tnf_immunogenicity",
    severity: Severity::Advisory,
    section: Section::Interactions,
    text: "HLA-DQA1*05 carriers on anti-TNF form anti-drug antibodies more often (HR 1.90, 95% CI 1.60-2.25); combining with an immunomodulator lowers it",
    sources: &[source::PANTS],
    statements: &[],
    fallback: true,
    check,
};

fn check(rule: &Rule, case: &Case) -> Vec<Verdict> {
    let Some(r) = case.of_class(Class::AntiTnf).next() else {
        return vec![rule.not_applicable("the plan contains no anti-TNF")];
    };
    let draft = || rule.about(Case::subject(r)).fact(Case::item_fact(r));
    if case.has_class(Class::Thiopurine) || case.has_class(Class::Antimetabolite) {
        return vec![draft()
            .fact(fact("treatment_plan", "includes an immunomodulator"))
            .proved("combined with an immunomodulator")];
    }
    vec![match case.patient.hla_dqa1_05() {
        None => draft().unknown(
            vec!["biomarkers.genetic_markers[gene=HLA-DQA1]".into()],
            "HLA-DQA1*05 status decides whether anti-TNF monotherapy carries the higher immunogenicity risk",
        ),
        Some((i, true)) => draft().violated(format!("biomarkers.genetic_markers[{i}]"), "HLA-DQA1*05 carrier", "anti-TNF with an immunomodulator for HLA-DQA1*05 carriers"),
        Some((i, false)) => draft()
            .fact(fact(format!("biomarkers.genetic_markers[{i}]"), "not an HLA-DQA1*05 carrier"))
            .proved("not an HLA-DQA1*05 carrier"),
    }]
}
