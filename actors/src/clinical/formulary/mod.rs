//! The formulary: every drug the rules and the optimizer know, its class, and
//! its label regimens (dose, route, frequency, course length, the induction a
//! maintenance regimen follows, the condition an escalated dose needs), one
//! file per drug, each regimen with its label section.

use serde::Serialize;

use super::jurisdiction::Label;
use super::plan::{DoseUnit, Frequency, Phase, Route};
use crate::source::{Document, Source};

mod adalimumab;
mod azathioprine;
mod budesonide;
pub mod fit;
mod infliximab;
mod mercaptopurine;
mod methotrexate;
mod risankizumab;
mod upadacitinib;
mod ustekinumab;
mod vedolizumab;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
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

/// What an escalated dose needs on the record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// The patient responded to this drug and then lost the response.
    LossOfResponse,
    /// Refractory, severe or extensive disease (upadacitinib 30 mg maintenance).
    RefractorySevereOrExtensive,
    /// A strong CYP3A4 inhibitor taken, or eGFR 15 to < 30 (upadacitinib 30 mg induction).
    Cyp3a4InhibitorOrSevereRenal,
}

/// The induction a maintenance regimen follows.
#[derive(Clone, Copy, Debug)]
pub struct Induction {
    /// Induction doses the label gives before maintenance (`None`: not counted in doses).
    pub doses: Option<u32>,
    /// Weeks of daily induction (upadacitinib: 12).
    pub weeks: Option<f64>,
    /// Week of the first maintenance dose, counted from the first induction dose.
    pub maintenance_from_week: f64,
    pub text: &'static str,
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
    /// Longest course in days.
    pub max_days: Option<f64>,
    /// The jurisdictions whose label lists it.
    pub labels: &'static [Label],
    /// Only under this condition (a dose escalation).
    pub condition: Option<Condition>,
    /// Maintenance that follows the label's induction.
    pub after: Option<Induction>,
    pub text: &'static str,
    pub source: Source,
}

pub(crate) const US: &[Label] = &[Label::Us];
pub(crate) const EU: &[Label] = &[Label::Eu];
pub(crate) const US_EU: &[Label] = &[Label::Us, Label::Eu];

/// A regimen with no bands, course limit, condition or induction; set those with `..`.
pub(crate) const fn reg(
    phase: Phase,
    route: Route,
    (unit, min, max): (DoseUnit, f64, f64),
    frequencies: &'static [Frequency],
    labels: &'static [Label],
    text: &'static str,
    source: Source,
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
        labels,
        condition: None,
        after: None,
        text,
        source,
    }
}

#[derive(Debug)]
pub struct Entry {
    pub drug: Drug,
    pub name: &'static str,
    pub class: Class,
    /// A biologic or small-molecule advanced therapy (at most one at a time).
    pub advanced: bool,
    pub regimens: &'static [Regimen],
    /// The labels whose sections the rules encode.
    pub documents: &'static [Document],
    /// Label sections no rule encodes (reported with every verification).
    pub not_checked: &'static [&'static str],
}

pub(crate) const IND: Phase = Phase::Induction;
pub(crate) const MAINT: Phase = Phase::Maintenance;
pub(crate) const MG: DoseUnit = DoseUnit::Mg;
pub(crate) const MGKG: DoseUnit = DoseUnit::MgPerKg;

pub static FORMULARY: &[&Entry] = &[
    &infliximab::ENTRY,
    &adalimumab::ENTRY,
    &ustekinumab::ENTRY,
    &vedolizumab::ENTRY,
    &risankizumab::ENTRY,
    &upadacitinib::ENTRY,
    &azathioprine::ENTRY,
    &mercaptopurine::ENTRY,
    &methotrexate::ENTRY,
    &budesonide::ENTRY,
];

pub fn entry(drug: Drug) -> &'static Entry {
    FORMULARY
        .iter()
        .find(|e| e.drug == drug)
        .expect("every drug has a formulary entry")
}

/// Looks a medication up by any name the vocabulary knows for it.
pub fn lookup(medication: &str) -> Option<&'static Entry> {
    super::vocabulary::formulary_drug(medication)
        .ok()
        .and_then(|c| c.drug)
        .map(entry)
}

/// Normal-metabolizer daily dose range of a thiopurine, mg/kg: CPIC's example
/// normal starting dose (azathioprine 2-3, mercaptopurine 1.5). Only the top is
/// a limit: the rules check that a dose is not above it, scaled.
pub fn thiopurine_normal_range(drug: Drug) -> Option<(f64, f64)> {
    match drug {
        Drug::Azathioprine => Some((2.0, 3.0)),
        Drug::Mercaptopurine => Some((1.5, 1.5)),
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
        assert_eq!(
            lookup("Inflectra (infliximab-dyyb)").unwrap().drug,
            Drug::Infliximab
        );
        assert!(lookup("aspirin").is_none());
    }

    #[test]
    fn every_regimen_is_sane() {
        for e in FORMULARY {
            assert!(!e.regimens.is_empty(), "{}", e.name);
            for r in e.regimens {
                assert!(
                    r.min <= r.max && !r.frequencies.is_empty() && !r.labels.is_empty(),
                    "{}: {}",
                    e.name,
                    r.text
                );
                assert!(
                    r.after.is_none() || r.phase == MAINT,
                    "{}: {}",
                    e.name,
                    r.text
                );
            }
        }
    }
}
