//! The figures of the outcome model, each with the table or abstract it was
//! read in. Arm sizes are the published ones where the source prints them;
//! where it prints only the trial's total and allocation ratio, the size is
//! derived from those and says so (`n_from`). Nothing assumes a size.

use super::{Arm, Baseline, Effect, Exposure, Figure};
use crate::clinical::formulary::Drug;
use crate::clinical::plan::Route;
use crate::source::{
    ACCENT_I, AGA_TECHNICAL_REVIEW_2021, BARBERIO_2023, DIAMOND, FEAGAN_MTX, FEAGAN_MTX_2000,
    FORTIFY, GAIN, GEMINI_3, LOFTUS_2023, SINGH_NMA, SONIC, UNITI,
};

const REMISSION_INDUCTION: &str = "clinical remission (CDAI < 150) at the end of induction";
const REMISSION_MAINTENANCE: &str =
    "clinical remission (CDAI < 150) at about week 52, among induction responders";

/// Placebo induction remission in biologic-naive patients. The NMA table's
/// probabilities reproduce with 20% (its footnote prints 25%); 20% is the AGA
/// technical review's pooled induction placebo rate.
pub const NAIVE_INDUCTION: Baseline = Baseline {
    rate: 0.20,
    what: "pooled placebo rate, induction of remission, biologic-naive",
    source: AGA_TECHNICAL_REVIEW_2021
        .at("Table 3 (absolute effects at a pooled placebo rate of 20% for induction)"),
};
/// Placebo induction remission after biologic failure: U-EXCEED's placebo arm.
pub const EXPOSED_INDUCTION: Baseline = Baseline {
    rate: 0.211,
    what: "placebo arm of a trial in biologic-failed patients (U-EXCEED, week 12)",
    source: LOFTUS_2023.at("abstract: U-EXCEED clinical remission at week 12, placebo 21.1%"),
};
/// Placebo maintenance of remission among induction responders.
pub const MAINTENANCE: Baseline = Baseline {
    rate: 0.24,
    what: "pooled placebo rate, maintenance of remission among induction responders",
    source: SINGH_NMA
        .at("Table 2 footnote b: pooled placebo rate of maintaining clinical remission 24%"),
};

const fn published(share: f64, n: u32) -> Arm {
    Arm {
        share,
        n,
        n_from: "published",
    }
}

const fn derived(share: f64, n: u32, from: &'static str) -> Arm {
    Arm {
        share,
        n,
        n_from: from,
    }
}

const fn nma(
    baseline: Baseline,
    endpoint: &'static str,
    ratio: f64,
    ci95: [f64; 2],
    source: crate::source::Source,
) -> Figure {
    Figure {
        endpoint,
        effect: Effect::OddsRatio { ratio, ci95 },
        baseline: Some(baseline),
        source,
        note: "",
    }
}

const fn failure_risk(
    baseline: Baseline,
    ratio: f64,
    ci95: [f64; 2],
    source: crate::source::Source,
) -> Figure {
    Figure {
        endpoint: REMISSION_INDUCTION,
        effect: Effect::FailureRisk { ratio, ci95 },
        baseline: Some(baseline),
        source,
        note: "",
    }
}

const fn arms(
    baseline: Baseline,
    endpoint: &'static str,
    drug: Arm,
    placebo: Arm,
    source: crate::source::Source,
    note: &'static str,
) -> Figure {
    Figure {
        endpoint,
        effect: Effect::Arms { drug, placebo },
        baseline: Some(baseline),
        source,
        note,
    }
}

// Induction, biologic-naive.
const IFX_NAIVE: Figure = nma(NAIVE_INDUCTION, REMISSION_INDUCTION, 5.90, [2.78, 12.51], SINGH_NMA.at("Table 2, biologic-naive induction: infliximab OR 5.90 (2.78-12.51), probability 60%, SUCRA 0.93"));
const ADA_NAIVE: Figure = nma(NAIVE_INDUCTION, REMISSION_INDUCTION, 3.80, [1.76, 8.18], SINGH_NMA.at("Table 2, biologic-naive induction: adalimumab OR 3.80 (1.76-8.18), probability 49%, SUCRA 0.75"));
const UST_NAIVE: Figure = nma(NAIVE_INDUCTION, REMISSION_INDUCTION, 2.75, [1.76, 4.32], SINGH_NMA.at("Table 2, biologic-naive induction: ustekinumab OR 2.75 (1.76-4.32), probability 41%, SUCRA 0.56"));
const VDZ_NAIVE: Figure = nma(NAIVE_INDUCTION, REMISSION_INDUCTION, 2.69, [1.36, 5.32], SINGH_NMA.at("Table 2, biologic-naive induction: vedolizumab OR 2.69 (1.36-5.32), probability 40%, SUCRA 0.55"));
const RZB_NAIVE: Figure = failure_risk(NAIVE_INDUCTION, 0.66, [0.52, 0.85], BARBERIO_2023.at("abstract: risankizumab 600 mg ranked first in biologic-naive patients, RR of failing to reach remission 0.66 (0.52-0.85), p-score 0.78"));
const UPA_NAIVE: Figure = arms(
    NAIVE_INDUCTION,
    REMISSION_INDUCTION,
    derived(0.495, 351, "526 randomised 2:1"),
    derived(0.291, 175, "526 randomised 2:1"),
    LOFTUS_2023.at("abstract: U-EXCEL week-12 CDAI remission, 45 mg 49.5% vs placebo 29.1%"),
    "U-EXCEL enrolled conventional and/or biologic failures: no biologic-naive figure was read",
);

// Induction, after an advanced therapy.
const ADA_EXPOSED: Figure = arms(
    EXPOSED_INDUCTION,
    REMISSION_INDUCTION,
    published(34.0 / 159.0, 159),
    published(0.07, 166),
    GAIN.unverified_at("abstract: week-4 remission 21% (34 of 159) vs 7% with placebo (166 randomised; the placebo count was cut off in the copy read)"),
    "GAIN enrolled loss of response or intolerance to infliximab, not primary non-response",
);
const UPA_EXPOSED: Figure = arms(
    EXPOSED_INDUCTION,
    REMISSION_INDUCTION,
    derived(0.389, 330, "495 randomised 2:1"),
    derived(0.211, 165, "495 randomised 2:1"),
    LOFTUS_2023.at("abstract: U-EXCEED (biologic failures) week-12 CDAI remission, 45 mg 38.9% vs placebo 21.1%"),
    "",
);
const RZB_EXPOSED: Figure = failure_risk(EXPOSED_INDUCTION, 0.74, [0.67, 0.82], BARBERIO_2023.at("abstract: risankizumab 600 mg ranked first in biologic-exposed patients, RR of failing to reach remission 0.74 (0.67-0.82), p-score 0.92"));
const UST_EXPOSED: Figure = arms(
    EXPOSED_INDUCTION,
    REMISSION_INDUCTION,
    derived(0.337, 247, "741 analysed 1:1:1"),
    derived(0.215, 247, "741 analysed 1:1:1"),
    UNITI.unverified_at("UNITI-1 (TNF-antagonist failure): week-6 CDAI-100 response ~6 mg/kg 33.7% vs placebo 21.5% (read in a summary of the abstract)"),
    "a response odds ratio applied to remission: UNITI-1's remission figures were not read",
);
const VDZ_EXPOSED: Figure = arms(
    EXPOSED_INDUCTION,
    REMISSION_INDUCTION,
    derived(0.152, 158, "about 75% of 209 randomised"),
    derived(0.121, 155, "about 75% of 207 randomised"),
    GEMINI_3.unverified_at("TNF-failure population, week-6 remission 15.2% vs 12.1% (a review table and a copy of the discussion; the subgroup sizes were not read)"),
    "",
);

/// Induction remission for a drug in a stratum.
pub fn induction(drug: Drug, exposure: Exposure) -> Figure {
    use Drug::*;
    use Exposure::*;
    match (drug, exposure) {
        (Infliximab, Naive) => IFX_NAIVE,
        (Adalimumab, Naive) => ADA_NAIVE,
        (Ustekinumab, Naive) => UST_NAIVE,
        (Vedolizumab, Naive) => VDZ_NAIVE,
        (Risankizumab, Naive) => RZB_NAIVE,
        (Upadacitinib, Naive) => UPA_NAIVE,
        (Adalimumab, Exposed) => ADA_EXPOSED,
        (Ustekinumab, Exposed) => UST_EXPOSED,
        (Vedolizumab, Exposed) => VDZ_EXPOSED,
        (Risankizumab, Exposed) => RZB_EXPOSED,
        (Upadacitinib, Exposed) => UPA_EXPOSED,
        (Infliximab, Exposed) => Figure {
            note: "no trial of infliximab after another advanced therapy was read (AGA 2025 does not tier it for exposed patients)",
            ..no_data_induction(exposure)
        },
        _ => no_data_induction(exposure),
    }
}

pub fn no_data_induction(exposure: Exposure) -> Figure {
    let baseline = match exposure {
        Exposure::Naive => NAIVE_INDUCTION,
        Exposure::Exposed => EXPOSED_INDUCTION,
    };
    Figure {
        endpoint: REMISSION_INDUCTION,
        effect: Effect::NoData,
        baseline: Some(baseline),
        source: baseline.source,
        note: "no figure for this stratum: the placebo rate",
    }
}

pub fn no_data_maintenance() -> Figure {
    Figure {
        endpoint: REMISSION_MAINTENANCE,
        effect: Effect::NoData,
        baseline: Some(MAINTENANCE),
        source: MAINTENANCE.source,
        note: "no figure for this stratum: the placebo rate",
    }
}

// Maintenance among responders, regardless of prior biologic exposure.
const IFX_5: Figure = nma(MAINTENANCE, REMISSION_MAINTENANCE, 2.86, [1.71, 4.80], SINGH_NMA.at("Table 2, maintenance in responders: infliximab OR 2.86 (1.71-4.80), probability 48%, SUCRA 0.68"));
const ADA_EOW: Figure = nma(MAINTENANCE, REMISSION_MAINTENANCE, 4.42, [2.68, 7.29], SINGH_NMA.at("Table 2, maintenance in responders: adalimumab OR 4.42 (2.68-7.29), probability 58%, SUCRA 0.97"));
const UST_MAINT: Figure = nma(MAINTENANCE, REMISSION_MAINTENANCE, 2.02, [1.35, 3.03], SINGH_NMA.at("Table 2, maintenance in responders: ustekinumab OR 2.02 (1.35-3.03), probability 39%, SUCRA 0.36"));
const VDZ_MAINT: Figure = nma(MAINTENANCE, REMISSION_MAINTENANCE, 2.32, [1.40, 3.84], SINGH_NMA.at("Table 2, maintenance in responders: vedolizumab OR 2.32 (1.40-3.84), probability 42%, SUCRA 0.52"));
const IFX_10: Figure = arms(
    MAINTENANCE,
    REMISSION_MAINTENANCE,
    published(0.384, 112),
    published(0.136, 110),
    ACCENT_I.unverified_at("week-54 remission among week-2 responders, 10 mg/kg 38.4% (n 112) vs placebo 13.6% (n 110), read in a review table (Drug Des Devel Ther 2011;5:185-210, Table 2)"),
    "",
);
const RZB_360: Figure = arms(
    MAINTENANCE,
    REMISSION_MAINTENANCE,
    published(0.522, 184),
    published(0.409, 179),
    FORTIFY.unverified_at("week-52 CDAI remission, 360 mg 52.2% vs withdrawal 40.9% (conference report; arm sizes 184 and 179)"),
    "the withdrawal arm keeps the IV induction's effect, so this odds ratio understates risankizumab",
);
const RZB_180: Figure = arms(
    MAINTENANCE,
    REMISSION_MAINTENANCE,
    published(0.554, 179),
    published(0.409, 179),
    FORTIFY.unverified_at("week-52 CDAI remission, 180 mg 55.4% vs withdrawal 40.9% (conference report; arm sizes 179 and 179)"),
    "the withdrawal arm keeps the IV induction's effect, so this odds ratio understates risankizumab",
);
const UPA_15: Figure = arms(
    MAINTENANCE,
    REMISSION_MAINTENANCE,
    derived(0.373, 167, "502 randomised 1:1:1"),
    derived(0.151, 168, "502 randomised 1:1:1"),
    LOFTUS_2023.at("abstract: U-ENDURE week-52 CDAI remission, 15 mg 37.3% vs placebo 15.1%"),
    "",
);
const UPA_30: Figure = arms(
    MAINTENANCE,
    REMISSION_MAINTENANCE,
    derived(0.476, 167, "502 randomised 1:1:1"),
    derived(0.151, 168, "502 randomised 1:1:1"),
    LOFTUS_2023.at("abstract: U-ENDURE week-52 CDAI remission, 30 mg 47.6% vs placebo 15.1%"),
    "",
);

/// Maintenance remission for a drug's maintenance item (mg, mg/kg, route).
pub fn maintenance(drug: Drug, item: Option<(Option<f64>, Option<f64>, Option<Route>)>) -> Figure {
    use Drug::*;
    let (mg, mg_per_kg, route) = item.unwrap_or((None, None, None));
    match drug {
        Infliximab if mg_per_kg.is_some_and(|d| d > 5.0 + 1e-9) => IFX_10,
        Infliximab => IFX_5,
        Adalimumab => ADA_EOW,
        Ustekinumab => UST_MAINT,
        Vedolizumab if super::subcutaneous(route) => Figure {
            note:
                "subcutaneous vedolizumab: the IV every-8-weeks figure is used (VISIBLE 2 not read)",
            ..VDZ_MAINT
        },
        Vedolizumab => VDZ_MAINT,
        Risankizumab if mg.is_some_and(|d| d < 270.0) => RZB_180,
        Risankizumab => RZB_360,
        Upadacitinib if mg.is_some_and(|d| d >= 30.0) => UPA_30,
        Upadacitinib => UPA_15,
        _ => no_data_maintenance(),
    }
}

/// The effect of adding a thiopurine, where a trial measured it.
pub fn combination(drug: Drug) -> Option<Figure> {
    match drug {
        Drug::Infliximab => Some(Figure {
            endpoint: "corticosteroid-free remission at week 26, combination over monotherapy",
            effect: Effect::Ratio {
                combination: published(96.0 / 169.0, 169),
                monotherapy: published(75.0 / 169.0, 169),
            },
            baseline: None,
            source: SONIC,
            note: "",
        }),
        Drug::Adalimumab => Some(Figure {
            endpoint: "clinical remission at week 26, combination over monotherapy",
            effect: Effect::Ratio {
                combination: published(0.681, 91),
                monotherapy: published(0.718, 85),
            },
            baseline: None,
            source: DIAMOND,
            note: "open-label; no difference in remission (P=0.63), better endoscopic improvement with the combination",
        }),
        _ => None,
    }
}

/// Thiopurine monotherapy over the course: SONIC's azathioprine arm.
pub const THIOPURINE_COURSE: Figure = Figure {
    endpoint: "corticosteroid-free clinical remission at week 26 (treat-through, all randomised)",
    effect: Effect::Direct {
        arm: published(51.0 / 170.0, 170),
    },
    baseline: None,
    source: SONIC,
    note: "",
};
pub const METHOTREXATE_INDUCTION: Figure = Figure {
    endpoint: "prednisone withdrawn and CDAI <= 150 at week 16 (25 mg IM weekly)",
    effect: Effect::Direct {
        arm: published(37.0 / 94.0, 94),
    },
    baseline: None,
    source: FEAGAN_MTX,
    note: "",
};
pub const METHOTREXATE_MAINTENANCE: Figure = Figure {
    endpoint: "remission at week 40 among those in remission on 25 mg weekly (15 mg IM weekly)",
    effect: Effect::Direct {
        arm: published(26.0 / 40.0, 40),
    },
    baseline: None,
    source: FEAGAN_MTX_2000,
    note: "",
};
