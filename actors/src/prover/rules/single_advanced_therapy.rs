//! At most one biologic or small-molecule advanced therapy at a time, counting
//! the plan's drugs (induction and maintenance of one drug are one therapy)
//! and the advanced therapies the patient takes now.

use crate::clinical::formulary::Drug;
use crate::clinical::vocabulary::Role;
use crate::prover::case::Case;
use crate::prover::rule::Rule;
use crate::prover::statement::{eu, us, Basis, Statement};
use crate::prover::verdict::{fact, Severity, Verdict};
use crate::source::labels::{
    ENTYVIO_EU, ENTYVIO_US, HUMIRA_EU, HUMIRA_US, INFLIXIMAB_EU, REMICADE_US, RINVOQ_EU, RINVOQ_US,
};
use crate::source::Section;
use crate::source::Source;

pub static RULE: Rule = Rule {
    id: "single_advanced_therapy",
    severity: Severity::Contraindication,
    section: Section::Interactions,
    text: "at most one biologic or small-molecule advanced therapy at a time",
    sources: &[OUTSIDE_LABEL],
    statements: STATEMENTS,
    fallback: true,
    check,
};

/// No Crohn's label gives an advanced therapy in combination with another.
const OUTSIDE_LABEL: Source = Source {
    id: "advanced_therapy_labels",
    citation: "Dosage sections of the biologic and JAK-inhibitor labels for Crohn's disease: none gives a combination with another advanced therapy",
    section: None,
    verified: false,
};

static STATEMENTS: &[Statement] = &[
    us(Drug::Infliximab, Basis::NotRecommended, "the combination with other biological products used to treat the same conditions is not recommended (anakinra, abatacept; tocilizumab should be avoided)", REMICADE_US.at("7.1 Other Biological Products (INFLECTRA)")),
    eu(Drug::Infliximab, Basis::NotRecommended, "the combination of infliximab with other biological therapeutics used to treat the same conditions, including anakinra and abatacept, is not recommended", INFLIXIMAB_EU.at("4.5 Interactions; 4.4")),
    us(Drug::Adalimumab, Basis::NotRecommended, "concomitant administration with other biologic DMARDs (e.g. anakinra and abatacept) or other TNF blockers is not recommended", HUMIRA_US.at("7.2 Biological Products")),
    eu(Drug::Adalimumab, Basis::NotRecommended, "concomitant administration with other biologic DMARDs (e.g. anakinra and abatacept) or other TNF-antagonists is not recommended", HUMIRA_EU.at("4.4 Concurrent administration of biologic DMARDs or TNF-antagonists; 4.5")),
    eu(Drug::Vedolizumab, Basis::NotRecommended, "use with biologic immunosuppressants is not recommended (no clinical data); patients previously on natalizumab should wait at least 12 weeks", ENTYVIO_EU.at("4.4 Prior and concurrent use of biological products")),
    us(Drug::Vedolizumab, Basis::Avoid, "avoid concomitant natalizumab or TNF blockers", ENTYVIO_US.unverified_at("Drug interactions (read in a secondary summary)")),
    us(Drug::Upadacitinib, Basis::LimitationOfUse, "not recommended in combination with other JAK inhibitors or biological therapies for UC or CD", RINVOQ_US.unverified_at("1 Indications and Usage: limitation of use (AbbVie safety information)")),
    eu(Drug::Upadacitinib, Basis::NotRecommended, "combination with biologic DMARDs or other JAK inhibitors is not recommended", RINVOQ_EU.at("4.4 Special warnings: immunosuppressive medicinal products")),
];

fn check(rule: &Rule, case: &Case) -> Vec<Verdict> {
    let planned: Vec<Drug> = case
        .drugs()
        .into_iter()
        .filter(|d| crate::clinical::formulary::entry(*d).advanced)
        .collect();
    if planned.is_empty() {
        return vec![rule.not_applicable("the plan contains no advanced therapy")];
    }
    let mut facts: Vec<_> = planned
        .iter()
        .map(|d| Case::item_fact(case.first(*d)))
        .collect();
    let mut names: Vec<String> = planned
        .iter()
        .map(|d| crate::clinical::formulary::entry(*d).name.to_string())
        .collect();
    let mut field = planned
        .get(1)
        .map(|d| format!("{}.medication", case.first(*d).path()));
    let concomitant = |role| case.meds_with(role);
    let (Some(biologics), Some(jaks)) =
        (concomitant(Role::Biologic), concomitant(Role::JakInhibitor))
    else {
        let statements: Vec<&Statement> = planned
            .iter()
            .flat_map(|d| rule.applicable(case, *d))
            .collect();
        if planned.len() > 1 {
            return vec![rule.about(None).facts(facts).by(&statements).violated(
                field.unwrap_or_default(),
                names.join(" + "),
                "at most one advanced therapy",
            )];
        }
        return vec![rule.about(None).facts(facts).by(&statements).unknown(
            vec!["concomitant_medications".into()],
            "concomitant medications are needed to rule out another biologic or JAK inhibitor",
        )];
    };
    for (m, c) in biologics.into_iter().chain(jaks) {
        if c.drug.is_some_and(|d| planned.contains(&d)) {
            continue; // the same drug, continued
        }
        facts.push(fact(m.path(), &m.text));
        names.push(format!("{} (concomitant)", c.generic));
        field.get_or_insert(format!("{}.medication", m.path()));
    }
    let statements: Vec<&Statement> = planned
        .iter()
        .flat_map(|d| rule.applicable(case, *d))
        .collect();
    let draft = rule.about(None).facts(facts).by(&statements);
    vec![if names.len() > 1 {
        draft.violated(
            field.unwrap_or_default(),
            names.join(" + "),
            "at most one advanced therapy",
        )
    } else {
        draft.proved(format!("one advanced therapy: {}", names[0]))
    }]
}
