//! Contraception and its window after the last dose, for the drugs whose
//! label has no pregnancy rule of its own here (methotrexate and upadacitinib
//! do). A patient planning a pregnancy (a couple, where the label asks men
//! too) meets the label's request to prevent one during treatment and for
//! weeks or months after; a drug stopped within that window is read too.

use crate::clinical::formulary::Drug::*;
use crate::prover::rule::Rule;
use crate::prover::statement::{eu, us, Basis::*, Param, Statement};
use crate::prover::verdict::Severity;
use crate::source::labels::*;
use crate::source::Section;

use super::triggered;

pub static RULE: Rule = Rule {
    id: "contraception",
    severity: Severity::Contraindication,
    section: Section::Reproductive,
    text: "no conception planned during treatment or within the window after the last dose in which the label asks for contraception",
    sources: &[],
    statements: STATEMENTS,
    fallback: false,
    check: triggered::check,
};

const W: &str = "planning";
const COUPLE: &str = "planning_couple";

const fn weeks(n: u32) -> Param {
    Param::DaysAfter(n * 7)
}
const fn months(n: u32) -> Param {
    Param::DaysAfter(n * 30)
}

static STATEMENTS: &[Statement] = &[
    eu(Infliximab, Advice, "women of childbearing potential should consider adequate contraception and continue it for at least 6 months after the last infliximab treatment", INFLIXIMAB_EU.at("4.6 Women of childbearing potential")).on(W).with(months(6)),
    eu(Adalimumab, Advice, "women of childbearing potential should consider adequate contraception and continue it for at least five months after the last Humira treatment", HUMIRA_EU.at("4.6 Women of childbearing potential")).on(W).with(months(5)),
    eu(Ustekinumab, Avoid, "women of childbearing potential must use effective contraception during treatment and for at least 15 weeks after it", STELARA_EU.at("4.6 Women of childbearing potential (Italian SmPC)")).on(W).with(weeks(15)),
    eu(Vedolizumab, Advice, "women of childbearing potential should use adequate contraception and continue it for at least 18 weeks after the last treatment", ENTYVIO_EU.at("4.6 Women of childbearing potential")).on(W).with(weeks(18)),
    eu(Risankizumab, Advice, "women of childbearing potential should use an effective method of contraception during treatment and for at least 21 weeks after treatment", SKYRIZI_EU.at("4.6 Women of childbearing potential")).on(W).with(weeks(21)),
    us(Azathioprine, Advice, "women of childbearing age should be advised to avoid becoming pregnant", IMURAN_US.unverified_at("Warnings: Pregnancy")).on(W),
    eu(Azathioprine, Avoid, "both men and women of reproductive age must use contraception during azathioprine and for at least 6 months after it (intrauterine devices may fail)", IMMUFALK_EU.at("4.4 Fertility and contraception; 4.6")).on(COUPLE).with(months(6)),
    us(Mercaptopurine, Advice, "females of reproductive potential: effective contraception during treatment and for 6 months after the last dose; males with female partners of reproductive potential: for 3 months", MERCAPTOPURINE_US.unverified_at("8.3 Females and Males of Reproductive Potential (Highlights read; the sentence not)")).on(W).with(months(6)),
    eu(Mercaptopurine, Avoid, "sexually active men and women must use effective contraception during treatment and for at least three months after the last dose", MERCAPTOPURINE_EU.at("4.6 Contraception in men and women")).on(COUPLE).with(months(3)),
];
