//! Mercaptopurine. Its labels (US and EU) are for leukaemia: the Crohn's
//! dose is CPIC's normal starting dose, as for azathioprine.

use super::*;
use crate::clinical::plan::Frequency::*;
use crate::source::labels::{CPIC_THIOPURINES, MERCAPTOPURINE_EU, MERCAPTOPURINE_US};

const DOSING: Source =
    CPIC_THIOPURINES.at("Table 3: normal starting dose, mercaptopurine 1.5 mg/kg/day");

pub static ENTRY: Entry = Entry {
    drug: Drug::Mercaptopurine,
    name: "Mercaptopurine",
    class: Class::Thiopurine,
    advanced: false,
    regimens: &[
        Regimen {
            population: Population::ANYONE,
            ..reg(IND, Route::Oral, (MGKG, 0.0, 1.5), &[Daily], US_EU, "up to 1.5 mg/kg/day", DOSING)
        },
        Regimen {
            population: Population::ANYONE,
            ..reg(MAINT, Route::Oral, (MGKG, 0.0, 1.5), &[Daily], US_EU, "up to 1.5 mg/kg/day", DOSING)
        },
    ],
    documents: &[MERCAPTOPURINE_US, MERCAPTOPURINE_EU, CPIC_THIOPURINES],
    silent: &[
        silent(Label::Us, Section::Tuberculosis, MERCAPTOPURINE_US.unverified_at("5 Warnings and Precautions")),
        silent(Label::Us, Section::HepatitisB, MERCAPTOPURINE_US.unverified_at("5 Warnings and Precautions")),
        silent(Label::Us, Section::Cardiovascular, MERCAPTOPURINE_US.unverified_at("5 Warnings and Precautions")),
        silent(Label::Us, Section::Thrombosis, MERCAPTOPURINE_US.unverified_at("5 Warnings and Precautions")),
        silent(Label::Us, Section::InfectiousAgents, MERCAPTOPURINE_US.unverified_at("7 Drug Interactions")),
        silent(Label::Eu, Section::Tuberculosis, MERCAPTOPURINE_EU.at("4.3; 4.4")),
        silent(Label::Eu, Section::Cardiovascular, MERCAPTOPURINE_EU.at("4.3; 4.4")),
        silent(Label::Eu, Section::Thrombosis, MERCAPTOPURINE_EU.at("4.4")),
        silent(Label::Eu, Section::InfectiousAgents, MERCAPTOPURINE_EU.at("4.3; 4.5")),
    ],
    not_checked: &["Indication: leukaemia only in both jurisdictions (Crohn's use is off-label; the EU SmPC names inflammatory bowel disease as unauthorised)"],
};
