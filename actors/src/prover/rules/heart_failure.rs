//! Anti-TNF and heart failure, by jurisdiction. US: infliximab above 5 mg/kg is
//! contraindicated in moderate or severe heart failure (NYHA III/IV), and any
//! anti-TNF in heart failure calls for caution (an advisory). EU: infliximab
//! and adalimumab are contraindicated in NYHA III/IV at any dose.

use crate::clinical::formulary::{Class, Drug::*};
use crate::prover::case::Case;
use crate::prover::rule::Rule;
use crate::prover::statement::{eu, us, Basis::*, Statement};
use crate::prover::verdict::{fact, Severity, Verdict};
use crate::source::labels::*;

use super::topic;
use crate::source::Section;

pub static RULE: Rule = Rule {
    id: "heart_failure",
    severity: Severity::Contraindication,
    section: Section::Cardiovascular,
    text: "anti-TNF in heart failure: infliximab > 5 mg/kg contraindicated in NYHA III/IV (US); infliximab and adalimumab contraindicated in NYHA III/IV (EU); caution in any heart failure (US)",
    sources: &[],
    statements: STATEMENTS,
    fallback: false,
    check,
};

static STATEMENTS: &[Statement] = &[
    us(Infliximab, Contraindication, "the use at doses > 5 mg/kg is contraindicated in patients with moderate or severe heart failure (5.5 describes them as NYHA class III/IV)", REMICADE_US.at("4 Contraindications; 5.5 Heart Failure")).on("above_5"),
    us(Infliximab, Advice, "use in heart failure only after consideration of other options; monitor closely; discontinue if heart failure appears or worsens", REMICADE_US.at("5.5 Heart Failure")).on("any"),
    eu(Infliximab, Contraindication, "patients with moderate or severe heart failure (NYHA class III/IV)", INFLIXIMAB_EU.at("4.3 Contraindications")).on("severe"),
    us(Adalimumab, Advice, "exercise caution when using HUMIRA in patients who have heart failure and monitor them carefully", HUMIRA_US.at("5.8 Heart Failure")).on("any"),
    eu(Adalimumab, Contraindication, "moderate to severe heart failure (NYHA class III/IV)", HUMIRA_EU.at("4.3 Contraindications")).on("severe"),
    eu(Adalimumab, Advice, "Humira should be used with caution in patients with mild heart failure (NYHA class I/II)", HUMIRA_EU.at("4.4 Congestive heart failure")).on("any"),
];

fn check(rule: &Rule, case: &Case) -> Vec<Verdict> {
    if !case.has_class(Class::AntiTnf) {
        return vec![rule.not_applicable("the plan contains no anti-TNF")];
    }
    let class = case.patient.heart_failure.as_ref().and_then(|h| h.class());
    super::per_drug(rule, case, |first, statements| {
        let r = case
            .of_drug(first.entry.drug)
            .max_by(|a, b| {
                a.mg_per_kg
                    .partial_cmp(&b.mg_per_kg)
                    .unwrap_or(std::cmp::Ordering::Equal)
            })
            .unwrap_or(first);
        let draft = || rule.about(Case::subject(r)).fact(Case::item_fact(r));
        // The statements that would bind in NYHA III/IV for this dose.
        let mut severe = topic(&statements, "severe");
        let above = topic(&statements, "above_5");
        let mut missing = Vec::new();
        if !above.is_empty() {
            match r.mg_per_kg {
                Some(d) if d > 5.0 * 1.01 => severe.extend(above),
                Some(_) => {}
                None => missing.push("demographics.weight".to_string()),
            }
        }
        let any = topic(&statements, "any");
        match class {
            Some(c) if c >= 3 && !severe.is_empty() => draft()
                .by(&severe)
                .fact(fact("heart_failure.nyha_class", c))
                .violated(
                    "heart_failure.nyha_class",
                    c,
                    format!(
                        "no {} in NYHA class III/IV heart failure{}",
                        r.entry.name,
                        if severe.iter().all(|s| s.topic == "above_5") {
                            " above 5 mg/kg"
                        } else {
                            ""
                        }
                    ),
                ),
            Some(c) if c >= 3 && !missing.is_empty() => draft()
                .by(&topic(&statements, "above_5"))
                .unknown(missing, "NYHA III/IV: the infliximab bound is in mg/kg"),
            Some(c) if c >= 1 && !any.is_empty() => draft()
                .by(&any)
                .fact(fact("heart_failure.nyha_class", c))
                .violated(
                    "heart_failure.nyha_class",
                    c,
                    format!("heart failure: {}", any[0].says),
                ),
            Some(c) => draft()
                .by(&statements)
                .fact(fact("heart_failure.nyha_class", c))
                .proved(if c == 0 {
                    "no heart failure".to_string()
                } else {
                    format!(
                        "NYHA class {c}: no statement of this jurisdiction applies at this dose"
                    )
                }),
            None if severe.is_empty() && missing.is_empty() => draft().by(&any).unknown(
                vec!["heart_failure".into()],
                "heart failure status is needed (advisory)",
            ),
            None => {
                let mut need = vec!["heart_failure.nyha_class".to_string()];
                need.extend(missing);
                let binding: Vec<&Statement> = statements
                    .iter()
                    .copied()
                    .filter(|s| s.basis.binding())
                    .collect();
                draft().by(&binding).unknown(
                    need,
                    format!("heart failure status is needed before {}", r.entry.name),
                )
            }
        }
    })
}
