//! The outcome model: which published remission rate applies to a plan, with
//! the trial counts that set its uncertainty. Shared by the optimizer's fitness
//! and the prover's Monte Carlo simulation so both tell the same story.
//!
//! Caveat carried into every output: the rates come from different trials,
//! populations and endpoints (weeks 8 to 52); they are not head-to-head.

use serde::Serialize;

use super::formulary::{Class, Drug};
use super::resolve::Resolved;
use crate::source::{self, Source};

/// A published remission rate: `successes` of `n` (for rates published only as
/// a percentage, `n` is an assumed 100 and `assumed_n` says so).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Rate {
    pub arm: &'static str,
    pub rate: f64,
    pub successes: f64,
    pub n: f64,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub assumed_n: bool,
    pub endpoint: &'static str,
    pub source: Source,
}

const fn counts(
    arm: &'static str,
    successes: f64,
    n: f64,
    endpoint: &'static str,
    source: Source,
) -> Rate {
    Rate {
        arm,
        rate: successes / n,
        successes,
        n,
        assumed_n: false,
        endpoint,
        source,
    }
}

const fn percent(arm: &'static str, pct: f64, endpoint: &'static str, source: Source) -> Rate {
    Rate {
        arm,
        rate: pct / 100.0,
        successes: pct,
        n: 100.0,
        assumed_n: true,
        endpoint,
        source,
    }
}

pub const IFX_COMBO: Rate = counts(
    "infliximab + azathioprine",
    96.0,
    169.0,
    "steroid-free remission week 26 (CDAI < 150)",
    source::SONIC,
);
pub const IFX_MONO: Rate = counts(
    "infliximab",
    75.0,
    169.0,
    "steroid-free remission week 26 (CDAI < 150)",
    source::SONIC,
);
pub const AZA_MONO: Rate = counts(
    "azathioprine",
    51.0,
    170.0,
    "steroid-free remission week 26 (CDAI < 150)",
    source::SONIC,
);
pub const ADA_EOW: Rate = percent(
    "adalimumab 40 mg every other week",
    40.0,
    "remission week 26 (maintenance trial in week-4 responders to induction)",
    source::CHARM,
);
pub const UST_Q8W: Rate = percent(
    "ustekinumab 90 mg every 8 weeks",
    53.1,
    "remission week 44",
    source::IM_UNITI,
);
pub const VDZ_Q8W: Rate = percent(
    "vedolizumab 300 mg every 8 weeks",
    39.0,
    "remission week 52",
    source::GEMINI_2,
);
pub const RZB: Rate = percent(
    "risankizumab 600 mg IV induction",
    42.5,
    "CDAI remission week 12 (40-45%)",
    source::ADVANCE_MOTIVATE,
);
pub const UPA_15: Rate = percent(
    "upadacitinib 15 mg",
    37.3,
    "remission week 52",
    source::U_ENDURE,
);
pub const UPA_30: Rate = percent(
    "upadacitinib 30 mg",
    47.6,
    "remission week 52",
    source::U_ENDURE,
);
pub const UPA_45: Rate = percent(
    "upadacitinib 45 mg induction",
    49.5,
    "remission week 12 (U-EXCEL)",
    source::U_ENDURE,
);
pub const MTX: Rate = percent(
    "methotrexate 25 mg IM weekly",
    39.4,
    "steroid-free remission week 16",
    source::FEAGAN_MTX,
);
pub const BUDESONIDE_9: Rate = percent(
    "budesonide 9 mg/day",
    51.0,
    "remission week 8",
    source::GREENBERG_BUDESONIDE,
);
pub const BUDESONIDE_3: Rate = percent(
    "budesonide 3 mg/day",
    33.0,
    "remission week 8",
    source::GREENBERG_BUDESONIDE,
);
pub const PLACEBO: Rate = percent(
    "no active therapy (placebo)",
    17.0,
    "remission week 26",
    source::CHARM,
);

/// The rate that applies to a plan, and the notes on how it was chosen.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Estimate {
    pub rate: Rate,
    pub notes: Vec<String>,
}

/// Picks the published rate for what the plan contains (advanced therapy
/// first, then immunomodulator, then budesonide).
pub fn estimate(items: &[Resolved]) -> Estimate {
    let mut notes = Vec::new();
    let has = |c: Class| items.iter().any(|r| r.entry.class == c);
    let advanced = items.iter().find(|r| r.entry.advanced);
    let thiopurine = has(Class::Thiopurine);
    let rate = match advanced {
        Some(r) => match r.entry.drug {
            Drug::Infliximab if thiopurine => IFX_COMBO,
            Drug::Infliximab => IFX_MONO,
            Drug::Adalimumab => ADA_EOW,
            Drug::Ustekinumab => UST_Q8W,
            Drug::Vedolizumab => {
                if r.item.route == Some(super::plan::Route::Sc) {
                    notes.push(
                        "subcutaneous vedolizumab: the IV every-8-weeks figure is used".into(),
                    );
                }
                VDZ_Q8W
            }
            Drug::Risankizumab => RZB,
            Drug::Upadacitinib if r.item.dosage >= 45.0 => UPA_45,
            Drug::Upadacitinib if r.item.dosage >= 30.0 => UPA_30,
            Drug::Upadacitinib => UPA_15,
            _ => PLACEBO,
        },
        None if thiopurine => {
            if items.iter().any(|r| r.entry.drug == Drug::Mercaptopurine) {
                notes.push("mercaptopurine: the SONIC azathioprine figure is used".into());
            }
            AZA_MONO
        }
        None if has(Class::Antimetabolite) => MTX,
        None if has(Class::Corticosteroid) => {
            let dose = items
                .iter()
                .find(|r| r.entry.class == Class::Corticosteroid)
                .map_or(0.0, |r| r.item.dosage);
            if dose >= 9.0 {
                BUDESONIDE_9
            } else {
                BUDESONIDE_3
            }
        }
        None => PLACEBO,
    };
    if advanced.is_some() && (has(Class::Antimetabolite) || (thiopurine && rate != IFX_COMBO)) {
        notes.push(
            "no published combination figure for this pair: the advanced therapy's own rate is used; the immunomodulator counts against immunogenicity only".into(),
        );
    }
    notes.push("rates come from different trials, populations and endpoints; they are not head-to-head comparisons".into());
    Estimate { rate, notes }
}
