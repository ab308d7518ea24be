//! Upadacitinib with strong CYP3A4 inhibitors (ketoconazole, clarithromycin,
//! ritonavir and coformulations, ...): 30 mg induction, 15 mg maintenance at
//! most; with strong CYP3A4 inducers (rifampin, carbamazepine, phenytoin, ...):
//! not recommended. The label's own sentences were not read (verified: false).

use crate::clinical::formulary::Drug::Upadacitinib;
use crate::clinical::vocabulary::Role;
use crate::prover::case::Case;
use crate::prover::rule::Rule;
use crate::prover::statement::{us, Basis::*};
use crate::prover::verdict::{fact, Severity, Verdict};
use crate::source::labels::{CYP3A_TABLE, RINVOQ_US};

use super::topic;
use crate::source::Section;

pub static RULE: Rule = Rule {
    id: "upadacitinib_cyp3a4",
    severity: Severity::Contraindication,
    section: Section::Interactions,
    text: "upadacitinib with a strong CYP3A4 inhibitor at most 30 mg induction and 15 mg maintenance; not with a strong CYP3A4 inducer",
    sources: &[CYP3A_TABLE.unverified_at("strong CYP3A inhibitors and inducers")],
    statements: &[
        us(Upadacitinib, Dosage, "with strong CYP3A4 inhibitors: 30 mg once daily induction, 15 mg once daily maintenance", RINVOQ_US.unverified_at("2 Dosage modifications for strong CYP3A4 inhibitors (not read in the label; AbbVie patent WO2023137440)")).on("inhibitor"),
        us(Upadacitinib, NotRecommended, "use with strong CYP3A4 inducers is not recommended (exposure about halved)", RINVOQ_US.unverified_at("7 Drug Interactions (not read in the label)")).on("inducer"),
    ],
    fallback: true,
    check,
};

fn check(rule: &Rule, case: &Case) -> Vec<Verdict> {
    super::per_drug(rule, case, |first, statements| {
        let draft = || {
            rule.about(Case::subject(first))
                .fact(Case::item_fact(first))
        };
        let (Some(inducers), Some(inhibitors)) = (
            case.meds_with(Role::StrongCyp3a4Inducer),
            case.meds_with(Role::StrongCyp3a4Inhibitor),
        ) else {
            return draft().by(&statements).unknown(
                vec!["concomitant_medications".into()],
                "concomitant medications are needed to rule out strong CYP3A4 inhibitors and inducers",
            );
        };
        if let Some((m, c)) = inducers.first() {
            return draft()
                .by(&topic(&statements, "inducer"))
                .fact(fact(m.path(), &m.text))
                .violated(
                    format!("{}.medication", m.path()),
                    format!("{} ({})", m.text, c.generic),
                    "no strong CYP3A4 inducer with upadacitinib",
                );
        }
        let Some((m, c)) = inhibitors.first() else {
            return draft()
                .by(&statements)
                .proved("no strong CYP3A4 inhibitor or inducer among the concomitant medications");
        };
        let on = topic(&statements, "inhibitor");
        for r in case.of_drug(Upadacitinib) {
            if let Some(cap) = super::upadacitinib_above_reduced_dose(r) {
                return rule
                    .about(Case::subject(r))
                    .fact(Case::item_fact(r))
                    .by(&on)
                    .fact(fact(m.path(), &m.text))
                    .violated(
                        format!("{}.dosage", r.path()),
                        r.item.dosage,
                        format!(
                            "at most {cap} mg with a strong CYP3A4 inhibitor ({})",
                            c.generic
                        ),
                    );
            }
        }
        draft()
            .by(&on)
            .fact(fact(m.path(), &m.text))
            .proved(format!(
                "doses within 30 mg induction / 15 mg maintenance with {}",
                c.generic
            ))
    })
}
