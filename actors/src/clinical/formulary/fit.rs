//! Whether a plan item's dose, route, frequency and course length fit a
//! regimen, and the first thing that does not. Shared by the dose rule and by
//! phase inference (an item without `phase` takes the phase of what it fits).

use serde_json::Value;

use super::Regimen;
use crate::clinical::plan::{DoseUnit, PlanItem};

/// Relative tolerance for rounding when doses are converted between mg and mg/kg.
pub const TOLERANCE: f64 = 0.01;

/// Why an item does not fit a regimen.
#[derive(Clone, Debug, PartialEq)]
pub enum Miss {
    /// The field (relative to the item), its value and the bound it breaks.
    Breaks(&'static str, Value, String),
    /// The regimen is in mg/kg or weight-banded and the weight is unknown.
    NeedsWeight,
}

/// The dose of an item in both units, where the weight allows.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Dose {
    pub mg: Option<f64>,
    pub mg_per_kg: Option<f64>,
    pub weight_kg: Option<f64>,
}

impl Dose {
    pub fn of(item: &PlanItem, weight_kg: Option<f64>) -> Self {
        let (mg, mg_per_kg) = match item.unit {
            DoseUnit::Mg => (Some(item.dosage), weight_kg.map(|w| item.dosage / w)),
            DoseUnit::MgPerKg => (weight_kg.map(|w| item.dosage * w), Some(item.dosage)),
        };
        Self {
            mg,
            mg_per_kg,
            weight_kg,
        }
    }
}

impl Regimen {
    /// `Ok` when the item fits (route and phase are matched by the caller).
    pub fn fit(&self, item: &PlanItem, dose: Dose) -> Result<(), Miss> {
        if !self.frequencies.contains(&item.frequency) {
            let allowed: Vec<&str> = self.frequencies.iter().map(|f| f.as_str()).collect();
            return Err(Miss::Breaks(
                "frequency",
                item.frequency.as_str().into(),
                format!("frequency one of: {}", allowed.join(", ")),
            ));
        }
        if !self.weight_bands.is_empty() {
            let (Some(weight), Some(mg)) = (dose.weight_kg, dose.mg) else {
                return Err(Miss::NeedsWeight);
            };
            let band = self
                .weight_bands
                .iter()
                .find(|(upto, _)| weight <= *upto)
                .map_or(0.0, |b| b.1);
            if (mg - band).abs() > band * TOLERANCE {
                return Err(Miss::Breaks(
                    "dosage",
                    round(mg).into(),
                    format!("{band} mg for a weight of {weight} kg"),
                ));
            }
            return Ok(());
        }
        let (value, unit) = match self.unit {
            DoseUnit::Mg => (dose.mg, "mg"),
            DoseUnit::MgPerKg => (dose.mg_per_kg, "mg/kg"),
        };
        let Some(value) = value else {
            return Err(Miss::NeedsWeight);
        };
        if value < self.min * (1.0 - TOLERANCE) || value > self.max * (1.0 + TOLERANCE) {
            let bound = if self.min == self.max {
                format!("{} {unit}", self.max)
            } else if self.min == 0.0 {
                format!("at most {} {unit}", self.max)
            } else {
                format!("{}-{} {unit}", self.min, self.max)
            };
            return Err(Miss::Breaks("dosage", round(value).into(), bound));
        }
        Ok(())
    }
}

pub fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
