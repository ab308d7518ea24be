//! Thiopurine with a xanthine-oxidase inhibitor, matched by every name the
//! vocabulary knows (Zyloprim, Aloprim, Uloric, Adenuric, ...): with
//! allopurinol, 1/3-1/4 of the usual dose; febuxostat is contraindicated (US)
//! or not recommended (EU).

use crate::clinical::formulary::{thiopurine_normal_range, Class, Drug::*};
use crate::clinical::vocabulary::Role;
use crate::prover::case::Case;
use crate::prover::rule::Rule;
use crate::prover::statement::{eu, us, Basis::*, Statement};
use crate::prover::verdict::{fact, Severity, Verdict};
use crate::source::labels::{ADENURIC_EU, IMURAN_US, MERCAPTOPURINE_US, ULORIC_US};

use super::thiopurine_pharmacogenomics::ALLOPURINOL_SHARE;
use super::topic;
use crate::source::Section;

pub static RULE: Rule = Rule {
    id: "thiopurine_xanthine_oxidase",
    severity: Severity::Contraindication,
    section: Section::Interactions,
    text: "with allopurinol, azathioprine/mercaptopurine at most a third of the usual dose; febuxostat with a thiopurine is contraindicated (US) or not recommended (EU)",
    sources: &[],
    statements: STATEMENTS,
    fallback: true,
    check,
};

static STATEMENTS: &[Statement] = &[
    us(Azathioprine, Dosage, "patients receiving azathioprine and allopurinol concomitantly should have the azathioprine dose reduced to approximately 1/3 to 1/4 of the usual dose", IMURAN_US.unverified_at("Precautions: Drug Interactions, use with xanthine oxidase inhibitors (the current sentence breaks off at 'dose reduction'; the 1/3-1/4 is from an earlier label's copy)")).on("allopurinol"),
    us(Mercaptopurine, Dosage, "reduce the mercaptopurine dose with allopurinol (the azathioprine label's 1/3-1/4 applied; the mercaptopurine sentence was not read)", MERCAPTOPURINE_US.unverified_at("7 Drug Interactions: allopurinol")).on("allopurinol"),
    us(Azathioprine, Contraindication, "febuxostat is contraindicated in patients being treated with azathioprine or mercaptopurine", ULORIC_US.at("4 Contraindications")).on("febuxostat"),
    us(Mercaptopurine, Contraindication, "febuxostat is contraindicated in patients being treated with azathioprine or mercaptopurine", ULORIC_US.at("4 Contraindications")).on("febuxostat"),
    eu(Azathioprine, NotRecommended, "febuxostat is not recommended with azathioprine or mercaptopurine", ADENURIC_EU.unverified_at("4.4/4.5 Interactions: mercaptopurine/azathioprine")).on("febuxostat"),
    eu(Mercaptopurine, NotRecommended, "febuxostat is not recommended with azathioprine or mercaptopurine", ADENURIC_EU.unverified_at("4.4/4.5 Interactions: mercaptopurine/azathioprine")).on("febuxostat"),
];

fn check(rule: &Rule, case: &Case) -> Vec<Verdict> {
    let items: Vec<_> = case.of_class(Class::Thiopurine).collect();
    if items.is_empty() {
        return vec![rule.not_applicable("the plan contains no thiopurine")];
    }
    let Some(xoi) = case.meds_with(Role::XanthineOxidaseInhibitor) else {
        let statements = rule.applicable(case, items[0].entry.drug);
        return vec![rule
            .about(None)
            .fact(Case::item_fact(items[0]))
            .by(&statements)
            .unknown(
                vec!["concomitant_medications".into()],
                "concomitant medications are needed to rule out allopurinol and febuxostat",
            )];
    };
    items
        .into_iter()
        .map(|r| {
            let statements = rule.applicable(case, r.entry.drug);
            let draft = || rule.about(Case::subject(r)).fact(Case::item_fact(r));
            if let Some((m, _)) = xoi.iter().find(|(_, c)| c.id == "febuxostat") {
                return draft().by(&topic(&statements, "febuxostat")).fact(fact(m.path(), &m.text)).violated(
                    format!("{}.medication", m.path()),
                    &m.text,
                    "febuxostat with a thiopurine is contraindicated (US) / not recommended (EU)",
                );
            }
            let Some((m, _)) = xoi.iter().find(|(_, c)| c.id == "allopurinol") else {
                return draft().by(&statements).proved("no xanthine-oxidase inhibitor among the concomitant medications");
            };
            let draft = || draft().by(&topic(&statements, "allopurinol")).fact(fact(m.path(), &m.text));
            let Some(dose) = r.mg_per_kg else {
                return draft().unknown(vec!["demographics.weight".into()], "the usual dose is in mg/kg/day");
            };
            let normal = thiopurine_normal_range(r.entry.drug).expect("thiopurine").1;
            let limit = normal * ALLOPURINOL_SHARE;
            let bound = format!("at most {limit:.2} mg/kg/day (a third of the usual {normal} mg/kg/day)");
            if dose > limit * 1.01 {
                draft().violated(
                    format!("{}.dosage", r.path()),
                    format!("{dose:.2} mg/kg/day with {}", m.text),
                    bound,
                )
            } else {
                draft().proved(format!("{dose:.2} mg/kg/day within {bound}"))
            }
        })
        .collect()
}
