//! Methotrexate and reproduction: contraindicated in pregnancy for
//! non-neoplastic disease; pregnancy status verified before the first dose;
//! no conception during treatment and for 6 months after the final dose for
//! women, 3 months for men with a partner who could conceive.

use crate::clinical::formulary::Drug::*;
use crate::clinical::patient::PregnancyStatus;
use crate::prover::case::{Case, Sex};
use crate::prover::rule::Rule;
use crate::prover::statement::{eu, us, Basis::*, Statement};
use crate::prover::verdict::{fact, Severity, Verdict};
use crate::source::labels::{JYLAMVO_EU, METHOTREXATE_US, METOJECT_EU};

use super::topic;
use crate::source::Section;

pub static RULE: Rule = Rule {
    id: "methotrexate_pregnancy",
    severity: Severity::Contraindication,
    section: Section::Pregnancy,
    text: "methotrexate: not in pregnancy; pregnancy status known before starting; no conception during treatment and for 6 months (women) or 3 months (men) after the final dose",
    sources: &[],
    statements: STATEMENTS,
    fallback: true,
    check,
};

static STATEMENTS: &[Statement] = &[
    us(Methotrexate, Contraindication, "for non-neoplastic diseases, methotrexate is contraindicated in pregnancy", METHOTREXATE_US.at("Boxed Warning; 4 Contraindications; 5.1 Embryo-Fetal Toxicity")).on("pregnant"),
    eu(Methotrexate, Contraindication, "pregnancy (non-oncological indications)", JYLAMVO_EU.at("4.3 Contraindications")).on("pregnant"),
    us(Methotrexate, Evaluation, "verify pregnancy status in females of reproductive potential before starting", METHOTREXATE_US.at("2 Dosage and Administration (JYLAMVO): verify pregnancy status")).on("verify"),
    us(Methotrexate, Avoid, "females of reproductive potential: effective contraception during treatment and for 6 months after the final dose", METHOTREXATE_US.at("5.1 Embryo-Fetal Toxicity (methotrexate injection)")).on("female").under(Section::Reproductive),
    eu(Methotrexate, Avoid, "women must not become pregnant during treatment and must use effective contraception during it and for at least 6 months after; exclude pregnancy before starting", METOJECT_EU.at("4.6 Women of childbearing potential (Czech SmPC)")).on("female").under(Section::Reproductive),
    us(Methotrexate, Avoid, "males with female partners of reproductive potential: effective contraception during treatment and for 3 months after the final dose", METHOTREXATE_US.at("5.1 Embryo-Fetal Toxicity (methotrexate injection)")).on("male").under(Section::Reproductive),
    eu(Methotrexate, Avoid, "sexually active men or their partners: reliable contraception during the man's treatment and for at least 3 months after; no sperm donation then", METOJECT_EU.at("4.6 Contraception in men (Czech SmPC)")).on("male").under(Section::Reproductive),
];

fn check(rule: &Rule, case: &Case) -> Vec<Verdict> {
    let status = case.patient.pregnancy.as_ref().and_then(|p| p.status);
    let sex = case.sex();
    super::per_drug(rule, case, |r, statements| {
        let draft = || rule.about(Case::subject(r)).fact(Case::item_fact(r));
        let on = |t| topic(&statements, t);
        match (status, sex) {
            (Some(PregnancyStatus::Pregnant), Some(Sex::Male)) => draft().by(&on("male")).unknown(
                vec!["pregnancy.status".into()],
                "pregnancy.status is 'pregnant' for a male patient: record whether the couple plans conception (planning / not_pregnant)",
            ),
            (Some(PregnancyStatus::Pregnant), _) => draft()
                .by(&on("pregnant"))
                .fact(fact("pregnancy.status", "pregnant"))
                .violated("pregnancy.status", "pregnant", "not pregnant (methotrexate is contraindicated in pregnancy for non-neoplastic disease)"),
            (Some(PregnancyStatus::Planning), Some(Sex::Male)) => draft()
                .by(&on("male"))
                .fact(fact("pregnancy.status", "planning"))
                .fact(fact("demographics.sex", "male"))
                .violated("pregnancy.status", "planning", "no conception during treatment and for 3 months after the final dose (men)"),
            (Some(PregnancyStatus::Planning), s) => {
                let bound = match s {
                    Some(Sex::Female) => "no conception during treatment and for 6 months after the final dose (women)",
                    _ => "no conception during treatment and for 6 months (women) or 3 months (men) after the final dose",
                };
                draft().by(&on("female")).fact(fact("pregnancy.status", "planning")).violated("pregnancy.status", "planning", bound)
            }
            (Some(PregnancyStatus::NotPregnant), s) => {
                let advice = match s {
                    Some(Sex::Male) => "not planning conception; label: contraception during treatment and for 3 months after the final dose",
                    _ => "not pregnant and not planning; label: contraception during treatment and for 6 months after the final dose",
                };
                draft().by(&statements).fact(fact("pregnancy.status", "not_pregnant")).proved(advice)
            }
            (None, _) => draft().by(&on("verify")).unknown(
                vec!["pregnancy.status".into()],
                "pregnancy status (or, for a man, whether the couple plans conception) is needed before methotrexate",
            ),
        }
    })
}
