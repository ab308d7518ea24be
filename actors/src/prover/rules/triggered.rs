//! The rules built from the label matrix's statements alone: each statement
//! says what situation it is about (its [`Param`]: breastfeeding, a
//! pregnancy, an age band, a lab below a threshold, a condition or a
//! medication on the record), and this one check reads that situation off
//! the case. A binding statement whose situation holds is `violated`; one the
//! record cannot decide is `unknown`, naming the field; permissive and
//! conditional statements whose situation holds are `proved` with their
//! condition in the note; advice whose situation holds is an advisory
//! (a warning). Statements with a window after the last dose are also read
//! for drugs the record shows were stopped within it.

use crate::clinical::formulary::{self, Drug, Membership};
use crate::clinical::labs::Analyte;
use crate::clinical::patient::PregnancyStatus;
use crate::clinical::vocabulary::Role;
use crate::prover::case::{lab_fact, Case, Sex};
use crate::prover::rule::Rule;
use crate::prover::statement::{Basis, Param, Statement};
use crate::prover::verdict::{fact, Fact, Verdict};

/// How a statement's situation stands on the record.
pub enum Trigger {
    /// The situation holds: the facts that show it.
    Holds(Vec<Fact>),
    /// It does not: the facts that show it (may be empty).
    Absent(Vec<Fact>),
    /// The record cannot tell: the fields that would.
    Undecided(Vec<String>),
}

/// Whether the record shows a woman (or does not say the patient is a man).
fn may_be_female(case: &Case) -> bool {
    case.sex() != Some(Sex::Male)
}

/// Reads one statement's situation off the case.
pub fn trigger(case: &Case, s: &Statement, topic: &str) -> Trigger {
    let patient = &case.patient;
    match (s.param, topic) {
        (Param::Population(p), _) => match case.membership(&p) {
            Membership::In => Trigger::Holds(age_weight_facts(case)),
            Membership::Out(_) => Trigger::Absent(age_weight_facts(case)),
            Membership::Undecided(missing) => {
                Trigger::Undecided(missing.iter().map(|m| m.to_string()).collect())
            }
        },
        (_, "hypersensitivity" | "hypersensitivity_thiopurine") => {
            hypersensitivity(case, s.drug, topic == "hypersensitivity_thiopurine")
        }
        (_, "therapeutic_agent") => match case.meds_with(Role::TherapeuticInfectiousAgent) {
            None => Trigger::Undecided(vec!["concomitant_medications".into()]),
            Some(found) if found.is_empty() => Trigger::Absent(Vec::new()),
            Some(found) => Trigger::Holds(
                found
                    .iter()
                    .map(|(m, c)| fact(m.path(), format!("{} ({})", m.text, c.generic)))
                    .collect(),
            ),
        },
        (_, "breastfeeding") => match patient.lactation.as_ref().and_then(|l| l.breastfeeding) {
            Some(true) => Trigger::Holds(vec![fact("lactation.breastfeeding", true)]),
            Some(false) => Trigger::Absent(vec![fact("lactation.breastfeeding", false)]),
            None if !may_be_female(case) => Trigger::Absent(vec![fact("demographics.sex", "male")]),
            None => Trigger::Undecided(vec!["lactation.breastfeeding".into()]),
        },
        // "planning": a woman planning a pregnancy; "planning_couple": either
        // partner (the labels that ask men for contraception too).
        (_, "pregnant" | "planning" | "planning_couple") => {
            let want = if topic == "pregnant" {
                PregnancyStatus::Pregnant
            } else {
                PregnancyStatus::Planning
            };
            let women_only = topic != "planning_couple";
            match patient.pregnancy.as_ref().and_then(|p| p.status) {
                _ if women_only && !may_be_female(case) => {
                    Trigger::Absent(vec![fact("demographics.sex", "male")])
                }
                Some(status) if status == want => {
                    Trigger::Holds(vec![fact("pregnancy.status", status)])
                }
                Some(status) => Trigger::Absent(vec![fact("pregnancy.status", status)]),
                None => Trigger::Undecided(vec!["pregnancy.status".into()]),
            }
        }
        (Param::Below(analyte, limit) | Param::Above(analyte, limit), _) => {
            match case.lab(analyte) {
                Ok(m) => {
                    let holds = match s.param {
                        Param::Below(..) => m.value < limit,
                        _ => m.value > limit,
                    };
                    let facts = vec![lab_fact(&m)];
                    if holds {
                        Trigger::Holds(facts)
                    } else {
                        Trigger::Absent(facts)
                    }
                }
                Err(gap) => Trigger::Undecided(vec![gap.field()]),
            }
        }
        (Param::ChildPugh(class), _) => {
            match patient
                .hepatic_impairment
                .as_ref()
                .and_then(|h| h.child_pugh)
            {
                Some(c) if c >= class => {
                    Trigger::Holds(vec![fact("hepatic_impairment.child_pugh", c)])
                }
                Some(c) => Trigger::Absent(vec![fact("hepatic_impairment.child_pugh", c)]),
                None => Trigger::Undecided(vec!["hepatic_impairment.child_pugh".into()]),
            }
        }
        (Param::Conditions(words), _) => conditions(case, words),
        (Param::DoseShare { egfr_below, share }, _) => match case.lab(Analyte::Egfr) {
            Err(gap) => Trigger::Undecided(vec![gap.field()]),
            Ok(m) if m.value >= egfr_below => Trigger::Absent(vec![lab_fact(&m)]),
            Ok(m) => {
                let over: Vec<Fact> = above_share(case, s.drug, share);
                if over.is_empty() {
                    Trigger::Absent(vec![lab_fact(&m)])
                } else {
                    Trigger::Holds([vec![lab_fact(&m)], over].concat())
                }
            }
        },
        (Param::Role(role), _) => match case.meds_with(role) {
            None => Trigger::Undecided(vec!["concomitant_medications".into()]),
            Some(found) if found.is_empty() => Trigger::Absent(Vec::new()),
            Some(found) => Trigger::Holds(
                found
                    .iter()
                    .map(|(m, c)| fact(m.path(), format!("{} ({})", m.text, c.generic)))
                    .collect(),
            ),
        },
        // Information the label gives for every patient on the drug.
        _ => Trigger::Holds(Vec::new()),
    }
}

/// Plan items of `drug` above `share` of the largest dose the label gives for
/// their phase and route (in this jurisdiction).
fn above_share(case: &Case, drug: Drug, share: f64) -> Vec<Fact> {
    let jurisdiction = case.settings.jurisdiction;
    case.of_drug(drug)
        .filter(|r| {
            let usual = r
                .entry
                .regimens
                .iter()
                .filter(|g| g.labels.iter().any(|l| jurisdiction.applies(*l)))
                .filter(|g| r.phase.is_none_or(|p| p == g.phase))
                .filter(|g| r.item.route.is_none_or(|route| route == g.route))
                .filter(|g| g.unit == crate::clinical::DoseUnit::Mg && g.condition.is_none())
                .map(|g| g.max)
                .fold(0.0, f64::max);
            usual > 0.0 && r.mg.is_some_and(|mg| mg > usual * share * 1.01)
        })
        .map(|r| fact(format!("{}.dosage", r.path()), r.item.dosage))
        .collect()
}

/// Words of a reaction that make it a hypersensitivity (not an intolerance).
const HYPERSENSITIVITY: &[&str] = &[
    "hypersensitivity",
    "anaphylaxis",
    "anaphylactic",
    "allergic",
    "allergy",
    "angioedema",
    "serum sickness",
    "stevens johnson",
];

/// A hypersensitivity to `drug` (with `family`, to either thiopurine) on the
/// record: an allergy naming it, or a past course of it ended by a reaction
/// in those words. The allergy list absent, and no such course: undecided.
fn hypersensitivity(case: &Case, drug: Drug, family: bool) -> Trigger {
    use crate::clinical::vocabulary::recognise;
    let names = |d: Option<Drug>| {
        d.is_some_and(|d| {
            d == drug || (family && matches!(d, Drug::Azathioprine | Drug::Mercaptopurine))
        })
    };
    let mut found = Vec::new();
    for (i, a) in case.patient.allergies.iter().flatten().enumerate() {
        if recognise(&a.substance).iter().any(|c| names(c.drug)) {
            found.push(fact(format!("allergies[{i}]"), &a.substance));
        }
    }
    for (i, h) in case.patient.treatment_history.iter().enumerate() {
        let reacted = h.adverse_events.iter().any(|e| {
            let e = crate::clinical::vocabulary::normalise(e);
            HYPERSENSITIVITY.iter().any(|w| e.contains(w))
        });
        if reacted && recognise(&h.medication).iter().any(|c| names(c.drug)) {
            found.push(fact(
                format!("treatment_history[{i}].adverse_events"),
                h.adverse_events.join(", "),
            ));
        }
    }
    if !found.is_empty() {
        Trigger::Holds(found)
    } else if case.patient.allergies.is_none() {
        Trigger::Undecided(vec!["allergies".into()])
    } else {
        Trigger::Absent(vec![fact("allergies", "none to this drug")])
    }
}

fn age_weight_facts(case: &Case) -> Vec<Fact> {
    let mut out = Vec::new();
    if let Some(a) = case.age() {
        out.push(fact("demographics.age", a));
    }
    if let Some(w) = case.weight() {
        out.push(fact("demographics.weight", w));
    }
    out
}

/// A condition on the record by any of `words` (whole words of a comorbidity
/// or an extraintestinal manifestation); the comorbidity list absent is not
/// an empty one.
fn conditions(case: &Case, words: &[&str]) -> Trigger {
    let patient = &case.patient;
    let matches = |text: &str| {
        let t = crate::clinical::vocabulary::normalise(text);
        words.iter().any(|w| {
            let w = crate::clinical::vocabulary::normalise(w);
            t == w || t.starts_with(&format!("{w} ")) || t.contains(&format!(" {w}"))
        })
    };
    let mut found = Vec::new();
    for (i, c) in patient.comorbidities.iter().flatten().enumerate() {
        if matches(c) {
            found.push(fact(format!("comorbidities[{i}]"), c));
        }
    }
    for (i, c) in patient.extraintestinal_manifestations.iter().enumerate() {
        if matches(c) {
            found.push(fact(format!("extraintestinal_manifestations[{i}]"), c));
        }
    }
    if !found.is_empty() {
        Trigger::Holds(found)
    } else if patient.comorbidities.is_none() {
        Trigger::Undecided(vec!["comorbidities".into()])
    } else {
        Trigger::Absent(Vec::new())
    }
}

/// The statements' situations, for one drug: verdicts for the binding ones and
/// the advisory ones (each only when the drug has any).
pub fn check(rule: &Rule, case: &Case) -> Vec<Verdict> {
    let mut out = Vec::new();
    for drug in case.drugs() {
        let statements = rule.applicable(case, drug);
        if statements.is_empty() {
            continue;
        }
        let r = case.first(drug);
        let subject = Case::subject(r);
        let item = Case::item_fact(r);
        out.extend(decide(rule, case, &statements, subject, item, None));
    }
    out.extend(recently_stopped(rule, case));
    if out.is_empty() {
        let names: Vec<&str> = case.items.iter().map(|r| r.entry.name).collect();
        let why = if names.is_empty() {
            "the plan has no formulary drug".to_string()
        } else {
            format!(
                "no label of the plan's drugs says anything this rule checks in the {} jurisdiction",
                case.settings.jurisdiction.as_str()
            )
        };
        out.push(rule.not_applicable(why));
    }
    out
}

/// Drugs the record shows were stopped (`end_date`, the last dose) less than
/// a statement's window ago, and not in the plan: their after-windows still run.
fn recently_stopped(rule: &Rule, case: &Case) -> Vec<Verdict> {
    let mut out = Vec::new();
    let plan = case.drugs();
    for drug in formulary::FORMULARY.iter().map(|e| e.drug) {
        if plan.contains(&drug) {
            continue;
        }
        for (i, h) in case.history_of(drug) {
            let Some(end) = h.end_date else { continue };
            let since = end.days_until(case.settings.as_of);
            if since < 0 || h.is_current() {
                continue;
            }
            let within: Vec<&'static Statement> = rule
                .applicable(case, drug)
                .into_iter()
                .filter(|s| matches!(s.param, Param::DaysAfter(d) if since < i64::from(d)))
                .collect();
            if within.is_empty() {
                continue;
            }
            let subject = Some(format!(
                "treatment_history[{i}] ({}, last dose {end})",
                formulary::entry(drug).name
            ));
            let item = fact(
                format!("treatment_history[{i}].end_date"),
                format!("{end}: {since} days before {}", case.settings.as_of),
            );
            out.extend(decide(rule, case, &within, subject, item, Some(since)));
        }
    }
    out
}

fn decide(
    rule: &Rule,
    case: &Case,
    statements: &[&'static Statement],
    subject: Option<String>,
    item: Fact,
    stopped_days_ago: Option<i64>,
) -> Vec<Verdict> {
    let mut out = Vec::new();
    let (binding, advisory): (Vec<&Statement>, Vec<&Statement>) =
        statements.iter().partition(|s| s.basis.binding());
    let draft = || rule.about(subject.clone()).fact(item.clone());
    if !binding.is_empty() {
        let mut holds = Vec::new();
        let mut missing: Vec<String> = Vec::new();
        let mut facts = Vec::new();
        for s in &binding {
            match trigger(case, s, s.topic) {
                Trigger::Holds(f) => holds.push((*s, f)),
                Trigger::Absent(f) => facts.extend(f),
                Trigger::Undecided(m) => {
                    for f in m {
                        if !missing.contains(&f) {
                            missing.push(f);
                        }
                    }
                }
            }
        }
        out.push(if let Some((s, f)) = holds.first() {
            let field = f
                .first()
                .map_or_else(|| "treatment_plan".to_string(), |x| x.field.clone());
            let value = f.first().map_or(serde_json::Value::Null, |x| x.value.clone());
            let window = match (s.param, stopped_days_ago) {
                (Param::DaysAfter(d), Some(ago)) => {
                    format!(" (stopped {ago} days ago; the label's window is {d} days after the last dose)")
                }
                _ => String::new(),
            };
            draft()
                .by(&holds.iter().map(|(s, _)| *s).collect::<Vec<_>>())
                .facts(f.clone())
                .violated(field, value, format!("the label: {}{window}", s.says))
        } else if !missing.is_empty() {
            draft().by(&binding).unknown(
                missing,
                format!(
                    "the record does not say whether the label's statement applies: {}",
                    binding
                        .iter()
                        .map(|s| s.says)
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
            )
        } else {
            draft()
                .by(&binding)
                .facts(dedup(facts))
                .proved("no situation the label's statements are about is on the record")
        });
    }
    if !advisory.is_empty() {
        let mut warnings = Vec::new();
        let mut notes = Vec::new();
        let mut facts = Vec::new();
        for s in &advisory {
            if let Trigger::Holds(f) = trigger(case, s, s.topic) {
                facts.extend(f);
                match s.basis {
                    Basis::Advice | Basis::Guideline => warnings.push(*s),
                    _ => notes.push(*s),
                }
            }
        }
        // Advice that holds for every patient (no situation) is information,
        // not a warning about this patient.
        let (general, specific): (Vec<&Statement>, Vec<&Statement>) = warnings
            .iter()
            .partition(|s| s.param == Param::None && s.topic.is_empty());
        notes.extend(general);
        let draft = || draft().facts(dedup(facts.clone()));
        out.push(if let Some(s) = specific.first() {
            let field = facts
                .first()
                .map_or_else(|| "treatment_plan".into(), |f| f.field.clone());
            let value = facts
                .first()
                .map_or(serde_json::Value::Null, |f| f.value.clone());
            draft()
                .by(&specific)
                .violated(field, value, format!("the label advises: {}", s.says))
        } else if !notes.is_empty() {
            draft().by(&notes).proved(format!(
                "the label: {}",
                notes.iter().map(|s| s.says).collect::<Vec<_>>().join("; ")
            ))
        } else {
            draft()
                .by(&advisory)
                .proved("no situation the label's advice is about is on the record")
        });
    }
    out
}

fn dedup(mut facts: Vec<Fact>) -> Vec<Fact> {
    let mut seen: Vec<String> = Vec::new();
    facts.retain(|f| {
        let new = !seen.contains(&f.field);
        seen.push(f.field.clone());
        new
    });
    facts
}

/// Drugs a rule's table speaks of (for tests and the matrix).
pub fn drugs(rule: &Rule) -> Vec<Drug> {
    let mut out: Vec<Drug> = rule.statements.iter().map(|s| s.drug).collect();
    out.sort();
    out.dedup();
    out
}
