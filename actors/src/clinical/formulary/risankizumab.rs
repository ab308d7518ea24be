//! Risankizumab (SKYRIZI).

use super::*;
use crate::clinical::plan::Frequency::*;
use crate::source::labels::{SKYRIZI_EU, SKYRIZI_US};

const DOSING: Source = SKYRIZI_US.at("2.6 Recommended Dosage in Crohn's Disease");
const EU_DOSING: Source = SKYRIZI_EU.at("4.2 Posology: Crohn's disease");
const INDUCTION: Induction = Induction {
    doses: Some(3),
    weeks: None,
    maintenance_from_week: 12.0,
    text: "600 mg IV at weeks 0, 4 and 8, then SC at week 12 and every 8 weeks",
};

pub static ENTRY: Entry = Entry {
    drug: Drug::Risankizumab,
    name: "Risankizumab",
    class: Class::AntiIl23,
    advanced: true,
    regimens: &[
        reg(IND, Route::Iv, (MG, 600.0, 600.0), &[Once, Every4Weeks], US_EU, "600 mg IV at weeks 0, 4 and 8", DOSING),
        Regimen {
            after: Some(INDUCTION),
            ..reg(MAINT, Route::Sc, (MG, 180.0, 180.0), &[Every8Weeks], US, "180 mg SC at week 12 and every 8 weeks (US)", DOSING)
        },
        Regimen {
            after: Some(INDUCTION),
            ..reg(MAINT, Route::Sc, (MG, 360.0, 360.0), &[Every8Weeks], US_EU, "360 mg SC at week 12 and every 8 weeks", EU_DOSING)
        },
    ],
    documents: &[SKYRIZI_US, SKYRIZI_EU],
    not_checked: &[
        "4 Contraindications: serious hypersensitivity (no allergy field is read)",
        "Hepatotoxicity: monitoring during induction and interruption for suspected drug-induced liver injury; cirrhosis (consider an alternative)",
        "Hepatitis B: no statement found in the label",
        "EU 4.2: stop if no benefit by week 24",
        "EU 4.4: wait at least 4 weeks after a live vaccine before the first dose (no vaccination dates are read)",
    ],
};
