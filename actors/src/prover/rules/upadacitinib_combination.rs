//! Upadacitinib's limitation of use: not with other JAK inhibitors, biological
//! therapies for Crohn's disease, or potent immunosuppressants such as
//! azathioprine and cyclosporine, whether in the plan or taken now.

use crate::clinical::formulary::{Class, Drug};
use crate::clinical::vocabulary::Role;
use crate::prover::case::Case;
use crate::prover::rule::Rule;
use crate::prover::statement::{eu, us, Basis, Statement};
use crate::prover::verdict::{fact, Severity, Verdict};
use crate::source::labels::{RINVOQ_EU, RINVOQ_US};
use crate::source::Section;

pub static RULE: Rule = Rule {
    id: "upadacitinib_combination",
    severity: Severity::Contraindication,
    section: Section::Interactions,
    text: "upadacitinib is not combined with other JAK inhibitors, biologics for Crohn's disease, or potent immunosuppressants (azathioprine, mercaptopurine, cyclosporine, tacrolimus)",
    sources: &[],
    statements: &[
        us(Drug::Upadacitinib, Basis::LimitationOfUse, "not recommended for use in combination with other JAK inhibitors, biological therapies for UC or CD, or with potent immunosuppressants such as azathioprine and cyclosporine", RINVOQ_US.unverified_at("1 Indications and Usage: limitation of use (AbbVie safety information)")),
        eu(Drug::Upadacitinib, Basis::NotRecommended, "combination with other potent immunosuppressants such as azathioprine, 6-mercaptopurine, ciclosporin, tacrolimus, and biologic DMARDs or other JAK inhibitors is not recommended", RINVOQ_EU.at("4.4 Special warnings: immunosuppressive medicinal products")),
    ],
    fallback: true,
    check,
};

fn check(rule: &Rule, case: &Case) -> Vec<Verdict> {
    let statements: Vec<&Statement> = rule.applicable(case, Drug::Upadacitinib);
    let Some(upa) = case.of_drug(Drug::Upadacitinib).next() else {
        return vec![rule.not_applicable("the plan contains no upadacitinib")];
    };
    let draft = || {
        rule.about(Case::subject(upa))
            .fact(Case::item_fact(upa))
            .by(&statements)
    };
    let partner = case.items.iter().find(|r| {
        r.entry.drug != Drug::Upadacitinib
            && (r.entry.advanced || r.entry.class == Class::Thiopurine)
    });
    if let Some(p) = partner {
        return vec![draft().fact(Case::item_fact(p)).violated(
            format!("{}.medication", p.path()),
            p.entry.name,
            "upadacitinib without other advanced therapies or potent immunosuppressants",
        )];
    }
    let mut found = Vec::new();
    for role in [
        Role::JakInhibitor,
        Role::Biologic,
        Role::PotentImmunosuppressant,
    ] {
        let Some(meds) = case.meds_with(role) else {
            return vec![draft().unknown(
                vec!["concomitant_medications".into()],
                "concomitant medications are needed to rule out a JAK inhibitor, biologic or potent immunosuppressant",
            )];
        };
        found.extend(
            meds.into_iter()
                .filter(|(_, c)| c.drug != Some(Drug::Upadacitinib)),
        );
    }
    match found.first() {
        Some((m, c)) => vec![draft().fact(fact(m.path(), &m.text)).violated(
            format!("{}.medication", m.path()),
            c.generic,
            "upadacitinib without other advanced therapies or potent immunosuppressants",
        )],
        None => vec![draft().proved(
            "no JAK inhibitor, biologic or potent immunosuppressant in the plan or taken now",
        )],
    }
}
