//! Every plan item is a drug of the formulary, and the plan has items: a drug
//! the prover has no label rules for is `unknown`, never `proved`.

use crate::prover::case::Case;
use crate::prover::rule::Rule;
use crate::prover::verdict::{fact, Severity, Verdict};
use crate::source::Section;

pub static RULE: Rule = Rule {
    id: "formulary",
    severity: Severity::Contraindication,
    section: Section::Indication,
    text: "every plan item is a formulary drug whose labels the rules encode",
    sources: &[],
    statements: &[],
    fallback: true,
    check,
};

fn check(rule: &Rule, case: &Case) -> Vec<Verdict> {
    if case.plan.treatment_plan.is_empty() {
        return vec![rule.about(None).unknown(
            vec!["treatment_plan".into()],
            "the plan has no items: there is nothing to verify",
        )];
    }
    let mut out: Vec<Verdict> = case
        .unlisted
        .iter()
        .map(|u| {
            let path = format!("treatment_plan[{}].medication", u.index);
            rule.about(Some(format!(
                "treatment_plan[{}] ({})",
                u.index, u.medication
            )))
            .fact(fact(&path, &u.medication))
            .unknown(vec![path], format!("{}: no label rule checks it", u.why))
        })
        .collect();
    if out.is_empty() {
        let names: Vec<String> = case
            .items
            .iter()
            .map(|r| format!("{} ({})", r.item.medication, r.concept.generic))
            .collect();
        out.push(
            rule.about(None)
                .facts(case.items.iter().map(Case::item_fact))
                .proved(format!(
                    "every item is a formulary drug: {}",
                    names.join(", ")
                )),
        );
    }
    out
}
