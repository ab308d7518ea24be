//! What a rule looks at: the plan resolved against the formulary, the
//! concomitant medications and history resolved against the vocabulary, the
//! patient, and the settings (date, lab age limit, jurisdiction). Built once
//! per verification and shared by every rule.

use std::collections::BTreeSet;

use crate::clinical::formulary::{Class, Drug, Membership, Population};
use crate::clinical::labs::{Analyte, LabGap, LabWindow, Measured};
use crate::clinical::patient::{HistoryItem, Patient};
use crate::clinical::resolve::{resolve, Resolved, Unlisted};
use crate::clinical::vocabulary::{self, Concept, Role};
use crate::clinical::TreatmentPlan;

use super::options::Settings;
use super::verdict::{fact, Fact};

/// A concomitant medication, with the concepts its text names.
#[derive(Clone, Debug)]
pub struct Med {
    pub index: usize,
    pub text: String,
    pub concepts: Vec<&'static Concept>,
}

impl Med {
    pub fn path(&self) -> String {
        format!("concomitant_medications[{}]", self.index)
    }
}

/// The patient's sex as the methotrexate rules need it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sex {
    Female,
    Male,
}

/// A course that ended (see [`Case::ended`]).
#[derive(Clone, Debug)]
pub enum Ended {
    /// A formulary drug whose last dose was on `end`.
    On {
        index: usize,
        drug: Drug,
        end: crate::clinical::Date,
    },
    /// A course the record cannot place: its entry (none when the whole
    /// history is absent), its drug when known, and the field that would.
    Unplaced {
        index: Option<usize>,
        drug: Option<Drug>,
        missing: String,
    },
}

impl Ended {
    /// The drugs it may be: one, or any formulary drug outside the plan.
    pub fn drugs(&self, case: &Case) -> Vec<Drug> {
        match self {
            Ended::On { drug, .. }
            | Ended::Unplaced {
                drug: Some(drug), ..
            } => vec![*drug],
            Ended::Unplaced { drug: None, .. } => {
                let plan = case.drugs();
                crate::clinical::formulary::FORMULARY
                    .iter()
                    .map(|e| e.drug)
                    .filter(|d| !plan.contains(d))
                    .collect()
            }
        }
    }

    /// How a verdict names it.
    pub fn subject(&self) -> String {
        match self {
            Ended::On { index, drug, end } => format!(
                "treatment_history[{index}] ({}, last dose {end})",
                crate::clinical::formulary::entry(*drug).name
            ),
            Ended::Unplaced {
                index: Some(i),
                drug,
                ..
            } => format!(
                "treatment_history[{i}] ({}, not placed)",
                drug.map_or("a drug not recognised", |d| {
                    crate::clinical::formulary::entry(d).name
                })
            ),
            Ended::Unplaced { index: None, .. } => "treatment_history (absent)".into(),
        }
    }
}

pub struct Case {
    pub plan: TreatmentPlan,
    pub patient: Patient,
    pub settings: Settings,
    pub items: Vec<Resolved>,
    pub unlisted: Vec<Unlisted>,
    /// `None` when the record has no `concomitant_medications` (absent is not empty).
    pub meds: Option<Vec<Med>>,
    /// The concepts each `treatment_history` entry names.
    history: Vec<Vec<&'static Concept>>,
    /// Each analyte's reading, found once: a dozen rules ask for the same labs.
    labs: [std::sync::OnceLock<Result<Measured, LabGap>>; Analyte::ALL.len()],
}

impl Case {
    pub fn new(plan: TreatmentPlan, patient: Patient, settings: Settings) -> Self {
        let (items, unlisted) = resolve(&plan, &patient, settings.jurisdiction);
        let meds = patient.concomitant_medications.as_ref().map(|list| {
            list.iter()
                .enumerate()
                .map(|(index, m)| Med {
                    index,
                    text: m.medication.clone(),
                    concepts: vocabulary::recognise(&m.medication),
                })
                .collect()
        });
        let history = patient
            .history()
            .iter()
            .map(|h| vocabulary::recognise(&h.medication))
            .collect();
        Self {
            plan,
            patient,
            settings,
            items,
            unlisted,
            meds,
            history,
            labs: Default::default(),
        }
    }

    pub fn of_class(&self, class: Class) -> impl Iterator<Item = &Resolved> {
        self.items.iter().filter(move |r| r.entry.class == class)
    }

    pub fn of_drug(&self, drug: Drug) -> impl Iterator<Item = &Resolved> {
        self.items.iter().filter(move |r| r.entry.drug == drug)
    }

    pub fn has_class(&self, class: Class) -> bool {
        self.of_class(class).next().is_some()
    }

    /// The distinct formulary drugs of the plan, in plan order.
    pub fn drugs(&self) -> Vec<Drug> {
        let mut seen = BTreeSet::new();
        self.items
            .iter()
            .map(|r| r.entry.drug)
            .filter(|d| seen.insert(*d))
            .collect()
    }

    /// The first item of `drug`, which stands for the drug in per-drug verdicts.
    pub fn first(&self, drug: Drug) -> &Resolved {
        self.of_drug(drug)
            .next()
            .expect("a drug of the plan has an item")
    }

    /// Concomitant medications naming a concept with `role`, each with that
    /// concept; `None` when the list is absent.
    pub fn meds_with(&self, role: Role) -> Option<Vec<(&Med, &'static Concept)>> {
        self.meds.as_ref().map(|meds| {
            meds.iter()
                .filter_map(|m| m.concepts.iter().find(|c| c.has(role)).map(|c| (m, *c)))
                .collect()
        })
    }

    /// Concomitant medications that no concept of the vocabulary matches.
    pub fn unrecognised_meds(&self) -> Vec<&Med> {
        self.meds
            .iter()
            .flatten()
            .filter(|m| m.concepts.is_empty())
            .collect()
    }

    /// The record shows the patient on `drug` now: a current history entry or
    /// a concomitant medication. Returns the path that shows it.
    pub fn already_on(&self, drug: Drug) -> Option<String> {
        let in_history = self.history_of(drug).find(|(_, h)| h.is_current());
        if let Some((i, _)) = in_history {
            return Some(format!("treatment_history[{i}].status"));
        }
        self.meds
            .iter()
            .flatten()
            .find(|m| m.concepts.iter().any(|c| c.drug == Some(drug)))
            .map(Med::path)
    }

    /// Every history entry, with the concepts its name gives.
    pub fn history_entries(
        &self,
    ) -> impl Iterator<Item = (usize, &HistoryItem, &[&'static Concept])> {
        self.patient
            .history()
            .iter()
            .zip(&self.history)
            .enumerate()
            .map(|(i, (h, c))| (i, h, c.as_slice()))
    }

    /// History entries of `drug`, by any of its names.
    pub fn history_of(&self, drug: Drug) -> impl Iterator<Item = (usize, &HistoryItem)> {
        self.patient
            .history()
            .iter()
            .zip(&self.history)
            .enumerate()
            .filter(move |(_, (_, concepts))| concepts.iter().any(|c| c.drug == Some(drug)))
            .map(|(i, (h, _))| (i, h))
    }

    /// Courses of formulary drugs outside the plan that the record shows
    /// ended, from which a label's window after the last dose runs; and those
    /// it cannot place (no end date, a name not recognised, or no history at
    /// all), which any such window may still cover.
    pub fn ended(&self) -> Vec<Ended> {
        use crate::clinical::patient::HistoryStatus::{EnteredInError, Intended, NotTaken};
        if self.patient.treatment_history.is_none() {
            return vec![Ended::Unplaced {
                index: None,
                drug: None,
                missing: "treatment_history".into(),
            }];
        }
        let plan = self.drugs();
        let mut out = Vec::new();
        for (i, (h, concepts)) in self.patient.history().iter().zip(&self.history).enumerate() {
            if h.is_current() || matches!(h.status, Some(EnteredInError | NotTaken | Intended)) {
                continue;
            }
            let drug = concepts.iter().find_map(|c| c.drug);
            match (drug, h.end_date) {
                (Some(d), _) if plan.contains(&d) => {}
                (Some(drug), Some(end)) => out.push(Ended::On {
                    index: i,
                    drug,
                    end,
                }),
                (Some(drug), None) => out.push(Ended::Unplaced {
                    index: Some(i),
                    drug: Some(drug),
                    missing: format!("treatment_history[{i}].end_date"),
                }),
                (None, _) if concepts.is_empty() => out.push(Ended::Unplaced {
                    index: Some(i),
                    drug: None,
                    missing: format!("treatment_history[{i}].medication"),
                }),
                (None, _) => {}
            }
        }
        out
    }

    /// History entries naming a concept with `role`.
    pub fn history_with(
        &self,
        role: Role,
    ) -> impl Iterator<Item = (usize, &HistoryItem, &'static Concept)> {
        self.patient
            .history()
            .iter()
            .zip(&self.history)
            .enumerate()
            .filter_map(move |(i, (h, concepts))| {
                concepts.iter().find(|c| c.has(role)).map(|c| (i, h, *c))
            })
    }

    pub fn lab(&self, analyte: Analyte) -> Result<Measured, LabGap> {
        self.labs[analyte as usize]
            .get_or_init(|| {
                self.patient.lab(
                    analyte,
                    LabWindow {
                        as_of: self.settings.as_of,
                        max_age_days: i64::from(self.settings.lab_max_age_days),
                    },
                )
            })
            .clone()
    }

    /// Whether the patient is in a regimen's population (age and weight).
    pub fn membership(&self, population: &Population) -> Membership {
        population.membership(self.age(), self.weight())
    }

    /// Whether the record excludes the patient from a population (cheap).
    pub fn excluded_from(&self, population: &Population) -> bool {
        population.admits(self.age(), self.weight()) == Some(false)
    }

    /// Age in years, when recorded.
    pub fn age(&self) -> Option<f64> {
        self.patient.demographics.age.filter(|a| *a >= 0.0)
    }

    /// Weight in kg, when recorded in a known unit.
    pub fn weight(&self) -> Option<f64> {
        self.patient
            .weight_kg()
            .and_then(Result::ok)
            .filter(|w| *w > 0.0)
    }

    pub fn sex(&self) -> Option<Sex> {
        let s = self
            .patient
            .demographics
            .sex
            .as_deref()?
            .trim()
            .to_ascii_lowercase();
        match s.as_str() {
            "female" | "f" | "woman" => Some(Sex::Female),
            "male" | "m" | "man" => Some(Sex::Male),
            _ => None,
        }
    }

    /// The plan item as a fact.
    pub fn item_fact(r: &Resolved) -> Fact {
        let describe = &r.label[r.label.find('(').map_or(0, |i| i + 1)..r.label.len() - 1];
        Fact {
            field: r.path().to_string(),
            value: serde_json::Value::String(describe.to_string()),
        }
    }

    /// The subject line of a per-item verdict.
    pub fn subject(r: &Resolved) -> Option<String> {
        Some(r.label.clone())
    }
}

/// A lab as a fact: the value as recorded, canonical value, and its age.
pub fn lab_fact(m: &Measured) -> Fact {
    let age = match m.age_days {
        Some(d) => format!("{d} days old"),
        None => "undated: age unknown".into(),
    };
    fact(
        m.path.clone(),
        format!("{} ({:.3} {}; {age})", m.recorded, m.value, m.unit),
    )
}
