//! Thiopurine with a xanthine-oxidase inhibitor: allopurinol needs the dose cut
//! to 1/3-1/4; febuxostat is contraindicated.

use crate::clinical::formulary::{thiopurine_normal_range, Class};
use crate::prover::case::Case;
use crate::prover::rule::Rule;
use crate::prover::verdict::{fact, Severity, Verdict};
use crate::source;

use super::thiopurine_pharmacogenomics::ALLOPURINOL_FACTOR;

pub static RULE: Rule = Rule {
    id: "thiopurine_xanthine_oxidase",
    severity: Severity::Contraindication,
    text: "with allopurinol, azathioprine/mercaptopurine at 1/3-1/4 of the usual dose; febuxostat with a thiopurine is contraindicated",
    sources: &[source::LABEL_AZATHIOPRINE],
    check,
};

fn check(rule: &Rule, case: &Case) -> Vec<Verdict> {
    let items: Vec<_> = case.of_class(Class::Thiopurine).collect();
    if items.is_empty() {
        return vec![rule.not_applicable("the plan contains no thiopurine")];
    }
    let Some(meds) = case.patient.concomitant_medications.as_ref() else {
        return vec![rule.unknown(
            None,
            vec![Case::item_fact(items[0])],
            vec!["concomitant_medications".into()],
            "concomitant medications are needed to rule out allopurinol and febuxostat",
        )];
    };
    items
        .into_iter()
        .map(|r| {
            let subject = Some(format!("{} ({})", r.path(), r.describe()));
            let facts = vec![Case::item_fact(r)];
            if let Some(i) = meds
                .iter()
                .position(|m| m.medication.eq_ignore_ascii_case("febuxostat"))
            {
                return rule.violated(
                    subject,
                    facts,
                    format!("concomitant_medications[{i}].medication"),
                    "Febuxostat",
                    "febuxostat with a thiopurine is contraindicated",
                );
            }
            let Some(i) = meds
                .iter()
                .position(|m| m.medication.eq_ignore_ascii_case("allopurinol"))
            else {
                return rule.proved(
                    subject,
                    facts,
                    "no xanthine-oxidase inhibitor among the concomitant medications",
                );
            };
            let mut facts = facts;
            facts.push(fact(
                format!("concomitant_medications[{i}].medication"),
                "Allopurinol",
            ));
            let Some(dose) = r.mg_per_kg else {
                return rule.unknown(
                    subject,
                    facts,
                    vec!["demographics.weight".into()],
                    "the usual dose is in mg/kg/day",
                );
            };
            let normal = thiopurine_normal_range(r.entry.drug).expect("thiopurine");
            let (lo, hi) = (
                normal.0 * ALLOPURINOL_FACTOR.0,
                normal.1 * ALLOPURINOL_FACTOR.1,
            );
            let bound = format!(
                "{lo:.2}-{hi:.2} mg/kg/day (1/4-1/3 of the usual {}-{} mg/kg/day)",
                normal.0, normal.1
            );
            if dose > hi * 1.01 || dose < lo * 0.99 {
                rule.violated(
                    subject,
                    facts,
                    format!("{}.dosage", r.path()),
                    format!("{dose:.2} mg/kg/day"),
                    bound,
                )
            } else {
                rule.proved(
                    subject,
                    facts,
                    format!("{dose:.2} mg/kg/day within {bound}"),
                )
            }
        })
        .collect()
}
