//! Lab values in canonical units. Units are read, never assumed
//! (`spec/data-formats.md`): a lab without a unit, or with one we do not know,
//! cannot be used by a rule, which then says so.

use serde::Serialize;

use super::patient::Patient;
use crate::source::{self, Source};

/// The analytes the rules and the self-healer read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Analyte {
    Neutrophils,
    Lymphocytes,
    Wbc,
    Platelets,
    Hemoglobin,
    Crp,
    Albumin,
}

impl Analyte {
    pub const ALL: [Analyte; 7] = [
        Analyte::Neutrophils,
        Analyte::Lymphocytes,
        Analyte::Wbc,
        Analyte::Platelets,
        Analyte::Hemoglobin,
        Analyte::Crp,
        Analyte::Albumin,
    ];

    /// Recognizes a lab's `test` name.
    pub fn parse(test: &str) -> Option<Self> {
        let t = test.trim().to_ascii_lowercase();
        Some(match t.as_str() {
            "neutrophils" | "anc" | "absolute neutrophil count" | "neutrophil count" => {
                Analyte::Neutrophils
            }
            "lymphocytes" | "alc" | "absolute lymphocyte count" | "lymphocyte count" => {
                Analyte::Lymphocytes
            }
            "wbc" | "white blood cells" | "leukocytes" => Analyte::Wbc,
            "platelets" | "plt" | "platelet count" => Analyte::Platelets,
            "hemoglobin" | "haemoglobin" | "hb" | "hgb" => Analyte::Hemoglobin,
            "crp" | "c-reactive protein" => Analyte::Crp,
            "albumin" | "alb" => Analyte::Albumin,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Analyte::Neutrophils => "neutrophils",
            Analyte::Lymphocytes => "lymphocytes",
            Analyte::Wbc => "WBC",
            Analyte::Platelets => "platelets",
            Analyte::Hemoglobin => "hemoglobin",
            Analyte::Crp => "CRP",
            Analyte::Albumin => "albumin",
        }
    }

    /// The unit values are converted to.
    pub fn canonical_unit(self) -> &'static str {
        match self {
            Analyte::Neutrophils | Analyte::Lymphocytes | Analyte::Wbc | Analyte::Platelets => {
                "10^9/L"
            }
            Analyte::Hemoglobin => "g/dL",
            Analyte::Crp => "mg/L",
            Analyte::Albumin => "g/L",
        }
    }

    /// Factor that takes a value in `unit` to the canonical unit, if `unit` is one for this analyte.
    pub fn factor(self, unit: &str) -> Option<f64> {
        let u = unit
            .trim()
            .replace(['µ', 'μ'], "u")
            .replace(['×', ' '], "")
            .to_ascii_lowercase();
        let u = u.trim_start_matches('x');
        match self {
            Analyte::Neutrophils | Analyte::Lymphocytes | Analyte::Wbc | Analyte::Platelets => {
                match u {
                    "10^9/l" | "10*9/l" | "10e9/l" | "g/l" | "10^3/ul" | "10*3/ul" | "k/ul"
                    | "10^3/mm3" => Some(1.0),
                    "/mm3" | "cells/mm3" | "/ul" | "cells/ul" => Some(0.001),
                    _ => None,
                }
            }
            Analyte::Hemoglobin => match u {
                "g/dl" => Some(1.0),
                "g/l" => Some(0.1),
                "mmol/l" => Some(1.611),
                _ => None,
            },
            Analyte::Crp => match u {
                "mg/l" => Some(1.0),
                "mg/dl" => Some(10.0),
                _ => None,
            },
            Analyte::Albumin => match u {
                "g/l" => Some(1.0),
                "g/dl" => Some(10.0),
                _ => None,
            },
        }
    }
}

/// A lab value converted to its canonical unit, with where it came from.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Measured {
    pub analyte: Analyte,
    /// Value in the canonical unit.
    pub value: f64,
    pub unit: &'static str,
    /// The value and unit as recorded.
    pub recorded: String,
    /// JSON path of the record (`labs[2]`).
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub converted_by: Option<Source>,
}

/// Why a lab could not be read.
#[derive(Clone, Debug, PartialEq)]
pub enum LabGap {
    /// No lab of this analyte in the record: names the field the rule wanted.
    Missing(String),
    /// A lab exists but its unit is absent or not one we know.
    BadUnit { path: String, reason: String },
}

impl LabGap {
    pub fn field(&self) -> String {
        match self {
            LabGap::Missing(f) => f.clone(),
            LabGap::BadUnit { path, .. } => format!("{path}.unit"),
        }
    }

    pub fn describe(&self) -> String {
        match self {
            LabGap::Missing(f) => format!("{f} is missing"),
            LabGap::BadUnit { reason, .. } => reason.clone(),
        }
    }
}

impl Patient {
    /// The most recent lab of `analyte` (by `date`, later entries win ties), in canonical units.
    pub fn lab(&self, analyte: Analyte) -> Result<Measured, LabGap> {
        let latest = self
            .labs
            .iter()
            .enumerate()
            .filter(|(_, l)| Analyte::parse(&l.test) == Some(analyte))
            .max_by(|(i, a), (j, b)| a.date.cmp(&b.date).then(i.cmp(j)));
        let Some((i, lab)) = latest else {
            if analyte == Analyte::Crp {
                if let Some(crp) = self.biomarkers.serum_markers.crp {
                    return self.serum_crp(crp);
                }
            }
            return Err(LabGap::Missing(format!("labs[test={}]", analyte.name())));
        };
        let path = format!("labs[{i}]");
        let Some(unit) = lab.unit.as_deref() else {
            return Err(LabGap::BadUnit {
                reason: format!("{path}.unit is missing: lab units are read, not assumed"),
                path,
            });
        };
        let Some(factor) = analyte.factor(unit) else {
            return Err(LabGap::BadUnit {
                reason: format!("{path}.unit {unit:?} is not a unit for {}", analyte.name()),
                path,
            });
        };
        Ok(Measured {
            analyte,
            value: lab.value * factor,
            unit: analyte.canonical_unit(),
            recorded: format!("{} {unit}", lab.value),
            path,
            converted_by: (factor != 1.0).then_some(source::UNIT_CONVERSIONS),
        })
    }

    // `biomarkers.serum_markers.CRP` is mg/L unless `units.CRP` says otherwise.
    fn serum_crp(&self, crp: f64) -> Result<Measured, LabGap> {
        let path = "biomarkers.serum_markers.CRP".to_string();
        let unit = self
            .units
            .as_ref()
            .and_then(|u| u.crp.as_deref())
            .unwrap_or("mg/L");
        let factor = Analyte::Crp.factor(unit).ok_or_else(|| LabGap::BadUnit {
            reason: format!("units.CRP {unit:?} is not mg/L or mg/dL"),
            path: "units.CRP".into(),
        })?;
        Ok(Measured {
            analyte: Analyte::Crp,
            value: crp * factor,
            unit: "mg/L",
            recorded: format!("{crp} {unit}"),
            path,
            converted_by: (factor != 1.0).then_some(source::UNIT_CONVERSIONS),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clinical::patient::Lab;

    fn with_labs(labs: Vec<(&str, f64, Option<&str>, Option<&str>)>) -> Patient {
        Patient {
            labs: labs
                .into_iter()
                .map(|(t, v, u, d)| Lab {
                    test: t.into(),
                    value: v,
                    unit: u.map(Into::into),
                    date: d.map(Into::into),
                })
                .collect(),
            ..Patient::default()
        }
    }

    #[test]
    fn converts_units() {
        let p = with_labs(vec![
            ("hemoglobin", 75.0, Some("g/L"), None),
            ("CRP", 1.2, Some("mg/dL"), None),
            ("lymphocytes", 450.0, Some("/mm3"), None),
            ("albumin", 3.8, Some("g/dL"), None),
        ]);
        assert!((p.lab(Analyte::Hemoglobin).unwrap().value - 7.5).abs() < 1e-9);
        assert!((p.lab(Analyte::Crp).unwrap().value - 12.0).abs() < 1e-9);
        assert!((p.lab(Analyte::Lymphocytes).unwrap().value - 0.45).abs() < 1e-9);
        assert!((p.lab(Analyte::Albumin).unwrap().value - 38.0).abs() < 1e-9);
    }

    #[test]
    fn units_are_not_assumed() {
        let p = with_labs(vec![
            ("hemoglobin", 7.5, None, None),
            ("CRP", 3.0, Some("furlongs"), None),
        ]);
        assert_eq!(
            p.lab(Analyte::Hemoglobin).unwrap_err().field(),
            "labs[0].unit"
        );
        assert!(p
            .lab(Analyte::Crp)
            .unwrap_err()
            .describe()
            .contains("furlongs"));
        assert_eq!(
            p.lab(Analyte::Neutrophils).unwrap_err(),
            LabGap::Missing("labs[test=neutrophils]".into())
        );
    }

    #[test]
    fn latest_by_date_wins() {
        let p = with_labs(vec![
            ("Hb", 13.0, Some("g/dL"), Some("2026-10-02")),
            ("Hb", 7.0, Some("g/dL"), Some("2026-09-01")),
        ]);
        assert_eq!(p.lab(Analyte::Hemoglobin).unwrap().value, 13.0);
    }
}
