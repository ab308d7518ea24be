//! The regimens a treatment genome chooses from. Gene 0 picks one label
//! regimen of an advanced therapy, induction then maintenance as the label
//! schedules them (or none); gene 1 an immunomodulator regimen (or none);
//! gene 2 whether to bridge with an 8-week budesonide course. Decoding gives
//! the plan items with the week each starts.

use crate::clinical::{DoseUnit, Drug, Frequency, Phase, PlanItem, Route, TreatmentPlan};

#[derive(Clone, Copy)]
struct Option_ {
    medication: &'static str,
    dosage: f64,
    unit: DoseUnit,
    frequency: Frequency,
    route: Route,
    phase: Phase,
    duration: Option<f64>,
    start_week: Option<f64>,
}

/// A repeated dose from week 0 (`from_week` moves it).
const fn opt(
    medication: &'static str,
    dosage: f64,
    unit: DoseUnit,
    frequency: Frequency,
    route: Route,
) -> Option_ {
    Option_ {
        medication,
        dosage,
        unit,
        frequency,
        route,
        phase: Phase::Maintenance,
        duration: None,
        start_week: Some(0.0),
    }
}

/// A dose given once, in a week of the induction.
const fn dose_at(
    medication: &'static str,
    dosage: f64,
    unit: DoseUnit,
    route: Route,
    week: f64,
) -> Option_ {
    Option_ {
        phase: Phase::Induction,
        start_week: Some(week),
        ..opt(medication, dosage, unit, Frequency::Once, route)
    }
}

const fn from_week(o: Option_, week: f64) -> Option_ {
    Option_ {
        start_week: Some(week),
        ..o
    }
}

use DoseUnit::{Mg, MgPerKg};
use Frequency::*;

/// An advanced therapy's label regimen: induction items, then maintenance.
/// Ustekinumab's IV dose is set from the weight band when decoded.
struct AdvancedRegimen {
    drug: Drug,
    items: &'static [Option_],
}

const IFX_INDUCTION: [Option_; 3] = [
    dose_at("Infliximab", 5.0, MgPerKg, Route::Iv, 0.0),
    dose_at("Infliximab", 5.0, MgPerKg, Route::Iv, 2.0),
    dose_at("Infliximab", 5.0, MgPerKg, Route::Iv, 6.0),
];
const VDZ_IV: [Option_; 3] = [
    dose_at("Vedolizumab", 300.0, Mg, Route::Iv, 0.0),
    dose_at("Vedolizumab", 300.0, Mg, Route::Iv, 2.0),
    dose_at("Vedolizumab", 300.0, Mg, Route::Iv, 6.0),
];
const RZB_IV: [Option_; 3] = [
    dose_at("Risankizumab", 600.0, Mg, Route::Iv, 0.0),
    dose_at("Risankizumab", 600.0, Mg, Route::Iv, 4.0),
    dose_at("Risankizumab", 600.0, Mg, Route::Iv, 8.0),
];
const UPA_45: Option_ = Option_ {
    phase: Phase::Induction,
    duration: Some(84.0),
    start_week: Some(0.0),
    ..opt("Upadacitinib", 45.0, Mg, Daily, Route::Oral)
};

/// Label regimens of the advanced therapies (gene 0; value 0 is none).
const ADVANCED: &[AdvancedRegimen] = &[
    AdvancedRegimen {
        drug: Drug::Infliximab,
        items: &[
            IFX_INDUCTION[0],
            IFX_INDUCTION[1],
            IFX_INDUCTION[2],
            from_week(
                opt("Infliximab", 5.0, MgPerKg, Every8Weeks, Route::Iv),
                14.0,
            ),
        ],
    },
    AdvancedRegimen {
        drug: Drug::Infliximab,
        items: &[
            IFX_INDUCTION[0],
            IFX_INDUCTION[1],
            IFX_INDUCTION[2],
            from_week(
                opt("Infliximab", 10.0, MgPerKg, Every8Weeks, Route::Iv),
                14.0,
            ),
        ],
    },
    AdvancedRegimen {
        drug: Drug::Adalimumab,
        items: &[
            dose_at("Adalimumab", 160.0, Mg, Route::Sc, 0.0),
            dose_at("Adalimumab", 80.0, Mg, Route::Sc, 2.0),
            from_week(opt("Adalimumab", 40.0, Mg, Every2Weeks, Route::Sc), 4.0),
        ],
    },
    AdvancedRegimen {
        drug: Drug::Ustekinumab,
        items: &[
            dose_at("Ustekinumab", 390.0, Mg, Route::Iv, 0.0),
            from_week(opt("Ustekinumab", 90.0, Mg, Every8Weeks, Route::Sc), 8.0),
        ],
    },
    AdvancedRegimen {
        drug: Drug::Vedolizumab,
        items: &[
            VDZ_IV[0],
            VDZ_IV[1],
            VDZ_IV[2],
            from_week(opt("Vedolizumab", 300.0, Mg, Every8Weeks, Route::Iv), 14.0),
        ],
    },
    AdvancedRegimen {
        drug: Drug::Vedolizumab,
        items: &[
            VDZ_IV[0],
            VDZ_IV[1],
            from_week(opt("Vedolizumab", 108.0, Mg, Every2Weeks, Route::Sc), 6.0),
        ],
    },
    AdvancedRegimen {
        drug: Drug::Risankizumab,
        items: &[
            RZB_IV[0],
            RZB_IV[1],
            RZB_IV[2],
            from_week(opt("Risankizumab", 180.0, Mg, Every8Weeks, Route::Sc), 12.0),
        ],
    },
    AdvancedRegimen {
        drug: Drug::Risankizumab,
        items: &[
            RZB_IV[0],
            RZB_IV[1],
            RZB_IV[2],
            from_week(opt("Risankizumab", 360.0, Mg, Every8Weeks, Route::Sc), 12.0),
        ],
    },
    AdvancedRegimen {
        drug: Drug::Upadacitinib,
        items: &[
            UPA_45,
            from_week(opt("Upadacitinib", 15.0, Mg, Daily, Route::Oral), 12.0),
        ],
    },
    AdvancedRegimen {
        drug: Drug::Upadacitinib,
        items: &[
            UPA_45,
            from_week(opt("Upadacitinib", 30.0, Mg, Daily, Route::Oral), 12.0),
        ],
    },
];

/// Immunomodulator regimens (gene 1; value 0 is none). Thiopurine doses span
/// the CPIC ranges so that reduced-metabolism and allopurinol patients have
/// a dose that fits.
const IMMUNOMODULATORS: &[Option_] = &[
    opt("Azathioprine", 2.5, MgPerKg, Daily, Route::Oral),
    opt("Azathioprine", 2.0, MgPerKg, Daily, Route::Oral),
    opt("Azathioprine", 1.5, MgPerKg, Daily, Route::Oral),
    opt("Azathioprine", 1.0, MgPerKg, Daily, Route::Oral),
    opt("Azathioprine", 0.75, MgPerKg, Daily, Route::Oral),
    opt("Azathioprine", 0.5, MgPerKg, Daily, Route::Oral),
    opt("Mercaptopurine", 1.25, MgPerKg, Daily, Route::Oral),
    opt("Mercaptopurine", 1.0, MgPerKg, Daily, Route::Oral),
    opt("Mercaptopurine", 0.6, MgPerKg, Daily, Route::Oral),
    opt("Mercaptopurine", 0.4, MgPerKg, Daily, Route::Oral),
    opt("Methotrexate", 15.0, Mg, Weekly, Route::Sc),
    opt("Methotrexate", 25.0, Mg, Weekly, Route::Sc),
];

/// Budesonide bridging (gene 2): 9 mg daily for 8 weeks.
const BUDESONIDE: Option_ = Option_ {
    medication: "Budesonide",
    dosage: 9.0,
    unit: Mg,
    frequency: Daily,
    route: Route::Oral,
    phase: Phase::Induction,
    duration: Some(56.0),
    start_week: Some(0.0),
};

pub const ARITY: [u8; 3] = [
    ADVANCED.len() as u8 + 1,
    IMMUNOMODULATORS.len() as u8 + 1,
    2,
];

fn item(o: &Option_) -> PlanItem {
    PlanItem {
        medication: o.medication.to_string(),
        dosage: o.dosage,
        unit: o.unit,
        frequency: o.frequency,
        route: Some(o.route),
        phase: Some(o.phase),
        duration: o.duration,
        start_week: o.start_week,
    }
}

/// Ustekinumab's IV induction dose for a weight (label bands; 390 mg when unknown,
/// which the prover then reports as needing the weight).
fn ustekinumab_band(weight_kg: Option<f64>) -> f64 {
    match weight_kg {
        Some(w) if w <= 55.0 => 260.0,
        Some(w) if w > 85.0 => 520.0,
        _ => 390.0,
    }
}

/// The plan a genome stands for, for a patient of this weight.
pub fn decode(genome: &[u8], weight_kg: Option<f64>) -> TreatmentPlan {
    let mut items = Vec::new();
    if let Some(a) = (genome[0] as usize)
        .checked_sub(1)
        .and_then(|i| ADVANCED.get(i))
    {
        for o in a.items {
            let mut it = item(o);
            if a.drug == Drug::Ustekinumab && it.route == Some(Route::Iv) {
                it.dosage = ustekinumab_band(weight_kg);
            }
            items.push(it);
        }
    }
    if let Some(o) = (genome[1] as usize)
        .checked_sub(1)
        .and_then(|i| IMMUNOMODULATORS.get(i))
    {
        items.push(item(o));
    }
    if genome[2] == 1 {
        items.push(item(&BUDESONIDE));
    }
    TreatmentPlan {
        treatment_plan: items,
        fitness: None,
        confidence: None,
    }
}

/// Every genome, for tests that compare the optimizer with exhaustive search.
pub fn all_genomes() -> impl Iterator<Item = [u8; 3]> {
    (0..ARITY[0])
        .flat_map(|a| (0..ARITY[1]).flat_map(move |b| (0..ARITY[2]).map(move |c| [a, b, c])))
}
