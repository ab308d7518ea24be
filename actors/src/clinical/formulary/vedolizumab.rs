//! Vedolizumab (ENTYVIO IV and SC).

use super::*;
use crate::clinical::plan::Frequency::*;
use crate::source::labels::{ENTYVIO_EU, ENTYVIO_US};

const DOSING: Source = ENTYVIO_US.at("2 Recommended Dosage in Adults with UC and CD");
const SC: Source = ENTYVIO_US.unverified_at(
    "2 Recommended Dosage: subcutaneous switch at week 6 (read in secondary sources)",
);
const EU_DOSING: Source = ENTYVIO_EU.unverified_at("4.2 Posology: Crohn's disease (escalation to every 4 weeks read in a local label and NICE TA352)");

pub static ENTRY: Entry = Entry {
    drug: Drug::Vedolizumab,
    name: "Vedolizumab",
    class: Class::AntiIntegrin,
    advanced: true,
    regimens: &[
        reg(
            IND,
            Route::Iv,
            (MG, 300.0, 300.0),
            &[Once, Every2Weeks, Every4Weeks],
            US_EU,
            "300 mg IV at weeks 0, 2 and 6",
            DOSING,
        ),
        Regimen {
            after: Some(Induction {
                doses: Some(3),
                weeks: None,
                maintenance_from_week: 14.0,
                text: "300 mg IV at weeks 0, 2 and 6, then every 8 weeks (week 14)",
            }),
            ..reg(
                MAINT,
                Route::Iv,
                (MG, 300.0, 300.0),
                &[Every8Weeks],
                US_EU,
                "300 mg IV every 8 weeks",
                DOSING,
            )
        },
        Regimen {
            after: Some(Induction {
                doses: Some(2),
                weeks: None,
                maintenance_from_week: 6.0,
                text: "300 mg IV at weeks 0 and 2, then 108 mg SC every 2 weeks from week 6",
            }),
            ..reg(
                MAINT,
                Route::Sc,
                (MG, 108.0, 108.0),
                &[Every2Weeks],
                US_EU,
                "108 mg SC every 2 weeks after two IV doses",
                SC,
            )
        },
        Regimen {
            after: Some(Induction {
                doses: Some(3),
                weeks: None,
                maintenance_from_week: 14.0,
                text: "300 mg IV at weeks 0, 2 and 6",
            }),
            condition: Some(Condition::LossOfResponse),
            ..reg(
                MAINT,
                Route::Iv,
                (MG, 300.0, 300.0),
                &[Every4Weeks],
                EU,
                "300 mg IV every 4 weeks for a decrease in response (EU)",
                EU_DOSING,
            )
        },
    ],
    documents: &[ENTYVIO_US, ENTYVIO_EU],
    not_checked: &[
        "4 Contraindications: serious hypersensitivity (no allergy field is read)",
        "5.3 PML and liver injury (monitoring during therapy)",
        "5.2 Infections as revised in 02/2026 (not re-read; earlier wording used)",
        "2 Stop if no therapeutic benefit by week 14; EU extra IV dose at week 10",
        "Hepatitis B: no statement found in the label",
    ],
};
