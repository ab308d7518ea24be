//! Methotrexate is contraindicated in pregnancy and stopped 3 months before conception.

use crate::clinical::patient::PregnancyStatus;
use crate::clinical::Class;
use crate::prover::case::Case;
use crate::prover::rule::Rule;
use crate::prover::verdict::{fact, Severity, Verdict};
use crate::source;

pub static RULE: Rule = Rule {
    id: "methotrexate_pregnancy",
    severity: Severity::Contraindication,
    text: "methotrexate is contraindicated in pregnancy and must be stopped at least 3 months before conception",
    sources: &[source::LABEL_METHOTREXATE],
    check,
};

fn check(rule: &Rule, case: &Case) -> Vec<Verdict> {
    let Some(r) = case.of_class(Class::Antimetabolite).next() else {
        return vec![rule.not_applicable("the plan contains no methotrexate")];
    };
    let subject = Some(format!("{} ({})", r.path(), r.describe()));
    let mut facts = vec![Case::item_fact(r)];
    match case.patient.pregnancy.as_ref().and_then(|p| p.status) {
        Some(PregnancyStatus::Pregnant) => vec![rule.violated(
            subject,
            facts,
            "pregnancy.status",
            "pregnant",
            "not pregnant",
        )],
        Some(PregnancyStatus::Planning) => vec![rule.violated(
            subject,
            facts,
            "pregnancy.status",
            "planning",
            "stopped at least 3 months before conception",
        )],
        Some(PregnancyStatus::NotPregnant) => {
            facts.push(fact("pregnancy.status", "not_pregnant"));
            vec![rule.proved(subject, facts, "not pregnant and not planning pregnancy")]
        }
        None => {
            let sex = case
                .patient
                .demographics
                .sex
                .as_deref()
                .unwrap_or("")
                .to_ascii_lowercase();
            if sex == "male" || sex == "m" {
                facts.push(fact("demographics.sex", "male"));
                vec![rule.proved(subject, facts, "the patient is male")]
            } else {
                vec![rule.unknown(
                    subject,
                    facts,
                    vec!["pregnancy.status".into()],
                    "pregnancy status is needed before methotrexate",
                )]
            }
        }
    }
}
