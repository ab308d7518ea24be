//! A dose the label gives only under a condition needs that condition on the
//! record: infliximab 10 mg/kg for adults who responded and then lost response;
//! adalimumab 40 mg weekly or 80 mg every other week and vedolizumab every 4
//! weeks (EU) for a decrease in response; upadacitinib 30 mg maintenance for
//! refractory, severe or extensive disease, and 30 mg induction with a strong
//! CYP3A4 inhibitor or an eGFR of 15 to < 30.

use crate::clinical::formulary::{Condition, Drug, Regimen};
use crate::clinical::labs::Analyte;
use crate::clinical::patient::Outcome;
use crate::clinical::resolve::Resolved;
use crate::clinical::vocabulary::Role;
use crate::prover::case::{lab_fact, Case};
use crate::prover::rule::Rule;
use crate::prover::verdict::{fact, Severity, Verdict};

use super::fitting_regimens;
use crate::source::Section;

pub static RULE: Rule = Rule {
    id: "conditional_dose",
    severity: Severity::Contraindication,
    section: Section::DosageAdult,
    text: "a dose the label gives only under a condition (loss of response after a response; refractory, severe or extensive disease; a strong CYP3A4 inhibitor or severe renal impairment) has that condition on the record",
    sources: &[],
    statements: &[],
    fallback: true,
    check,
};

fn check(rule: &Rule, case: &Case) -> Vec<Verdict> {
    let mut out = Vec::new();
    for r in &case.items {
        let fits: Vec<&Regimen> = fitting_regimens(case, r).collect();
        // Escalation only when every regimen the item fits has a condition.
        if fits.is_empty() || fits.iter().any(|g| g.condition.is_none()) {
            continue;
        }
        let g = fits[0];
        out.push(match g.condition.expect("checked") {
            Condition::LossOfResponse => loss_of_response(rule, case, r, g),
            Condition::RefractorySevereOrExtensive => refractory(rule, case, r, g),
            Condition::Cyp3a4InhibitorOrSevereRenal => reduced_exposure(rule, case, r, g),
        });
    }
    if out.is_empty() {
        out.push(rule.not_applicable("no item is a dose the label gives only under a condition"));
    }
    out
}

fn loss_of_response(rule: &Rule, case: &Case, r: &Resolved, g: &Regimen) -> Verdict {
    let draft = || {
        rule.about(Case::subject(r))
            .fact(Case::item_fact(r))
            .regimen(r, g)
    };
    if r.entry.drug == Drug::Infliximab {
        match case.patient.demographics.age {
            None => {
                return draft().unknown(
                    vec!["demographics.age".into()],
                    "the label escalates infliximab for adults",
                )
            }
            Some(age) if age < 18.0 => {
                return draft().violated(
                    "demographics.age",
                    age,
                    "adults only (the label gives no pediatric escalation)",
                )
            }
            Some(_) => {}
        }
    }
    let history: Vec<_> = case.history_of(r.entry.drug).collect();
    if let Some((i, h)) = history
        .iter()
        .find(|(_, h)| h.outcome() == Some(Outcome::LossOfResponse))
    {
        return draft()
            .fact(fact(
                format!("treatment_history[{i}].response"),
                h.response.as_deref(),
            ))
            .proved(format!("loss of response to {} is recorded", r.entry.name));
    }
    let why = match history.iter().find(|(_, h)| h.outcome() == Some(Outcome::PrimaryNonResponse)) {
        Some((i, _)) => format!("treatment_history[{i}] records no response at all (primary non-response), not a loss of response"),
        None => format!("no loss of response to {} is recorded in treatment_history", r.entry.name),
    };
    draft().violated(
        format!("{}.dosage", r.path()),
        r.item.dosage,
        format!("{}: {why}", g.text),
    )
}

fn refractory(rule: &Rule, case: &Case, r: &Resolved, g: &Regimen) -> Verdict {
    let draft = || {
        rule.about(Case::subject(r))
            .fact(Case::item_fact(r))
            .regimen(r, g)
    };
    let activity = &case.patient.clinical_data.disease_activity;
    // CDAI > 450 and HBI > 16 are "severe" (Best 1976; Vermeire 2010).
    if let Some(cdai) = activity.cdai.filter(|c| *c > 450.0) {
        return draft()
            .fact(fact("clinical_data.disease_activity.CDAI", cdai))
            .proved("severe disease (CDAI > 450)");
    }
    if let Some(hbi) = activity.hbi.filter(|h| *h > 16.0) {
        return draft()
            .fact(fact("clinical_data.disease_activity.HBI", hbi))
            .proved("severe disease (HBI > 16)");
    }
    let extent = case
        .patient
        .clinical_data
        .crohns_type
        .as_deref()
        .unwrap_or("")
        .to_ascii_lowercase();
    if extent.contains("extensive") {
        return draft()
            .fact(fact("clinical_data.crohns_type", &extent))
            .proved("extensive disease");
    }
    let inadequate = case.history_of(r.entry.drug).find(|(_, h)| {
        matches!(
            h.outcome(),
            Some(Outcome::LossOfResponse | Outcome::PrimaryNonResponse | Outcome::PartialResponse)
        )
    });
    if let Some((i, _)) = inadequate {
        return draft()
            .fact(fact(
                format!("treatment_history[{i}]"),
                "inadequate response at the lower dose",
            ))
            .proved("refractory to the lower dose");
    }
    draft().unknown(
        vec![
            "clinical_data.disease_activity".into(),
            "clinical_data.crohns_type".into(),
            "treatment_history".into(),
        ],
        format!("{}: the record does not show refractory, severe (CDAI > 450, HBI > 16) or extensive disease", g.text),
    )
}

fn reduced_exposure(rule: &Rule, case: &Case, r: &Resolved, g: &Regimen) -> Verdict {
    let draft = || {
        rule.about(Case::subject(r))
            .fact(Case::item_fact(r))
            .regimen(r, g)
    };
    let inhibitors = case.meds_with(Role::StrongCyp3a4Inhibitor);
    if let Some((m, c)) = inhibitors.as_ref().and_then(|v| v.first()) {
        return draft().fact(fact(m.path(), &m.text)).proved(format!(
            "a strong CYP3A4 inhibitor is taken ({})",
            c.generic
        ));
    }
    let egfr = case.lab(Analyte::Egfr);
    if let Ok(m) = &egfr {
        if (15.0..30.0).contains(&m.value) {
            return draft()
                .fact(lab_fact(m))
                .proved("severe renal impairment (eGFR 15 to < 30)");
        }
    }
    match (inhibitors, egfr) {
        (Some(_), Ok(m)) => draft().fact(lab_fact(&m)).violated(
            format!("{}.dosage", r.path()),
            r.item.dosage,
            format!(
                "{}: no strong CYP3A4 inhibitor is taken and eGFR is {:.0}",
                g.text, m.value
            ),
        ),
        (meds, egfr) => {
            let mut missing = Vec::new();
            if meds.is_none() {
                missing.push("concomitant_medications".to_string());
            }
            if let Err(gap) = egfr {
                missing.push(gap.field());
            }
            draft().unknown(
                missing,
                format!("{}: the record does not show either condition", g.text),
            )
        }
    }
}
