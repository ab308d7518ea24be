//! Upadacitinib's boxed warnings on mortality, malignancy and major adverse
//! cardiovascular events, seen with another JAK inhibitor in patients 50 or
//! older with a cardiovascular risk factor; in the EU, use only without a
//! suitable alternative at 65 or older, with cardiovascular or malignancy risk
//! factors, or in long-time smokers. An advisory.

use crate::clinical::formulary::Drug::Upadacitinib;
use crate::prover::case::Case;
use crate::prover::rule::Rule;
use crate::prover::statement::{eu, us, Basis::*};
use crate::prover::verdict::{fact, Severity, Verdict};
use crate::source::labels::{RINVOQ_EU, RINVOQ_US};

use super::jak_thrombosis::matches;
use super::topic;
use crate::source::Section;

pub static RULE: Rule = Rule {
    id: "jak_cardiovascular_risk",
    severity: Severity::Advisory,
    section: Section::Cardiovascular,
    text: "upadacitinib at 50 or older with a cardiovascular risk factor (or in the EU at 65 or older): weigh mortality, MACE and malignancy risks against alternatives",
    sources: &[],
    statements: &[
        us(Upadacitinib, Advice, "higher mortality, MACE and malignancy with another JAK inhibitor in RA patients 50 or older with at least one cardiovascular risk factor: consider benefits and risks before initiating", RINVOQ_US.unverified_at("Boxed Warning; 5.2-5.4 (AbbVie safety information)")),
        eu(Upadacitinib, Advice, "use only if no suitable treatment alternatives in patients 65 or older, with cardiovascular or malignancy risk factors, or current or past long-time smokers", RINVOQ_EU.at("4.4 Special warnings")),
        us(Upadacitinib, Advice, "discontinue RINVOQ in patients that have experienced a myocardial infarction or stroke", RINVOQ_US.unverified_at("Boxed Warning: MACE (AbbVie safety information)")).on("mace"),
    ],
    fallback: true,
    check,
};

/// A past major adverse cardiovascular event.
const MACE: &[&str] = &[
    "myocardial infarction",
    "heart attack",
    "stroke",
    "cerebrovascular accident",
    "cva",
    "mi",
];

const RISK: &[&str] = &[
    "hypertension",
    "diabetes",
    "hyperlipidemia",
    "dyslipidemia",
    "hypercholesterolemia",
    "smoker",
    "smoking",
    "coronary artery disease",
    "myocardial infarction",
    "stroke",
    "atherosclerosis",
    "peripheral artery disease",
    "malignancy",
    "cancer",
    "obesity",
];

fn check(rule: &Rule, case: &Case) -> Vec<Verdict> {
    super::per_drug(rule, case, |r, statements| {
        let draft = || {
            rule.about(Case::subject(r))
                .fact(Case::item_fact(r))
                .by(&statements)
        };
        let Some(age) = case.patient.demographics.age else {
            return draft().unknown(
                vec!["demographics.age".into()],
                "age is needed to weigh the boxed warning",
            );
        };
        let Some(list) = case.patient.comorbidities.as_ref() else {
            return draft().unknown(
                vec!["comorbidities".into()],
                "comorbidities are needed to weigh the boxed warning",
            );
        };
        if let Some((i, c)) = list.iter().enumerate().find(|(_, c)| matches(c, MACE)) {
            return draft().by(&topic(&statements, "mace")).fact(fact(format!("comorbidities[{i}]"), c)).violated(
                format!("comorbidities[{i}]"),
                c,
                "a prior myocardial infarction or stroke: the boxed warning has RINVOQ discontinued after one",
            );
        }
        let risk = list.iter().enumerate().find(|(_, c)| matches(c, RISK));
        match risk {
            Some((i, c)) if age >= 50.0 => draft().fact(fact("demographics.age", age)).fact(fact(format!("comorbidities[{i}]"), c)).violated(
                format!("comorbidities[{i}]"),
                c,
                "age 50 or older with a cardiovascular risk factor: consider the benefits and risks (boxed warning)",
            ),
            _ if age >= 65.0 => draft().fact(fact("demographics.age", age)).violated("demographics.age", age, "65 or older: use only if no suitable alternative (EU)"),
            _ => draft().fact(fact("demographics.age", age)).proved("younger than 50, or no cardiovascular risk factor recorded"),
        }
    })
}
