//! No live vaccine during therapy with a drug whose label restricts them
//! (every advanced therapy but vedolizumab, whose label allows them when the
//! benefit outweighs the risk; thiopurines; methotrexate). Which vaccines are
//! live comes from the vaccine list, not the word "live".

use crate::clinical::formulary::Drug::*;
use crate::clinical::vaccines;
use crate::prover::case::Case;
use crate::prover::rule::{strongest, Rule};
use crate::prover::statement::{eu, us, Basis::*, Statement};
use crate::prover::verdict::{fact, Severity, Verdict};
use crate::source::labels::*;

pub static RULE: Rule = Rule {
    id: "live_vaccines",
    severity: Severity::Contraindication,
    text: "no live vaccine during therapy with a drug whose label restricts live vaccines",
    sources: &[],
    statements: STATEMENTS,
    fallback: true,
    check,
};

static STATEMENTS: &[Statement] = &[
    us(Infliximab, Avoid, "live vaccines or therapeutic infectious agents should not be given with infliximab products", REMICADE_US.at("5.13 Vaccinations and Use of Live Vaccines/Therapeutic Infectious Agents")),
    us(Adalimumab, Avoid, "avoid the use of live vaccines", HUMIRA_US.at("7 Drug Interactions: Live Vaccines (earlier revision)")),
    eu(Adalimumab, Avoid, "certain vaccines may cause infections and should not be given while receiving Humira", HUMIRA_EU.at("package leaflet section 2: vaccinations")),
    us(Ustekinumab, Avoid, "patients should avoid live vaccines (section 17, pointing to 5.7 Immunizations)", STELARA_US.at("17 Patient Counseling; 5.7 Immunizations (2016 text)")),
    us(Risankizumab, Avoid, "avoid use of live vaccines in patients treated with risankizumab", SKYRIZI_US.at("7.1 Live Vaccines (2019 highlights)")),
    eu(Risankizumab, Avoid, "live vaccines should not be given during treatment (and a live vaccine given before needs 4 weeks before the first dose)", SKYRIZI_EU.unverified_at("4.4 Immunisations")),
    us(Vedolizumab, Advice, "patients may receive live vaccines if the benefits outweigh the risks", ENTYVIO_US.unverified_at("5.5 Immunizations")),
    us(Upadacitinib, Avoid, "avoid use of live vaccines during, or immediately prior to, therapy", RINVOQ_US.unverified_at("5 Vaccinations (AbbVie safety information)")),
    eu(Azathioprine, Avoid, "patients should not receive live vaccines until at least three months after the end of treatment", AZATHIOPRINE_SMPC.unverified_at("4.4/4.5 Vaccines")),
    us(Azathioprine, Avoid, "immunosuppressive drug therapy causes secondary immunodeficiency, in which live vaccines are generally contraindicated (the general principle was read; the sentences on deferring live vaccines around these drugs were not)", CDC_LIVE_VACCINES.unverified_at("Altered Immunocompetence: General Principles")),
    us(Mercaptopurine, Avoid, "immunosuppressive drug therapy causes secondary immunodeficiency, in which live vaccines are generally contraindicated (the general principle was read; the sentences on deferring live vaccines around these drugs were not)", CDC_LIVE_VACCINES.unverified_at("Altered Immunocompetence: General Principles")),
    us(Methotrexate, NotRecommended, "immunization with live vaccines is not recommended", METHOTREXATE_US.unverified_at("Immunizations and Risks Associated with Live Vaccines (JYLAMVO highlights)")),
    eu(Methotrexate, Contraindication, "concurrent vaccination with live vaccines", JYLAMVO_EU.at("4.3 Contraindications")),
];

/// Whether planned vaccine `i` is live: its type when the name is known
/// (the record's `live: false` does not override a live type), else the record.
fn is_live(
    name: &str,
    flag: Option<bool>,
) -> Option<(bool, Option<&'static vaccines::VaccineType>)> {
    let kind = vaccines::classify(name);
    match (kind.and_then(|k| k.live), flag) {
        (Some(true), _) | (_, Some(true)) => Some((true, kind)),
        (Some(false), _) | (None, Some(false)) => Some((false, kind)),
        (None, None) => None,
    }
}

fn check(rule: &Rule, case: &Case) -> Vec<Verdict> {
    super::per_drug(rule, case, |r, statements| {
        let draft = || rule.about(Case::subject(r)).fact(Case::item_fact(r));
        let Some(planned) = case.patient.planned_vaccines.as_ref() else {
            return draft().by(&strongest(&statements)).unknown(
                vec!["planned_vaccines".into()],
                "planned vaccines are needed (an empty list means none)",
            );
        };
        let mut undecided = Vec::new();
        for (i, v) in planned.iter().enumerate() {
            match is_live(&v.name, v.live) {
                Some((true, kind)) => {
                    let mut d = draft()
                        .by(&strongest(&statements))
                        .fact(fact(format!("planned_vaccines[{i}].name"), &v.name));
                    if let Some(k) = kind {
                        d = d.cite(k.source);
                    }
                    let what = kind.map_or("a live vaccine".to_string(), |k| {
                        format!("live: {}", k.name)
                    });
                    return d.violated(
                        format!("planned_vaccines[{i}]"),
                        &v.name,
                        format!("no live vaccine during {} therapy ({what})", r.entry.name),
                    );
                }
                Some((false, _)) => {}
                None => undecided.push(format!("planned_vaccines[{i}].live")),
            }
        }
        if undecided.is_empty() {
            draft()
                .by(&statements)
                .proved(format!("{} planned vaccine(s), none live", planned.len()))
        } else {
            draft().by(&strongest(&statements)).unknown(
                undecided,
                "whether the vaccine is live is not stated and its name does not tell (e.g. \"influenza\" may be inactivated or live attenuated)",
            )
        }
    })
}
