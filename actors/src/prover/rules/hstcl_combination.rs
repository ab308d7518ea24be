//! Hepatosplenic T-cell lymphoma: almost all reported cases on a TNF blocker
//! had received azathioprine or mercaptopurine at the same time, mostly young
//! males with Crohn's disease or ulcerative colitis. An advisory: the labels
//! ask for a careful risk/benefit assessment, not a prohibition.

use crate::clinical::formulary::{Class, Drug::*};
use crate::clinical::vocabulary::Role;
use crate::prover::case::Case;
use crate::prover::rule::Rule;
use crate::prover::statement::{us, Basis::*};
use crate::prover::verdict::{fact, Severity, Verdict};
use crate::source::labels::{HUMIRA_US, REMICADE_US};
use crate::source::Section;

pub static RULE: Rule = Rule {
    id: "hstcl_combination",
    severity: Severity::Advisory,
    section: Section::Malignancy,
    text: "anti-TNF with azathioprine or mercaptopurine: weigh the risk of hepatosplenic T-cell lymphoma (boxed warning)",
    sources: &[],
    statements: &[
        us(Infliximab, Advice, "fatal HSTCL reported with TNF blockers, almost all with concomitant azathioprine or 6-mercaptopurine, mostly adolescent or young adult males with IBD: carefully assess the risk/benefit", REMICADE_US.at("Boxed Warning; 5.2 Malignancies")),
        us(Adalimumab, Advice, "HSTCL cases with TNF blockers occurred mostly in Crohn's disease or UC with concomitant azathioprine or 6-mercaptopurine", HUMIRA_US.at("Boxed Warning")),
    ],
    fallback: true,
    check,
};

fn check(rule: &Rule, case: &Case) -> Vec<Verdict> {
    super::per_drug(rule, case, |r, statements| {
        let draft = || {
            rule.about(Case::subject(r))
                .fact(Case::item_fact(r))
                .by(&statements)
        };
        if let Some(t) = case.of_class(Class::Thiopurine).next() {
            return draft().fact(Case::item_fact(t)).violated(
                format!("{}.medication", t.path()),
                t.entry.name,
                "anti-TNF with a thiopurine: weigh the HSTCL risk",
            );
        }
        match case.meds_with(Role::Thiopurine) {
            None => draft().unknown(
                vec!["concomitant_medications".into()],
                "concomitant medications are needed (advisory)",
            ),
            Some(meds) => match meds.first() {
                Some((m, _)) => draft().fact(fact(m.path(), &m.text)).violated(
                    format!("{}.medication", m.path()),
                    &m.text,
                    "anti-TNF with a thiopurine: weigh the HSTCL risk",
                ),
                None => draft().proved("no thiopurine with the anti-TNF"),
            },
        }
    })
}
