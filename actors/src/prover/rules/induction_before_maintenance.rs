//! Plans are schedules: a maintenance regimen that the label gives after an
//! induction needs that induction first (complete, and before maintenance
//! starts), unless the record shows the patient already on the drug. The
//! induction and the maintenance of one drug are one therapy.

use crate::clinical::formulary::{Induction, Regimen, SCHEDULE_TOLERANCE_DAYS};
use crate::clinical::plan::{Phase, Route};
use crate::clinical::resolve::Resolved;
use crate::prover::case::Case;
use crate::prover::rule::Rule;
use crate::prover::verdict::{fact, Severity, Status, Verdict};

use super::candidate_regimens;
use crate::source::Section;

pub static RULE: Rule = Rule {
    id: "induction_before_maintenance",
    severity: Severity::Contraindication,
    section: Section::DosageAdult,
    text: "a maintenance regimen follows the label's induction of the same drug (all its doses, before maintenance starts) unless the patient is already on the drug",
    sources: &[],
    statements: &[],
    fallback: true,
    check,
};

/// A daily induction a week short of the label's still counts as complete
/// (the last week may be the one the patient switches in).
const WEEK_TOLERANCE: f64 = 1.0;

fn check(rule: &Rule, case: &Case) -> Vec<Verdict> {
    let out: Vec<Verdict> = case
        .items
        .iter()
        .filter(|r| r.phase == Some(Phase::Maintenance))
        .filter_map(|m| need(case, m).map(|(g, needs)| check_item(rule, case, m, g, needs)))
        .collect();
    if out.is_empty() {
        return vec![rule.not_applicable("no maintenance item follows a label induction")];
    }
    out
}

/// The induction the item's maintenance regimen follows: the regimen it fits,
/// else the first maintenance regimen of its route that has one.
fn need(case: &Case, m: &Resolved) -> Option<(&'static Regimen, &'static [Induction])> {
    let dose = m.dose();
    let mut candidates: Vec<&'static Regimen> = candidate_regimens(case, m)
        .filter(|g| !g.after.is_empty())
        .collect();
    candidates.sort_by_key(|g| g.fit(&m.item, dose).is_err());
    let g = candidates.into_iter().next()?;
    Some((g, g.after))
}

/// Proved when the plan holds any one of the label's inductions for this
/// maintenance; otherwise the verdict against the first whose route the
/// plan's induction items take.
fn check_item(rule: &Rule, case: &Case, m: &Resolved, g: &Regimen, needs: &[Induction]) -> Verdict {
    let verdicts: Vec<Verdict> = needs
        .iter()
        .map(|need| check_one(rule, case, m, g, *need))
        .collect();
    if let Some(v) = verdicts.iter().find(|v| v.status == Status::Proved) {
        return v.clone();
    }
    let routes: Vec<Route> = case
        .of_drug(m.entry.drug)
        .filter(|r| r.phase == Some(Phase::Induction))
        .filter_map(|r| r.item.route)
        .collect();
    let at = needs
        .iter()
        .position(|n| routes.contains(&n.route))
        .unwrap_or(0);
    verdicts
        .into_iter()
        .nth(at)
        .expect("a regimen with an induction")
}

fn check_one(rule: &Rule, case: &Case, m: &Resolved, g: &Regimen, need: Induction) -> Verdict {
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
        .filter(|r| r.item.route.is_none_or(|route| route == need.route))
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
    if !need.doses.is_empty() {
        let want = need.doses.len();
        let mut count = 0.0;
        for r in &inductions {
            match (r.item.frequency.interval_days(), r.item.duration) {
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
        if count < want as f64 {
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
    if start - first + SCHEDULE_TOLERANCE_DAYS / 7.0 < need.maintenance_from_week {
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
