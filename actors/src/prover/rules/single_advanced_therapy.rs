//! At most one biologic or small-molecule advanced therapy at a time.

use crate::prover::case::Case;
use crate::prover::rule::Rule;
use crate::prover::verdict::{Severity, Verdict};
use crate::source;

pub static RULE: Rule = Rule {
    id: "single_advanced_therapy",
    severity: Severity::Contraindication,
    text: "at most one biologic or small-molecule advanced therapy at a time",
    sources: &[source::ADVANCED_THERAPY_LABELS],
    check,
};

fn check(rule: &Rule, case: &Case) -> Vec<Verdict> {
    let advanced: Vec<_> = case.items.iter().filter(|r| r.entry.advanced).collect();
    let facts = advanced.iter().map(|r| Case::item_fact(r)).collect();
    match advanced.as_slice() {
        [] => vec![rule.not_applicable("the plan contains no advanced therapy")],
        [only] => vec![rule.proved(
            None,
            facts,
            format!("one advanced therapy: {}", only.entry.name),
        )],
        [_, second, ..] => {
            let names: Vec<&str> = advanced.iter().map(|r| r.entry.name).collect();
            vec![rule.violated(
                None,
                facts,
                format!("{}.medication", second.path()),
                names.join(" + "),
                "at most one advanced therapy",
            )]
        }
    }
}
