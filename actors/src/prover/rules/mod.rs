//! The safety rules, one family per file. A family holds the label statements
//! it encodes, one row per drug and jurisdiction with its section, and checks
//! them against the case. Shared helpers for the per-drug families are here.

mod budesonide_cyp3a4;
mod budesonide_indication;
mod conditional_dose;
mod contraception;
mod course_length;
mod dose_bounds;
mod duplicate_therapy;
mod formulary;
mod heart_failure;
mod hepatic_function;
mod hstcl_combination;
mod hypersensitivity;
mod immunogenicity;
mod induction_before_maintenance;
mod infectious_agents;
mod jak_cardiovascular_risk;
mod jak_thrombosis;
mod label_conditions;
mod label_schedule;
mod lactation;
mod licensed_population;
mod live_vaccines;
mod methotrexate_exposure;
mod methotrexate_interactions;
mod methotrexate_pregnancy;
mod precautions;
mod pregnancy;
mod renal_function;
mod risankizumab_liver_tests;
mod serious_infection;
mod single_advanced_therapy;
pub mod thiopurine_interactions;
pub mod thiopurine_pharmacogenomics;
pub mod triggered;
mod tuberculosis;
mod upadacitinib_blood_counts;
mod upadacitinib_combination;
mod upadacitinib_cyp3a4;
mod upadacitinib_hepatic;
mod upadacitinib_indication;
mod upadacitinib_pregnancy;
mod upadacitinib_renal;
mod viral_hepatitis;
mod xanthine_oxidase;

use super::case::Case;
use super::rule::Rule;
use super::statement::Statement;
use super::verdict::Verdict;
use crate::clinical::formulary::Drug;
use crate::clinical::resolve::Resolved;

/// Every rule, in the order verdicts are reported.
pub static RULES: &[&Rule] = &[
    &formulary::RULE,
    &licensed_population::RULE,
    &hypersensitivity::RULE,
    &dose_bounds::RULE,
    &induction_before_maintenance::RULE,
    &label_schedule::RULE,
    &course_length::RULE,
    &conditional_dose::RULE,
    &single_advanced_therapy::RULE,
    &upadacitinib_combination::RULE,
    &duplicate_therapy::RULE,
    &serious_infection::RULE,
    &tuberculosis::RULE,
    &viral_hepatitis::RULE,
    &live_vaccines::RULE,
    &infectious_agents::RULE,
    &heart_failure::RULE,
    &renal_function::RULE,
    &hepatic_function::RULE,
    &lactation::RULE,
    &pregnancy::RULE,
    &contraception::RULE,
    &label_conditions::RULE,
    &thiopurine_pharmacogenomics::RULE,
    &xanthine_oxidase::RULE,
    &thiopurine_interactions::RULE,
    &methotrexate_pregnancy::RULE,
    &methotrexate_interactions::RULE,
    &methotrexate_exposure::RULE,
    &upadacitinib_blood_counts::RULE,
    &upadacitinib_cyp3a4::RULE,
    &upadacitinib_hepatic::RULE,
    &upadacitinib_renal::RULE,
    &upadacitinib_pregnancy::RULE,
    &upadacitinib_indication::RULE,
    &jak_thrombosis::RULE,
    &jak_cardiovascular_risk::RULE,
    &risankizumab_liver_tests::RULE,
    &budesonide_cyp3a4::RULE,
    &budesonide_indication::RULE,
    &hstcl_combination::RULE,
    &immunogenicity::RULE,
    &precautions::RULE,
];

pub fn by_id(id: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| r.id == id)
}

/// One verdict per drug of the plan that `rule` has statements about in this
/// jurisdiction, decided by `decide` from the drug's first item and its
/// statements; `not_applicable` when no drug has any.
pub fn per_drug(
    rule: &Rule,
    case: &Case,
    decide: impl Fn(&Resolved, Vec<&'static Statement>) -> Verdict,
) -> Vec<Verdict> {
    let out: Vec<Verdict> = case
        .drugs()
        .into_iter()
        .filter_map(|d: Drug| {
            let statements = rule.applicable(case, d);
            (!statements.is_empty()).then(|| decide(case.first(d), statements))
        })
        .collect();
    if out.is_empty() {
        let names: Vec<&str> = case.items.iter().map(|r| r.entry.name).collect();
        let why = if names.is_empty() {
            "the plan has no formulary drug".to_string()
        } else {
            format!(
                "no label of the plan's drugs ({}) makes this statement in the {} jurisdiction",
                dedup(names).join(", "),
                case.settings.jurisdiction.as_str()
            )
        };
        return vec![rule.not_applicable(why)];
    }
    out
}

fn dedup(mut v: Vec<&str>) -> Vec<&str> {
    let mut seen = Vec::new();
    v.retain(|x| {
        let new = !seen.contains(x);
        seen.push(*x);
        new
    });
    v
}

/// The statements whose topic is `topic`.
/// Upadacitinib's reduced doses (with a strong CYP3A4 inhibitor, or eGFR
/// 15 to < 30): 30 mg in induction, 15 mg in maintenance. The cap an item
/// goes above, if it does.
pub fn upadacitinib_above_reduced_dose(r: &crate::clinical::resolve::Resolved) -> Option<f64> {
    let cap = if r.phase == Some(crate::clinical::Phase::Induction) {
        30.0
    } else {
        15.0
    };
    r.mg.is_some_and(|mg| mg > cap * 1.01).then_some(cap)
}

pub fn topic(all: &[&'static Statement], topic: &str) -> Vec<&'static Statement> {
    all.iter().copied().filter(|s| s.topic == topic).collect()
}

/// The regimens of an item's drug that apply in this jurisdiction, match its
/// route and phase, and are not for another age or weight than the patient's
/// (a regimen whose population the record cannot decide stays a candidate).
pub fn candidate_regimens<'a>(
    case: &'a Case,
    r: &'a Resolved,
) -> impl Iterator<Item = &'static crate::clinical::formulary::Regimen> + 'a {
    let jurisdiction = case.settings.jurisdiction;
    r.entry
        .regimens
        .iter()
        .filter(move |g| g.labels.iter().any(|l| jurisdiction.applies(*l)))
        .filter(move |g| r.item.route.is_none_or(|route| route == g.route))
        .filter(move |g| r.phase.is_none_or(|p| p == g.phase))
        .filter(move |g| !case.excluded_from(&g.population))
}

/// The regimens an item fits (dose, frequency, weight band, population).
pub fn fitting_regimens<'a>(
    case: &'a Case,
    r: &'a Resolved,
) -> impl Iterator<Item = &'static crate::clinical::formulary::Regimen> + 'a {
    let dose = r.dose();
    candidate_regimens(case, r).filter(move |g| g.fit(&r.item, dose).is_ok())
}

impl super::rule::Draft<'_> {
    /// A label regimen as the statement a verdict rests on (its basis is a dose).
    pub fn regimen(self, _r: &Resolved, g: &crate::clinical::formulary::Regimen) -> Self {
        self.rests_on(super::statement::Basis::Dosage, g.labels, g.source)
    }
}
