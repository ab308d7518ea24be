//! No anti-TNF with a serious active infection or active tuberculosis.

use crate::clinical::patient::TbStatus;
use crate::clinical::Class;
use crate::prover::case::Case;
use crate::prover::rule::Rule;
use crate::prover::verdict::{need, Severity, Verdict};
use crate::source;

pub static RULE: Rule = Rule {
    id: "anti_tnf_active_infection",
    severity: Severity::Contraindication,
    text: "a serious active infection or active tuberculosis contraindicates infliximab and adalimumab",
    sources: &[source::ANTI_TNF_LABELS],
    check,
};

fn check(rule: &Rule, case: &Case) -> Vec<Verdict> {
    let Some(r) = case.of_class(Class::AntiTnf).next() else {
        return vec![rule.not_applicable("the plan contains no anti-TNF")];
    };
    let subject = Some(format!("{} ({})", r.path(), r.describe()));
    let mut facts = vec![Case::item_fact(r)];
    let inf = case.patient.infections.clone().unwrap_or_default();
    if inf.serious_active_infection == Some(true) {
        return vec![rule.violated(
            subject,
            facts,
            "infections.serious_active_infection",
            true,
            "no serious active infection",
        )];
    }
    if inf.tb == Some(TbStatus::Active) {
        return vec![rule.violated(
            subject,
            facts,
            "infections.tb",
            "active",
            "no active tuberculosis",
        )];
    }
    let mut missing = Vec::new();
    need(
        "infections.serious_active_infection",
        inf.serious_active_infection,
        &mut facts,
        &mut missing,
    );
    need("infections.tb", inf.tb, &mut facts, &mut missing);
    if missing.is_empty() {
        vec![rule.proved(
            subject,
            facts,
            "no serious active infection and no active tuberculosis",
        )]
    } else {
        vec![rule.unknown(
            subject,
            facts,
            missing,
            "infection status is needed before an anti-TNF",
        )]
    }
}
