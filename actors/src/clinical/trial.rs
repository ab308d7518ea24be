//! A trial protocol as the trial framework sends it (`docs/data-formats.md`).

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(default)]
pub struct TrialProtocol {
    pub trial_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phase: Option<u8>,
    pub arms: Vec<Arm>,
    #[serde(rename = "adaptiveRules", skip_serializing_if = "Vec::is_empty")]
    pub adaptive_rules: Vec<AdaptiveRule>,
    #[serde(rename = "primaryEndpoints", skip_serializing_if = "Vec::is_empty")]
    pub primary_endpoints: Vec<serde_json::Value>,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
pub struct Arm {
    #[serde(rename = "armId")]
    pub arm_id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub treatment: Option<serde_json::Value>,
    #[serde(
        rename = "biomarkerStratification",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub biomarker_stratification: Vec<Stratification>,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
pub struct Stratification {
    pub biomarker: String,
    #[serde(default)]
    pub criteria: String,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
pub struct AdaptiveRule {
    #[serde(rename = "triggerCondition")]
    pub trigger_condition: String,
    pub action: String,
    #[serde(default)]
    pub parameters: serde_json::Value,
}
