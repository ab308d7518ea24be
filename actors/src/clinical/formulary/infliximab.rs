//! Infliximab (REMICADE and its biosimilars; ZYMFENTRA subcutaneous).

use super::*;
use crate::clinical::plan::Frequency::*;
use crate::source::labels::{INFLIXIMAB_EU, REMICADE_US, ZYMFENTRA_US};

const DOSING: Source = REMICADE_US.at("2.1 Crohn's Disease");
const INDUCTION: Induction = Induction {
    doses: Some(3),
    weeks: None,
    maintenance_from_week: 14.0,
    text: "5 mg/kg IV at weeks 0, 2 and 6, maintenance every 8 weeks thereafter (week 14)",
};

pub static ENTRY: Entry = Entry {
    drug: Drug::Infliximab,
    name: "Infliximab",
    class: Class::AntiTnf,
    advanced: true,
    regimens: &[
        // Each induction dose as its own `once` item (weeks 0, 2, 6); q2w/q4w
        // items are how earlier clients wrote the same schedule.
        reg(IND, Route::Iv, (MGKG, 5.0, 5.0), &[Once, Every2Weeks, Every4Weeks], US_EU, "5 mg/kg IV at weeks 0, 2 and 6", DOSING),
        Regimen {
            after: Some(INDUCTION),
            ..reg(MAINT, Route::Iv, (MGKG, 5.0, 5.0), &[Every8Weeks], US_EU, "5 mg/kg IV every 8 weeks", DOSING)
        },
        Regimen {
            after: Some(INDUCTION),
            condition: Some(Condition::LossOfResponse),
            ..reg(MAINT, Route::Iv, (MGKG, 5.0, 10.0), &[Every8Weeks], US, "up to 10 mg/kg for adults who responded and then lost response", DOSING)
        },
        Regimen {
            after: Some(Induction {
                doses: Some(3),
                weeks: None,
                maintenance_from_week: 10.0,
                text: "IV infliximab induction, then 120 mg SC every 2 weeks from week 10",
            }),
            ..reg(MAINT, Route::Sc, (MG, 120.0, 120.0), &[Every2Weeks], US, "ZYMFENTRA 120 mg SC every 2 weeks after IV induction", ZYMFENTRA_US.unverified_at("2.2 Recommended Maintenance Dosage"))
        },
    ],
    documents: &[REMICADE_US, INFLIXIMAB_EU, ZYMFENTRA_US],
    not_checked: &[
        "4 Contraindications: prior severe hypersensitivity to infliximab or murine proteins (no allergy field is read)",
        "5.2 Malignancies, 5.4 Hepatotoxicity, 5.6 Hematologic Reactions, 5.9 Neurologic Reactions (monitoring during therapy)",
        "Live vaccines for infants exposed in utero (US 6 months, EU 12 months after birth)",
        "2.1 Stop if no response by week 14; EU 4.2: no further treatment after no response to 2 doses (follow-up data)",
        "Pediatric Crohn's disease (6 years and older): same dosing, no escalation (the escalation rule checks age)",
    ],
};
