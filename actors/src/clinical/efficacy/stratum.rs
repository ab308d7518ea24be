//! The patient's stratum for the efficacy model and the guideline: naive to
//! advanced therapy or exposed to one, how each past course ended, how active
//! the disease is, where it is, and whether it fistulises around the anus.

use serde::Serialize;

use crate::clinical::formulary::{self, Class, Drug};
use crate::clinical::patient::{Outcome, Patient};
use crate::clinical::vocabulary::{self, Role};

/// Naive to advanced therapy, or exposed to at least one (AGA 2025's two lines).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Exposure {
    Naive,
    Exposed,
}

/// Disease activity by CDAI (remission < 150; the trials of moderate-to-severe
/// disease enrol 220-450), or by HBI when the CDAI is absent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Activity {
    Remission,
    Mild,
    ModerateToSevere,
    /// Neither score recorded: read as moderate-to-severe (the population the model's
    /// trials enrolled), and said so.
    Unknown,
}

/// A past course of a drug and how it ended.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Prior {
    /// Index in `treatment_history`.
    pub index: usize,
    pub medication: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub drug: Option<Drug>,
    pub anti_tnf: bool,
    pub advanced: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// Taken now (the record's status is active).
    pub current: bool,
}

impl Prior {
    /// Stopped for lack of effect or intolerance.
    pub fn failed(&self) -> bool {
        matches!(
            self.outcome,
            Some(Outcome::PrimaryNonResponse | Outcome::LossOfResponse | Outcome::Intolerance)
        )
    }

    pub fn path(&self) -> String {
        format!("treatment_history[{}]", self.index)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Stratum {
    pub exposure: Exposure,
    pub activity: Activity,
    /// Disease involving the ileum (budesonide's reach: ileum and/or ascending colon).
    pub ileal: bool,
    pub perianal_fistula: bool,
    pub prior: Vec<Prior>,
}

impl Stratum {
    pub fn of(patient: &Patient) -> Self {
        let prior: Vec<Prior> = patient
            .history()
            .iter()
            .enumerate()
            .filter(|(_, h)| {
                h.status != Some(crate::clinical::patient::HistoryStatus::EnteredInError)
            })
            .map(|(index, h)| {
                let concepts = vocabulary::recognise(&h.medication);
                let has = |role: Role| concepts.iter().any(|c| c.has(role));
                let drug = concepts.iter().find_map(|c| c.drug);
                let anti_tnf = has(Role::AntiTnf);
                let advanced = anti_tnf
                    || has(Role::Biologic)
                    || has(Role::JakInhibitor)
                    || drug.is_some_and(|d| formulary::entry(d).advanced);
                Prior {
                    index,
                    medication: h.medication.clone(),
                    drug,
                    anti_tnf,
                    advanced,
                    outcome: h.outcome(),
                    current: h.is_current(),
                }
            })
            .collect();
        let exposure = if prior.iter().any(|p| p.advanced) {
            Exposure::Exposed
        } else {
            Exposure::Naive
        };
        let clinical = &patient.clinical_data;
        let activity = match (
            clinical.disease_activity.cdai,
            clinical.disease_activity.hbi,
        ) {
            (Some(c), _) if c < 150.0 => Activity::Remission,
            (Some(c), _) if c < 220.0 => Activity::Mild,
            (Some(_), _) => Activity::ModerateToSevere,
            (None, Some(h)) if h < 5.0 => Activity::Remission,
            (None, Some(h)) if h < 8.0 => Activity::Mild,
            (None, Some(_)) => Activity::ModerateToSevere,
            (None, None) => Activity::Unknown,
        };
        let location = clinical
            .crohns_type
            .as_deref()
            .unwrap_or("")
            .to_ascii_lowercase();
        // The budesonide label's reach: the ileum and/or the ascending colon.
        let ileal = location.contains("ile");
        let perianal_fistula = clinical.perianal_fistula.unwrap_or(false)
            || location.contains("perianal")
            || location.contains("fistul");
        Self {
            exposure,
            activity,
            ileal,
            perianal_fistula,
            prior,
        }
    }

    /// How the patient's past courses of `drug` ended, worst first.
    pub fn failures_of(&self, drug: Drug) -> Vec<&Prior> {
        self.prior
            .iter()
            .filter(|p| p.drug == Some(drug) && p.failed())
            .collect()
    }

    /// Whether the patient takes `drug` now (so a plan may continue its maintenance).
    pub fn on(&self, drug: Drug) -> bool {
        self.prior.iter().any(|p| p.drug == Some(drug) && p.current)
    }

    /// A primary non-response to any anti-TNF.
    pub fn anti_tnf_primary_non_response(&self) -> Option<&Prior> {
        self.prior
            .iter()
            .find(|p| p.anti_tnf && p.outcome == Some(Outcome::PrimaryNonResponse))
    }

    pub fn moderate_to_severe(&self) -> bool {
        matches!(
            self.activity,
            Activity::ModerateToSevere | Activity::Unknown
        )
    }

    /// The class of a formulary drug, for the notes.
    pub fn class_of(drug: Drug) -> Class {
        formulary::entry(drug).class
    }
}
