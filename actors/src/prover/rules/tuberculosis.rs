//! Tuberculosis before an advanced therapy: not with active TB, latent TB
//! treated first where the label says so, and the evaluation the label asks
//! for done (the status recorded) before the first dose.

use crate::clinical::formulary::Drug::*;
use crate::clinical::patient::TbStatus;
use crate::prover::case::Case;
use crate::prover::rule::{strongest, Rule};
use crate::prover::statement::{eu, us, Basis::*, Statement};
use crate::prover::verdict::{fact, Severity, Verdict};
use crate::source::labels::*;

use super::topic;
use crate::source::Section;

pub static RULE: Rule = Rule {
    id: "tuberculosis",
    severity: Severity::Contraindication,
    section: Section::Tuberculosis,
    text: "tuberculosis evaluated before starting; not started with active TB; latent TB treated first where the label says so",
    sources: &[],
    statements: STATEMENTS,
    fallback: true,
    check,
};

static STATEMENTS: &[Statement] = &[
    // Infliximab.
    us(Infliximab, DoNotInitiate, "should not be initiated in patients with an active infection (active TB included)", REMICADE_US.at("5.1 Serious Infections")).on("active"),
    eu(Infliximab, Contraindication, "patients with tuberculosis; if active tuberculosis is diagnosed, infliximab therapy must not be initiated", INFLIXIMAB_EU.at("4.3 Contraindications; 4.4 Tuberculosis")).on("active"),
    eu(Infliximab, Evaluation, "if inactive (latent) tuberculosis is diagnosed, antituberculosis therapy must be started before infliximab", INFLIXIMAB_EU.at("4.4 Tuberculosis")).on("latent"),
    eu(Infliximab, Evaluation, "before starting, all patients must be evaluated for both active and inactive (latent) tuberculosis", INFLIXIMAB_EU.at("4.4 Tuberculosis")).on("evaluation"),
    us(Infliximab, BoxedWarning, "perform a test for latent TB; if positive, start treatment for TB prior to starting infliximab", REMICADE_US.at("Boxed Warning; 2.9 Assessment for Latent and Active Tuberculosis")).on("latent"),
    us(Infliximab, Evaluation, "evaluate for active tuberculosis and test for latent infection prior to initiating", REMICADE_US.at("2.9 Assessment for Latent and Active Tuberculosis")).on("evaluation"),
    // Adalimumab.
    us(Adalimumab, DoNotInitiate, "treatment should not be initiated in patients with an active infection, including localized infections (active TB included)", HUMIRA_US.at("5.1 Serious Infections")).on("active"),
    eu(Adalimumab, Contraindication, "active tuberculosis; if active tuberculosis is diagnosed, Humira therapy must not be initiated", HUMIRA_EU.at("4.3 Contraindications; 4.4 Tuberculosis")).on("active"),
    eu(Adalimumab, Evaluation, "if latent tuberculosis is diagnosed, anti-tuberculosis prophylaxis must be started before Humira", HUMIRA_EU.at("4.4 Tuberculosis")).on("latent"),
    eu(Adalimumab, Evaluation, "before initiation, all patients must be evaluated for both active and inactive (latent) tuberculosis", HUMIRA_EU.at("4.4 Tuberculosis")).on("evaluation"),
    us(Adalimumab, BoxedWarning, "test for latent TB before use; initiate treatment for latent TB prior to use", HUMIRA_US.at("Boxed Warning")).on("latent"),
    us(Adalimumab, Evaluation, "prior to initiating HUMIRA and periodically during therapy, evaluate patients for active tuberculosis and test for latent infection", HUMIRA_US.at("2.1 Recommended Tuberculosis Evaluation")).on("evaluation"),
    eu(Ustekinumab, Contraindication, "clinically important active infection (e.g. active tuberculosis)", STELARA_EU.at("4.3 Contraindications (Italian SmPC)")).on("active"),
    eu(Ustekinumab, Evaluation, "patients should be evaluated for tuberculosis before treatment; latent tuberculosis treated first (SmPC 4.4 not read in English)", STELARA_EU.unverified_at("4.4 Tuberculosis (read in the package leaflet section 2)")).on("evaluation"),
    // Ustekinumab.
    us(Ustekinumab, DoNotInitiate, "should not be given to patients with any clinically important active infection (active TB included)", STELARA_US.unverified_at("5.1 Infections (2016 text)")).on("active"),
    us(Ustekinumab, DoNotInitiate, "initiate treatment of latent TB before administering", STELARA_US.at("5.3 Pre-treatment Evaluation for Tuberculosis (2016 text)")).on("latent"),
    us(Ustekinumab, Evaluation, "evaluate patients for TB prior to initiating treatment", STELARA_US.at("5.3 Pre-treatment Evaluation for Tuberculosis (2016 text)")).on("evaluation"),
    // Risankizumab.
    us(Risankizumab, DoNotInitiate, "do not administer to patients with active TB", SKYRIZI_US.unverified_at("5 Tuberculosis (AbbVie safety information)")).on("active"),
    eu(Risankizumab, Contraindication, "clinically important active infections (e.g. active tuberculosis)", SKYRIZI_EU.at("4.3 Contraindications")).on("active"),
    us(Risankizumab, Advice, "consider treatment in patients with latent or active TB for whom an adequate course of treatment cannot be confirmed", SKYRIZI_US.unverified_at("5 Tuberculosis (AbbVie safety information)")).on("latent"),
    eu(Risankizumab, Advice, "anti-TB therapy should be considered before starting in patients with a past latent or active TB not adequately treated", SKYRIZI_EU.at("4.4 Tuberculosis")).on("latent"),
    us(Risankizumab, Evaluation, "prior to initiating, evaluate for TB infection", SKYRIZI_US.unverified_at("5 Tuberculosis (AbbVie safety information)")).on("evaluation"),
    eu(Risankizumab, Evaluation, "prior to initiating, patients should be evaluated for tuberculosis infection", SKYRIZI_EU.at("4.4 Tuberculosis")).on("evaluation"),
    // Vedolizumab.
    us(Vedolizumab, NotRecommended, "not recommended in patients with active, severe infections (tuberculosis among them) until controlled", ENTYVIO_US.unverified_at("5.2 Infections (wording before the 02/2026 revision)")).on("active"),
    eu(Vedolizumab, Contraindication, "active severe infections such as tuberculosis", ENTYVIO_EU.at("4.3 Contraindications")).on("active"),
    eu(Vedolizumab, Evaluation, "before starting, patients must be screened for tuberculosis according to the local practice", ENTYVIO_EU.at("4.4 Tuberculosis")).on("evaluation"),
    eu(Vedolizumab, Evaluation, "latent tuberculosis treated before starting (the sentence was cut in the copy read)", ENTYVIO_EU.unverified_at("4.4 Tuberculosis")).on("latent"),
    us(Vedolizumab, Advice, "consider screening for tuberculosis according to the local practice", ENTYVIO_US.unverified_at("5.2 Infections (wording before the 02/2026 revision)")).on("evaluation"),
    // Upadacitinib.
    us(Upadacitinib, DoNotInitiate, "should not be given to patients with active TB", RINVOQ_US.at("5.1 Serious Infections: Tuberculosis")).on("active"),
    eu(Upadacitinib, Contraindication, "active tuberculosis (TB)", RINVOQ_EU.at("4.3 Contraindications")).on("active"),
    us(Upadacitinib, Evaluation, "active and latent TB infection evaluation: if positive, treat for TB prior to RINVOQ use (the boxed warning: treatment for latent infection should be considered prior to use)", RINVOQ_US.at("2.1 Recommended Evaluations Prior to Treatment Initiation; Boxed Warning")).on("latent"),
    us(Upadacitinib, Evaluation, "active and latent tuberculosis infection evaluation before initiation", RINVOQ_US.at("2.1 Recommended Evaluations Prior to Treatment Initiation")).on("evaluation"),
    // Methotrexate (EU).
    eu(Methotrexate, Contraindication, "severe, acute or chronic infections such as tuberculosis", JYLAMVO_EU.at("4.3 Contraindications")).on("active"),
];

fn check(rule: &Rule, case: &Case) -> Vec<Verdict> {
    let tb = case.patient.infections.as_ref().and_then(|i| i.tb);
    super::per_drug(rule, case, |r, statements| {
        let draft = || rule.about(Case::subject(r)).fact(Case::item_fact(r));
        let name = r.entry.name;
        let on = |t| topic(&statements, t);
        match tb {
            Some(TbStatus::Active) if !on("active").is_empty() => draft()
                .by(&strongest(&on("active")))
                .fact(fact("infections.tb", "active"))
                .violated("infections.tb", "active", format!("no active tuberculosis when {name} starts")),
            Some(TbStatus::LatentUntreated) if !on("latent").is_empty() => draft()
                .by(&strongest(&on("latent")))
                .fact(fact("infections.tb", "latent_untreated"))
                .violated("infections.tb", "latent_untreated", format!("latent tuberculosis treated before {name} starts")),
            Some(status) => draft()
                .by(&statements)
                .fact(fact("infections.tb", status))
                .proved(match status {
                    TbStatus::LatentUntreated => format!("latent tuberculosis untreated: the {name} label's statements here are about active TB"),
                    TbStatus::Active => format!("no {name} statement about active TB applies"),
                    _ => "tuberculosis evaluated: no active or untreated latent infection".to_string(),
                }),
            None => draft().by(&strongest(&statements)).unknown(
                vec!["infections.tb".into()],
                format!("tuberculosis status is needed before {name}"),
            ),
        }
    })
}
