//! Courses the label limits in time (budesonide 9 mg up to 8 weeks, 6 mg
//! maintenance up to 3 months; upadacitinib 45 mg for 12 weeks) are no longer.
//! A limited course without a duration is `unknown`.

use crate::clinical::formulary::fit::TOLERANCE;
use crate::clinical::formulary::Regimen;
use crate::prover::case::Case;
use crate::prover::rule::Rule;
use crate::prover::verdict::{Severity, Verdict};

use super::fitting_regimens;
use crate::source::Section;

pub static RULE: Rule = Rule {
    id: "course_length",
    severity: Severity::Contraindication,
    section: Section::DosageAdult,
    text: "a course the label limits in time is no longer than the label allows",
    sources: &[],
    statements: &[],
    fallback: true,
    check,
};

fn check(rule: &Rule, case: &Case) -> Vec<Verdict> {
    let mut out = Vec::new();
    for r in &case.items {
        let fits: Vec<&Regimen> = fitting_regimens(case, r).collect();
        // The shortest limit among the regimens the item fits.
        let Some(g) = fits.iter().filter(|g| g.max_days.is_some()).min_by(|a, b| {
            a.max_days
                .partial_cmp(&b.max_days)
                .unwrap_or(std::cmp::Ordering::Equal)
        }) else {
            continue;
        };
        let max = g.max_days.expect("filtered");
        // An item whose phase is open may be the limited course or an open-ended one.
        let open_ended = fits.iter().any(|f| f.max_days.is_none());
        let draft = rule
            .about(Case::subject(r))
            .fact(Case::item_fact(r))
            .regimen(r, g);
        out.push(match r.item.duration {
            Some(days) if days <= max * (1.0 + TOLERANCE) => {
                draft.proved(format!("{days} days is within {max} days: {}", g.text))
            }
            _ if open_ended => {
                let mut missing = vec![format!("{}.phase", r.path())];
                if r.item.duration.is_none() {
                    missing.push(format!("{}.duration", r.path()));
                }
                draft.unknown(
                    missing,
                    format!(
                        "as {}, the label limits the course: {}; the phase decides",
                        format!("{:?}", g.phase).to_lowercase(),
                        g.text
                    ),
                )
            }
            None => draft.unknown(
                vec![format!("{}.duration", r.path())],
                format!("the label limits this course: {}", g.text),
            ),
            Some(days) => draft.violated(
                format!("{}.duration", r.path()),
                days,
                format!("at most {max} days: {}", g.text),
            ),
        });
    }
    if out.is_empty() {
        out.push(rule.not_applicable("no item is a course the label limits in time"));
    }
    out
}
