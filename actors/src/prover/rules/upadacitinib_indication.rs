//! Upadacitinib's US indication (October 2025): after an inadequate response or
//! intolerance to a TNF blocker, or, when TNF blockers are inadvisable, after
//! at least one approved systemic therapy. An advisory: the record rarely says
//! why a TNF blocker is inadvisable.

use crate::clinical::formulary::Drug::Upadacitinib;
use crate::clinical::patient::Outcome;
use crate::clinical::vocabulary::Role;
use crate::prover::case::Case;
use crate::prover::rule::Rule;
use crate::prover::statement::{us, Basis::*};
use crate::prover::verdict::{fact, Severity, Verdict};
use crate::source::labels::RINVOQ_US;
use crate::source::Section;

pub static RULE: Rule = Rule {
    id: "upadacitinib_indication",
    severity: Severity::Advisory,
    section: Section::Indication,
    text: "upadacitinib after an inadequate response or intolerance to a TNF blocker (or, when TNF blockers are inadvisable, another approved systemic therapy)",
    sources: &[],
    statements: &[us(
        Upadacitinib,
        Advice,
        "adults who have had an inadequate response or intolerance to one or more TNF blockers; if TNF blockers are clinically inadvisable, patients should have received at least one approved systemic therapy",
        RINVOQ_US.unverified_at("1 Indications and Usage: Crohn's disease (October 2025; AbbVie safety information)"),
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
        if case.already_on(Upadacitinib).is_some() {
            return draft().proved("already on upadacitinib");
        }
        let failed_tnf = case.history_with(Role::AntiTnf).find(|(_, h, _)| {
            matches!(
                h.outcome(),
                Some(
                    Outcome::PrimaryNonResponse
                        | Outcome::LossOfResponse
                        | Outcome::Intolerance
                        | Outcome::PartialResponse
                )
            )
        });
        match failed_tnf {
            Some((i, h, c)) => draft()
                .fact(fact(format!("treatment_history[{i}]"), format!("{} ({})", c.generic, h.response.as_deref().unwrap_or(""))))
                .proved("inadequate response or intolerance to a TNF blocker recorded"),
            None if case.patient.history().is_empty() => draft().unknown(vec!["treatment_history".into()], "prior therapies are needed"),
            None => draft().violated(
                "treatment_history",
                "no TNF-blocker failure recorded",
                "the US indication follows a TNF blocker (or another systemic therapy when TNF blockers are inadvisable)",
            ),
        }
    })
}
