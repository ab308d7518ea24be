//! The design language of an adaptive trial: arms (each the therapy it stands
//! for), an optional common control, a binary endpoint observed some weeks
//! after enrolment, accrual, the maximum sample size, adaptive analyses by
//! patients with outcome, the randomization rule, and the stopping and final
//! decision rules. Decoded from JSON with path-naming errors, then checked as
//! a whole (`Design::check`) so nothing inconsistent reaches the engine.

use serde::{Deserialize, Serialize};

use crate::clinical::vocabulary::formulary_drug;
use crate::InputError;

/// Upper bounds that keep one request bounded in time and memory.
pub const MAX_ARMS: usize = 12;
pub const MAX_PATIENTS: u32 = 100_000;
pub const MAX_ANALYSES: usize = 200;

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Design {
    #[serde(default)]
    pub name: String,
    pub arms: Vec<ArmSpec>,
    pub endpoint: Endpoint,
    /// Patients enrolled per week, evenly spaced (the accrual rate).
    pub accrual_per_week: f64,
    /// Patients randomized at most.
    pub max_patients: u32,
    /// Adaptive analyses, each when this many patients have their outcome
    /// (increasing, below `max_patients`). The final analysis follows when
    /// every randomized patient has one.
    #[serde(default)]
    pub interims: Vec<u32>,
    /// Patients randomized with the start allocation before any adaptation of
    /// the allocation (analyses before it still check the stopping rules).
    #[serde(default)]
    pub burn_in: u32,
    #[serde(default)]
    pub prior: Prior,
    #[serde(default)]
    pub randomization: Randomization,
    #[serde(default)]
    pub stopping: Stopping,
    /// The final analysis's superiority threshold; the stopping rule's when absent.
    #[serde(default)]
    pub final_superiority: Option<f64>,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ArmSpec {
    pub id: String,
    /// What the arm gives: a formulary drug by any name it goes by, or "placebo".
    pub therapy: String,
    /// The common control every other arm is compared with (at most one arm).
    #[serde(default)]
    pub control: bool,
    /// Share of patients before the first adaptation (equal when absent).
    #[serde(default)]
    pub start_allocation: Option<f64>,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Endpoint {
    pub name: String,
    /// Weeks from randomization until the outcome is known (0: at once).
    pub week: f64,
    /// Remission is desirable (true); an event such as relapse is not (false).
    #[serde(default = "yes")]
    pub higher_is_better: bool,
}

fn yes() -> bool {
    true
}

/// Beta(a, b) prior on every arm's rate (Beta(1, 1), uniform, by default).
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Prior {
    pub a: f64,
    pub b: f64,
}

impl Default for Prior {
    fn default() -> Self {
        Self { a: 1.0, b: 1.0 }
    }
}

/// How patients are assigned to the open arms. A plain struct rather than
/// a tagged enum so that decoding errors name the field's path.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Randomization {
    pub rule: Rule,
    /// `thall_wathen`: the exponent c of P(best)^c.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub power: Option<Power>,
    /// `thall_wathen`: every open arm's share is restricted to [min, max].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// `thall_wathen` with a control: the control keeps its start share
    /// (true, the default) or competes like any arm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub control_fixed: Option<bool>,
    /// `minimization`: each factor's level prevalences (simulated patients draw from them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub factors: Vec<Factor>,
    /// `minimization`: the chance of the arm leaving the least imbalance (0.8 by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p: Option<f64>,
}

#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// The start allocation throughout (arms dropped share theirs out).
    #[default]
    Fixed,
    /// Thall & Wathen (Eur J Cancer 2007;43:859): each open arm's share is
    /// proportional to P(best)^c, restricted to [min, max]; a control keeps
    /// its start share unless `control_fixed` is false.
    ThallWathen,
    /// Pocock & Simon minimization (Biometrics 1975;31:103) over simulated
    /// prognostic factors: the arm leaving the least imbalance, with
    /// probability `p`. A trial run step by step allocates its cohorts with
    /// the genetic engine instead, which starts from the same answer.
    Minimization,
}

impl Randomization {
    pub fn power(&self) -> Power {
        self.power.unwrap_or(Power::Fixed(1.0))
    }

    pub fn p(&self) -> f64 {
        self.p.unwrap_or(0.8)
    }

    pub fn control_fixed(&self) -> bool {
        self.control_fixed.unwrap_or(true)
    }
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Factor {
    pub name: String,
    pub prevalence: Vec<f64>,
}

/// The exponent of Thall–Wathen randomization: a number, or `"n/2N"`
/// (patients randomized over twice the maximum), their suggestion, which
/// adapts little early and more as information accrues.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Power {
    Fixed(f64),
    HalfInformation,
}

impl Serialize for Power {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Power::Fixed(c) => s.serialize_f64(*c),
            Power::HalfInformation => s.serialize_str("n/2N"),
        }
    }
}

impl<'de> Deserialize<'de> for Power {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Number(f64),
            Text(String),
        }
        match Raw::deserialize(d)? {
            Raw::Number(c) => Ok(Power::Fixed(c)),
            Raw::Text(t) if t == "n/2N" => Ok(Power::HalfInformation),
            Raw::Text(t) => Err(serde::de::Error::custom(format!(
                "expected a number or \"n/2N\", found {t:?}"
            ))),
        }
    }
}

/// Stopping and arm-dropping rules, each on a posterior probability: P(the
/// arm is the best of the active arms) without a control, P(the arm is better
/// than the control) with one.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Stopping {
    /// Drop an arm (futility) when its probability falls below this.
    #[serde(default)]
    pub futility: Option<f64>,
    /// Stop the trial and declare an arm superior when its probability exceeds this.
    #[serde(default)]
    pub superiority: Option<f64>,
    /// Stop for equivalence (no control: every active arm within
    /// `difference` of each other; with a control: drop an arm within
    /// `difference` of it) with posterior probability above `probability`.
    #[serde(default)]
    pub equivalence: Option<Equivalence>,
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Equivalence {
    pub difference: f64,
    pub probability: f64,
}

impl Design {
    /// Decodes and checks a design; errors name the JSON path.
    pub fn from_json(value: serde_json::Value) -> Result<Self, InputError> {
        let d: Design = crate::error::decode(value)?;
        d.check()?;
        Ok(d)
    }

    pub fn control(&self) -> Option<usize> {
        self.arms.iter().position(|a| a.control)
    }

    /// The start allocation, one share per arm, summing to 1.
    pub fn start_allocation(&self) -> Vec<f64> {
        let given: Vec<Option<f64>> = self.arms.iter().map(|a| a.start_allocation).collect();
        if given.iter().all(Option::is_some) {
            let total: f64 = given.iter().map(|g| g.unwrap_or(0.0)).sum();
            return given.iter().map(|g| g.unwrap_or(0.0) / total).collect();
        }
        vec![1.0 / self.arms.len() as f64; self.arms.len()]
    }

    /// The threshold the final analysis declares superiority with.
    pub fn final_threshold(&self) -> Option<f64> {
        self.final_superiority.or(self.stopping.superiority)
    }

    pub fn check(&self) -> Result<(), InputError> {
        let n = self.arms.len();
        if !(2..=MAX_ARMS).contains(&n) {
            return Err(InputError::new(
                "arms",
                format!("a trial has 2 to {MAX_ARMS} arms, found {n}"),
            ));
        }
        for (i, arm) in self.arms.iter().enumerate() {
            let at = |field: &str| format!("arms[{i}].{field}");
            if arm.id.trim().is_empty() {
                return Err(InputError::new(at("id"), "must not be empty"));
            }
            if self.arms[..i].iter().any(|a| a.id == arm.id) {
                return Err(InputError::new(
                    at("id"),
                    format!("{:?} names two arms", arm.id),
                ));
            }
            if !is_placebo(&arm.therapy) {
                formulary_drug(&arm.therapy).map_err(|e| {
                    InputError::new(at("therapy"), format!("{e} (or write \"placebo\")"))
                })?;
            }
            if let Some(s) = arm.start_allocation {
                if !(s > 0.0 && s.is_finite()) {
                    return Err(InputError::new(at("start_allocation"), "must be above 0"));
                }
            }
        }
        if self.arms.iter().filter(|a| a.control).count() > 1 {
            return Err(InputError::new("arms", "at most one arm is the control"));
        }
        let some_start = self
            .arms
            .iter()
            .filter(|a| a.start_allocation.is_some())
            .count();
        if some_start != 0 && some_start != n {
            return Err(InputError::new(
                "arms",
                "give start_allocation for every arm or for none",
            ));
        }
        if !(self.endpoint.week >= 0.0 && self.endpoint.week <= 520.0) {
            return Err(InputError::new("endpoint.week", "must be 0 to 520 weeks"));
        }
        if !(self.accrual_per_week >= 0.01 && self.accrual_per_week <= 1e6) {
            return Err(InputError::new(
                "accrual_per_week",
                "patients per week, 0.01 to 1,000,000",
            ));
        }
        if !(2..=MAX_PATIENTS).contains(&self.max_patients) {
            return Err(InputError::new(
                "max_patients",
                format!("must be 2 to {MAX_PATIENTS}"),
            ));
        }
        if self.interims.len() > MAX_ANALYSES {
            return Err(InputError::new(
                "interims",
                format!("at most {MAX_ANALYSES} analyses"),
            ));
        }
        for (i, &k) in self.interims.iter().enumerate() {
            if k == 0 || k >= self.max_patients {
                return Err(InputError::new(
                    format!("interims[{i}]"),
                    "must be above 0 and below max_patients (the final analysis comes after the last patient's outcome)",
                ));
            }
            if i > 0 && k <= self.interims[i - 1] {
                return Err(InputError::new(
                    format!("interims[{i}]"),
                    "analyses must be in increasing order",
                ));
            }
        }
        if self.burn_in > self.max_patients {
            return Err(InputError::new("burn_in", "must not exceed max_patients"));
        }
        for (path, v) in [("prior.a", self.prior.a), ("prior.b", self.prior.b)] {
            if !(v > 0.0 && v <= 1e6) {
                return Err(InputError::new(path, "must be above 0"));
            }
        }
        self.check_randomization()?;
        self.check_stopping()
    }

    fn check_randomization(&self) -> Result<(), InputError> {
        let r = &self.randomization;
        let only = |field: &str, set: bool, rule: Rule, name: &str| {
            if set && r.rule != rule {
                Err(InputError::new(
                    format!("randomization.{field}"),
                    format!("only for the {name} rule"),
                ))
            } else {
                Ok(())
            }
        };
        only(
            "power",
            r.power.is_some(),
            Rule::ThallWathen,
            "thall_wathen",
        )?;
        only("min", r.min.is_some(), Rule::ThallWathen, "thall_wathen")?;
        only("max", r.max.is_some(), Rule::ThallWathen, "thall_wathen")?;
        only(
            "control_fixed",
            r.control_fixed.is_some(),
            Rule::ThallWathen,
            "thall_wathen",
        )?;
        only(
            "factors",
            !r.factors.is_empty(),
            Rule::Minimization,
            "minimization",
        )?;
        only("p", r.p.is_some(), Rule::Minimization, "minimization")?;
        if let Some(Power::Fixed(c)) = r.power {
            if !(0.0..=10.0).contains(&c) {
                return Err(InputError::new("randomization.power", "must be 0 to 10"));
            }
        }
        let n = self.arms.len() as f64;
        if let Some(lo) = r.min {
            if !(0.0..=1.0 / n).contains(&lo) {
                return Err(InputError::new(
                    "randomization.min",
                    format!("must be 0 to 1/arms ({:.3})", 1.0 / n),
                ));
            }
        }
        if let Some(hi) = r.max {
            if !(1.0 / n..=1.0).contains(&hi) {
                return Err(InputError::new(
                    "randomization.max",
                    format!("must be 1/arms ({:.3}) to 1", 1.0 / n),
                ));
            }
        }
        if !(0.0..=1.0).contains(&r.p()) {
            return Err(InputError::new("randomization.p", "must be 0 to 1"));
        }
        if r.factors.len() > 20 {
            return Err(InputError::new(
                "randomization.factors",
                "at most 20 factors",
            ));
        }
        for (i, f) in r.factors.iter().enumerate() {
            let total: f64 = f.prevalence.iter().sum();
            if !(2..=10).contains(&f.prevalence.len())
                || f.prevalence.iter().any(|v| v.is_nan() || *v < 0.0)
                || (total - 1.0).abs() > 1e-6
            {
                return Err(InputError::new(
                    format!("randomization.factors[{i}].prevalence"),
                    "2 to 10 non-negative level shares that sum to 1",
                ));
            }
        }
        Ok(())
    }

    fn check_stopping(&self) -> Result<(), InputError> {
        let s = &self.stopping;
        for (path, v) in [
            ("stopping.futility", s.futility),
            ("stopping.superiority", s.superiority),
            ("final_superiority", self.final_superiority),
        ] {
            if let Some(v) = v {
                if !(0.0..=1.0).contains(&v) {
                    return Err(InputError::new(path, "a probability, 0 to 1"));
                }
            }
        }
        if let (Some(f), None) = (s.futility, self.control()) {
            let even = 1.0 / self.arms.len() as f64;
            if f >= even {
                return Err(InputError::new(
                    "stopping.futility",
                    format!("without a control it is a P(best), which is 1/arms ({even:.3}) for equal arms: it must be below that"),
                ));
            }
        }
        if let (Some(f), Some(sup)) = (s.futility, s.superiority) {
            if f >= sup {
                return Err(InputError::new(
                    "stopping.futility",
                    "must be below stopping.superiority",
                ));
            }
        }
        if let Some(e) = s.equivalence {
            if !(e.difference > 0.0 && e.difference < 1.0) {
                return Err(InputError::new(
                    "stopping.equivalence.difference",
                    "a difference in rates, between 0 and 1",
                ));
            }
            if !(0.0..=1.0).contains(&e.probability) {
                return Err(InputError::new(
                    "stopping.equivalence.probability",
                    "a probability, 0 to 1",
                ));
            }
        }
        Ok(())
    }
}

pub fn is_placebo(therapy: &str) -> bool {
    therapy.trim().eq_ignore_ascii_case("placebo")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The four-arm design the bench and integration tests use too.
    pub fn four_arms() -> serde_json::Value {
        serde_json::from_str(include_str!("../../tests/cases/four_arm_design.json")).unwrap()
    }

    fn error(mut v: serde_json::Value, edit: impl FnOnce(&mut serde_json::Value)) -> InputError {
        edit(&mut v);
        Design::from_json(v).expect_err("must be refused")
    }

    #[test]
    fn a_good_design_decodes() {
        let d = Design::from_json(four_arms()).unwrap();
        assert_eq!(d.control(), Some(0));
        assert_eq!(d.start_allocation(), vec![0.25; 4]);
        assert_eq!(d.final_threshold(), Some(0.99));
    }

    #[test]
    fn errors_name_the_path() {
        type Edit = Box<dyn FnOnce(&mut serde_json::Value)>;
        let cases: Vec<(Edit, &str)> = vec![
            (
                Box::new(|v| v["arms"][2]["therapy"] = json!("aspirin")),
                "arms[2].therapy",
            ),
            (
                Box::new(|v| v["arms"][1]["id"] = json!("placebo")),
                "arms[1].id",
            ),
            (Box::new(|v| v["interims"][2] = json!(150)), "interims[2]"),
            (Box::new(|v| v["interims"][3] = json!(500)), "interims[3]"),
            (
                Box::new(|v| v["randomization"]["power"] = json!("n/N")),
                "randomization.power",
            ),
            (
                Box::new(|v| v["randomization"]["min"] = json!(0.5)),
                "randomization.min",
            ),
            (
                Box::new(|v| v["randomization"]["rule"] = json!("urn")),
                "randomization.rule",
            ),
            (
                Box::new(|v| v["randomization"]["p"] = json!(0.7)),
                "randomization.p",
            ),
            (
                Box::new(|v| v["stopping"]["futility"] = json!(0.995)),
                "stopping.futility",
            ),
            (
                Box::new(|v| v["accrual_per_week"] = json!(0)),
                "accrual_per_week",
            ),
            (
                Box::new(|v| v["endpoint"]["week"] = json!("twelve")),
                "endpoint.week",
            ),
            (Box::new(|v| v["arms"][0]["colour"] = json!(1)), "arms[0]"),
            (Box::new(|v| v["arms"][1]["control"] = json!(true)), "arms"),
            (Box::new(|v| v["max_patients"] = json!(1)), "max_patients"),
        ];
        for (edit, path) in cases {
            let e = error(four_arms(), edit);
            assert!(e.path.starts_with(path), "{path}: got {e}");
        }
    }

    #[test]
    fn without_a_control_futility_is_below_an_even_share() {
        let mut v = four_arms();
        v["arms"][0]["control"] = json!(false);
        v["stopping"] = json!({"futility": 0.25});
        assert_eq!(
            Design::from_json(v.clone()).unwrap_err().path,
            "stopping.futility"
        );
        v["stopping"] = json!({"futility": 0.2});
        assert!(Design::from_json(v).is_ok());
    }

    #[test]
    fn a_therapy_by_any_of_its_names_is_one_drug() {
        for name in ["Rinvoq", "upadacitinib", "placebo", "Placebo"] {
            let mut v = four_arms();
            v["arms"][1]["therapy"] = json!(name);
            assert!(Design::from_json(v).is_ok(), "{name}");
        }
    }
}
