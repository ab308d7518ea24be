//! Lab values in canonical units, with their age. Units are read, never
//! assumed: a lab without a unit, or with one we do not know, cannot be used by
//! a rule, which then says so. A dated lab older than the age limit counts as
//! missing; an undated one is used and flagged as of unknown age.

use serde::Serialize;

use super::date::Date;
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
    /// Estimated glomerular filtration rate.
    Egfr,
    Alt,
    Ast,
    /// Total bilirubin.
    Bilirubin,
}

impl Analyte {
    pub const ALL: [Analyte; 11] = [
        Analyte::Neutrophils,
        Analyte::Lymphocytes,
        Analyte::Wbc,
        Analyte::Platelets,
        Analyte::Hemoglobin,
        Analyte::Crp,
        Analyte::Albumin,
        Analyte::Egfr,
        Analyte::Alt,
        Analyte::Ast,
        Analyte::Bilirubin,
    ];

    /// Recognizes a lab's `test` name.
    pub fn parse(test: &str) -> Option<Self> {
        // Lower-cased on the stack: no name is longer than the buffer.
        let test = test.trim();
        let mut buf = [0u8; 64];
        let t = buf.get_mut(..test.len())?;
        t.copy_from_slice(test.as_bytes());
        t.make_ascii_lowercase();
        Some(match std::str::from_utf8(t).ok()? {
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
            "egfr" | "gfr" | "estimated gfr" | "estimated glomerular filtration rate" => {
                Analyte::Egfr
            }
            "alt" | "alanine aminotransferase" | "sgpt" | "alat" => Analyte::Alt,
            "ast" | "aspartate aminotransferase" | "sgot" | "asat" => Analyte::Ast,
            "bilirubin" | "total bilirubin" | "tbil" | "bilirubin total" => Analyte::Bilirubin,
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
            Analyte::Egfr => "eGFR",
            Analyte::Alt => "ALT",
            Analyte::Ast => "AST",
            Analyte::Bilirubin => "bilirubin",
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
            Analyte::Egfr => "mL/min/1.73m2",
            Analyte::Alt | Analyte::Ast => "U/L",
            Analyte::Bilirubin => "mg/dL",
        }
    }

    /// Factor that takes a value in `unit` to the canonical unit, if `unit` is one for this analyte.
    pub fn factor(self, unit: &str) -> Option<f64> {
        let u = normalise_unit(unit);
        let u = u.as_str();
        match self {
            Analyte::Neutrophils | Analyte::Lymphocytes | Analyte::Wbc | Analyte::Platelets => {
                match u {
                    // 10^9 cells per litre = 10^3 per microlitre = per nanolitre.
                    "10^9/l" | "g/l" | "giga/l" | "10^3/ul" | "k/ul" | "thou/ul" | "th/ul"
                    | "thousand/ul" | "10^3/mm3" | "k/mm3" | "/nl" | "cells/nl"
                    | "10^3cells/ul" => Some(1.0),
                    "/mm3" | "cells/mm3" | "/ul" | "cells/ul" | "10^6/l" => Some(0.001),
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
            Analyte::Egfr => match u {
                "ml/min/1.73m2" | "ml/min/1.73m^2" | "ml/min/1.73m²" | "ml/min" => Some(1.0),
                _ => None,
            },
            Analyte::Alt | Analyte::Ast => match u {
                "u/l" | "iu/l" => Some(1.0),
                "ukat/l" => Some(60.0),
                _ => None,
            },
            Analyte::Bilirubin => match u {
                "mg/dl" => Some(1.0),
                "umol/l" => Some(1.0 / 17.1),
                _ => None,
            },
        }
    }
}

/// A unit as labs print it, in one spelling: lower case, no spaces, `µ` as
/// `u`, any `x`/`×` before a power dropped, powers written `10^n` whether
/// printed `10³`, `10e3`, `10E3` or `10*3` (UCUM).
pub fn normalise_unit(unit: &str) -> String {
    // One pass (this runs for every lab a rule reads).
    let mut u = String::with_capacity(unit.len() + 2);
    for c in unit.trim().chars() {
        match c {
            'µ' | 'μ' => u.push('u'),
            '×' | ' ' => {}
            '³' => u.push_str("^3"),
            '⁶' => u.push_str("^6"),
            '⁹' => u.push_str("^9"),
            '²' => u.push('2'),
            c => u.push(c.to_ascii_lowercase()),
        }
    }
    if u.contains("10*") || u.contains("10e") {
        for (from, to) in [("10*", "10^"), ("10e", "10^"), ("10**", "10^")] {
            u = u.replace(from, to);
        }
    }
    let skip = u.len() - u.trim_start_matches('x').trim_start_matches('*').len();
    u.drain(..skip);
    u
}

/// Whether a unit is a percentage (a differential count, of the white cells).
fn is_percent(unit: &str) -> bool {
    matches!(
        normalise_unit(unit).as_str(),
        "%" | "percent" | "%ofwbc" | "%wbc"
    )
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// Days between the lab and the reference date; `None` when undated.
    pub age_days: Option<i64>,
}

/// Why a lab could not be read.
#[derive(Clone, Debug, PartialEq)]
pub enum LabGap {
    /// No lab of this analyte in the record: names the field the rule wanted.
    Missing(String),
    /// A lab exists but its unit is absent or not one we know.
    BadUnit { path: String, reason: String },
    /// The only labs are older than the age limit (or dated after the reference date).
    Stale { path: String, reason: String },
}

impl LabGap {
    pub fn field(&self) -> String {
        match self {
            LabGap::Missing(f) => f.clone(),
            LabGap::BadUnit { path, .. } => format!("{path}.unit"),
            LabGap::Stale { path, .. } => format!("{path}.date"),
        }
    }

    pub fn describe(&self) -> String {
        match self {
            LabGap::Missing(f) => format!("{f} is missing"),
            LabGap::BadUnit { reason, .. } | LabGap::Stale { reason, .. } => reason.clone(),
        }
    }
}

/// When a lab counts: its age at `as_of`, at most `max_age_days` old.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LabWindow {
    pub as_of: Date,
    pub max_age_days: i64,
}

impl Patient {
    /// The most recent lab of `analyte` that counts at `window`, in canonical
    /// units: the latest dated lab within the age limit, else an undated one
    /// (flagged by `age_days: None`); a lab dated after `as_of` is not yet
    /// taken. Later entries win ties.
    pub fn lab(&self, analyte: Analyte, window: LabWindow) -> Result<Measured, LabGap> {
        let mut dated: Option<(usize, Date)> = None;
        let mut undated: Option<usize> = None;
        let mut stale: Option<(usize, String)> = None;
        for (i, lab) in self.labs.iter().enumerate() {
            if Analyte::parse(&lab.test) != Some(analyte) {
                continue;
            }
            match lab.date {
                None => undated = Some(i),
                Some(d) => {
                    let age = d.days_until(window.as_of);
                    if age < 0 {
                        stale.get_or_insert((
                            i,
                            format!(
                                "labs[{i}] is dated {d}, after the reference date {}",
                                window.as_of
                            ),
                        ));
                    } else if age > window.max_age_days {
                        let newer = stale
                            .as_ref()
                            .is_none_or(|(j, _)| self.labs[*j].date < Some(d));
                        if newer {
                            stale = Some((i, format!("labs[{i}] is {age} days old on {} (limit {} days): it counts as missing", window.as_of, window.max_age_days)));
                        }
                    } else if dated.is_none_or(|(_, best)| d >= best) {
                        dated = Some((i, d));
                    }
                }
            }
        }
        let chosen = dated.map(|(i, _)| i).or(undated);
        let Some(i) = chosen else {
            if analyte == Analyte::Crp {
                if let Some(crp) = self.biomarkers.serum_markers.crp {
                    return self.serum_crp(crp);
                }
            }
            if let Some((i, reason)) = stale {
                return Err(LabGap::Stale {
                    path: format!("labs[{i}]"),
                    reason,
                });
            }
            return Err(LabGap::Missing(format!("labs[test={}]", analyte.name())));
        };
        let lab = &self.labs[i];
        let path = format!("labs[{i}]");
        let Some(unit) = lab.unit.as_deref() else {
            return Err(LabGap::BadUnit {
                reason: format!("{path}.unit is missing: lab units are read, not assumed"),
                path,
            });
        };
        if is_percent(unit) && matches!(analyte, Analyte::Neutrophils | Analyte::Lymphocytes) {
            return self.differential_count(analyte, i, window);
        }
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
            date: lab.date,
            age_days: lab.date.map(|d| d.days_until(window.as_of)),
        })
    }

    /// A neutrophil or lymphocyte count given as a percentage of the white
    /// cells: the absolute count is the share of the white count of the same
    /// day (or, undated, an undated white count); without one it is unknown.
    fn differential_count(
        &self,
        analyte: Analyte,
        i: usize,
        window: LabWindow,
    ) -> Result<Measured, LabGap> {
        let lab = &self.labs[i];
        let path = format!("labs[{i}]");
        let wbc = self.lab(Analyte::Wbc, window).ok().filter(|w| {
            let j: usize = w
                .path
                .trim_start_matches("labs[")
                .trim_end_matches(']')
                .parse()
                .unwrap_or(usize::MAX);
            self.labs.get(j).is_some_and(|l| l.date == lab.date)
        });
        let Some(wbc) = wbc else {
            return Err(LabGap::BadUnit {
                reason: format!(
                    "{path} gives {} as a percentage of the white cells: a white cell count of the same date is needed for the absolute count",
                    analyte.name()
                ),
                path,
            });
        };
        let value = lab.value / 100.0 * wbc.value;
        Ok(Measured {
            analyte,
            value,
            unit: analyte.canonical_unit(),
            recorded: format!("{}% of WBC {} ({})", lab.value, wbc.recorded, wbc.path),
            path,
            converted_by: Some(source::UNIT_CONVERSIONS),
            date: lab.date,
            age_days: lab.date.map(|d| d.days_until(window.as_of)),
        })
    }

    // `biomarkers.serum_markers.CRP` is mg/L unless `units.CRP` says otherwise; it has no date.
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
            date: None,
            age_days: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clinical::patient::Lab;

    const NOW: &str = "2026-11-26";

    fn window() -> LabWindow {
        LabWindow {
            as_of: Date::parse(NOW).unwrap(),
            max_age_days: 90,
        }
    }

    fn with_labs(labs: Vec<(&str, f64, Option<&str>, Option<&str>)>) -> Patient {
        Patient {
            labs: labs
                .into_iter()
                .map(|(t, v, u, d)| Lab {
                    test: t.into(),
                    value: v,
                    unit: u.map(Into::into),
                    date: d.map(|d| Date::parse(d).unwrap()),
                })
                .collect(),
            ..Patient::default()
        }
    }

    impl Patient {
        fn lab_now(&self, a: Analyte) -> Result<Measured, LabGap> {
            self.lab(a, window())
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
        assert!((p.lab_now(Analyte::Hemoglobin).unwrap().value - 7.5).abs() < 1e-9);
        assert!((p.lab_now(Analyte::Crp).unwrap().value - 12.0).abs() < 1e-9);
        assert!((p.lab_now(Analyte::Lymphocytes).unwrap().value - 0.45).abs() < 1e-9);
        assert!((p.lab_now(Analyte::Albumin).unwrap().value - 38.0).abs() < 1e-9);
    }

    #[test]
    fn counts_in_every_convention_labs_print() {
        for unit in [
            "10^3/uL",
            "x10³/µL",
            "K/uL",
            "10*3/uL",
            "10E3/uL",
            "x 10^9/L",
            "G/L",
            "/nL",
            "thou/uL",
        ] {
            let p = with_labs(vec![("neutrophils", 2.5, Some(unit), None)]);
            assert!(
                (p.lab_now(Analyte::Neutrophils).unwrap().value - 2.5).abs() < 1e-9,
                "{unit}"
            );
        }
        for unit in ["cells/uL", "/mm3", "cells/µL"] {
            let p = with_labs(vec![("lymphocytes", 450.0, Some(unit), None)]);
            assert!(
                (p.lab_now(Analyte::Lymphocytes).unwrap().value - 0.45).abs() < 1e-9,
                "{unit}"
            );
        }
        // A differential: 8% of 5.0 x10^9/L white cells is 0.4 x10^9/L lymphocytes.
        let p = with_labs(vec![
            ("WBC", 5.0, Some("10^9/L"), Some("2026-11-20")),
            ("lymphocytes", 8.0, Some("%"), Some("2026-11-20")),
        ]);
        let m = p.lab_now(Analyte::Lymphocytes).unwrap();
        assert!((m.value - 0.4).abs() < 1e-9, "{m:?}");
        // Without a white count of the same day the absolute count is unknown.
        let alone = with_labs(vec![
            ("WBC", 5.0, Some("10^9/L"), Some("2026-10-01")),
            ("lymphocytes", 8.0, Some("%"), Some("2026-11-20")),
        ]);
        assert_eq!(
            alone.lab_now(Analyte::Lymphocytes).unwrap_err().field(),
            "labs[1].unit"
        );
        // Hemoglobin in g/L and mmol/L.
        let g_l = with_labs(vec![("Hb", 128.0, Some("g/L"), None)]);
        assert!((g_l.lab_now(Analyte::Hemoglobin).unwrap().value - 12.8).abs() < 1e-9);
        let mmol = with_labs(vec![("Hb", 5.0, Some("mmol/L"), None)]);
        assert!((mmol.lab_now(Analyte::Hemoglobin).unwrap().value - 8.055).abs() < 1e-6);
    }

    #[test]
    fn units_are_not_assumed() {
        let p = with_labs(vec![
            ("hemoglobin", 7.5, None, None),
            ("CRP", 3.0, Some("furlongs"), None),
        ]);
        assert_eq!(
            p.lab_now(Analyte::Hemoglobin).unwrap_err().field(),
            "labs[0].unit"
        );
        assert!(p
            .lab_now(Analyte::Crp)
            .unwrap_err()
            .describe()
            .contains("furlongs"));
        assert_eq!(
            p.lab_now(Analyte::Neutrophils).unwrap_err(),
            LabGap::Missing("labs[test=neutrophils]".into())
        );
    }

    #[test]
    fn latest_by_date_wins() {
        let p = with_labs(vec![
            ("Hb", 13.0, Some("g/dL"), Some("2026-10-02")),
            ("Hb", 7.0, Some("g/dL"), Some("2026-09-01")),
        ]);
        let hb = p.lab_now(Analyte::Hemoglobin).unwrap();
        assert_eq!((hb.value, hb.age_days), (13.0, Some(55)));
    }

    #[test]
    fn old_labs_count_as_missing_and_undated_ones_are_flagged() {
        let stale = with_labs(vec![("ANC", 3.0, Some("10^9/L"), Some("2026-01-10"))]);
        let gap = stale.lab_now(Analyte::Neutrophils).unwrap_err();
        assert_eq!(gap.field(), "labs[0].date");
        assert!(
            gap.describe().contains("320 days old"),
            "{}",
            gap.describe()
        );
        let undated = with_labs(vec![
            ("ANC", 0.5, Some("10^9/L"), Some("2026-01-10")),
            ("ANC", 3.0, Some("10^9/L"), None),
        ]);
        let m = undated.lab_now(Analyte::Neutrophils).unwrap();
        assert_eq!((m.path.as_str(), m.age_days), ("labs[1]", None));
        let future = with_labs(vec![("ANC", 3.0, Some("10^9/L"), Some("2027-01-01"))]);
        assert!(future
            .lab_now(Analyte::Neutrophils)
            .unwrap_err()
            .describe()
            .contains("after the reference date"));
        let egfr = with_labs(vec![("eGFR", 25.0, Some("mL/min/1.73m2"), Some(NOW))]);
        assert_eq!(egfr.lab_now(Analyte::Egfr).unwrap().age_days, Some(0));
    }
}
