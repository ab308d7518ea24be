//! What a rule looks at: the plan resolved against the formulary, and the patient.

use crate::clinical::formulary::{Class, Drug};
use crate::clinical::resolve::{resolve, Resolved, Unlisted};
use crate::clinical::{Patient, TreatmentPlan};

use super::verdict::{fact, Fact};

pub struct Case<'a> {
    pub plan: &'a TreatmentPlan,
    pub patient: &'a Patient,
    pub items: Vec<Resolved<'a>>,
    pub unlisted: Unlisted,
}

impl<'a> Case<'a> {
    pub fn new(plan: &'a TreatmentPlan, patient: &'a Patient) -> Self {
        let (items, unlisted) = resolve(plan, patient);
        Self {
            plan,
            patient,
            items,
            unlisted,
        }
    }

    pub fn of_class(&self, class: Class) -> impl Iterator<Item = &Resolved<'a>> {
        self.items.iter().filter(move |r| r.entry.class == class)
    }

    pub fn of_drug(&self, drug: Drug) -> impl Iterator<Item = &Resolved<'a>> {
        self.items.iter().filter(move |r| r.entry.drug == drug)
    }

    pub fn has_class(&self, class: Class) -> bool {
        self.of_class(class).next().is_some()
    }

    /// The plan item as a fact.
    pub fn item_fact(r: &Resolved) -> Fact {
        fact(r.path(), r.describe())
    }
}
