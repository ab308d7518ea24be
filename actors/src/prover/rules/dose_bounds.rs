//! Every plan item within a label regimen for the patient: dose, unit,
//! frequency, route, phase, weight band, and the age and weight the regimen is
//! for (a child gets the label's paediatric regimen for its band, never the
//! adult one). Course length, the schedule, the induction a maintenance
//! regimen follows and the condition of an escalated dose have rules of their
//! own.

use crate::clinical::formulary::fit::Miss;
use crate::clinical::formulary::{Membership, Regimen};
use crate::clinical::resolve::Resolved;
use crate::prover::case::Case;
use crate::prover::rule::Rule;
use crate::prover::verdict::{Severity, Verdict};

use super::candidate_regimens;
use crate::source::Section;

pub static RULE: Rule = Rule {
    id: "dose_bounds",
    severity: Severity::Contraindication,
    section: Section::DosageAdult,
    text: "each item's dose, frequency, route and phase lie within a label regimen for the patient's age and weight (1% rounding tolerance)",
    sources: &[],
    statements: &[],
    fallback: true,
    check,
};

fn check(rule: &Rule, case: &Case) -> Vec<Verdict> {
    if case.items.is_empty() {
        return vec![rule.not_applicable("the plan has no formulary drug")];
    }
    case.items
        .iter()
        .map(|r| check_item(rule, case, r))
        .collect()
}

fn check_item(rule: &Rule, case: &Case, r: &Resolved) -> Verdict {
    let draft = || rule.about(Case::subject(r)).fact(Case::item_fact(r));
    let jurisdiction = case.settings.jurisdiction;
    let in_force: Vec<&Regimen> = r
        .entry
        .regimens
        .iter()
        .filter(|g| g.labels.iter().any(|l| jurisdiction.applies(*l)))
        .collect();
    if let Some(phase) = r.item.phase {
        if !in_force.iter().any(|g| g.phase == phase) {
            return draft().violated(
                format!("{}.phase", r.path()),
                phase,
                format!(
                    "{} has no {phase:?} regimen in the {} label(s)",
                    r.entry.name,
                    jurisdiction.as_str()
                )
                .to_lowercase(),
            );
        }
    }
    if let Some(route) = r.item.route {
        let same_phase: Vec<&&Regimen> = in_force
            .iter()
            .filter(|g| r.item.phase.is_none_or(|p| p == g.phase))
            .collect();
        if !same_phase.iter().any(|g| g.route == route) {
            let mut routes: Vec<String> = same_phase
                .iter()
                .map(|g| format!("{:?}", g.route).to_lowercase())
                .collect();
            routes.dedup();
            return draft().violated(
                format!("{}.route", r.path()),
                route,
                format!("label routes: {}", routes.join(", ")),
            );
        }
    }
    let dose = r.dose();
    let candidates: Vec<&Regimen> = candidate_regimens(case, r).collect();
    if candidates.is_empty() {
        // Regimens of this route and phase exist, but for other ages or weights.
        let others: Vec<&&Regimen> = in_force
            .iter()
            .filter(|g| r.phase.is_none_or(|p| p == g.phase))
            .filter(|g| r.item.route.is_none_or(|route| route == g.route))
            .collect();
        if let Some(first) = others.first() {
            let why = match case.membership(&first.population) {
                Membership::Out(why) => why,
                _ => String::new(),
            };
            return draft().regimen(r, first).violated(
                format!("{}.medication", r.path()),
                r.entry.name,
                format!(
                    "no {} label regimen for this patient ({why}); the label's: {}",
                    r.entry.name,
                    others
                        .iter()
                        .map(|g| format!("{} ({})", g.text, g.population.describe()))
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
            );
        }
    }
    let mut first_miss = None;
    let mut fits: Vec<&Regimen> = Vec::new();
    for g in &candidates {
        match g.fit(&r.item, dose) {
            Ok(()) => fits.push(g),
            Err(miss) => {
                first_miss.get_or_insert((miss, *g));
            }
        }
    }
    // A regimen the record shows is for the patient first; one whose
    // population the record cannot decide only if none is.
    fits.sort_by_key(|g| g.population.admits(case.age(), case.weight()) != Some(true));
    if let Some(g) = fits.first() {
        if let Membership::Undecided(missing) = case.membership(&g.population) {
            return draft().regimen(r, g).unknown(
                missing.iter().map(|m| m.to_string()).collect(),
                format!(
                    "the dose fits the label's regimen for {} ({}): the patient's {} decides",
                    g.population.describe(),
                    g.text,
                    missing
                        .iter()
                        .map(|m| m.trim_start_matches("demographics."))
                        .collect::<Vec<_>>()
                        .join(" and ")
                ),
            );
        }
        // Without a route, the dose must be right whichever route the label has for it.
        let unfit: Vec<String> = candidates
            .iter()
            .map(|c| c.route)
            .filter(|route| !fits.iter().any(|f| f.route == *route))
            .map(|route| format!("{route:?}").to_lowercase())
            .collect();
        if r.item.route.is_none() && !unfit.is_empty() {
            return draft().regimen(r, g).unknown(
                vec![format!("{}.route", r.path())],
                format!("the dose fits the label's {} regimen ({}) but not its {} one: the route decides", format!("{:?}", g.route).to_lowercase(), g.text, unfit.join("/")),
            );
        }
        return draft()
            .regimen(r, g)
            .proved(format!("within label regimen: {}", g.text));
    }
    let Some((miss, g)) = first_miss else {
        return draft().violated(
            format!("{}.medication", r.path()),
            r.entry.name,
            "no label regimen matches",
        );
    };
    match miss {
        Miss::NeedsWeight => draft().regimen(r, g).unknown(
            vec!["demographics.weight".into()],
            format!("the label regimen ({}) is weight-based", g.text),
        ),
        Miss::Breaks(field, value, bound) => draft().regimen(r, g).violated(
            format!("{}.{field}", r.path()),
            value,
            format!("{bound} (label: {})", g.text),
        ),
    }
}
