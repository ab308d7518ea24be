//! Whose label a rule comes from. The US prescribing information and the EU
//! summary of product characteristics differ (active tuberculosis is a
//! contraindication in the EU and a "do not initiate" warning in the US;
//! anti-TNF in NYHA III/IV heart failure is contraindicated at any dose in the
//! EU, above 5 mg/kg of infliximab in the US), so every statement says which.

use serde::{Deserialize, Serialize};

/// One label's jurisdiction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Label {
    #[serde(rename = "US")]
    Us,
    #[serde(rename = "EU")]
    Eu,
}

/// The labels a verification applies.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Jurisdiction {
    Us,
    Eu,
    /// Every prohibition of either label applies (the stricter rule, both
    /// sources shown); a dose regimen either label lists is within label.
    #[default]
    Both,
}

impl Jurisdiction {
    pub fn applies(self, label: Label) -> bool {
        matches!(
            (self, label),
            (Jurisdiction::Both, _) | (Jurisdiction::Us, Label::Us) | (Jurisdiction::Eu, Label::Eu)
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Jurisdiction::Us => "us",
            Jurisdiction::Eu => "eu",
            Jurisdiction::Both => "both",
        }
    }
}
