//! The patient record as HMS agents send it, plus the clinical context the
//! safety rules read (`spec/data-formats.md`). Unknown fields are ignored;
//! every field is optional so that a missing one can be named by the rule that
//! needs it instead of failing the whole document.

use serde::{Deserialize, Serialize};

use super::number::lenient_opt;

#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(default)]
pub struct Patient {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub patient_id: Option<String>,
    pub demographics: Demographics,
    pub clinical_data: ClinicalData,
    pub biomarkers: Biomarkers,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub treatment_history: Vec<HistoryItem>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub comorbidities: Vec<String>,
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
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub labs: Vec<Lab>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub concomitant_medications: Option<Vec<Concomitant>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub planned_vaccines: Option<Vec<Vaccine>>,
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub adverse_events: Vec<String>,
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

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum HbvStatus {
    Active,
    Negative,
    Resolved,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(default)]
pub struct Infections {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tb: Option<TbStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hbv: Option<HbvStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub serious_active_infection: Option<bool>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(default)]
pub struct HeartFailure {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nyha_class: Option<u8>,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
pub struct Lab {
    pub test: String,
    #[serde(deserialize_with = "super::number::lenient")]
    pub value: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
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

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
pub struct Vaccine {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub live: Option<bool>,
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

    /// The metabolizer phenotype for TPMT or NUDT15, if the record states one.
    pub fn phenotype(&self, gene: &str) -> Option<(usize, Phenotype)> {
        self.markers(gene).find_map(|(i, m)| {
            let p = m
                .phenotype
                .as_deref()?
                .to_ascii_lowercase()
                .replace([' ', '-'], "_");
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

    /// Whether the record shows an HLA-DQA1*05 carrier (`Some(false)` when typed and absent).
    pub fn hla_dqa1_05(&self) -> Option<(usize, bool)> {
        self.markers("HLA-DQA1").next().map(|(i, m)| {
            let text = format!(
                "{} {} {}",
                m.gene,
                m.variant.as_deref().unwrap_or(""),
                m.phenotype.as_deref().unwrap_or("")
            )
            .to_ascii_lowercase();
            let negative = text.contains("negative")
                || text.contains("absent")
                || text.contains("non-carrier");
            (i, text.contains("*05") && !negative)
        })
    }

    /// Whether the patient takes `medication` concomitantly (`None` when the list is absent).
    pub fn takes(&self, medication: &str) -> Option<Option<usize>> {
        self.concomitant_medications.as_ref().map(|meds| {
            meds.iter()
                .position(|m| m.medication.eq_ignore_ascii_case(medication))
        })
    }
}
