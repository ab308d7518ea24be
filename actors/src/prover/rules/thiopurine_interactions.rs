//! Azathioprine with other myelosuppressive drugs: co-trimoxazole and
//! aminosalicylates (exaggerated leukopenia, monitor: an advisory); ribavirin
//! (co-administration not advised).

use crate::clinical::formulary::Drug::*;
use crate::clinical::vocabulary::Role;
use crate::prover::case::Case;
use crate::prover::rule::Rule;
use crate::prover::statement::{eu, us, Basis::*, Statement};
use crate::prover::verdict::{fact, Severity, Verdict};
use crate::source::labels::{AZATHIOPRINE_SMPC, IMURAN_US};

use super::topic;
use crate::source::Section;

pub static RULE: Rule = Rule {
    id: "thiopurine_interactions",
    severity: Severity::Advisory,
    section: Section::Interactions,
    text: "azathioprine with co-trimoxazole or an aminosalicylate: monitor blood counts; with ribavirin: not advised",
    sources: &[],
    statements: STATEMENTS,
    fallback: true,
    check,
};

static STATEMENTS: &[Statement] = &[
    us(Azathioprine, Advice, "drugs which may affect leukocyte production, including co-trimoxazole, may lead to exaggerated leukopenia", IMURAN_US.unverified_at("Precautions: Drug Interactions, other agents affecting myelopoiesis")).on("cotrimoxazole"),
    us(Azathioprine, Advice, "aminosalicylates inhibit TPMT: monitor closely for hematologic toxicity", IMURAN_US.unverified_at("Precautions: Drug Interactions (read in a secondary interaction monograph)")).on("aminosalicylate"),
    eu(Azathioprine, NotRecommended, "severe myelosuppression after azathioprine with ribavirin: co-administration is not advised", AZATHIOPRINE_SMPC.unverified_at("4.5 Interactions")).on("ribavirin"),
];

fn check(rule: &Rule, case: &Case) -> Vec<Verdict> {
    super::per_drug(rule, case, |r, statements| {
        let draft = || rule.about(Case::subject(r)).fact(Case::item_fact(r));
        let Some(meds) = case.meds.as_ref() else {
            return draft().by(&statements).unknown(
                vec!["concomitant_medications".into()],
                "concomitant medications are needed to check myelosuppressive interactions",
            );
        };
        for m in meds {
            for c in &m.concepts {
                let t = if c.id == "trimethoprim_sulfamethoxazole" {
                    "cotrimoxazole"
                } else if c.has(Role::Aminosalicylate) {
                    "aminosalicylate"
                } else if c.has(Role::Ribavirin) {
                    "ribavirin"
                } else {
                    continue;
                };
                let on = topic(&statements, t);
                if on.is_empty() {
                    continue;
                }
                return draft().by(&on).fact(fact(m.path(), &m.text)).violated(
                    format!("{}.medication", m.path()),
                    &m.text,
                    on[0].says,
                );
            }
        }
        draft().by(&statements).proved(
            "no co-trimoxazole, aminosalicylate or ribavirin among the concomitant medications",
        )
    })
}
