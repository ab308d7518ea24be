//! No advanced therapy (and no methotrexate or azathioprine, by their EU labels) started during a
//! serious active infection: a contraindication in the EU, "do not initiate" /
//! "avoid" / "not recommended" until controlled in the US.

use crate::clinical::formulary::Drug::*;
use crate::prover::case::Case;
use crate::prover::rule::{strongest, Rule};
use crate::prover::statement::{eu, us, Basis::*, Statement};
use crate::prover::verdict::{fact, Severity, Verdict};
use crate::source::labels::*;
use crate::source::Section;

pub static RULE: Rule = Rule {
    id: "serious_infection",
    severity: Severity::Contraindication,
    section: Section::Infections,
    text: "not started during a serious or clinically important active infection",
    sources: &[],
    statements: STATEMENTS,
    fallback: true,
    check,
};

static STATEMENTS: &[Statement] = &[
    us(Infliximab, DoNotInitiate, "should not be initiated in patients with an active infection, including clinically important localized infections", REMICADE_US.at("5.1 Serious Infections")),
    eu(Infliximab, Contraindication, "patients with tuberculosis or other severe infections such as sepsis, abscesses, and opportunistic infections", INFLIXIMAB_EU.at("4.3 Contraindications")),
    us(Adalimumab, DoNotInitiate, "treatment with HUMIRA should not be initiated in patients with an active infection, including localized infections", HUMIRA_US.at("5.1 Serious Infections")),
    eu(Adalimumab, Contraindication, "active tuberculosis or other severe infections such as sepsis, and opportunistic infections", HUMIRA_EU.at("4.3 Contraindications")),
    eu(Ustekinumab, Contraindication, "clinically important active infection (e.g. active tuberculosis)", STELARA_EU.at("4.3 Contraindications (Italian SmPC)")),
    us(Ustekinumab, DoNotInitiate, "should not be given to patients with any clinically important active infection until the infection resolves or is adequately treated", STELARA_US.unverified_at("5.1 Infections (2016 text; revised 08/2026)")),
    us(Risankizumab, DoNotInitiate, "do not initiate in patients with a clinically important active infection until it resolves or is adequately treated", SKYRIZI_US.unverified_at("5 Infections (AbbVie safety information)")),
    eu(Risankizumab, Contraindication, "clinically important active infections (e.g. active tuberculosis)", SKYRIZI_EU.at("4.3 Contraindications")),
    us(Vedolizumab, NotRecommended, "not recommended in patients with active, severe infections until the infections are controlled", ENTYVIO_US.unverified_at("5.2 Infections (wording before the 02/2026 revision)")),
    eu(Vedolizumab, Contraindication, "active severe infections such as tuberculosis, sepsis, cytomegalovirus, listeriosis, and opportunistic infections such as PML", ENTYVIO_EU.at("4.3 Contraindications")),
    us(Upadacitinib, Avoid, "avoid use in patients with an active, serious infection, including localized infections", RINVOQ_US.at("5.1 Serious Infections")),
    eu(Upadacitinib, Contraindication, "active tuberculosis (TB) or active serious infections", RINVOQ_EU.at("4.3 Contraindications")),
    eu(Azathioprine, Contraindication, "serious infections", IMMUFALK_EU.at("4.3 Contraindications")),
    eu(Azathioprine, Evaluation, "therapy in pre-existing, severe infections should only be initiated subject to a careful benefit/risk analysis", JAYEMPI_EU.unverified_at("4.4 Special warnings and precautions for use (Jayempi SmPC; not re-read)")),
    us(Methotrexate, Avoid, "withhold or discontinue methotrexate for serious infections", METHOTREXATE_US.at("5.11 Serious Infections (tablets)")),
    eu(Methotrexate, Contraindication, "severe, acute or chronic infections such as tuberculosis and HIV", JYLAMVO_EU.at("4.3 Contraindications")),
];

fn check(rule: &Rule, case: &Case) -> Vec<Verdict> {
    let infection = case
        .patient
        .infections
        .as_ref()
        .and_then(|i| i.serious_active_infection);
    super::per_drug(rule, case, |r, statements| {
        let draft = rule.about(Case::subject(r)).fact(Case::item_fact(r));
        match infection {
            Some(true) => draft
                .by(&strongest(&statements))
                .fact(fact("infections.serious_active_infection", true))
                .violated(
                    "infections.serious_active_infection",
                    true,
                    format!("no serious active infection when {} starts", r.entry.name),
                ),
            Some(false) => draft
                .by(&statements)
                .fact(fact("infections.serious_active_infection", false))
                .proved("no serious active infection recorded"),
            None => draft.by(&statements).unknown(
                vec!["infections.serious_active_infection".into()],
                format!("infection status is needed before {}", r.entry.name),
            ),
        }
    })
}
