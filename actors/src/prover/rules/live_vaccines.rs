//! No live vaccines during anti-TNF therapy.

use crate::clinical::Class;
use crate::prover::case::Case;
use crate::prover::rule::Rule;
use crate::prover::verdict::{fact, Severity, Verdict};
use crate::source;

pub static RULE: Rule = Rule {
    id: "anti_tnf_live_vaccines",
    severity: Severity::Contraindication,
    text: "no live vaccines during infliximab or adalimumab therapy",
    sources: &[source::ANTI_TNF_LABELS],
    check,
};

/// Vaccines that are live when the record does not say (names lower-case).
const LIVE: &[&str] = &[
    "mmr",
    "measles",
    "mumps",
    "rubella",
    "varicella",
    "zostavax",
    "yellow fever",
    "bcg",
    "oral typhoid",
    "ty21a",
    "laiv",
    "flumist",
    "rotavirus",
    "oral polio",
    "opv",
    "dengvaxia",
];
const INACTIVATED: &[&str] = &[
    "influenza",
    "flu",
    "shingrix",
    "recombinant zoster",
    "pneumococcal",
    "hepatitis b",
    "hpv",
    "tetanus",
    "tdap",
    "covid-19",
    "covid",
];

fn check(rule: &Rule, case: &Case) -> Vec<Verdict> {
    let Some(r) = case.of_class(Class::AntiTnf).next() else {
        return vec![rule.not_applicable("the plan contains no anti-TNF")];
    };
    let subject = Some(format!("{} ({})", r.path(), r.describe()));
    let facts = vec![Case::item_fact(r)];
    let Some(vaccines) = case.patient.planned_vaccines.as_ref() else {
        return vec![rule.unknown(
            subject,
            facts,
            vec!["planned_vaccines".into()],
            "planned vaccines are needed (an empty list means none)",
        )];
    };
    let mut undecided = Vec::new();
    for (i, v) in vaccines.iter().enumerate() {
        let name = v.name.to_ascii_lowercase();
        let live = v.live.or_else(|| {
            if LIVE.iter().any(|l| name.contains(l)) {
                Some(true)
            } else if INACTIVATED.iter().any(|l| name.contains(l)) {
                Some(false)
            } else {
                None
            }
        });
        match live {
            Some(true) => {
                let mut facts = facts;
                facts.push(fact(format!("planned_vaccines[{i}].name"), &v.name));
                return vec![rule.violated(
                    subject,
                    facts,
                    format!("planned_vaccines[{i}]"),
                    &v.name,
                    "no live vaccine during anti-TNF therapy",
                )];
            }
            Some(false) => {}
            None => undecided.push(format!("planned_vaccines[{i}].live")),
        }
    }
    if undecided.is_empty() {
        vec![rule.proved(
            subject,
            facts,
            format!("{} planned vaccine(s), none live", vaccines.len()),
        )]
    } else {
        vec![rule.unknown(
            subject,
            facts,
            undecided,
            "whether the vaccine is live is not stated and its name is not recognized",
        )]
    }
}
