//! Budesonide, ileal-release capsules (ENTOCORT EC, ORTIKOS). UCERIS tablets,
//! TARPEYO and inhaled budesonide are other products (see the vocabulary).

use super::*;
use crate::clinical::plan::Frequency::*;
use crate::source::labels::ENTOCORT_US;

pub static ENTRY: Entry = Entry {
    drug: Drug::Budesonide,
    name: "Budesonide",
    class: Class::Corticosteroid,
    advanced: false,
    regimens: &[
        Regimen {
            max_days: Some(56.0),
            ..reg(IND, Route::Oral, (MG, 9.0, 9.0), &[Daily], US_EU, "9 mg once daily for up to 8 weeks (repeat courses for recurrence)", ENTOCORT_US.at("2.2 Treatment of Mild to Moderate Active Crohn's Disease"))
        },
        Regimen {
            max_days: Some(92.0),
            after: Some(Induction {
                doses: None,
                weeks: None,
                maintenance_from_week: 0.0,
                text: "after an 8-week course for active disease, once symptoms are controlled",
            }),
            ..reg(MAINT, Route::Oral, (MG, 6.0, 6.0), &[Daily], US_EU, "6 mg once daily for up to 3 months, then taper to stop", ENTOCORT_US.at("2.3 Maintenance of Clinical Remission of Mild to Moderate Crohn's Disease"))
        },
    ],
    documents: &[ENTOCORT_US],
    not_checked: &[
        "4 Contraindications: hypersensitivity (no allergy field is read)",
        "5.1 Hypercorticism and adrenal suppression, 5.2 steroid withdrawal, 5.4 Kaposi's sarcoma, 5.5 other corticosteroid effects",
        "5.3 Infections: varicella or measles exposure (prophylaxis advice)",
        "Hepatic impairment: dose reduction (read only in a secondary summary)",
        "Live vaccines: no statement found in the label",
        "Pediatric dosing (8 to 17 years, > 25 kg: 9 mg for up to 8 weeks, then 6 mg for 2 weeks); maintenance is labelled for adults only: the rules assume an adult",
    ],
};
