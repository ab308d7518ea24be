//! Clinical data: the patient record, treatment plans, lab units, the
//! formulary and the outcome model. Plain data, no behaviour beyond reading it.

pub mod efficacy;
pub mod formulary;
pub mod labs;
mod number;
pub mod patient;
pub mod plan;
pub mod resolve;
pub mod synthetic;
pub mod trial;

pub use formulary::{Class, Drug};
pub use labs::{Analyte, LabGap, Measured};
pub use patient::{Patient, Phenotype};
pub use plan::{DoseUnit, Frequency, Phase, PlanItem, Route, TreatmentPlan};
pub use trial::TrialProtocol;
