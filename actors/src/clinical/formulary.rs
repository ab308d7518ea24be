//! The formulary: every drug the rules and the optimizer know, its class, and
//! its label regimens with their sources (`spec/clinical-sources.md`, "Label doses").

use serde::Serialize;

use super::plan::{DoseUnit, Frequency, Phase, Route};
use crate::source::{self, Source};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Drug {
    Infliximab,
    Adalimumab,
    Ustekinumab,
    Vedolizumab,
    Risankizumab,
    Upadacitinib,
    Azathioprine,
    Mercaptopurine,
    Methotrexate,
    Budesonide,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    AntiTnf,
    AntiIl12_23,
    AntiIntegrin,
    AntiIl23,
    JakInhibitor,
    Thiopurine,
    Antimetabolite,
    Corticosteroid,
}

/// One label regimen: doses from `min` to `max` (inclusive) in `unit`, at one
/// of `frequencies`. Weight bands, when present, replace min/max: the dose must
/// be the band's dose for the patient's weight.
#[derive(Clone, Copy, Debug)]
pub struct Regimen {
    pub phase: Phase,
    pub route: Route,
    pub unit: DoseUnit,
    pub min: f64,
    pub max: f64,
    pub frequencies: &'static [Frequency],
    /// Upper weight limit (kg, inclusive) and dose (mg) per band.
    pub weight_bands: &'static [(f64, f64)],
    /// Longest label course in days (upadacitinib 45 mg: 12 weeks).
    pub max_days: Option<f64>,
    pub label: &'static str,
}

#[derive(Clone, Copy, Debug)]
pub struct Entry {
    pub drug: Drug,
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub class: Class,
    /// A biologic or small-molecule advanced therapy (at most one at a time).
    pub advanced: bool,
    pub regimens: &'static [Regimen],
    pub source: Source,
}

use Frequency::*;

const fn reg(
    phase: Phase,
    route: Route,
    unit: DoseUnit,
    min: f64,
    max: f64,
    frequencies: &'static [Frequency],
    label: &'static str,
) -> Regimen {
    Regimen {
        phase,
        route,
        unit,
        min,
        max,
        frequencies,
        weight_bands: &[],
        max_days: None,
        label,
    }
}

const IND: Phase = Phase::Induction;
const MAINT: Phase = Phase::Maintenance;
const MG: DoseUnit = DoseUnit::Mg;
const MGKG: DoseUnit = DoseUnit::MgPerKg;

pub static FORMULARY: &[Entry] = &[
    Entry {
        drug: Drug::Infliximab,
        name: "Infliximab",
        aliases: &["ifx", "remicade", "inflectra", "renflexis"],
        class: Class::AntiTnf,
        advanced: true,
        regimens: &[
            reg(
                IND,
                Route::Iv,
                MGKG,
                5.0,
                5.0,
                &[Once, Every2Weeks, Every4Weeks],
                "5 mg/kg IV at weeks 0, 2, 6",
            ),
            reg(
                MAINT,
                Route::Iv,
                MGKG,
                5.0,
                10.0,
                &[Every8Weeks],
                "5 mg/kg IV every 8 weeks; up to 10 mg/kg on loss of response",
            ),
        ],
        source: source::LABEL_INFLIXIMAB,
    },
    Entry {
        drug: Drug::Adalimumab,
        name: "Adalimumab",
        aliases: &["ada", "humira"],
        class: Class::AntiTnf,
        advanced: true,
        regimens: &[
            reg(
                IND,
                Route::Sc,
                MG,
                80.0,
                160.0,
                &[Once, Every2Weeks],
                "160 mg, then 80 mg two weeks later",
            ),
            reg(
                MAINT,
                Route::Sc,
                MG,
                40.0,
                40.0,
                &[Every2Weeks],
                "40 mg every other week",
            ),
        ],
        source: source::LABEL_ADALIMUMAB,
    },
    Entry {
        drug: Drug::Ustekinumab,
        name: "Ustekinumab",
        aliases: &["ust", "stelara"],
        class: Class::AntiIl12_23,
        advanced: true,
        regimens: &[
            Regimen {
                weight_bands: &[(55.0, 260.0), (85.0, 390.0), (f64::INFINITY, 520.0)],
                ..reg(
                    IND,
                    Route::Iv,
                    MG,
                    260.0,
                    520.0,
                    &[Once],
                    "one IV dose: <=55 kg 260 mg; >55-85 kg 390 mg; >85 kg 520 mg",
                )
            },
            reg(
                MAINT,
                Route::Sc,
                MG,
                90.0,
                90.0,
                &[Every8Weeks],
                "90 mg SC every 8 weeks",
            ),
        ],
        source: source::LABEL_USTEKINUMAB,
    },
    Entry {
        drug: Drug::Vedolizumab,
        name: "Vedolizumab",
        aliases: &["vdz", "entyvio"],
        class: Class::AntiIntegrin,
        advanced: true,
        regimens: &[
            reg(
                IND,
                Route::Iv,
                MG,
                300.0,
                300.0,
                &[Once, Every2Weeks, Every4Weeks],
                "300 mg IV at weeks 0, 2, 6",
            ),
            reg(
                MAINT,
                Route::Iv,
                MG,
                300.0,
                300.0,
                &[Every8Weeks],
                "300 mg IV every 8 weeks",
            ),
            reg(
                MAINT,
                Route::Sc,
                MG,
                108.0,
                108.0,
                &[Every2Weeks],
                "108 mg SC every 2 weeks",
            ),
        ],
        source: source::LABEL_VEDOLIZUMAB,
    },
    Entry {
        drug: Drug::Risankizumab,
        name: "Risankizumab",
        aliases: &["rzb", "skyrizi"],
        class: Class::AntiIl23,
        advanced: true,
        regimens: &[
            reg(
                IND,
                Route::Iv,
                MG,
                600.0,
                600.0,
                &[Once, Every4Weeks],
                "600 mg IV at weeks 0, 4, 8",
            ),
            reg(
                MAINT,
                Route::Sc,
                MG,
                180.0,
                360.0,
                &[Every8Weeks],
                "180 or 360 mg SC at week 12 and every 8 weeks",
            ),
        ],
        source: source::LABEL_RISANKIZUMAB,
    },
    Entry {
        drug: Drug::Upadacitinib,
        name: "Upadacitinib",
        aliases: &["upa", "rinvoq"],
        class: Class::JakInhibitor,
        advanced: true,
        regimens: &[
            Regimen {
                max_days: Some(84.0),
                ..reg(
                    IND,
                    Route::Oral,
                    MG,
                    45.0,
                    45.0,
                    &[Daily],
                    "45 mg daily for 12 weeks",
                )
            },
            reg(
                MAINT,
                Route::Oral,
                MG,
                15.0,
                30.0,
                &[Daily],
                "15 or 30 mg daily",
            ),
        ],
        source: source::LABEL_UPADACITINIB,
    },
    Entry {
        drug: Drug::Azathioprine,
        name: "Azathioprine",
        aliases: &["aza", "imuran", "azasan"],
        class: Class::Thiopurine,
        advanced: false,
        // The lower bound depends on TPMT/NUDT15 and allopurinol; the
        // thiopurine rules check it. The label's upper bound holds for all.
        regimens: &[
            reg(
                IND,
                Route::Oral,
                MGKG,
                0.0,
                3.0,
                &[Daily],
                "2-3 mg/kg/day (normal metabolizer)",
            ),
            reg(
                MAINT,
                Route::Oral,
                MGKG,
                0.0,
                3.0,
                &[Daily],
                "2-3 mg/kg/day (normal metabolizer)",
            ),
        ],
        source: source::LABEL_AZATHIOPRINE,
    },
    Entry {
        drug: Drug::Mercaptopurine,
        name: "Mercaptopurine",
        aliases: &["6-mp", "6mp", "mp", "purinethol", "purixan"],
        class: Class::Thiopurine,
        advanced: false,
        regimens: &[
            reg(IND, Route::Oral, MGKG, 0.0, 1.5, &[Daily], "1.5 mg/kg/day"),
            reg(
                MAINT,
                Route::Oral,
                MGKG,
                0.0,
                1.5,
                &[Daily],
                "1.5 mg/kg/day",
            ),
        ],
        source: source::LABEL_MERCAPTOPURINE,
    },
    Entry {
        drug: Drug::Methotrexate,
        name: "Methotrexate",
        aliases: &["mtx"],
        class: Class::Antimetabolite,
        advanced: false,
        regimens: &[
            reg(
                IND,
                Route::Im,
                MG,
                25.0,
                25.0,
                &[Weekly],
                "25 mg IM weekly (induction)",
            ),
            reg(
                IND,
                Route::Sc,
                MG,
                25.0,
                25.0,
                &[Weekly],
                "25 mg SC weekly (induction)",
            ),
            reg(
                MAINT,
                Route::Im,
                MG,
                15.0,
                25.0,
                &[Weekly],
                "15 mg weekly (maintenance)",
            ),
            reg(
                MAINT,
                Route::Sc,
                MG,
                15.0,
                25.0,
                &[Weekly],
                "15 mg weekly (maintenance)",
            ),
            reg(
                MAINT,
                Route::Oral,
                MG,
                15.0,
                25.0,
                &[Weekly],
                "15 mg weekly (maintenance)",
            ),
        ],
        source: source::LABEL_METHOTREXATE,
    },
    Entry {
        drug: Drug::Budesonide,
        name: "Budesonide",
        aliases: &["entocort", "budesonide ec"],
        class: Class::Corticosteroid,
        advanced: false,
        regimens: &[reg(
            IND,
            Route::Oral,
            MG,
            3.0,
            9.0,
            &[Daily],
            "up to 9 mg/day (Greenberg 1994 arms 3, 9, 15 mg; 15 mg is above label)",
        )],
        source: source::LABEL_BUDESONIDE,
    },
];

/// Looks a medication up by name, brand or abbreviation (case-insensitive).
pub fn lookup(medication: &str) -> Option<&'static Entry> {
    let m = medication.trim().to_ascii_lowercase();
    FORMULARY
        .iter()
        .find(|e| e.name.eq_ignore_ascii_case(&m) || e.aliases.contains(&m.as_str()))
}

pub fn entry(drug: Drug) -> &'static Entry {
    FORMULARY
        .iter()
        .find(|e| e.drug == drug)
        .expect("every drug has a formulary entry")
}

/// Normal-metabolizer daily dose range of a thiopurine, mg/kg (CPIC "normal starting dose").
pub fn thiopurine_normal_range(drug: Drug) -> Option<(f64, f64)> {
    match drug {
        Drug::Azathioprine => Some((2.0, 3.0)),
        Drug::Mercaptopurine => Some((1.0, 1.5)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_brands_and_abbreviations_resolve() {
        assert_eq!(lookup("HUMIRA").unwrap().drug, Drug::Adalimumab);
        assert_eq!(lookup("6-MP").unwrap().drug, Drug::Mercaptopurine);
        assert_eq!(lookup(" upadacitinib ").unwrap().drug, Drug::Upadacitinib);
        assert!(lookup("aspirin").is_none());
    }

    #[test]
    fn every_regimen_is_sane() {
        for e in FORMULARY {
            assert!(!e.regimens.is_empty(), "{}", e.name);
            for r in e.regimens {
                assert!(
                    r.min <= r.max && !r.frequencies.is_empty(),
                    "{}: {}",
                    e.name,
                    r.label
                );
            }
        }
    }
}
