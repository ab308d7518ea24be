//! Every plan item within a label regimen of the formulary: dose, unit,
//! frequency, route, phase, weight band and course length.

use crate::clinical::formulary::Regimen;
use crate::clinical::resolve::Resolved;
use crate::clinical::DoseUnit;
use crate::prover::case::Case;
use crate::prover::rule::Rule;
use crate::prover::verdict::{fact, Severity, Verdict};

pub static RULE: Rule = Rule {
    id: "dose_bounds",
    severity: Severity::Contraindication,
    text: "each item's dose, frequency, route and course length lie within a label regimen (1% rounding tolerance)",
    sources: &[],
    check,
};

/// Relative tolerance for rounding when doses are converted between mg and mg/kg.
const TOLERANCE: f64 = 0.01;

fn check(rule: &Rule, case: &Case) -> Vec<Verdict> {
    let mut out: Vec<Verdict> = case
        .unlisted
        .iter()
        .map(|(i, name)| {
            rule.unknown(
                Some(format!("treatment_plan[{i}] ({name})")),
                vec![fact(format!("treatment_plan[{i}].medication"), name)],
                vec![format!("treatment_plan[{i}].medication")],
                format!("{name:?} is not in the formulary; its dose cannot be checked"),
            )
        })
        .collect();
    out.extend(case.items.iter().map(|r| check_item(rule, case, r)));
    if out.is_empty() {
        out.push(rule.not_applicable("the plan has no items"));
    }
    out
}

enum Miss {
    /// The field, its value and the bound it breaks.
    Breaks(String, serde_json::Value, String),
    NeedsWeight,
}

fn check_item(rule: &Rule, case: &Case, r: &Resolved) -> Verdict {
    let subject = Some(format!("{} ({})", r.path(), r.describe()));
    let mut verdict_sources = vec![r.entry.source];
    let item = r.item;
    let facts = vec![Case::item_fact(r)];
    let mut candidates: Vec<&Regimen> = r.entry.regimens.iter().collect();
    if let Some(phase) = item.phase {
        candidates.retain(|g| g.phase == phase);
        if candidates.is_empty() {
            return with_sources(
                rule.violated(
                    subject,
                    facts,
                    format!("{}.phase", r.path()),
                    phase,
                    format!("{} has no label regimen for this phase", r.entry.name),
                ),
                verdict_sources,
            );
        }
    }
    if let Some(route) = item.route {
        let before = candidates.clone();
        candidates.retain(|g| g.route == route);
        if candidates.is_empty() {
            let routes: Vec<String> = before
                .iter()
                .map(|g| format!("{:?}", g.route).to_lowercase())
                .collect();
            return with_sources(
                rule.violated(
                    subject,
                    facts,
                    format!("{}.route", r.path()),
                    route,
                    format!("label routes: {}", routes.join(", ")),
                ),
                verdict_sources,
            );
        }
    }
    let mut first_miss = None;
    for regimen in &candidates {
        match fits(case, r, regimen) {
            Ok(()) => {
                return with_sources(
                    rule.proved(
                        subject,
                        facts,
                        format!("within label regimen: {}", regimen.label),
                    ),
                    verdict_sources,
                )
            }
            Err(miss) => {
                first_miss.get_or_insert((miss, regimen));
            }
        }
    }
    let (miss, regimen) = first_miss.expect("every entry has a regimen");
    match miss {
        Miss::NeedsWeight => rule.unknown(
            subject,
            facts,
            vec!["demographics.weight".into()],
            format!("the label regimen ({}) is weight-based", regimen.label),
        ),
        Miss::Breaks(field, value, bound) => {
            verdict_sources.dedup();
            with_sources(
                rule.violated(
                    subject,
                    facts,
                    field,
                    value,
                    format!("{bound} (label: {})", regimen.label),
                ),
                verdict_sources,
            )
        }
    }
}

fn with_sources(mut v: Verdict, sources: Vec<crate::source::Source>) -> Verdict {
    v.sources = sources;
    v
}

fn fits(case: &Case, r: &Resolved, g: &Regimen) -> Result<(), Miss> {
    let path = r.path();
    if !g.frequencies.contains(&r.item.frequency) {
        let allowed: Vec<&str> = g.frequencies.iter().map(|f| f.as_str()).collect();
        return Err(Miss::Breaks(
            format!("{path}.frequency"),
            r.item.frequency.as_str().into(),
            format!("frequency one of: {}", allowed.join(", ")),
        ));
    }
    if let (Some(max), Some(days)) = (g.max_days, r.item.duration) {
        if days > max {
            return Err(Miss::Breaks(
                format!("{path}.duration"),
                days.into(),
                format!("course at most {max} days"),
            ));
        }
    }
    if !g.weight_bands.is_empty() {
        let weight = match case.patient.weight_kg() {
            Some(Ok(w)) => w,
            _ => return Err(Miss::NeedsWeight),
        };
        let Some(mg) = r.mg else {
            return Err(Miss::NeedsWeight);
        };
        let band = g
            .weight_bands
            .iter()
            .find(|(upto, _)| weight <= *upto)
            .map_or(0.0, |b| b.1);
        if (mg - band).abs() > band * TOLERANCE {
            return Err(Miss::Breaks(
                format!("{path}.dosage"),
                mg.into(),
                format!("{band} mg for a weight of {weight} kg"),
            ));
        }
        return Ok(());
    }
    let (dose, unit) = match g.unit {
        DoseUnit::Mg => (r.mg, "mg"),
        DoseUnit::MgPerKg => (r.mg_per_kg, "mg/kg"),
    };
    let Some(dose) = dose else {
        return Err(Miss::NeedsWeight);
    };
    if dose < g.min * (1.0 - TOLERANCE) || dose > g.max * (1.0 + TOLERANCE) {
        let bound = if g.min == g.max {
            format!("{} {unit}", g.max)
        } else if g.min == 0.0 {
            format!("at most {} {unit}", g.max)
        } else {
            format!("{}-{} {unit}", g.min, g.max)
        };
        return Err(Miss::Breaks(
            format!("{path}.dosage"),
            round(dose).into(),
            bound,
        ));
    }
    Ok(())
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
