//! Schedules checked from above: a drug's induction doses are one of the
//! label's induction schedules (no extra dose, no other dose, none before or
//! after its week; a repeating induction item ends), and no two doses of the
//! drug come closer than the label's shortest interval. The rule
//! `induction_before_maintenance` checks the same schedules from below.
//!
//! A plan item is a dose (`once`, at `start_week`) or a series (every
//! interval from `start_week`, for `duration` days, or open-ended).

use crate::clinical::formulary::{
    Induction, Membership, Regimen, SCHEDULE_TOLERANCE_DAYS as TOLERANCE_DAYS,
};
use crate::clinical::plan::{DoseUnit, Frequency, Phase, Route};
use crate::clinical::resolve::Resolved;
use crate::prover::case::Case;
use crate::prover::rule::Rule;
use crate::prover::verdict::{fact, Severity, Status, Verdict};
use crate::source::Section;

pub static RULE: Rule = Rule {
    id: "label_schedule",
    severity: Severity::Contraindication,
    section: Section::DosageAdult,
    text: "each drug's induction is one of the label's schedules (no extra, other, early or late dose; a repeating induction item ends) and no two of its doses come closer than the label's shortest interval",
    sources: &[],
    statements: &[],
    fallback: true,
    check,
};

/// Open-ended series are followed this far: two years of maintenance show any
/// interval a series has.
const HORIZON_WEEKS: f64 = 104.0;

/// One dose of the plan.
#[derive(Clone, Copy, Debug)]
struct Event<'a> {
    week: f64,
    item: &'a Resolved,
}

/// The doses of some items, or the fields that would tell them.
fn events<'a>(items: &[&'a Resolved], open_ended_ok: bool) -> Result<Vec<Event<'a>>, Vec<String>> {
    let mut out = Vec::new();
    let mut missing = Vec::new();
    for r in items {
        let Some(start) = r.item.start_week else {
            missing.push(format!("{}.start_week", r.path()));
            continue;
        };
        match r.item.frequency.interval_days() {
            None => out.push(Event {
                week: start,
                item: r,
            }),
            Some(every) => {
                let end_days = match r.item.duration {
                    Some(days) => days,
                    None if open_ended_ok => (HORIZON_WEEKS - start).max(0.0) * 7.0,
                    None => {
                        missing.push(format!("{}.duration", r.path()));
                        continue;
                    }
                };
                let mut k = 0.0;
                while k * every < end_days - 1e-9 || k == 0.0 {
                    out.push(Event {
                        week: start + k * every / 7.0,
                        item: r,
                    });
                    k += 1.0;
                }
            }
        }
    }
    out.sort_by(|a, b| a.week.total_cmp(&b.week));
    if missing.is_empty() {
        Ok(out)
    } else {
        Err(missing)
    }
}

fn check(rule: &Rule, case: &Case) -> Vec<Verdict> {
    let mut out = Vec::new();
    for drug in case.drugs() {
        let items: Vec<&Resolved> = case.of_drug(drug).collect();
        if let Some(v) = induction(rule, case, &items) {
            out.push(v);
        }
        if let Some(v) = intervals(rule, case, &items) {
            out.push(v);
        }
    }
    if out.is_empty() {
        out.push(rule.not_applicable(
            "no drug has induction doses or more than one dose series to schedule",
        ));
    }
    out
}

/// The label's counted induction schedules for the drug that apply to this
/// patient, with the regimen (maintenance) they precede.
fn schedules(case: &Case, first: &Resolved) -> Vec<(&'static Induction, &'static Regimen)> {
    let jurisdiction = case.settings.jurisdiction;
    let mut out: Vec<(&'static Induction, &'static Regimen)> = Vec::new();
    for g in first.entry.regimens {
        if !g.labels.iter().any(|l| jurisdiction.applies(*l)) || case.excluded_from(&g.population) {
            continue;
        }
        for i in g.after {
            let same = out
                .iter()
                .any(|(o, _)| o.doses == i.doses && o.route == i.route && o.unit == i.unit);
            if !i.doses.is_empty() && !same {
                out.push((i, g));
            }
        }
    }
    out
}

/// The dose of an event in the schedule's unit, when the weight allows.
fn amount(e: &Event, unit: DoseUnit) -> Option<f64> {
    match unit {
        DoseUnit::Mg => e.item.mg,
        DoseUnit::MgPerKg => e.item.mg_per_kg,
    }
}

/// How the plan's induction departs from one schedule: `None` when it is the
/// schedule or its beginning; else (matched doses, field, value, bound).
fn departure(
    doses: &[Event],
    s: &Induction,
    first_week: f64,
) -> Option<(usize, String, serde_json::Value, String)> {
    let tol = TOLERANCE_DAYS / 7.0;
    for (i, e) in doses.iter().enumerate() {
        let path = e.item.path();
        let Some(&(week, want)) = s.doses.get(i) else {
            return Some((
                i,
                path.to_string(),
                format!("induction dose {} at week {}", i + 1, e.week).into(),
                format!("{} induction doses: {}", s.doses.len(), s.text),
            ));
        };
        if e.item.item.route.is_some_and(|r| r != s.route) {
            return Some((
                i,
                format!("{path}.route"),
                serde_json::to_value(e.item.item.route).unwrap_or_default(),
                format!("induction dose {} by {:?}: {}", i + 1, s.route, s.text).to_lowercase(),
            ));
        }
        let at = e.week - first_week;
        if (at - week).abs() > tol {
            let when = if at < week { "before" } else { "after" };
            return Some((
                i,
                format!("{path}.start_week"),
                e.week.into(),
                format!(
                    "induction dose {} at week {} of the schedule, not {when} it (+/- {TOLERANCE_DAYS} days): {}",
                    i + 1,
                    first_week + week,
                    s.text
                ),
            ));
        }
        if let (Some(want), Some(got)) = (want, amount(e, s.unit)) {
            if (got - want).abs() > want * crate::clinical::formulary::fit::TOLERANCE {
                let unit = if s.unit == DoseUnit::Mg {
                    "mg"
                } else {
                    "mg/kg"
                };
                return Some((
                    i,
                    format!("{path}.dosage"),
                    crate::clinical::formulary::fit::round(got).into(),
                    format!("induction dose {} is {want} {unit}: {}", i + 1, s.text),
                ));
            }
        }
    }
    None
}

fn induction(rule: &Rule, case: &Case, items: &[&Resolved]) -> Option<Verdict> {
    let inductions: Vec<&Resolved> = items
        .iter()
        .copied()
        .filter(|r| r.phase == Some(Phase::Induction))
        .collect();
    let first = *inductions.first()?;
    let schedules = schedules(case, first);
    if schedules.is_empty() {
        // Daily or weekly courses: `course_length` limits them.
        return None;
    }
    let longest = schedules
        .iter()
        .map(|(s, _)| s.doses.len())
        .max()
        .unwrap_or(0);
    let draft = || {
        rule.about(Case::subject(first))
            .facts(inductions.iter().map(|r| Case::item_fact(r)))
    };
    let doses = match events(&inductions, false) {
        Ok(d) => d,
        Err(missing) => {
            // The doses the plan does state may already be too many.
            let known = events(
                &inductions
                    .iter()
                    .copied()
                    .filter(|r| {
                        r.item.start_week.is_some()
                            && (r.item.frequency == Frequency::Once || r.item.duration.is_some())
                    })
                    .collect::<Vec<_>>(),
                false,
            )
            .map_or(0, |d| d.len())
                + inductions
                    .iter()
                    .filter(|r| r.item.start_week.is_none() && r.item.frequency == Frequency::Once)
                    .count();
            let (s, g) = schedules[0];
            if known > longest {
                return Some(draft().regimen(first, g).violated(
                    "treatment_plan[phase=induction]",
                    format!("at least {known} induction doses of {}", first.entry.name),
                    format!("at most {longest} induction doses: {}", s.text),
                ));
            }
            return Some(draft().regimen(first, g).unknown(
                missing,
                format!(
                    "the weeks and lengths of the induction items are needed to check them against the label's schedule ({}); a repeating induction item without a duration has no end",
                    s.text
                ),
            ));
        }
    };
    let first_week = doses[0].week;
    // Only the schedules the plan's routes can be; the closest departure reported.
    let mut worst: Option<(usize, String, serde_json::Value, String, &Regimen)> = None;
    // A schedule the plan keeps, for a population the record may not be in.
    let mut undecided: Option<(Vec<String>, &Induction, &Regimen)> = None;
    for (s, g) in &schedules {
        match departure(&doses, s, first_week) {
            None => {
                if let Membership::Undecided(missing) = case.membership(&g.population) {
                    undecided.get_or_insert((
                        missing.iter().map(|m| m.to_string()).collect(),
                        s,
                        g,
                    ));
                    continue;
                }
                let note = if doses.len() < s.doses.len() {
                    format!(
                        "the first {} of the label's {} induction doses: {}",
                        doses.len(),
                        s.doses.len(),
                        s.text
                    )
                } else {
                    format!("the label's induction schedule: {}", s.text)
                };
                return Some(
                    draft()
                        .regimen(first, g)
                        .fact(fact(
                            "treatment_plan[phase=induction]",
                            format!(
                                "{} dose(s) at week(s) {}",
                                doses.len(),
                                doses
                                    .iter()
                                    .map(|d| d.week.to_string())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        ))
                        .proved(note),
                );
            }
            Some((matched, field, value, bound)) => {
                if worst.as_ref().is_none_or(|w| matched > w.0) {
                    worst = Some((matched, field, value, bound, g));
                }
            }
        }
    }
    if let Some((missing, s, g)) = undecided {
        return Some(draft().regimen(first, g).unknown(
            missing,
            format!(
                "the plan keeps the label's schedule for {} ({}): the record does not show the patient is in it",
                g.population.describe(),
                s.text
            ),
        ));
    }
    let (_, field, value, bound, g) = worst.expect("a schedule departed");
    Some(draft().regimen(first, g).violated(field, value, bound))
}

/// No two doses of a drug by one route closer than the label's interval for
/// that route. Two doses of one item are as far apart as its frequency, which
/// `dose_bounds` and `conditional_dose` check (an escalation's condition
/// included); doses of two items come no closer than the label's shortest
/// interval without a condition, or than the items' own frequencies: two
/// series side by side cannot make an escalation whose condition no rule sees.
/// Daily drugs are left to `duplicate_therapy`.
fn intervals(rule: &Rule, case: &Case, items: &[&Resolved]) -> Option<Verdict> {
    let jurisdiction = case.settings.jurisdiction;
    let first = *items.first()?;
    let mut verdict = None;
    for route in [Route::Iv, Route::Sc, Route::Im, Route::Oral] {
        let series: Vec<&Resolved> = items
            .iter()
            .copied()
            .filter(|r| r.phase == Some(Phase::Maintenance))
            .filter(|r| r.item.route.unwrap_or(route) == route)
            .collect();
        let repeating = series
            .iter()
            .any(|r| r.item.frequency.interval_days().is_some_and(|d| d >= 7.0));
        if series.len() < 2 || !repeating {
            continue;
        }
        let shortest = |conditional: bool| {
            first
                .entry
                .regimens
                .iter()
                .filter(|g| g.phase == Phase::Maintenance && g.route == route)
                .filter(|g| g.labels.iter().any(|l| jurisdiction.applies(*l)))
                .filter(|g| !case.excluded_from(&g.population))
                .filter(move |g| conditional || g.condition.is_none())
                .flat_map(|g| g.frequencies.iter().map(move |f| (f.interval_days(), g)))
                .filter_map(|(d, g)| d.map(|d| (d, g)))
                .min_by(|a, b| a.0.total_cmp(&b.0))
        };
        let (Some((any, _)), Some((interval, g))) =
            (shortest(true), shortest(false).or(shortest(true)))
        else {
            continue;
        };
        if any < 7.0 {
            continue;
        }
        // The interval two doses need: an item's own frequency counts for it.
        let needed = |a: &Resolved, b: &Resolved| {
            let own = |r: &Resolved| r.item.frequency.interval_days().unwrap_or(f64::INFINITY);
            interval.min(own(a)).min(own(b)).max(any)
        };
        let doses = match events(&series, true) {
            Ok(d) => d,
            Err(missing) => {
                keep_worst(
                    &mut verdict,
                    rule.about(Case::subject(series[0]))
                        .facts(series.iter().map(|r| Case::item_fact(r)))
                        .regimen(series[0], g)
                        .unknown(
                            missing,
                            format!(
                                "{} maintenance items of {} by {:?}: their weeks tell whether doses come closer than the label's {} days",
                                series.len(),
                                first.entry.name,
                                route,
                                interval
                            ),
                        ),
                );
                continue;
            }
        };
        let draft = || {
            rule.about(Case::subject(series[0]))
                .facts(series.iter().map(|r| Case::item_fact(r)))
                .regimen(series[0], g)
        };
        let close = doses.windows(2).find_map(|w| {
            let need = needed(w[0].item, w[1].item);
            ((w[1].week - w[0].week) * 7.0 < need - TOLERANCE_DAYS).then_some((w, need))
        });
        let v = match close {
            Some((w, need)) => draft().violated(
                format!("{}.start_week", w[1].item.path()),
                w[1].week,
                format!(
                    "a dose at week {} and another at week {}: the label's shortest interval for {} by {:?} is {} days ({}){}",
                    w[0].week,
                    w[1].week,
                    first.entry.name,
                    route,
                    need,
                    g.text,
                    if need > any {
                        format!("; {any} days only on the label's condition, as one item whose condition is checked")
                    } else {
                        String::new()
                    }
                )
                .replace("Iv", "IV")
                .replace("Sc", "SC"),
            ),
            None => draft().proved(format!(
                "{} maintenance doses, none closer than the label's {} days",
                doses.len(),
                interval
            )),
        };
        keep_worst(&mut verdict, v);
    }
    verdict
}

/// Keeps the worse of two verdicts (violated, then unknown, then the rest).
fn keep_worst(kept: &mut Option<Verdict>, v: Verdict) {
    let rank = |v: &Verdict| match v.status {
        Status::Violated => 2,
        Status::Unknown => 1,
        _ => 0,
    };
    if kept.as_ref().is_none_or(|k| rank(&v) > rank(k)) {
        *kept = Some(v);
    }
}
