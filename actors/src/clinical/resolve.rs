//! A plan's items matched to the formulary, with doses in both mg and mg/kg
//! where the patient's weight allows.

use super::formulary::{self, Entry};
use super::patient::Patient;
use super::plan::{DoseUnit, PlanItem, TreatmentPlan};

#[derive(Clone, Debug)]
pub struct Resolved<'a> {
    /// Position in `treatment_plan`.
    pub index: usize,
    pub item: &'a PlanItem,
    pub entry: &'static Entry,
    /// Dose in mg, when the unit is mg or the weight is known.
    pub mg: Option<f64>,
    /// Dose in mg/kg, when the unit is mg/kg or the weight is known.
    pub mg_per_kg: Option<f64>,
}

impl Resolved<'_> {
    pub fn path(&self) -> String {
        format!("treatment_plan[{}]", self.index)
    }

    pub fn describe(&self) -> String {
        let unit = match self.item.unit {
            DoseUnit::Mg => "mg",
            DoseUnit::MgPerKg => "mg/kg",
        };
        format!(
            "{} {} {unit} {}",
            self.entry.name,
            self.item.dosage,
            self.item.frequency.as_str()
        )
    }
}

/// Items the formulary does not know, by index.
pub type Unlisted = Vec<(usize, String)>;

pub fn resolve<'a>(plan: &'a TreatmentPlan, patient: &Patient) -> (Vec<Resolved<'a>>, Unlisted) {
    let weight = patient
        .weight_kg()
        .and_then(Result::ok)
        .filter(|w| *w > 0.0);
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    for (index, item) in plan.treatment_plan.iter().enumerate() {
        let Some(entry) = formulary::lookup(&item.medication) else {
            unknown.push((index, item.medication.clone()));
            continue;
        };
        let (mg, mg_per_kg) = match item.unit {
            DoseUnit::Mg => (Some(item.dosage), weight.map(|w| item.dosage / w)),
            DoseUnit::MgPerKg => (weight.map(|w| item.dosage * w), Some(item.dosage)),
        };
        known.push(Resolved {
            index,
            item,
            entry,
            mg,
            mg_per_kg,
        });
    }
    (known, unknown)
}
