//! The formulary: every drug the rules and the optimizer know, its class, and
//! its label regimens (dose, route, frequency, course length, who it is for,
//! the induction schedule a maintenance regimen follows, the condition an
//! escalated dose needs), one file per drug, each regimen with its label
//! section, and the label sections read and found silent (the label matrix's
//! empty cells, `prover::matrix`).

use serde::Serialize;

use super::jurisdiction::Label;
use super::plan::{DoseUnit, Frequency, Phase, Route};
use crate::source::{Document, Section, Source};

pub use population::{Band, Membership, Population};

mod adalimumab;
mod azathioprine;
mod budesonide;
pub mod course;
pub mod fit;
mod infliximab;
mod mercaptopurine;
mod methotrexate;
pub mod population;
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

/// The label's induction schedule, which a maintenance regimen follows: its
/// doses in order, each at its week counted from the first, or a course of
/// daily doses for some weeks.
#[derive(Clone, Copy, Debug)]
pub struct Induction {
    pub route: Route,
    pub unit: DoseUnit,
    /// (week, dose) in order; `None` where the dose is the weight band's of the
    /// induction regimen (ustekinumab's single IV dose). Empty for a daily course.
    pub doses: &'static [(f64, Option<f64>)],
    /// Weeks of daily induction (upadacitinib: 12), when doses are not counted.
    pub weeks: Option<f64>,
    /// Week of the first maintenance dose, counted from the first induction dose.
    pub maintenance_from_week: f64,
    pub text: &'static str,
}

impl Induction {
    /// The last week of the schedule's doses.
    pub fn last_week(&self) -> f64 {
        self.doses.last().map_or(0.0, |d| d.0)
    }
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
    /// Who the regimen is for (age and weight).
    pub population: Population,
    /// The label matrix column it belongs to (adult, paediatric, renal, hepatic dosage).
    pub section: Section,
    /// Longest course in days.
    pub max_days: Option<f64>,
    /// The jurisdictions whose label lists it.
    pub labels: &'static [Label],
    /// Only under this condition (a dose escalation).
    pub condition: Option<Condition>,
    /// Maintenance that follows one of these label inductions (empty: none needed).
    pub after: &'static [Induction],
    pub text: &'static str,
    pub source: Source,
}

/// Days a scheduled dose may move from the label's week and still be the
/// label's dose (a clinic's booking slack, not a label figure: labels give the
/// weeks without a window). Earlier or later than this is another schedule.
pub const SCHEDULE_TOLERANCE_DAYS: f64 = 3.0;

pub(crate) const US: &[Label] = &[Label::Us];
pub(crate) const EU: &[Label] = &[Label::Eu];
pub(crate) const US_EU: &[Label] = &[Label::Us, Label::Eu];

/// An adult regimen with no bands, course limit, condition or induction; set those with `..`.
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
        population: Population::ADULTS,
        section: Section::DosageAdult,
        max_days: None,
        labels,
        condition: None,
        after: &[],
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
    /// Label sections read that say nothing constraining a Crohn's plan.
    pub silent: &'static [Silence],
}

/// A label section read and found silent: the label matrix's empty cell.
#[derive(Clone, Copy, Debug)]
pub struct Silence {
    pub label: Label,
    pub section: Section,
    /// The section read, with how it was read.
    pub source: Source,
}

/// Shorthand for silence tables.
pub(crate) const fn silent(label: Label, section: Section, source: Source) -> Silence {
    Silence {
        label,
        section,
        source,
    }
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
                    r.after.is_empty() || r.phase == MAINT,
                    "{}: {}",
                    e.name,
                    r.text
                );
            }
        }
    }
}
