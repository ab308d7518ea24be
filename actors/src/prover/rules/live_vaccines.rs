//! No live vaccine during therapy with a drug whose label restricts them, nor
//! within the label's windows: before the first dose (a live vaccine given or
//! planned too close to it) and after the last (a drug the record shows was
//! stopped less than the window ago). Vedolizumab's labels allow live
//! vaccines when the benefit outweighs the risk (an advisory). Which vaccines
//! are live comes from the vaccine list, not the word "live".
//!
//! Dates: the plan's week 0 is the verification date (`as_of`); a planned
//! vaccine without a date is read as given during therapy; a vaccine given
//! without a date cannot be placed, which the windows need.

use crate::clinical::formulary::{self, Drug, Drug::*};
use crate::clinical::patient::Vaccine;
use crate::clinical::vaccines::{self, VaccineType};
use crate::clinical::Date;
use crate::prover::case::{Case, Ended};
use crate::prover::rule::{strongest, Rule};
use crate::prover::statement::{eu, us, Basis::*, Param, Statement};
use crate::prover::verdict::{fact, Severity, Verdict};
use crate::source::labels::*;
use crate::source::Section;

pub static RULE: Rule = Rule {
    id: "live_vaccines",
    severity: Severity::Contraindication,
    section: Section::Vaccines,
    text: "no live vaccine during therapy with a drug whose label restricts live vaccines, nor within the label's windows before the first dose and after the last",
    sources: &[],
    statements: STATEMENTS,
    fallback: true,
    check,
};

const fn window(before_days: u32, after_days: u32) -> Param {
    Param::Window {
        before: before_days,
        after: after_days,
    }
}

static STATEMENTS: &[Statement] = &[
    us(Infliximab, Avoid, "live vaccines or therapeutic infectious agents should not be given concurrently with infliximab products; update vaccinations before starting", REMICADE_US.unverified_at("5.13 Vaccinations and Use of Live Vaccines/Therapeutic Infectious Agents (first sentence and title read)")),
    eu(Infliximab, NotRecommended, "the concurrent administration of live vaccines with infliximab is not recommended", INFLIXIMAB_EU.at("4.4 Vaccinations")),
    us(Adalimumab, Avoid, "avoid the use of live vaccines with HUMIRA", HUMIRA_US.at("7.3 Live Vaccines; 5.10 Immunizations")),
    eu(Adalimumab, Avoid, "patients on Humira may receive concurrent vaccinations, except for live vaccines", HUMIRA_EU.at("4.4 Vaccinations")),
    us(Ustekinumab, Avoid, "patients should avoid live vaccines", STELARA_US.at("17 Patient Counseling: Immunizations (2016); 5.7 Immunizations")),
    us(Ustekinumab, Avoid, "BCG vaccines should not be given during treatment or for one year before starting or one year after stopping", STELARA_US.unverified_at("5 Immunizations (2016 text, recalled; the sentence not read)")).on("bcg").with(window(365, 365)),
    eu(Ustekinumab, Avoid, "some types of vaccines (live vaccines) should not be given while using Stelara", STELARA_EU.at("package leaflet 2: other medicines, vaccines and Stelara")),
    eu(Ustekinumab, Avoid, "before a live vaccine, ustekinumab is stopped at least 15 weeks after the last dose and restarted at least 2 weeks after the vaccination", STELARA_EU.unverified_at("4.4 Vaccinations (not read; the wording of non-EU Stelara texts)")).with(window(14, 105)),
    us(Risankizumab, Avoid, "avoid use of live vaccines in patients treated with SKYRIZI", SKYRIZI_US.at("5 Administration of Vaccines (safety information); 7.1 Live Vaccines (4/2019)")),
    eu(Risankizumab, Avoid, "no live vaccines during treatment and for at least 21 weeks after; after a live vaccine, wait at least 4 weeks before starting", SKYRIZI_EU.at("4.4 Immunisations")).with(window(28, 147)),
    us(Vedolizumab, Conditional, "patients may receive live vaccines if the benefits outweigh the risks", ENTYVIO_US.unverified_at("5.5 Immunizations (Takeda's safety information; 02/2026 revision not read)")),
    eu(Vedolizumab, Conditional, "live vaccines, in particular live oral vaccines, may be given concurrently only if the benefits clearly outweigh the risks; influenza vaccine by injection", ENTYVIO_EU.at("4.4 Live and oral vaccines")),
    us(Upadacitinib, Avoid, "avoid use of live vaccines during, or immediately prior to, therapy (no number of weeks given)", RINVOQ_US.unverified_at("5 Vaccinations (AbbVie's safety information)")),
    eu(Upadacitinib, NotRecommended, "live vaccines are not recommended while using RINVOQ", RINVOQ_EU.at("package leaflet 2: warnings and precautions (SmPC 4.4 not read)")),
    eu(Azathioprine, Contraindication, "any live attenuated vaccine, especially BCG, smallpox, yellow fever", IMMUFALK_EU.at("4.3 Contraindications")),
    eu(Azathioprine, NotRecommended, "no live attenuated vaccines until at least 3 months after the end of treatment", IMMUFALK_EU.at("4.4; 4.5 Vaccines")).with(window(0, 90)),
    us(Azathioprine, Avoid, "immunosuppressive drug therapy causes secondary immunodeficiency, in which live vaccines are generally contraindicated (CDC's principle; the azathioprine label is silent on vaccines)", CDC_LIVE_VACCINES.unverified_at("Altered Immunocompetence: General Principles")),
    us(Mercaptopurine, Avoid, "response to vaccines may be diminished and there is a risk of infection with live virus vaccines; consult the immunization guidelines for immunocompromised patients (live vaccines generally contraindicated, CDC)", MERCAPTOPURINE_US.unverified_at("5 Immunosuppression (sponsor's safety information)")),
    eu(Mercaptopurine, Contraindication, "concomitant use with the yellow fever vaccine", MERCAPTOPURINE_EU.at("4.3 Contraindications; 4.5")).on("yellow_fever"),
    eu(Mercaptopurine, NotRecommended, "vaccination with live vaccines is not recommended (infection in immunosuppressed hosts)", MERCAPTOPURINE_EU.at("4.4 Immunosuppression")),
    us(Methotrexate, NotRecommended, "immunization with live vaccines is not recommended", METHOTREXATE_US.at("5 Immunizations and Risks Associated with Live Vaccines (JYLAMVO Highlights)")),
    eu(Methotrexate, Contraindication, "concurrent vaccination with live vaccines", JYLAMVO_EU.at("4.3 Contraindications")),
    // Before starting: bring immunisations up to date (advice the answer reports).
    us(Vedolizumab, Advice, "prior to initiating, bring all patients up to date with all immunizations", ENTYVIO_US.unverified_at("5.5 Immunizations (Takeda's safety information)")).on("update"),
    eu(Vedolizumab, Advice, "bring all patients up to date with all immunisations before starting", ENTYVIO_EU.at("4.4 Live and oral vaccines")).on("update"),
    us(Upadacitinib, Advice, "update immunizations (including varicella zoster or herpes zoster) before starting", RINVOQ_US.at("2.1 Recommended Evaluations and Immunizations Prior to Treatment Initiation")).on("update"),
    us(Adalimumab, Advice, "bring pediatric patients up to date with all immunizations before starting", HUMIRA_US.at("5.10 Immunizations")).on("update"),
];

/// Whether a vaccine is live: its type when the name is known (the record's
/// `live: false` does not override a live type), else the record.
fn is_live(v: &Vaccine) -> Option<(bool, Option<&'static VaccineType>)> {
    let kind = vaccines::classify(&v.name);
    match (kind.and_then(|k| k.live), v.live) {
        (Some(true), _) | (_, Some(true)) => Some((true, kind)),
        (Some(false), _) | (None, Some(false)) => Some((false, kind)),
        (None, None) => None,
    }
}

/// Whether a statement is about this vaccine (BCG-only and yellow-fever-only
/// statements concern those vaccines; the rest every live vaccine).
fn concerns(s: &Statement, kind: Option<&VaccineType>) -> bool {
    let name = kind.map_or("", |k| k.name);
    match s.topic {
        "bcg" => name == "BCG",
        "yellow_fever" => name == "yellow fever",
        "update" => false,
        _ => true,
    }
}

/// The windows the statements give, before and after (days): the longest.
fn windows(statements: &[&Statement]) -> (u32, u32) {
    statements.iter().fold((0, 0), |(b, a), s| match s.param {
        Param::Window { before, after } => (b.max(before), a.max(after)),
        _ => (b, a),
    })
}

fn check(rule: &Rule, case: &Case) -> Vec<Verdict> {
    let mut out = Vec::new();
    for drug in case.drugs() {
        let statements = rule.applicable(case, drug);
        if statements.is_empty() {
            continue;
        }
        out.push(plan_drug(rule, case, drug, &statements));
    }
    out.extend(stopped_drugs(rule, case));
    if out.is_empty() {
        out.push(rule.not_applicable(format!(
            "no label of the plan's drugs restricts live vaccines in the {} jurisdiction",
            case.settings.jurisdiction.as_str()
        )));
    }
    out
}

/// The date of the drug's first dose in the plan (an item without a start
/// week may start at week 0: the earliest, so the strictest).
fn first_dose(case: &Case, drug: Drug) -> Date {
    let week = case
        .of_drug(drug)
        .map(|r| r.item.start_week.unwrap_or(0.0))
        .fold(f64::INFINITY, f64::min);
    let week = if week.is_finite() { week } else { 0.0 };
    case.settings.as_of.plus_days((week * 7.0).round() as i64)
}

fn plan_drug(rule: &Rule, case: &Case, drug: Drug, statements: &[&'static Statement]) -> Verdict {
    let r = case.first(drug);
    let name = r.entry.name;
    let restricting: Vec<&'static Statement> = statements
        .iter()
        .copied()
        .filter(|s| s.topic != "update")
        .collect();
    let draft = || rule.about(Case::subject(r)).fact(Case::item_fact(r));
    let start = first_dose(case, drug);
    let Some(planned) = case.patient.planned_vaccines.as_ref() else {
        return draft().by(&strongest(&restricting)).unknown(
            vec!["planned_vaccines".into()],
            "planned vaccines are needed (an empty list means none)",
        );
    };
    let mut undecided = Vec::new();
    // Planned vaccines: during therapy, or too close before the first dose.
    for (i, v) in planned.iter().enumerate() {
        match is_live(v) {
            Some((true, kind)) => {
                let about: Vec<&'static Statement> = restricting
                    .iter()
                    .copied()
                    .filter(|s| concerns(s, kind))
                    .collect();
                if about.is_empty() {
                    continue;
                }
                let (before, _) = windows(&about);
                let what = kind.map_or("a live vaccine".to_string(), |k| {
                    format!("live: {}", k.name)
                });
                let d = || {
                    let d = draft()
                        .by(&strongest(&about))
                        .fact(fact(format!("planned_vaccines[{i}].name"), &v.name));
                    match kind {
                        Some(k) => d.cite(k.source),
                        None => d,
                    }
                };
                match v.date {
                    Some(date) if date < start => {
                        let gap = date.days_until(start);
                        if gap < i64::from(before) {
                            return d().fact(fact(format!("planned_vaccines[{i}].date"), date)).violated(
                                format!("planned_vaccines[{i}].date"),
                                date.to_string(),
                                format!("a live vaccine at least {before} days before the first {name} dose ({start}); planned {gap} days before ({what})"),
                            );
                        }
                    }
                    _ => {
                        return d().violated(
                            format!("planned_vaccines[{i}]"),
                            &v.name,
                            format!("no live vaccine during {name} therapy (from {start}; {what})"),
                        );
                    }
                }
            }
            Some((false, _)) => {}
            None => undecided.push(format!("planned_vaccines[{i}].live")),
        }
    }
    // Vaccines given: a live one within the window before the first dose.
    let (before, _) = windows(&restricting);
    if before > 0 {
        match case.patient.vaccination_history.as_ref() {
            None => undecided.push("vaccination_history".into()),
            Some(given) => {
                for (i, v) in given.iter().enumerate() {
                    let Some((true, kind)) = is_live(v) else {
                        continue;
                    };
                    let about: Vec<&'static Statement> = restricting
                        .iter()
                        .copied()
                        .filter(|s| concerns(s, kind) && matches!(s.param, Param::Window { .. }))
                        .collect();
                    let (b, _) = windows(&about);
                    if b == 0 {
                        continue;
                    }
                    match v.date {
                        None => undecided.push(format!("vaccination_history[{i}].date")),
                        Some(date) => {
                            let gap = date.days_until(start);
                            if (0..i64::from(b)).contains(&gap) {
                                return draft()
                                    .by(&strongest(&about))
                                    .fact(fact(format!("vaccination_history[{i}]"), format!("{} on {date}", v.name)))
                                    .violated(
                                        format!("vaccination_history[{i}].date"),
                                        date.to_string(),
                                        format!("at least {b} days between a live vaccine and the first {name} dose ({start}): {gap} days"),
                                    );
                            }
                        }
                    }
                }
            }
        }
    }
    if undecided.is_empty() {
        draft().by(statements).proved(format!(
            "{} planned vaccine(s), none live during {name} therapy or within its windows",
            planned.len()
        ))
    } else {
        draft().by(&strongest(&restricting)).unknown(
            undecided,
            "whether a vaccine is live, or when a live vaccine was given, is not stated (e.g. \"influenza\" may be inactivated or live attenuated)",
        )
    }
}

/// Drugs stopped (the last dose on `end_date`) less than their label's window
/// before a planned live vaccine (undated: as of today); a window that has
/// passed is proved. A course the record cannot place, or no list of planned
/// vaccines while a window may run, is undecided.
fn stopped_drugs(rule: &Rule, case: &Case) -> Vec<Verdict> {
    let mut out = Vec::new();
    let planned = case.patient.planned_vaccines.as_ref();
    for ended in case.ended() {
        // The statements with a window after the last dose, about a vaccine kind.
        let after = |kind: Option<&VaccineType>| -> Vec<&'static Statement> {
            ended
                .drugs(case)
                .into_iter()
                .flat_map(|d| rule.applicable(case, d))
                .filter(|s| {
                    concerns(s, kind) && matches!(s.param, Param::Window { after, .. } if after > 0)
                })
                .collect()
        };
        let draft = || rule.about(Some(ended.subject()));
        let Some(planned) = planned else {
            // No list of planned vaccines: open while any window may run.
            let any = after(None)
                .into_iter()
                .chain(after(vaccines::classify("BCG")))
                .chain(after(vaccines::classify("yellow fever")))
                .collect::<Vec<_>>();
            let (_, window) = windows(&any);
            let open = match ended {
                Ended::On { end, .. } => end.days_until(case.settings.as_of) < i64::from(window),
                Ended::Unplaced { .. } => window > 0,
            };
            if open {
                let mut missing = vec!["planned_vaccines".to_string()];
                if let Ended::Unplaced { missing: m, .. } = &ended {
                    missing.push(m.clone());
                }
                out.push(draft().by(&strongest(&any)).unknown(
                    missing,
                    format!("no live vaccine within {window} days after the last dose: whether one is planned is not recorded"),
                ));
            }
            continue;
        };
        for (i, v) in planned.iter().enumerate() {
            let Some((true, kind)) = is_live(v) else {
                continue;
            };
            let about = after(kind);
            let (_, window) = windows(&about);
            if window == 0 {
                continue;
            }
            let when = v.date.unwrap_or(case.settings.as_of);
            let (index, end, name) = match &ended {
                Ended::On { index, end, drug } => (*index, *end, formulary::entry(*drug).name),
                Ended::Unplaced { missing, .. } => {
                    out.push(draft().by(&strongest(&about)).fact(fact(format!("planned_vaccines[{i}]"), &v.name)).unknown(
                        vec![missing.clone()],
                        format!("a live vaccine ({}) on {when}, and a course the record cannot place whose label keeps live vaccines away for up to {window} days after the last dose", v.name),
                    ));
                    continue;
                }
            };
            let since = end.days_until(when);
            if since < 0 {
                continue;
            }
            let draft = draft()
                .by(&strongest(&about))
                .fact(fact(
                    format!("treatment_history[{index}].end_date"),
                    end.to_string(),
                ))
                .fact(fact(
                    format!("planned_vaccines[{i}]"),
                    format!("{} on {when}", v.name),
                ));
            // A window that has passed is a checked statement too.
            out.push(if since < i64::from(window) {
                draft.violated(
                    format!("planned_vaccines[{i}]"),
                    &v.name,
                    format!(
                        "no live vaccine until {window} days after the last {name} dose ({end}): {since} days on {when}"
                    ),
                )
            } else {
                draft.proved(format!(
                    "{since} days after the last {name} dose ({end}), past the label's {window}-day window"
                ))
            });
        }
    }
    out
}
