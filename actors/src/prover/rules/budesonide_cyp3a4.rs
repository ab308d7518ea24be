//! Budesonide with CYP3A4 inhibitors (ketoconazole, itraconazole, ritonavir,
//! clarithromycin, erythromycin, cyclosporine, ...) or grapefruit juice: avoid;
//! systemic corticosteroid effects rise.

use crate::clinical::formulary::Drug::Budesonide;
use crate::clinical::vocabulary::{Concept, Role};
use crate::prover::case::{Case, Med};
use crate::prover::rule::Rule;
use crate::prover::statement::{us, Basis::*};
use crate::prover::verdict::{fact, Severity, Verdict};
use crate::source::labels::{CYP3A_TABLE, ENTOCORT_US};

use super::topic;
use crate::source::Section;

pub static RULE: Rule = Rule {
    id: "budesonide_cyp3a4",
    severity: Severity::Contraindication,
    section: Section::Interactions,
    text: "budesonide not with grapefruit juice, strong CYP3A4 inhibitors or the inhibitors the label names; other CYP3A4 inhibitors raise exposure (an advisory)",
    sources: &[CYP3A_TABLE.unverified_at("CYP3A inhibitors")],
    statements: &[
        us(Budesonide, Avoid, "avoid consumption of grapefruit juice for the duration of therapy", ENTOCORT_US.at("2.1 Administration Instructions; 7.1")).on("grapefruit"),
        us(Budesonide, Avoid, "CYP3A4 inhibitors (ketoconazole, itraconazole, ritonavir, indinavir, saquinavir, erythromycin, cyclosporine) increase systemic exposure: avoid", ENTOCORT_US.unverified_at("7.1 Interaction with CYP3A4 inhibitors (read in a secondary summary)")).on("named"),
        us(Budesonide, Advice, "other CYP3A4 inhibitors may increase systemic corticosteroid effects: monitor", ENTOCORT_US.unverified_at("7.1 Interaction with CYP3A4 inhibitors (read in a secondary summary)")).on("other"),
    ],
    fallback: true,
    check,
};

/// The inhibitors the label's interaction section names (besides the strong ones).
const NAMED: &[&str] = &["erythromycin", "cyclosporine"];

fn check(rule: &Rule, case: &Case) -> Vec<Verdict> {
    super::per_drug(rule, case, |r, statements| {
        let draft = || rule.about(Case::subject(r)).fact(Case::item_fact(r));
        let (Some(strong), Some(other)) = (
            case.meds_with(Role::StrongCyp3a4Inhibitor),
            case.meds_with(Role::OtherCyp3a4Inhibitor),
        ) else {
            return draft().by(&statements).unknown(
                vec!["concomitant_medications".into()],
                "concomitant medications are needed to rule out CYP3A4 inhibitors",
            );
        };
        let kind = |c: &Concept| {
            if c.id == "grapefruit" {
                "grapefruit"
            } else if c.has(Role::StrongCyp3a4Inhibitor) || NAMED.contains(&c.id) {
                "named"
            } else {
                "other"
            }
        };
        let mut found: Vec<(&Med, &Concept, &str)> = strong
            .iter()
            .chain(&other)
            .map(|(m, c)| (*m, *c, kind(c)))
            .collect();
        // The binding ones first.
        found.sort_by_key(|f| f.2 == "other");
        match found.first() {
            Some((m, c, t)) => draft()
                .by(&topic(&statements, t))
                .fact(fact(m.path(), &m.text))
                .violated(
                    format!("{}.medication", m.path()),
                    format!("{} ({})", m.text, c.generic),
                    "no CYP3A4 inhibitor or grapefruit juice with budesonide",
                ),
            None => draft()
                .by(&statements)
                .proved("no CYP3A4 inhibitor among the concomitant medications"),
        }
    })
}
