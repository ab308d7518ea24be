//! Clinical data: the patient record, treatment plans, lab units and ages, the
//! medication vocabulary, the formulary with its label regimens, live vaccines
//! and the outcome model. Plain data, no behaviour beyond reading it.

pub mod date;
pub mod efficacy;
pub mod formulary;
pub mod guideline;
pub mod jurisdiction;
pub mod labs;
mod number;
pub mod patient;
pub mod pharmacogenomics;
pub mod plan;
pub mod resolve;
pub mod risks;
pub mod synthetic;
pub mod trial;
pub mod vaccines;
pub mod vocabulary;

pub use date::Date;
pub use formulary::{Class, Drug};
pub use jurisdiction::Jurisdiction;
pub use labs::{Analyte, LabGap, LabWindow, Measured};
pub use patient::{Patient, Phenotype};
pub use plan::{DoseUnit, Frequency, Phase, PlanItem, Route, TreatmentPlan};
pub use trial::TrialProtocol;
