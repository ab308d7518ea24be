//! Hepatitis B (and C for upadacitinib): screened before starting where the
//! label asks; upadacitinib not started with active hepatitis B or C; for TNF
//! blockers a positive result means a hepatitis B expert and monitoring, not a
//! prohibition (an advisory).

use crate::clinical::formulary::Drug::*;
use crate::clinical::patient::HepatitisStatus;
use crate::prover::case::Case;
use crate::prover::rule::{strongest, Rule};
use crate::prover::statement::{eu, us, Basis::*, Statement};
use crate::prover::verdict::{fact, Severity, Verdict};
use crate::source::labels::*;

use super::topic;
use crate::source::Section;

pub static RULE: Rule = Rule {
    id: "viral_hepatitis",
    severity: Severity::Contraindication,
    section: Section::HepatitisB,
    text: "hepatitis B (and C where the label says) screened before starting; upadacitinib not started with active hepatitis B or C",
    sources: &[],
    statements: STATEMENTS,
    fallback: true,
    check,
};

static STATEMENTS: &[Statement] = &[
    us(Infliximab, Evaluation, "test patients for HBV infection before initiating", REMICADE_US.unverified_at("5.3 Hepatitis B Virus Reactivation")).on("hbv_screen"),
    us(Infliximab, Advice, "use of TNF blockers has been associated with reactivation of hepatitis B in chronic carriers, in some instances fatal (the sentences on managing a carrier were not read)", REMICADE_US.at("5.3 Hepatitis B Virus Reactivation")).on("hbv_active"),
    eu(Infliximab, Evaluation, "patients should be tested for HBV infection before initiating treatment with infliximab", INFLIXIMAB_EU.at("4.4 Hepatitis B (HBV) reactivation")).on("hbv_screen"),
    eu(Infliximab, Advice, "carriers of HBV who require infliximab should be closely monitored throughout therapy and for several months after", INFLIXIMAB_EU.at("4.4 Hepatitis B (HBV) reactivation")).on("hbv_active"),
    us(Adalimumab, Evaluation, "evaluate patients at risk for HBV infection for prior evidence of HBV infection before initiating TNF blocker therapy (the US asks it of patients at risk; the check asks the status of all)", HUMIRA_US.at("5.4 Hepatitis B Virus Reactivation")).on("hbv_screen"),
    eu(Adalimumab, Evaluation, "patients should be tested for HBV infection before initiating treatment with Humira", HUMIRA_EU.at("4.4 Hepatitis B reactivation")).on("hbv_screen"),
    us(Adalimumab, Advice, "exercise caution in prescribing TNF blockers for carriers of HBV; monitor closely throughout therapy and for several months after", HUMIRA_US.at("5.4 Hepatitis B Virus Reactivation")).on("hbv_active"),
    eu(Adalimumab, Advice, "carriers of HBV who require Humira should be closely monitored throughout therapy and for several months after", HUMIRA_EU.at("4.4 Hepatitis B reactivation")).on("hbv_active"),
    us(Upadacitinib, Evaluation, "viral hepatitis screening in accordance with clinical guidelines", RINVOQ_US.at("2.1 Recommended Evaluations Prior to Treatment Initiation")).on("hbv_screen"),
    us(Upadacitinib, NotRecommended, "initiation is not recommended in patients with active hepatitis B or hepatitis C", RINVOQ_US.at("2.1 Recommended Evaluations Prior to Treatment Initiation")).on("hbv_active"),
    us(Upadacitinib, Evaluation, "viral hepatitis screening in accordance with clinical guidelines", RINVOQ_US.at("2.1 Recommended Evaluations Prior to Treatment Initiation")).on("hcv_screen"),
    us(Upadacitinib, NotRecommended, "initiation is not recommended in patients with active hepatitis B or hepatitis C", RINVOQ_US.at("2.1 Recommended Evaluations Prior to Treatment Initiation")).on("hcv_active"),
];

fn check(rule: &Rule, case: &Case) -> Vec<Verdict> {
    let infections = case.patient.infections.clone().unwrap_or_default();
    let mut out = Vec::new();
    for drug in case.drugs() {
        let statements = rule.applicable(case, drug);
        let r = case.first(drug);
        let name = r.entry.name;
        for (virus, status, field) in [
            ("hbv", infections.hbv, "infections.hbv"),
            ("hcv", infections.hcv, "infections.hcv"),
        ] {
            let screen = topic(&statements, &format!("{virus}_screen"));
            let active = topic(&statements, &format!("{virus}_active"));
            let mine: Vec<&Statement> = screen.iter().chain(&active).copied().collect();
            if mine.is_empty() {
                continue;
            }
            let label = if virus == "hbv" {
                "hepatitis B"
            } else {
                "hepatitis C"
            };
            let draft = rule.about(Case::subject(r)).fact(Case::item_fact(r));
            out.push(match status {
                Some(HepatitisStatus::Active) if !active.is_empty() => draft
                    .by(&strongest(&active))
                    .fact(fact(field, "active"))
                    .violated(field, "active", format!("{label}: {}", active[0].says)),
                Some(s) => draft.by(&mine).fact(fact(field, s)).proved(format!(
                    "{label} screened: {}",
                    serde_json::to_string(&s)
                        .unwrap_or_default()
                        .trim_matches('"')
                )),
                None => draft.by(&strongest(&mine)).unknown(
                    vec![field.into()],
                    format!("{label} screening is needed before {name}"),
                ),
            });
        }
    }
    if out.is_empty() {
        return vec![rule.not_applicable(
            "no label of the plan's drugs makes a hepatitis B or C statement in this jurisdiction",
        )];
    }
    out
}
