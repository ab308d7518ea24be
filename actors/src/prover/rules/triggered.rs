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
use crate::prover::case::{lab_fact, Case, Ended, Sex};
use crate::prover::rule::Rule;
use crate::prover::statement::{Basis, Param, Statement};
use crate::prover::verdict::{fact, Fact, Verdict};
use crate::source::labels::KDIGO_CKD;

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
        (Param::Population(p), _) => match p.admits(case.age(), case.weight()) {
            Some(true) => Trigger::Holds(age_weight_facts(case)),
            Some(false) => Trigger::Absent(Vec::new()),
            None => match case.membership(&p) {
                Membership::Undecided(missing) => {
                    Trigger::Undecided(missing.iter().map(|m| m.to_string()).collect())
                }
                _ => Trigger::Absent(Vec::new()),
            },
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
        (Param::Below(analyte, limit), _) => lab_against(case, analyte, |v| v < limit),
        (Param::Above(analyte, limit), _) => lab_against(case, analyte, |v| v > limit),
        (Param::RenalImpairment, _) => {
            lab_against(case, Analyte::Egfr, |v| v < RENAL_IMPAIRMENT_EGFR)
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

/// KDIGO 2012's decreased GFR: "renal impairment" where a label gives no number.
pub const RENAL_IMPAIRMENT_EGFR: f64 = 60.0;

/// Whether the latest current lab of `analyte` holds `test`.
fn lab_against(case: &Case, analyte: Analyte, test: impl Fn(f64) -> bool) -> Trigger {
    match case.lab(analyte) {
        Ok(m) => {
            let facts = vec![lab_fact(&m)];
            if test(m.value) {
                Trigger::Holds(facts)
            } else {
                Trigger::Absent(facts)
            }
        }
        Err(gap) => Trigger::Undecided(vec![gap.field()]),
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
/// in those words. Undecided: the allergy list or the history absent, a
/// course of it ended by an intolerance without its events, or a reaction to
/// a drug whose name is not recognised.
fn hypersensitivity(case: &Case, drug: Drug, family: bool) -> Trigger {
    use crate::clinical::vocabulary::{normalise, recognise};
    let names = |d: Option<Drug>| {
        d.is_some_and(|d| {
            d == drug || (family && matches!(d, Drug::Azathioprine | Drug::Mercaptopurine))
        })
    };
    let mut found = Vec::new();
    let mut missing = Vec::new();
    for (i, a) in case.patient.allergies.iter().flatten().enumerate() {
        if recognise(&a.substance).iter().any(|c| names(c.drug)) {
            found.push(fact(format!("allergies[{i}]"), &a.substance));
        }
    }
    for (i, h, concepts) in case.history_entries() {
        let reacted = h.adverse_events.iter().any(|e| {
            let e = normalise(e);
            HYPERSENSITIVITY.iter().any(|w| e.contains(w))
        });
        let this = concepts.iter().any(|c| names(c.drug));
        if reacted && this {
            found.push(fact(
                format!("treatment_history[{i}].adverse_events"),
                h.adverse_events.join(", "),
            ));
        } else if reacted && concepts.is_empty() {
            missing.push(format!("treatment_history[{i}].medication"));
        } else if this
            && h.adverse_events.is_empty()
            && h.response
                .as_deref()
                .is_some_and(|r| normalise(r).contains("intoleran"))
        {
            missing.push(format!("treatment_history[{i}].adverse_events"));
        }
    }
    if case.patient.allergies.is_none() {
        missing.insert(0, "allergies".into());
    }
    if case.patient.treatment_history.is_none() {
        missing.push("treatment_history".into());
    }
    if !found.is_empty() {
        Trigger::Holds(found)
    } else if !missing.is_empty() {
        Trigger::Undecided(missing)
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
/// a statement's window ago, and not in the plan: their after-windows still
/// run. A course the record cannot place (no end date, an unknown name, no
/// history) leaves open any window whose situation holds or is undecided.
fn recently_stopped(rule: &Rule, case: &Case) -> Vec<Verdict> {
    let mut out = Vec::new();
    for ended in case.ended() {
        let windowed = |drug: Drug| {
            rule.applicable(case, drug)
                .into_iter()
                .filter(|s| matches!(s.param, Param::DaysAfter(_)))
        };
        match ended {
            Ended::On { index, drug, end } => {
                let since = end.days_until(case.settings.as_of);
                if since < 0 {
                    continue;
                }
                let within: Vec<&'static Statement> = windowed(drug)
                    .filter(|s| matches!(s.param, Param::DaysAfter(d) if since < i64::from(d)))
                    .collect();
                if within.is_empty() {
                    continue;
                }
                let item = fact(
                    format!("treatment_history[{index}].end_date"),
                    format!("{end}: {since} days before {}", case.settings.as_of),
                );
                let subject = Some(ended.subject());
                out.extend(decide(rule, case, &within, subject, item, Some(since)));
            }
            Ended::Unplaced { ref missing, .. } => {
                let mut open: Vec<&'static Statement> = Vec::new();
                let mut fields = vec![missing.clone()];
                for drug in ended.drugs(case) {
                    for s in windowed(drug) {
                        match trigger(case, s, s.topic) {
                            Trigger::Absent(_) => {}
                            Trigger::Holds(_) => open.push(s),
                            Trigger::Undecided(m) => {
                                open.push(s);
                                for f in m {
                                    if !fields.contains(&f) {
                                        fields.push(f);
                                    }
                                }
                            }
                        }
                    }
                }
                if open.is_empty() {
                    continue;
                }
                let says: Vec<String> = open
                    .iter()
                    .map(|s| format!("{}: {}", formulary::entry(s.drug).name, s.says))
                    .collect();
                out.push(
                    rule.about(Some(ended.subject()))
                        .by(&crate::prover::rule::strongest(&open))
                        .unknown(
                            fields,
                            format!(
                                "the record cannot place this course, and a label's window after the last dose may still run: {}",
                                says.join("; ")
                            ),
                        ),
                );
            }
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
    // A statement read with KDIGO's threshold cites it.
    let kdigo = statements.iter().any(|s| s.param == Param::RenalImpairment);
    let draft = || {
        let d = rule.about(subject.clone()).fact(item.clone());
        if kdigo {
            d.cite(KDIGO_CKD.at(
                "Recommendation 1.1.1: decreased GFR, below 60 ml/min/1.73 m2 (categories G3a-G5)",
            ))
        } else {
            d
        }
    };
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
        // Advice about a situation the record cannot decide is undecided too.
        let mut undecided: Vec<&Statement> = Vec::new();
        let mut missing: Vec<String> = Vec::new();
        for s in &advisory {
            let warns = matches!(s.basis, Basis::Advice | Basis::Guideline);
            match trigger(case, s, s.topic) {
                Trigger::Holds(f) => {
                    facts.extend(f);
                    if warns {
                        warnings.push(*s);
                    } else {
                        notes.push(*s);
                    }
                }
                Trigger::Undecided(m) if warns => {
                    undecided.push(*s);
                    for f in m {
                        if !missing.contains(&f) {
                            missing.push(f);
                        }
                    }
                }
                _ => {}
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
            // The conditions and notes that hold are cited beside the warning.
            let also = if notes.is_empty() {
                String::new()
            } else {
                format!(
                    "; also: {}",
                    notes.iter().map(|s| s.says).collect::<Vec<_>>().join("; ")
                )
            };
            draft()
                .by(&[specific.clone(), notes.clone()].concat())
                .violated(field, value, format!("the label advises: {}{also}", s.says))
        } else if !undecided.is_empty() {
            draft().by(&undecided).unknown(
                missing,
                format!(
                    "the record does not say whether the label's advice applies: {}",
                    undecided
                        .iter()
                        .map(|s| s.says)
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
            )
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

fn dedup(facts: Vec<Fact>) -> Vec<Fact> {
    let mut out: Vec<Fact> = Vec::with_capacity(facts.len());
    for f in facts {
        if !out.iter().any(|o| o.field == f.field) {
            out.push(f);
        }
    }
    out
}

/// Drugs a rule's table speaks of (for tests and the matrix).
pub fn drugs(rule: &Rule) -> Vec<Drug> {
    let mut out: Vec<Drug> = rule.statements.iter().map(|s| s.drug).collect();
    out.sort();
    out.dedup();
    out
}
