//! Infliximab above 5 mg/kg is contraindicated in moderate or severe heart failure.

use crate::clinical::Drug;
use crate::prover::case::Case;
use crate::prover::rule::Rule;
use crate::prover::verdict::{fact, Severity, Verdict};
use crate::source;

pub static RULE: Rule = Rule {
    id: "infliximab_heart_failure",
    severity: Severity::Contraindication,
    text: "infliximab doses above 5 mg/kg are contraindicated in moderate or severe heart failure (NYHA class III/IV)",
    sources: &[source::ANTI_TNF_LABELS],
    check,
};

fn check(rule: &Rule, case: &Case) -> Vec<Verdict> {
    let items: Vec<_> = case.of_drug(Drug::Infliximab).collect();
    if items.is_empty() {
        return vec![rule.not_applicable("the plan contains no infliximab")];
    }
    items
        .into_iter()
        .map(|r| {
            let subject = Some(format!("{} ({})", r.path(), r.describe()));
            let mut facts = vec![Case::item_fact(r)];
            let Some(dose) = r.mg_per_kg else {
                return rule.unknown(
                    subject,
                    facts,
                    vec!["demographics.weight".into()],
                    "the bound is in mg/kg",
                );
            };
            if dose <= 5.0 * 1.01 {
                return rule.proved(
                    subject,
                    facts,
                    format!("{dose:.2} mg/kg is not above 5 mg/kg"),
                );
            }
            match case
                .patient
                .heart_failure
                .as_ref()
                .and_then(|h| h.nyha_class)
            {
                None => rule.unknown(
                    subject,
                    facts,
                    vec!["heart_failure.nyha_class".into()],
                    format!("{dose:.2} mg/kg is above 5 mg/kg: heart failure class is needed"),
                ),
                Some(c) if c >= 3 => {
                    facts.push(fact("heart_failure.nyha_class", c));
                    rule.violated(
                        subject,
                        facts,
                        format!("{}.dosage", r.path()),
                        format!("{dose:.2} mg/kg"),
                        format!("at most 5 mg/kg with NYHA class {c}"),
                    )
                }
                Some(c) => {
                    facts.push(fact("heart_failure.nyha_class", c));
                    rule.proved(subject, facts, format!("NYHA class {c} is below III"))
                }
            }
        })
        .collect()
}
