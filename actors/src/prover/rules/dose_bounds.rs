//! Every plan item within a label regimen: dose, unit, frequency, route,
//! phase and weight band. Course length, the induction a maintenance regimen
//! follows and the condition of an escalated dose have rules of their own.

use crate::clinical::formulary::fit::Miss;
use crate::clinical::formulary::Regimen;
use crate::clinical::resolve::Resolved;
use crate::prover::case::Case;
use crate::prover::rule::Rule;
use crate::prover::verdict::{Severity, Verdict};

use super::candidate_regimens;

pub static RULE: Rule = Rule {
    id: "dose_bounds",
    severity: Severity::Contraindication,
    text: "each item's dose, frequency, route and phase lie within a label regimen (1% rounding tolerance)",
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
    let mut first_miss = None;
    let mut fits: Vec<&Regimen> = Vec::new();
    let candidates: Vec<&Regimen> = candidate_regimens(case, r).collect();
    for g in &candidates {
        match g.fit(&r.item, dose) {
            Ok(()) => fits.push(g),
            Err(miss) => {
                first_miss.get_or_insert((miss, *g));
            }
        }
    }
    if let Some(g) = fits.first() {
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
