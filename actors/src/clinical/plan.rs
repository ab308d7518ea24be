//! A treatment plan: items with a dose, unit, frequency and optional route,
//! phase and duration (`docs/data-formats.md`).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::number::{lenient, week_opt};

#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
pub struct TreatmentPlan {
    pub treatment_plan: Vec<PlanItem>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fitness: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
pub struct PlanItem {
    /// Case-insensitive; brand names and abbreviations map to one formulary entry.
    pub medication: String,
    #[serde(deserialize_with = "lenient")]
    pub dosage: f64,
    pub unit: DoseUnit,
    pub frequency: Frequency,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route: Option<Route>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<Phase>,
    /// Days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<f64>,
    /// Week of the plan this item starts in (0 is the first dose of the plan).
    /// Repeating items run from here; `once` items are given this week.
    #[serde(
        default,
        deserialize_with = "week_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub start_week: Option<f64>,
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub enum DoseUnit {
    #[serde(rename = "mg")]
    Mg,
    /// Converted with the patient's weight.
    #[serde(rename = "mg/kg")]
    MgPerKg,
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Route {
    Oral,
    Iv,
    Sc,
    Im,
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Induction,
    Maintenance,
}

/// How often a dose is given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Frequency {
    Once,
    Daily,
    Weekly,
    Every2Weeks,
    Every4Weeks,
    Every8Weeks,
    Every12Weeks,
}

impl Frequency {
    pub const ACCEPTED: &'static str = "once, daily, weekly, every 2 weeks (q2w), every 4 weeks (q4w), every 8 weeks (q8w), every 12 weeks (q12w)";

    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim().to_ascii_lowercase().replace(['-', '_'], " ");
        Some(match t.as_str() {
            "once" | "single dose" | "single" => Frequency::Once,
            "daily" | "once daily" | "qd" | "every day" => Frequency::Daily,
            "weekly" | "once weekly" | "qw" | "every week" => Frequency::Weekly,
            "every 2 weeks" | "q2w" | "every other week" | "eow" => Frequency::Every2Weeks,
            "every 4 weeks" | "q4w" => Frequency::Every4Weeks,
            "every 8 weeks" | "q8w" => Frequency::Every8Weeks,
            "every 12 weeks" | "q12w" => Frequency::Every12Weeks,
            _ => return None,
        })
    }

    /// Days between doses; `None` for a single dose.
    pub fn interval_days(self) -> Option<f64> {
        match self {
            Frequency::Once => None,
            Frequency::Daily => Some(1.0),
            Frequency::Weekly => Some(7.0),
            Frequency::Every2Weeks => Some(14.0),
            Frequency::Every4Weeks => Some(28.0),
            Frequency::Every8Weeks => Some(56.0),
            Frequency::Every12Weeks => Some(84.0),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Frequency::Once => "once",
            Frequency::Daily => "daily",
            Frequency::Weekly => "weekly",
            Frequency::Every2Weeks => "every 2 weeks",
            Frequency::Every4Weeks => "every 4 weeks",
            Frequency::Every8Weeks => "every 8 weeks",
            Frequency::Every12Weeks => "every 12 weeks",
        }
    }
}

impl Serialize for Frequency {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Frequency {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Frequency::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown frequency {text:?}; expected one of: {}",
                Frequency::ACCEPTED
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::decode;
    use serde_json::json;

    #[test]
    fn dosage_may_be_a_numeric_string() {
        let plan: TreatmentPlan = decode(json!({"treatment_plan": [
            {"medication": "Upadacitinib", "dosage": "15", "unit": "mg", "frequency": "daily", "duration": 90}
        ]}))
        .unwrap();
        assert_eq!(plan.treatment_plan[0].dosage, 15.0);
        assert_eq!(plan.treatment_plan[0].frequency, Frequency::Daily);
    }

    #[test]
    fn bad_fields_are_named() {
        let err = decode::<TreatmentPlan>(json!({"treatment_plan": [
            {"medication": "Upadacitinib", "dosage": "fifteen", "unit": "mg", "frequency": "daily"}
        ]}))
        .unwrap_err();
        assert_eq!(err.path, "treatment_plan[0].dosage");
        let err = decode::<TreatmentPlan>(json!({"treatment_plan": [
            {"medication": "Upadacitinib", "dosage": 15, "unit": "mg", "frequency": "hourly"}
        ]}))
        .unwrap_err();
        assert_eq!(err.path, "treatment_plan[0].frequency");
        assert!(err.message.contains("hourly"));
    }
}
