//! The safety rules, one per file, each citing its source
//! (`spec/clinical-sources.md`, "Safety rules").

mod anti_tnf_heart_failure;
mod anti_tnf_infection;
mod anti_tnf_screening;
mod dose_bounds;
mod immunogenicity;
mod live_vaccines;
mod methotrexate_pregnancy;
mod single_advanced_therapy;
pub mod thiopurine_pharmacogenomics;
mod upadacitinib_blood_counts;
mod xanthine_oxidase;

use super::rule::Rule;

/// Every rule, in the order verdicts are reported.
pub static RULES: &[&Rule] = &[
    &dose_bounds::RULE,
    &single_advanced_therapy::RULE,
    &thiopurine_pharmacogenomics::RULE,
    &xanthine_oxidase::RULE,
    &anti_tnf_infection::RULE,
    &anti_tnf_screening::RULE,
    &anti_tnf_heart_failure::RULE,
    &live_vaccines::RULE,
    &methotrexate_pregnancy::RULE,
    &upadacitinib_blood_counts::RULE,
    &immunogenicity::RULE,
];

pub fn by_id(id: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| r.id == id)
}
