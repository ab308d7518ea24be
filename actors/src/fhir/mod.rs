//! FHIR R4 at the edges: what an EHR sends becomes the patient record the
//! actors read ([`import`]), and a verified plan goes back as FHIR resources
//! ([`export`]). Pure functions over JSON, so every bridge (Python, C, wasm)
//! and hmsd's CDS Hooks service share them.
//!
//! Read: Patient, Condition (Crohn's by SNOMED CT or ICD-10 K50.*, heart
//! failure with NYHA class, TB, hepatitis B/C, pregnancy), Observation (labs by
//! LOINC with UCUM units, weight, height, fecal calprotectin, IGRA, HBsAg,
//! anti-HBc, HCV antibody, hCG, pregnancy status, TPMT/NUDT15/HLA-DQA1
//! results), MedicationStatement and MedicationRequest (RxNorm or the drug's
//! name), ImmunizationRecommendation (CVX; live or not), AllergyIntolerance to
//! a known drug. Everything else is listed in `unmapped` with its path.

pub mod cds;
pub mod codes;
pub mod export;
pub mod import;
pub mod read;
mod uuid;
mod verdict;

pub use export::{export, Export};
pub use import::{import, Imported, Unmapped};

#[cfg(test)]
mod tests;
