//! Where a plan sits in the guidelines for the patient's stratum. For
//! moderate-to-severe disease: AGA 2025's efficacy tiers by line of therapy,
//! its advice for advanced therapy first rather than step therapy with
//! corticosteroids or immunomodulators, and ACG's infliximab for perianal
//! fistulas; for mild disease of the ileum, budesonide (its label's indication,
//! ECCO 2020). The optimizer weighs the tier next to the efficacy estimate.

use serde::Serialize;

use super::efficacy::{self, Activity, Exposure, Stratum};
use super::formulary::{Class, Drug};
use super::resolve::Resolved;
use crate::source::labels::ENTOCORT_US;
use crate::source::{Source, ACG_2018_PERIANAL, AGA_2025, ECCO_2020_BUDESONIDE};

/// Higher is better; `None` is where the guideline does not place the plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// The guideline suggests against it in this situation.
    Against,
    /// Not placed (no treatment, or a situation the guideline does not address).
    None,
    Lower,
    Intermediate,
    Higher,
    /// Named for this situation (infliximab for perianal fistulas, budesonide for mild ileal disease).
    Preferred,
}

impl Tier {
    pub fn score(self) -> f64 {
        match self {
            Tier::Against => -1.0,
            Tier::None => 0.0,
            Tier::Lower => 0.33,
            Tier::Intermediate => 0.67,
            Tier::Higher => 1.0,
            Tier::Preferred => 1.2,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Position {
    pub tier: Tier,
    pub says: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
}

fn at(tier: Tier, says: impl Into<String>, source: Source) -> Position {
    Position {
        tier,
        says: says.into(),
        source: Some(source),
    }
}

const NAIVE_TIERS: Source = AGA_2025.at("abstract: naive to advanced therapies, a higher-efficacy medication (infliximab, adalimumab, vedolizumab, ustekinumab, risankizumab, mirikizumab, guselkumab) rather than a lower-efficacy one (certolizumab pegol, upadacitinib)");
const EXPOSED_TIERS: Source = AGA_2025.at("abstract: exposed to 1 or more advanced therapies, higher efficacy adalimumab, risankizumab, guselkumab or upadacitinib, or intermediate ustekinumab or mirikizumab, rather than lower efficacy vedolizumab or certolizumab pegol");
const STEP_THERAPY: Source = AGA_2025.at("abstract: initial advanced therapy suggested over step therapy with corticosteroids and/or immunomodulators; against thiopurine monotherapy for induction of remission");

/// AGA 2025's tier for an advanced therapy in a line of therapy.
pub fn aga_tier(drug: Drug, exposure: Exposure) -> Option<Tier> {
    use Drug::*;
    Some(match (exposure, drug) {
        (Exposure::Naive, Infliximab | Adalimumab | Vedolizumab | Ustekinumab | Risankizumab) => {
            Tier::Higher
        }
        (Exposure::Naive, Upadacitinib) => Tier::Lower,
        (Exposure::Exposed, Adalimumab | Risankizumab | Upadacitinib) => Tier::Higher,
        (Exposure::Exposed, Ustekinumab) => Tier::Intermediate,
        (Exposure::Exposed, Vedolizumab) => Tier::Lower,
        _ => return None,
    })
}

/// The position of a plan (its resolved items) for a patient's stratum.
pub fn position(items: &[Resolved], stratum: &Stratum) -> Position {
    let advanced = items.iter().find(|r| r.entry.advanced).map(|r| r.entry);
    if !stratum.moderate_to_severe() {
        let what = match stratum.activity {
            Activity::Remission => "disease in remission",
            _ => "mild disease",
        };
        return match advanced {
            None if items.iter().all(|r| r.entry.class == Class::Corticosteroid)
                && !items.is_empty()
                && stratum.ileal
                && stratum.activity == Activity::Mild =>
            {
                at(
                    Tier::Preferred,
                    "budesonide for mild-to-moderate disease of the ileum and/or ascending colon",
                    ECCO_2020_BUDESONIDE,
                )
            }
            _ => Position {
                tier: Tier::None,
                says: format!("{what}: the AGA 2025 tiers address moderate-to-severe disease"),
                source: Some(ENTOCORT_US.at("1.1 and 1.2 Indications")),
            },
        };
    }
    let Some(entry) = advanced else {
        if items.is_empty() {
            return Position {
                tier: Tier::None,
                says: "no treatment (AGA 2025 recommends or suggests every advanced therapy over no treatment)".into(),
                source: Some(AGA_2025.at("abstract: infliximab, adalimumab, ustekinumab, risankizumab, mirikizumab, guselkumab or upadacitinib recommended, certolizumab pegol or vedolizumab suggested, over no treatment")),
            };
        }
        return at(
            Tier::Against,
            "moderate-to-severe disease: advanced therapy first rather than corticosteroids or immunomodulators alone",
            STEP_THERAPY,
        );
    };
    if let Some(why) = efficacy::failure_note(entry.drug, stratum) {
        return Position {
            tier: Tier::None,
            says: why,
            source: None,
        };
    }
    if stratum.perianal_fistula && entry.drug == Drug::Infliximab {
        return at(
            Tier::Preferred,
            "perianal fistulising disease: infliximab",
            ACG_2018_PERIANAL,
        );
    }
    let (source, line) = match stratum.exposure {
        Exposure::Naive => (NAIVE_TIERS, "naive to advanced therapy"),
        Exposure::Exposed => (EXPOSED_TIERS, "exposed to an advanced therapy"),
    };
    match aga_tier(entry.drug, stratum.exposure) {
        Some(tier) => at(
            tier,
            format!(
                "{line}: {} is in AGA 2025's {} group",
                entry.name,
                tier_name(tier)
            ),
            source,
        ),
        None => Position {
            tier: Tier::None,
            says: format!(
                "{line}: AGA 2025 does not place {} in this line",
                entry.name
            ),
            source: Some(source),
        },
    }
}

fn tier_name(tier: Tier) -> &'static str {
    match tier {
        Tier::Higher | Tier::Preferred => "higher-efficacy",
        Tier::Intermediate => "intermediate-efficacy",
        Tier::Lower => "lower-efficacy",
        Tier::None | Tier::Against => "unplaced",
    }
}
