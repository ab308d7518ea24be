//! Drugs that raise methotrexate exposure and call for close monitoring: NSAIDs
//! and aspirin, proton pump inhibitors, penicillins, probenecid (an advisory).

use crate::clinical::formulary::Drug::*;
use crate::clinical::vocabulary::Role;
use crate::prover::case::Case;
use crate::prover::rule::Rule;
use crate::prover::statement::{us, Basis::*};
use crate::prover::verdict::{fact, Severity, Verdict};
use crate::source::labels::METHOTREXATE_US;
use crate::source::Section;

pub static RULE: Rule = Rule {
    id: "methotrexate_exposure",
    severity: Severity::Advisory,
    section: Section::Interactions,
    text: "methotrexate with NSAIDs, proton pump inhibitors, penicillins or probenecid: monitor closely for toxicity",
    sources: &[],
    statements: &[us(
        Methotrexate,
        Advice,
        "NSAIDs and aspirin, proton pump inhibitors, penicillins and probenecid may increase methotrexate concentrations: if coadministration cannot be avoided, monitor closely",
        METHOTREXATE_US.at("7.1 Effects of Other Drugs on Methotrexate"),
    )],
    fallback: true,
    check,
};

fn check(rule: &Rule, case: &Case) -> Vec<Verdict> {
    super::per_drug(rule, case, |r, statements| {
        let draft = || {
            rule.about(Case::subject(r))
                .fact(Case::item_fact(r))
                .by(&statements)
        };
        let mut found = Vec::new();
        for role in [
            Role::Nsaid,
            Role::ProtonPumpInhibitor,
            Role::Penicillin,
            Role::Probenecid,
        ] {
            match case.meds_with(role) {
                None => {
                    return draft().unknown(
                        vec!["concomitant_medications".into()],
                        "concomitant medications are needed (advisory)",
                    )
                }
                Some(meds) => found.extend(meds),
            }
        }
        match found.first() {
            Some((m, c)) => draft().fact(fact(m.path(), &m.text)).violated(
                format!("{}.medication", m.path()),
                format!("{} ({})", m.text, c.generic),
                "monitor closely for methotrexate toxicity",
            ),
            None => draft().proved(
                "no NSAID, PPI, penicillin or probenecid among the concomitant medications",
            ),
        }
    })
}
