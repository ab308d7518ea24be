//! Upadacitinib (RINVOQ tablets; RINVOQ LQ is not indicated for Crohn's disease).

use super::*;
use crate::clinical::plan::Frequency::*;
use crate::source::labels::{RINVOQ_EU, RINVOQ_US};

const DOSING: Source = RINVOQ_US.at("2 Recommended Dosage in Crohn's Disease");
const INDUCTION: Induction = Induction {
    doses: None,
    weeks: Some(12.0),
    maintenance_from_week: 12.0,
    text: "45 mg once daily for 12 weeks, then maintenance",
};

pub static ENTRY: Entry = Entry {
    drug: Drug::Upadacitinib,
    name: "Upadacitinib",
    class: Class::JakInhibitor,
    advanced: true,
    regimens: &[
        Regimen {
            max_days: Some(84.0),
            ..reg(IND, Route::Oral, (MG, 45.0, 45.0), &[Daily], US_EU, "45 mg once daily for 12 weeks", DOSING)
        },
        Regimen {
            max_days: Some(84.0),
            condition: Some(Condition::Cyp3a4InhibitorOrSevereRenal),
            ..reg(IND, Route::Oral, (MG, 30.0, 30.0), &[Daily], US, "30 mg once daily for 12 weeks with a strong CYP3A4 inhibitor or eGFR 15 to < 30", RINVOQ_US.unverified_at("2 Dosage modifications: strong CYP3A4 inhibitors; severe renal impairment (not read in the label)"))
        },
        Regimen {
            after: Some(INDUCTION),
            ..reg(MAINT, Route::Oral, (MG, 15.0, 15.0), &[Daily], US_EU, "15 mg once daily", DOSING)
        },
        Regimen {
            after: Some(INDUCTION),
            condition: Some(Condition::RefractorySevereOrExtensive),
            ..reg(MAINT, Route::Oral, (MG, 30.0, 30.0), &[Daily], US_EU, "30 mg once daily may be considered for refractory, severe or extensive disease", DOSING)
        },
    ],
    documents: &[RINVOQ_US, RINVOQ_EU],
    not_checked: &[
        "4 Contraindications: hypersensitivity (no allergy field is read)",
        "5.3 Malignancy, 5.7 Gastrointestinal perforations, 5.8 Lipids and liver enzymes (monitoring during therapy)",
        "8.2 Lactation (not recommended during treatment and 6 days after)",
        "Medication residue in stool or ostomy output",
        "Boxed warning: discontinue after a myocardial infarction or stroke during therapy; stop if there is no adequate response at 30 mg (follow-up data)",
        "RINVOQ LQ (oral solution): not indicated for Crohn's disease and not substitutable for the tablets (the vocabulary names it as not the formulary product)",
    ],
};
