//! The patient record as HMS agents send it, plus the clinical context the
//! safety rules read (`docs/data-formats.md`). Unknown fields are ignored;
//! every field is optional so that a missing one can be named by the rule that
//! needs it instead of failing the whole document.

use serde::{Deserialize, Serialize};

use super::date::Date;
use super::number::lenient_opt;

#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(default)]
pub struct Patient {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub patient_id: Option<String>,
    pub demographics: Demographics,
    pub clinical_data: ClinicalData,
    pub biomarkers: Biomarkers,
    /// Past and current courses. Absent is not empty: `[]` records that
    /// there were none (a drug stopped within a label's window, or a past
    /// reaction, cannot be ruled out without it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub treatment_history: Option<Vec<HistoryItem>>,
    /// Absent is not empty: a present list is read as complete.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comorbidities: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extraintestinal_manifestations: Vec<String>,
    /// Units overriding the defaults (weight kg, height cm, CRP mg/L, calprotectin ug/g).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub units: Option<RecordUnits>,
    // Clinical context for the safety rules.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pregnancy: Option<Pregnancy>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub infections: Option<Infections>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub heart_failure: Option<HeartFailure>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hepatic_impairment: Option<HepaticImpairment>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub labs: Vec<Lab>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub concomitant_medications: Option<Vec<Concomitant>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub planned_vaccines: Option<Vec<Vaccine>>,
    /// Vaccines given, with their dates (absent is not empty).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vaccination_history: Option<Vec<Vaccine>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lactation: Option<Lactation>,
    /// Drug allergies and hypersensitivity reactions (absent is not empty:
    /// `[]` records that there are none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allergies: Option<Vec<Allergy>>,
}

/// A substance the patient reacted to.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
pub struct Allergy {
    pub substance: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reaction: Option<String>,
}

/// Whether the patient is breastfeeding (`false` records that she is not).
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(default)]
pub struct Lactation {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub breastfeeding: Option<bool>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(default)]
pub struct Demographics {
    #[serde(
        deserialize_with = "lenient_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub age: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sex: Option<String>,
    #[serde(
        deserialize_with = "lenient_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub weight: Option<f64>,
    #[serde(
        deserialize_with = "lenient_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub height: Option<f64>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(default)]
pub struct ClinicalData {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub crohns_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diagnosis_date: Option<String>,
    pub disease_activity: DiseaseActivity,
    /// Perianal fistulising disease (also read from `crohns_type`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub perianal_fistula: Option<bool>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(default)]
pub struct DiseaseActivity {
    #[serde(
        rename = "CDAI",
        deserialize_with = "lenient_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub cdai: Option<f64>,
    #[serde(
        rename = "HBI",
        deserialize_with = "lenient_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub hbi: Option<f64>,
    #[serde(
        rename = "SES_CD",
        deserialize_with = "lenient_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub ses_cd: Option<f64>,
    #[serde(
        deserialize_with = "lenient_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub fecal_calprotectin: Option<f64>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(default)]
pub struct Biomarkers {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub genetic_markers: Vec<GeneticMarker>,
    pub serum_markers: SerumMarkers,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(default)]
pub struct GeneticMarker {
    pub gene: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zygosity: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phenotype: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(default)]
pub struct SerumMarkers {
    /// mg/L unless `units.CRP` says otherwise.
    #[serde(
        rename = "CRP",
        deserialize_with = "lenient_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub crp: Option<f64>,
    #[serde(
        rename = "ESR",
        deserialize_with = "lenient_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub esr: Option<f64>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(default)]
pub struct HistoryItem {
    pub medication: String,
    /// `response`, `partial`, `primary non-response`, `loss of response`, `intolerance`, ...
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub adverse_events: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_date: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_date: Option<Date>,
    /// Whether the patient is on it now (FHIR MedicationStatement status).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<HistoryStatus>,
}

/// FHIR MedicationStatement.status, with the words records also use.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum HistoryStatus {
    #[serde(alias = "current", alias = "ongoing")]
    Active,
    Completed,
    #[serde(alias = "discontinued")]
    Stopped,
    #[serde(alias = "on_hold")]
    OnHold,
    Intended,
    #[serde(alias = "not_taken")]
    NotTaken,
    #[serde(alias = "entered_in_error")]
    EnteredInError,
    Unknown,
}

/// What a past course of a drug did, read from `response` (lower case, any of the usual words).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Never responded (primary non-response).
    PrimaryNonResponse,
    /// Responded, then lost the response (secondary loss of response).
    LossOfResponse,
    Intolerance,
    Response,
    PartialResponse,
}

impl HistoryItem {
    pub fn outcome(&self) -> Option<Outcome> {
        let r = self
            .response
            .as_deref()?
            .trim()
            .to_ascii_lowercase()
            .replace(['_', '-'], " ");
        Some(match r.as_str() {
            "none"
            | "no response"
            | "non response"
            | "nonresponse"
            | "primary non response"
            | "primary nonresponse"
            | "primary failure"
            | "failure"
            | "failed" => Outcome::PrimaryNonResponse,
            "loss of response"
            | "lost response"
            | "secondary loss of response"
            | "secondary non response"
            | "secondary failure" => Outcome::LossOfResponse,
            "intolerance" | "intolerant" | "adverse event" | "stopped for adverse event" => {
                Outcome::Intolerance
            }
            "response" | "responded" | "remission" | "complete response" | "good" => {
                Outcome::Response
            }
            "partial" | "partial response" => Outcome::PartialResponse,
            _ => return None,
        })
    }

    /// Whether the record says the patient is taking it now.
    pub fn is_current(&self) -> bool {
        self.status == Some(HistoryStatus::Active)
    }
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(default)]
pub struct RecordUnits {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub height: Option<String>,
    #[serde(rename = "CRP", skip_serializing_if = "Option::is_none")]
    pub crp: Option<String>,
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum PregnancyStatus {
    Pregnant,
    Planning,
    NotPregnant,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
pub struct Pregnancy {
    pub status: Option<PregnancyStatus>,
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum TbStatus {
    Active,
    LatentUntreated,
    LatentTreated,
    Negative,
}

/// Hepatitis B or C status: `active` (also a chronic carrier), `negative`, `resolved`.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum HepatitisStatus {
    #[serde(alias = "chronic", alias = "carrier")]
    Active,
    Negative,
    Resolved,
}

pub type HbvStatus = HepatitisStatus;

#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(default)]
pub struct Infections {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tb: Option<TbStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hbv: Option<HepatitisStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hcv: Option<HepatitisStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub serious_active_infection: Option<bool>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(default)]
pub struct HeartFailure {
    /// `false` records that the patient has no heart failure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub present: Option<bool>,
    /// NYHA functional class 1-4 (0 is read as no heart failure).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nyha_class: Option<u8>,
}

impl HeartFailure {
    /// The NYHA class, 0 when the record says there is no heart failure.
    pub fn class(&self) -> Option<u8> {
        match (self.present, self.nyha_class) {
            (_, Some(c)) => Some(c),
            (Some(false), None) => Some(0),
            _ => None,
        }
    }
}

/// Child-Pugh class of hepatic impairment (`none` for no impairment).
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChildPugh {
    #[serde(rename = "none")]
    None,
    A,
    B,
    C,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(default)]
pub struct HepaticImpairment {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub child_pugh: Option<ChildPugh>,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
pub struct Lab {
    pub test: String,
    #[serde(deserialize_with = "super::number::lenient")]
    pub value: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
pub struct Concomitant {
    pub medication: String,
    #[serde(
        default,
        deserialize_with = "lenient_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub dosage: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frequency: Option<String>,
}

/// A vaccine planned or given. A planned vaccine without a date is read as
/// given during therapy; a given one without a date, at an unknown time.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
pub struct Vaccine {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub live: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
}

/// A pharmacogenomic phenotype (CPIC terms).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phenotype {
    Normal,
    Intermediate,
    PossibleIntermediate,
    Poor,
}

impl Patient {
    /// The courses recorded (none when the history is absent).
    pub fn history(&self) -> &[HistoryItem] {
        self.treatment_history.as_deref().unwrap_or_default()
    }

    /// Weight in kg, converting `units.weight` = `lb`. `Err` names an unknown unit.
    pub fn weight_kg(&self) -> Option<Result<f64, String>> {
        let w = self.demographics.weight?;
        let unit = self.units.as_ref().and_then(|u| u.weight.as_deref());
        Some(match unit.map(str::to_ascii_lowercase).as_deref() {
            None | Some("kg") => Ok(w),
            Some("lb") | Some("lbs") => Ok(w * 0.453_592_37),
            Some(other) => Err(format!("units.weight {other:?} is not kg or lb")),
        })
    }

    /// The marker entries for `gene` (case-insensitive; `HLA-DQA1*05` matches `HLA-DQA1`).
    pub fn markers<'a>(
        &'a self,
        gene: &'a str,
    ) -> impl Iterator<Item = (usize, &'a GeneticMarker)> + 'a {
        self.biomarkers
            .genetic_markers
            .iter()
            .enumerate()
            .filter(move |(_, m)| {
                let g = m.gene.to_ascii_uppercase();
                g == gene || g.split('*').next() == Some(gene)
            })
    }

    /// The metabolizer phenotype for TPMT or NUDT15, if the record states one:
    /// as a phenotype, or as a diplotype (`*1/*3A`, in `variant` or the gene
    /// name) read by CPIC's tables.
    pub fn phenotype(&self, gene: &str) -> Option<(usize, Phenotype)> {
        self.markers(gene).find_map(|(i, m)| {
            let Some(stated) = m.phenotype.as_deref() else {
                let diplotype = m.variant.as_deref().unwrap_or(m.gene.as_str());
                return super::pharmacogenomics::phenotype(gene, diplotype).map(|p| (i, p));
            };
            let p = stated.to_ascii_lowercase().replace([' ', '-'], "_");
            let p = match p.as_str() {
                "normal" | "normal_metabolizer" | "extensive" => Phenotype::Normal,
                "intermediate" | "intermediate_metabolizer" => Phenotype::Intermediate,
                "possible_intermediate" | "possible_intermediate_metabolizer" => {
                    Phenotype::PossibleIntermediate
                }
                "poor" | "poor_metabolizer" => Phenotype::Poor,
                _ => return None,
            };
            Some((i, p))
        })
    }

    /// Whether the record shows an HLA-DQA1*05 carrier (`Some(false)` when typed
    /// and absent; `None` when the record names the gene but gives no result).
    pub fn hla_dqa1_05(&self) -> Option<(usize, bool)> {
        self.markers("HLA-DQA1").find_map(|(i, m)| {
            let result = format!(
                "{} {} {}",
                m.gene.split_once('*').map_or("", |(_, allele)| allele),
                m.variant.as_deref().unwrap_or(""),
                m.phenotype.as_deref().unwrap_or("")
            )
            .to_ascii_lowercase();
            if result.trim().is_empty() {
                return None;
            }
            let negative = result.contains("negative")
                || result.contains("absent")
                || result.contains("non-carrier");
            let carrier = (result.contains("*05") || result.starts_with("05")) && !negative;
            Some((i, carrier))
        })
    }
}
