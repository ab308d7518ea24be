//! Azathioprine. No Crohn's indication on the US label: the US dose is CPIC's
//! normal starting dose. The EU national SmPC read (Immufalk) licenses it for
//! Crohn's disease at 1-3 mg/kg/day, children as adults. The thiopurine
//! rules adjust for TPMT/NUDT15 and xanthine-oxidase inhibitors.

use super::*;
use crate::clinical::plan::Frequency::*;
use crate::source::labels::{CPIC_THIOPURINES, IMMUFALK_EU, IMURAN_US, JAYEMPI_EU};

const DOSING: Source =
    CPIC_THIOPURINES.at("Table 3: normal starting dose, azathioprine 2-3 mg/kg/day");
const EU_DOSING: Source = IMMUFALK_EU.at("4.2 Posology: adults, other indications (1-3 mg/kg/day, adjusted within these limits; inflammatory bowel disease at least 12 months)");
const EU_CHILD: Source =
    IMMUFALK_EU.at("4.2 Paediatric population: other indications, the same posology as adults");

pub static ENTRY: Entry = Entry {
    drug: Drug::Azathioprine,
    name: "Azathioprine",
    class: Class::Thiopurine,
    advanced: false,
    // The lower bound depends on TPMT/NUDT15 and allopurinol; the thiopurine
    // rules check it. The upper bound holds for all.
    regimens: &[
        Regimen {
            population: Population::ANYONE,
            ..reg(IND, Route::Oral, (MGKG, 0.0, 3.0), &[Daily], US, "up to 3 mg/kg/day (normal metabolizer 2-3 mg/kg/day)", DOSING)
        },
        Regimen {
            population: Population::ANYONE,
            ..reg(MAINT, Route::Oral, (MGKG, 0.0, 3.0), &[Daily], US, "up to 3 mg/kg/day (normal metabolizer 2-3 mg/kg/day)", DOSING)
        },
        Regimen {
            population: Population::ANYONE,
            ..reg(IND, Route::Oral, (MGKG, 0.0, 3.0), &[Daily], EU, "1-3 mg/kg/day, adjusted by response and blood counts", EU_DOSING)
        },
        Regimen {
            population: Population::ANYONE,
            ..reg(MAINT, Route::Oral, (MGKG, 0.0, 3.0), &[Daily], EU, "less than 1 to 3 mg/kg/day, the lowest that maintains the response", EU_DOSING)
        },
        Regimen {
            population: Population::ages(Band::ANY.below(18.0)),
            section: Section::DosagePediatric,
            ..reg(MAINT, Route::Oral, (MGKG, 0.0, 3.0), &[Daily], EU, "children: as adults, 1-3 mg/kg/day", EU_CHILD)
        },
    ],
    documents: &[IMURAN_US, IMMUFALK_EU, JAYEMPI_EU, CPIC_THIOPURINES],
    silent: &[
        silent(Label::Us, Section::DosageHepatic, IMURAN_US.unverified_at("DOSAGE AND ADMINISTRATION")),
        silent(Label::Us, Section::Tuberculosis, IMURAN_US.unverified_at("WARNINGS: Serious Infections")),
        silent(Label::Us, Section::HepatitisB, IMURAN_US.unverified_at("WARNINGS: Serious Infections")),
        silent(Label::Us, Section::Cardiovascular, IMURAN_US.unverified_at("WARNINGS; PRECAUTIONS")),
        silent(Label::Us, Section::Thrombosis, IMURAN_US.unverified_at("WARNINGS; PRECAUTIONS")),
        silent(Label::Us, Section::InfectiousAgents, IMURAN_US.unverified_at("PRECAUTIONS: Drug Interactions")),
        silent(Label::Us, Section::Hepatic, IMURAN_US.unverified_at("DOSAGE AND ADMINISTRATION; PRECAUTIONS")),
        silent(Label::Eu, Section::Tuberculosis, IMMUFALK_EU.at("4.3; 4.4")),
        silent(Label::Eu, Section::Cardiovascular, IMMUFALK_EU.at("4.3; 4.4")),
        silent(Label::Eu, Section::Thrombosis, IMMUFALK_EU.at("4.4")),
        silent(Label::Eu, Section::InfectiousAgents, IMMUFALK_EU.at("4.3; 4.5")),
    ],
    not_checked: &["EU 4.2: response may take 3-4 months; treat inflammatory bowel disease for at least 12 months (follow-up data)"],
};
