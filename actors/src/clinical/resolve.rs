//! A plan's items matched to the formulary through the medication vocabulary,
//! with doses in both mg and mg/kg where the weight allows and the phase each
//! item is in (given, or the one its dose, route and frequency fit).

use super::formulary::fit::Dose;
use super::formulary::Entry;
use super::jurisdiction::Jurisdiction;
use super::patient::Patient;
use super::plan::{DoseUnit, Frequency, Phase, PlanItem, TreatmentPlan};
use super::vocabulary::{self, Concept};

#[derive(Clone, Debug)]
pub struct Resolved {
    /// Position in `treatment_plan`.
    pub index: usize,
    pub item: PlanItem,
    pub entry: &'static Entry,
    pub concept: &'static Concept,
    /// Dose in mg, when the unit is mg or the weight is known.
    pub mg: Option<f64>,
    /// Dose in mg/kg, when the unit is mg/kg or the weight is known.
    pub mg_per_kg: Option<f64>,
    /// The phase given, or the only phase of the regimens it fits (`None`: either or none).
    pub phase: Option<Phase>,
    /// `path (describe)`, the subject line every per-item verdict carries
    /// (written once: dozens of verdicts quote it).
    pub label: String,
}

impl Resolved {
    /// `treatment_plan[i]`: the start of `label`.
    pub fn path(&self) -> &str {
        let end = self.label.find(" (").unwrap_or(self.label.len());
        &self.label[..end]
    }

    pub fn describe(&self) -> String {
        let unit = match self.item.unit {
            DoseUnit::Mg => "mg",
            DoseUnit::MgPerKg => "mg/kg",
        };
        let when = self
            .item
            .start_week
            .map(|w| format!(" from week {w}"))
            .unwrap_or_default();
        format!(
            "{} {} {unit} {}{when}",
            self.entry.name,
            self.item.dosage,
            self.item.frequency.as_str()
        )
    }

    pub fn dose(&self) -> Dose {
        Dose {
            mg: self.mg,
            mg_per_kg: self.mg_per_kg,
            weight_kg: self.mg.zip(self.mg_per_kg).map(|(a, b)| a / b),
        }
    }
}

/// A plan item that is not a formulary drug, and why.
#[derive(Clone, Debug)]
pub struct Unlisted {
    pub index: usize,
    pub medication: String,
    pub why: String,
}

pub fn resolve(
    plan: &TreatmentPlan,
    patient: &Patient,
    jurisdiction: Jurisdiction,
) -> (Vec<Resolved>, Vec<Unlisted>) {
    let weight = patient
        .weight_kg()
        .and_then(Result::ok)
        .filter(|w| *w > 0.0);
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    for (index, item) in plan.treatment_plan.iter().enumerate() {
        let concept = match vocabulary::formulary_drug(&item.medication) {
            Ok(c) => c,
            Err(why) => {
                unknown.push(Unlisted {
                    index,
                    medication: item.medication.clone(),
                    why,
                });
                continue;
            }
        };
        let entry = super::formulary::entry(concept.drug.expect("a formulary concept"));
        let dose = Dose::of(item, weight);
        let phase = item
            .phase
            .or_else(|| infer_phase(entry, item, dose, jurisdiction));
        let mut r = Resolved {
            index,
            item: item.clone(),
            entry,
            concept,
            mg: dose.mg,
            mg_per_kg: dose.mg_per_kg,
            phase,
            label: String::new(),
        };
        r.label = format!("treatment_plan[{index}] ({})", r.describe());
        known.push(r);
    }
    (known, unknown)
}

/// The phase of the regimens an item fits, when they agree; a single dose that
/// fits both is induction. Otherwise the phase stays open (`None`) and the
/// rules that depend on it say so.
fn infer_phase(
    entry: &Entry,
    item: &PlanItem,
    dose: Dose,
    jurisdiction: Jurisdiction,
) -> Option<Phase> {
    let phases: Vec<Phase> = entry
        .regimens
        .iter()
        .filter(|g| g.labels.iter().any(|l| jurisdiction.applies(*l)))
        .filter(|g| item.route.is_none_or(|r| r == g.route))
        .filter(|g| g.fit(item, dose).is_ok())
        .map(|g| g.phase)
        .collect();
    let first = *phases.first()?;
    if phases.iter().all(|p| *p == first) {
        return Some(first);
    }
    (item.frequency == Frequency::Once).then_some(Phase::Induction)
}
