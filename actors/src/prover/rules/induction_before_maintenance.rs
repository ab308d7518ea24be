//! Plans are schedules: a maintenance regimen that the label gives after an
//! induction needs that induction first (complete, and before maintenance
//! starts), unless the record shows the patient already on the drug. The
//! induction and the maintenance of one drug are one therapy.

use crate::clinical::formulary::{Induction, Regimen};
use crate::clinical::plan::{Frequency, Phase};
use crate::clinical::resolve::Resolved;
use crate::prover::case::Case;
use crate::prover::rule::Rule;
use crate::prover::verdict::{fact, Severity, Verdict};

use super::candidate_regimens;

pub static RULE: Rule = Rule {
    id: "induction_before_maintenance",
    severity: Severity::Contraindication,
    text: "a maintenance regimen follows the label's induction of the same drug (all its doses, before maintenance starts) unless the patient is already on the drug",
    sources: &[],
    statements: &[],
    fallback: true,
    check,
};

/// Weeks a week of tolerance early is accepted for scheduling.
const WEEK_TOLERANCE: f64 = 1.0;

fn check(rule: &Rule, case: &Case) -> Vec<Verdict> {
    let out: Vec<Verdict> = case
        .items
        .iter()
        .filter(|r| r.phase == Some(Phase::Maintenance))
        .filter_map(|m| need(case, m).map(|(g, need)| check_item(rule, case, m, g, need)))
        .collect();
    if out.is_empty() {
        return vec![rule.not_applicable("no maintenance item follows a label induction")];
    }
    out
}

/// The induction the item's maintenance regimen follows: the regimen it fits,
/// else the first maintenance regimen of its route that has one.
fn need(case: &Case, m: &Resolved) -> Option<(&'static Regimen, Induction)> {
    let dose = m.dose();
    let mut candidates: Vec<&'static Regimen> = candidate_regimens(case, m)
        .filter(|g| g.after.is_some())
        .collect();
    candidates.sort_by_key(|g| g.fit(&m.item, dose).is_err());
    let g = candidates.into_iter().next()?;
    Some((g, g.after?))
}

fn interval_days(f: Frequency) -> Option<f64> {
    match f {
        Frequency::Once => None,
        Frequency::Daily => Some(1.0),
        Frequency::Weekly => Some(7.0),
        Frequency::Every2Weeks => Some(14.0),
        Frequency::Every4Weeks => Some(28.0),
        Frequency::Every8Weeks => Some(56.0),
        Frequency::Every12Weeks => Some(84.0),
    }
}

fn check_item(rule: &Rule, case: &Case, m: &Resolved, g: &Regimen, need: Induction) -> Verdict {
    let draft = || {
        rule.about(Case::subject(m))
            .fact(Case::item_fact(m))
            .regimen(m, g)
    };
    let drug = m.entry.name;
    if let Some(path) = case.already_on(m.entry.drug) {
        return draft()
            .fact(fact(&path, format!("on {drug} now")))
            .proved(format!(
                "the record shows the patient already on {drug}: no new induction"
            ));
    }
    let inductions: Vec<&Resolved> = case
        .of_drug(m.entry.drug)
        .filter(|r| r.phase == Some(Phase::Induction))
        .collect();
    if inductions.is_empty() {
        return draft().violated(
            format!("{}.phase", m.path()),
            "maintenance without induction",
            format!("the label's induction first: {}", need.text),
        );
    }
    let draft = || draft().facts(inductions.iter().map(|r| Case::item_fact(r)));
    // Doses or weeks of induction, where the items say.
    if let Some(want) = need.doses {
        let mut count = 0.0;
        for r in &inductions {
            match (interval_days(r.item.frequency), r.item.duration) {
                (None, _) => count += 1.0,
                (Some(every), Some(days)) => count += (days / every).ceil().max(1.0),
                (Some(_), None) => {
                    return draft().unknown(
                        vec![format!("{}.duration", r.path())],
                        format!("a repeating induction item without a duration: its doses cannot be counted against the label's {want} ({})", need.text),
                    )
                }
            }
        }
        if count < f64::from(want) {
            return draft().violated(
                "treatment_plan[phase=induction]",
                format!("{count} induction dose(s) of {drug}"),
                format!("{want} induction doses: {}", need.text),
            );
        }
    }
    if let Some(weeks) = need.weeks {
        let mut days = 0.0;
        for r in &inductions {
            let Some(d) = r.item.duration else {
                return draft().unknown(
                    vec![format!("{}.duration", r.path())],
                    format!("the induction's length is needed: {}", need.text),
                );
            };
            days += d;
        }
        if days + 7.0 * WEEK_TOLERANCE < weeks * 7.0 {
            return draft().violated(
                "treatment_plan[phase=induction].duration",
                format!("{days} days"),
                format!("{weeks} weeks of induction: {}", need.text),
            );
        }
    }
    // Timing: every item of the schedule says its week, or the order is unknown.
    let unscheduled: Vec<String> = std::iter::once(m)
        .chain(inductions.iter().copied())
        .filter(|r| r.item.start_week.is_none())
        .map(|r| format!("{}.start_week", r.path()))
        .collect();
    if !unscheduled.is_empty() {
        return draft().unknown(
            unscheduled,
            format!("the weeks of the induction and the maintenance are needed to check that maintenance follows the label's induction ({})", need.text),
        );
    }
    let first = inductions
        .iter()
        .filter_map(|r| r.item.start_week)
        .fold(f64::INFINITY, f64::min);
    let start = m.item.start_week.expect("checked above");
    if let Some(late) = inductions
        .iter()
        .find(|r| r.item.start_week.is_some_and(|w| w > start))
    {
        return draft().violated(
            format!("{}.start_week", late.path()),
            late.item.start_week,
            format!("induction before maintenance (maintenance starts at week {start})"),
        );
    }
    if start - first + WEEK_TOLERANCE < need.maintenance_from_week {
        return draft().violated(
            format!("{}.start_week", m.path()),
            start,
            format!(
                "maintenance from week {} after the first induction dose: {}",
                first + need.maintenance_from_week,
                need.text
            ),
        );
    }
    draft().proved(format!(
        "the label's induction precedes maintenance (from week {start}): {}",
        need.text
    ))
}
