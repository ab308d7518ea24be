//! Plausibility limits for the self-healer. These are *physiological* limits
//! (values a living adult can have, set generously so that only data errors
//! fall outside), deliberately wider than reference intervals: an abnormal
//! lab is a clinical finding, not a data error (clinical-sources.md, "Data
//! quality"). Where a limit is not a hard physical bound it is a round number
//! beyond the most extreme values reported in the clinical literature.

use crate::clinical::Analyte;

/// A numeric field of the patient record checked for range and type.
pub struct Field {
    /// Path inside one record.
    pub path: &'static [&'static str],
    pub unit: &'static str,
    pub min: f64,
    pub max: f64,
    /// Compared across a cohort for outliers.
    pub cohort_outliers: bool,
}

const fn field(
    path: &'static [&'static str],
    unit: &'static str,
    min: f64,
    max: f64,
    cohort_outliers: bool,
) -> Field {
    Field {
        path,
        unit,
        min,
        max,
        cohort_outliers,
    }
}

pub const FIELDS: &[Field] = &[
    field(&["demographics", "age"], "years", 0.0, 120.0, true),
    // Weight in kg after `units.weight`; height in cm.
    field(&["demographics", "weight"], "kg", 2.0, 350.0, true),
    field(&["demographics", "height"], "cm", 40.0, 250.0, true),
    // Score ranges: CDAI 0-600 (clinical-sources.md); SES-CD 0-56 by construction; HBI has no
    // fixed maximum, 60 is far above any reported value.
    field(
        &["clinical_data", "disease_activity", "CDAI"],
        "points",
        0.0,
        600.0,
        true,
    ),
    field(
        &["clinical_data", "disease_activity", "HBI"],
        "points",
        0.0,
        60.0,
        false,
    ),
    field(
        &["clinical_data", "disease_activity", "SES_CD"],
        "points",
        0.0,
        56.0,
        false,
    ),
    field(
        &["clinical_data", "disease_activity", "fecal_calprotectin"],
        "ug/g",
        0.0,
        20_000.0,
        true,
    ),
    field(
        &["biomarkers", "serum_markers", "CRP"],
        "mg/L",
        0.0,
        600.0,
        true,
    ),
    field(
        &["biomarkers", "serum_markers", "ESR"],
        "mm/h",
        0.0,
        150.0,
        false,
    ),
];

/// Physiological limits of lab values in canonical units.
pub fn lab_limits(a: Analyte) -> (f64, f64) {
    match a {
        Analyte::Hemoglobin => (2.0, 25.0),             // g/dL
        Analyte::Albumin => (5.0, 70.0),                // g/L
        Analyte::Crp => (0.0, 600.0),                   // mg/L
        Analyte::Wbc => (0.1, 500.0),                   // 10^9/L (leukaemic extremes included)
        Analyte::Platelets => (1.0, 3000.0),            // 10^9/L
        Analyte::Neutrophils => (0.0, 200.0),           // 10^9/L
        Analyte::Lymphocytes => (0.0, 500.0),           // 10^9/L
        Analyte::Egfr => (0.0, 250.0),                  // mL/min/1.73m2
        Analyte::Alt | Analyte::Ast => (0.0, 30_000.0), // U/L (acute liver failure reaches the thousands)
        Analyte::Bilirubin => (0.0, 80.0),              // mg/dL
    }
}

/// Units a lab of this analyte may be recorded in (for suggesting a confusion).
pub fn known_units(a: Analyte) -> &'static [&'static str] {
    match a {
        Analyte::Hemoglobin => &["g/dL", "g/L", "mmol/L"],
        Analyte::Albumin => &["g/L", "g/dL"],
        Analyte::Crp => &["mg/L", "mg/dL"],
        Analyte::Egfr => &["mL/min/1.73m2"],
        Analyte::Alt | Analyte::Ast => &["U/L", "ukat/L"],
        Analyte::Bilirubin => &["mg/dL", "umol/L"],
        _ => &["10^9/L", "/mm3"],
    }
}
