//! Methotrexate with antifolates (trimethoprim-sulfamethoxazole, trimethoprim,
//! dapsone, pyrimethamine, pemetrexed, sulfonamides) or nitrous oxide: avoid.
//! Matched by ingredient, so Bactrim, Septra and co-trimoxazole are one.

use crate::clinical::formulary::Drug::*;
use crate::clinical::vocabulary::Role;
use crate::prover::case::Case;
use crate::prover::rule::Rule;
use crate::prover::statement::{us, Basis::*, Statement};
use crate::prover::verdict::{fact, Severity, Verdict};
use crate::source::labels::{MEDSAFE_METHOTREXATE, METHOTREXATE_US};

use super::topic;
use crate::source::Section;

pub static RULE: Rule = Rule {
    id: "methotrexate_interactions",
    severity: Severity::Contraindication,
    section: Section::Interactions,
    text: "methotrexate not with antifolates or sulfonamide antibiotics (trimethoprim-sulfamethoxazole among them), nor nitrous oxide",
    sources: &[],
    statements: &[
        us(Methotrexate, Avoid, "antifolate drugs (dapsone, pemetrexed, pyrimethamine, sulfonamides) and sulfonamide antibiotics raise methotrexate exposure: coadminister only if it cannot be avoided, then monitor closely", METHOTREXATE_US.at("7.1 Effects of Other Drugs on Methotrexate")).on("antifolate"),
        us(Methotrexate, Avoid, "avoid nitrous oxide anesthesia in patients receiving methotrexate", METHOTREXATE_US.at("7.1 Effects of Other Drugs on Methotrexate")).on("nitrous_oxide"),
    ],
    fallback: true,
    check,
};

fn check(rule: &Rule, case: &Case) -> Vec<Verdict> {
    super::per_drug(rule, case, |r, statements: Vec<&Statement>| {
        let draft = || rule.about(Case::subject(r)).fact(Case::item_fact(r));
        let (Some(antifolates), Some(n2o)) = (
            case.meds_with(Role::Antifolate),
            case.meds_with(Role::NitrousOxide),
        ) else {
            return draft().by(&statements).unknown(
                vec!["concomitant_medications".into()],
                "concomitant medications are needed to rule out antifolates and nitrous oxide",
            );
        };
        let found = antifolates
            .iter()
            .map(|x| (x, "antifolate"))
            .chain(n2o.iter().map(|x| (x, "nitrous_oxide")))
            .next();
        if let Some(((m, c), t)) = found {
            let on = topic(&statements, t);
            let trimethoprim = ["trimethoprim", "trimethoprim_sulfamethoxazole"].contains(&c.id);
            let mut draft = draft();
            if trimethoprim {
                draft = draft.cite(
                    MEDSAFE_METHOTREXATE
                        .unverified_at("trimethoprim and co-trimoxazole: avoid whenever possible"),
                );
            }
            return draft.by(&on).fact(fact(m.path(), &m.text)).violated(
                format!("{}.medication", m.path()),
                format!("{} ({})", m.text, c.generic),
                on[0].says,
            );
        }
        draft().by(&statements).proved("no antifolate, sulfonamide antibiotic or nitrous oxide among the concomitant medications")
    })
}
