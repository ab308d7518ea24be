//! The label sections every drug is read for: the columns of the label
//! matrix (`docs/label-matrix.md`). Each names the US prescribing
//! information's section(s) and the EU SmPC's, so a cell says where to look.
//! A statement or regimen belongs to one column; "silent" cells name the
//! section that was read and found to say nothing that constrains a plan.

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// Crohn's disease indication, age and weight limits, line of therapy.
    Indication,
    /// Adult regimens: every dose, route, week, interval, maximum, escalation.
    DosageAdult,
    /// Paediatric regimens by age and weight band.
    DosagePediatric,
    /// Dose adjustments for renal function.
    DosageRenal,
    /// Dose adjustments for hepatic function.
    DosageHepatic,
    /// Contraindications not under a topic column (hypersensitivity, ...).
    Contraindications,
    Infections,
    Tuberculosis,
    /// Hepatitis B (and C where the label speaks of it).
    HepatitisB,
    Malignancy,
    /// Heart failure, major adverse cardiovascular events.
    Cardiovascular,
    Thrombosis,
    Hepatotoxicity,
    /// Blood counts: cytopenias, thresholds for starting.
    Hematologic,
    /// Live vaccines: during therapy, windows before the first and after the last dose.
    Vaccines,
    /// Therapeutic infectious agents (intravesical BCG).
    InfectiousAgents,
    Interactions,
    Pregnancy,
    Lactation,
    /// Contraception and its window after the last dose; fertility.
    Reproductive,
    /// Paediatric use: the ages for which safety and effectiveness are established.
    PediatricUse,
    Geriatric,
    Renal,
    Hepatic,
}

impl Section {
    pub const ALL: [Section; 24] = [
        Section::Indication,
        Section::DosageAdult,
        Section::DosagePediatric,
        Section::DosageRenal,
        Section::DosageHepatic,
        Section::Contraindications,
        Section::Infections,
        Section::Tuberculosis,
        Section::HepatitisB,
        Section::Malignancy,
        Section::Cardiovascular,
        Section::Thrombosis,
        Section::Hepatotoxicity,
        Section::Hematologic,
        Section::Vaccines,
        Section::InfectiousAgents,
        Section::Interactions,
        Section::Pregnancy,
        Section::Lactation,
        Section::Reproductive,
        Section::PediatricUse,
        Section::Geriatric,
        Section::Renal,
        Section::Hepatic,
    ];

    /// The column's key (as serialized).
    pub fn key(self) -> &'static str {
        match self {
            Section::Indication => "indication",
            Section::DosageAdult => "dosage_adult",
            Section::DosagePediatric => "dosage_pediatric",
            Section::DosageRenal => "dosage_renal",
            Section::DosageHepatic => "dosage_hepatic",
            Section::Contraindications => "contraindications",
            Section::Infections => "infections",
            Section::Tuberculosis => "tuberculosis",
            Section::HepatitisB => "hepatitis_b",
            Section::Malignancy => "malignancy",
            Section::Cardiovascular => "cardiovascular",
            Section::Thrombosis => "thrombosis",
            Section::Hepatotoxicity => "hepatotoxicity",
            Section::Hematologic => "hematologic",
            Section::Vaccines => "vaccines",
            Section::InfectiousAgents => "infectious_agents",
            Section::Interactions => "interactions",
            Section::Pregnancy => "pregnancy",
            Section::Lactation => "lactation",
            Section::Reproductive => "reproductive",
            Section::PediatricUse => "pediatric_use",
            Section::Geriatric => "geriatric",
            Section::Renal => "renal",
            Section::Hepatic => "hepatic",
        }
    }

    /// Where the US prescribing information says it (PLR format; older labels
    /// name the heading read instead).
    pub fn us(self) -> &'static str {
        match self {
            Section::Indication => "1 Indications and Usage",
            Section::DosageAdult | Section::DosagePediatric => "2 Dosage and Administration",
            Section::DosageRenal | Section::DosageHepatic => "2 Dosage modifications",
            Section::Contraindications => "4 Contraindications",
            Section::Vaccines | Section::InfectiousAgents => "5 Warnings; 7 Drug Interactions",
            Section::Interactions => "7 Drug Interactions",
            Section::Pregnancy => "8.1 Pregnancy",
            Section::Lactation => "8.2 Lactation",
            Section::Reproductive => "8.3 Females and Males of Reproductive Potential",
            Section::PediatricUse => "8.4 Pediatric Use",
            Section::Geriatric => "8.5 Geriatric Use",
            Section::Renal => "8.6 Renal Impairment",
            Section::Hepatic => "8.7 Hepatic Impairment",
            _ => "5 Warnings and Precautions",
        }
    }

    /// Where the EU summary of product characteristics says it.
    pub fn eu(self) -> &'static str {
        match self {
            Section::Indication => "4.1 Therapeutic indications",
            Section::DosageAdult
            | Section::DosagePediatric
            | Section::DosageRenal
            | Section::DosageHepatic
            | Section::PediatricUse
            | Section::Geriatric
            | Section::Renal
            | Section::Hepatic => "4.2 Posology",
            Section::Contraindications => "4.3 Contraindications",
            Section::Interactions => "4.5 Interactions",
            Section::Pregnancy | Section::Lactation | Section::Reproductive => {
                "4.6 Fertility, pregnancy and lactation"
            }
            _ => "4.3 Contraindications; 4.4 Special warnings",
        }
    }
}
