//! Upadacitinib (RINVOQ tablets; RINVOQ LQ is not indicated for Crohn's
//! disease). Adults only: 45 mg daily for 12 weeks, then 15 mg (30 mg for
//! refractory, severe or extensive disease). In the EU, 15 mg from 65 years.

use super::*;
use crate::clinical::plan::Frequency::*;
use crate::source::labels::{RINVOQ_EU, RINVOQ_US};

const DOSING: Source = RINVOQ_US.at("2 Recommended Dosage in Crohn's Disease");
const REDUCED: Source = RINVOQ_US.unverified_at("2 Dosage modifications: strong CYP3A4 inhibitors; severe renal impairment (not read in the label)");
const EU_DOSING: Source = RINVOQ_EU.at("package leaflet 3, Crohn's disease: 45 mg once a day for 12 weeks, then 15 mg or 30 mg (SmPC 4.2 not read)");
const EU_ELDERLY: Source = RINVOQ_EU.at("package leaflet 3, Crohn's disease, elderly: 65 years of age or older, 15 mg once a day for long-term treatment (SmPC 4.2 not read)");
const INDUCTION: Induction = Induction {
    route: Route::Oral,
    unit: MG,
    doses: &[],
    weeks: Some(12.0),
    maintenance_from_week: 12.0,
    text: "45 mg once daily for 12 weeks, then maintenance",
};
const UNDER_65: Population = Population::ages(Band::at_least(18.0).below(65.0));
const FROM_65: Population = Population::ages(Band::at_least(65.0));

pub static ENTRY: Entry = Entry {
    drug: Drug::Upadacitinib,
    name: "Upadacitinib",
    class: Class::JakInhibitor,
    advanced: true,
    regimens: &[
        Regimen {
            max_days: Some(84.0),
            ..reg(IND, Route::Oral, (MG, 45.0, 45.0), &[Daily], US, "45 mg once daily for 12 weeks", DOSING)
        },
        Regimen {
            max_days: Some(84.0),
            condition: Some(Condition::Cyp3a4InhibitorOrSevereRenal),
            section: Section::DosageRenal,
            ..reg(IND, Route::Oral, (MG, 30.0, 30.0), &[Daily], US, "30 mg once daily for 12 weeks with a strong CYP3A4 inhibitor or eGFR 15 to < 30", REDUCED)
        },
        Regimen {
            after: &[INDUCTION],
            ..reg(MAINT, Route::Oral, (MG, 15.0, 15.0), &[Daily], US, "15 mg once daily", DOSING)
        },
        Regimen {
            after: &[INDUCTION],
            condition: Some(Condition::RefractorySevereOrExtensive),
            ..reg(MAINT, Route::Oral, (MG, 30.0, 30.0), &[Daily], US, "30 mg once daily may be considered for refractory, severe or extensive disease", DOSING)
        },
        Regimen {
            max_days: Some(84.0),
            ..reg(IND, Route::Oral, (MG, 45.0, 45.0), &[Daily], EU, "45 mg once daily for 12 weeks", EU_DOSING)
        },
        Regimen {
            max_days: Some(84.0),
            condition: Some(Condition::Cyp3a4InhibitorOrSevereRenal),
            section: Section::DosageRenal,
            ..reg(IND, Route::Oral, (MG, 30.0, 30.0), &[Daily], EU, "a reduced dose with kidney problems or certain other medicines (the leaflet; 30 mg induction not read in the SmPC)", RINVOQ_EU.unverified_at("4.2 Posology: renal impairment and strong CYP3A4 inhibitors (only the leaflet's general sentence read)"))
        },
        Regimen {
            after: &[INDUCTION],
            ..reg(MAINT, Route::Oral, (MG, 15.0, 15.0), &[Daily], EU, "15 mg once daily", EU_DOSING)
        },
        Regimen {
            after: &[INDUCTION],
            condition: Some(Condition::RefractorySevereOrExtensive),
            population: UNDER_65,
            ..reg(MAINT, Route::Oral, (MG, 30.0, 30.0), &[Daily], EU, "30 mg once daily, under 65 years (the SmPC's condition, a high disease burden or an inadequate response to 15 mg, was not read)", EU_DOSING)
        },
        Regimen {
            after: &[INDUCTION],
            population: FROM_65,
            section: Section::Geriatric,
            ..reg(MAINT, Route::Oral, (MG, 15.0, 15.0), &[Daily], EU, "65 years and older: 15 mg once daily", EU_ELDERLY)
        },
    ],
    documents: &[RINVOQ_US, RINVOQ_EU],
    silent: &[
        silent(Label::Us, Section::InfectiousAgents, RINVOQ_US.unverified_at("5 Warnings and 7 Interactions (AbbVie's safety information read in full: no therapeutic infectious agent; the label's sections not read)")),
        silent(Label::Eu, Section::InfectiousAgents, RINVOQ_EU.unverified_at("package leaflet read in full: no therapeutic infectious agent (SmPC 4.4/4.5 not read)")),
    ],
    not_checked: &[
        "Boxed warning: discontinue after a myocardial infarction or stroke during therapy; stop if there is no adequate response at 30 mg (follow-up data)",
        "EU 4.2 (read only in a non-EU label): an extended 30 mg induction for 12 more weeks without benefit at week 12: not encoded, so a 24-week induction is flagged",
        "RINVOQ LQ (oral solution): not indicated for Crohn's disease and not substitutable for the tablets (the vocabulary names it as not the formulary product)",
    ],
};
