//! The regimens a treatment genome chooses from, for one patient. Gene 0
//! picks one label course of an advanced therapy (an induction schedule and
//! the maintenance that follows it, from the formulary: the jurisdiction's
//! labels, the course for the patient's age and weight band, the reduced
//! doses a label gives for kidney function or a CYP3A4 inhibitor), or none;
//! gene 1 an immunomodulator regimen (or none); gene 2 whether to bridge with
//! an 8-week budesonide course. Decoding gives the plan items with the week
//! each starts.

use crate::clinical::formulary::course::all_courses;
use crate::clinical::{DoseUnit, Frequency, Jurisdiction, Phase, PlanItem, Route, TreatmentPlan};

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

use DoseUnit::{Mg, MgPerKg};
use Frequency::*;

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

/// The choices of one patient's genome: the advanced courses the labels in
/// force give for the patient, then the fixed immunomodulator and budesonide
/// options.
#[derive(Clone, Debug)]
pub struct Options {
    advanced: Vec<Vec<PlanItem>>,
    arity: [u8; 3],
}

impl Options {
    /// The options for a patient of this age and weight, under `jurisdiction`.
    pub fn new(age: Option<f64>, weight_kg: Option<f64>, jurisdiction: Jurisdiction) -> Self {
        let mut advanced: Vec<Vec<PlanItem>> = Vec::new();
        for course in all_courses() {
            if !course.entry.advanced
                || !course.in_force(jurisdiction)
                || course.population().admits(age, weight_kg) == Some(false)
            {
                continue;
            }
            let items = course.items(weight_kg);
            if !advanced.contains(&items) {
                advanced.push(items);
            }
        }
        let arity = [
            u8::try_from(advanced.len() + 1).expect("fewer than 255 courses"),
            IMMUNOMODULATORS.len() as u8 + 1,
            2,
        ];
        Self { advanced, arity }
    }

    pub fn arity(&self) -> &[u8; 3] {
        &self.arity
    }

    /// The plan a genome stands for.
    pub fn decode(&self, genome: &[u8]) -> TreatmentPlan {
        let mut items = Vec::new();
        if let Some(course) = (genome[0] as usize)
            .checked_sub(1)
            .and_then(|i| self.advanced.get(i))
        {
            items.extend(course.iter().cloned());
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
    pub fn all_genomes(&self) -> impl Iterator<Item = [u8; 3]> + '_ {
        let a = self.arity;
        (0..a[0]).flat_map(move |x| (0..a[1]).flat_map(move |y| (0..a[2]).map(move |z| [x, y, z])))
    }
}

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
