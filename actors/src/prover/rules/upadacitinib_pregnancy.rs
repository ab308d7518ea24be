//! Upadacitinib and pregnancy: contraindicated in the EU; may cause fetal harm
//! in the US (an advisory there); pregnancy status verified before starting;
//! contraception during treatment and for 4 weeks after the final dose.

use crate::clinical::formulary::Drug::Upadacitinib;
use crate::clinical::patient::PregnancyStatus;
use crate::prover::case::{Case, Sex};
use crate::prover::rule::Rule;
use crate::prover::statement::{eu, us, Basis::*};
use crate::prover::verdict::{fact, Severity, Verdict};
use crate::source::labels::{RINVOQ_EU, RINVOQ_US};

use super::topic;
use crate::source::Section;

pub static RULE: Rule = Rule {
    id: "upadacitinib_pregnancy",
    severity: Severity::Contraindication,
    section: Section::Pregnancy,
    text: "upadacitinib: not in pregnancy (EU contraindication; US: may cause fetal harm); pregnancy status verified before starting; contraception for 4 weeks after the final dose",
    sources: &[],
    statements: &[
        eu(Upadacitinib, Contraindication, "pregnancy", RINVOQ_EU.at("4.3 Contraindications")).on("pregnant"),
        us(Upadacitinib, Advice, "based on animal studies, may cause fetal harm when administered to a pregnant woman", RINVOQ_US.unverified_at("5 Embryo-Fetal Toxicity (AbbVie safety information)")).on("pregnant"),
        us(Upadacitinib, Evaluation, "verify the pregnancy status of females of reproductive potential prior to starting treatment", RINVOQ_US.at("2.1 Recommended Evaluations; 8.3 Females and Males of Reproductive Potential")).on("verify"),
        us(Upadacitinib, Advice, "females of reproductive potential: effective contraception during treatment and for 4 weeks after the final dose", RINVOQ_US.at("8.3 Females and Males of Reproductive Potential")).on("planning").under(Section::Reproductive),
    ],
    fallback: true,
    check,
};

fn check(rule: &Rule, case: &Case) -> Vec<Verdict> {
    let status = case.patient.pregnancy.as_ref().and_then(|p| p.status);
    let sex = case.sex();
    super::per_drug(rule, case, |r, statements| {
        let draft = || rule.about(Case::subject(r)).fact(Case::item_fact(r));
        let on = |t| topic(&statements, t);
        match (sex, status) {
            (Some(Sex::Male), _) => draft().by(&on("verify")).fact(fact("demographics.sex", "male")).proved("the pregnancy statements concern women"),
            (_, Some(PregnancyStatus::Pregnant)) => draft()
                .by(&on("pregnant"))
                .fact(fact("pregnancy.status", "pregnant"))
                .violated("pregnancy.status", "pregnant", "not pregnant"),
            (_, Some(PregnancyStatus::Planning)) => draft()
                .by(&on("planning"))
                .fact(fact("pregnancy.status", "planning"))
                .violated("pregnancy.status", "planning", "no conception during treatment and for 4 weeks after the final dose"),
            (_, Some(PregnancyStatus::NotPregnant)) => draft().by(&on("verify")).fact(fact("pregnancy.status", "not_pregnant")).proved("not pregnant"),
            (_, None) => draft().by(&on("verify")).unknown(
                vec!["pregnancy.status".into()],
                "pregnancy status is needed before upadacitinib (or demographics.sex when the patient is male)",
            ),
        }
    })
}
