//! Adalimumab (HUMIRA and its biosimilars).

use super::*;
use crate::clinical::plan::Frequency::*;
use crate::source::labels::{HUMIRA_EU, HUMIRA_US};

const DOSING: Source = HUMIRA_US.at("2 Dosage: adult Crohn's disease (earlier revision's text)");
const EU_DOSING: Source =
    HUMIRA_EU.unverified_at("SmPC 4.2 Crohn's disease (read in a secondary summary)");
const INDUCTION: Induction = Induction {
    doses: Some(2),
    weeks: None,
    maintenance_from_week: 4.0,
    text: "160 mg on day 1 and 80 mg on day 15, maintenance from day 29 (week 4)",
};

pub static ENTRY: Entry = Entry {
    drug: Drug::Adalimumab,
    name: "Adalimumab",
    class: Class::AntiTnf,
    advanced: true,
    regimens: &[
        // The label's doses only: 160 mg on day 1 (in one day or over two), 80 mg on day 15.
        reg(IND, Route::Sc, (MG, 160.0, 160.0), &[Once], US_EU, "160 mg on day 1 (one day, or split over two)", DOSING),
        reg(IND, Route::Sc, (MG, 80.0, 80.0), &[Once], US_EU, "80 mg on day 15 (or 80 mg at week 0 in the EU's standard induction)", DOSING),
        reg(IND, Route::Sc, (MG, 40.0, 40.0), &[Once], EU, "40 mg at week 2 after 80 mg at week 0 (EU standard induction)", EU_DOSING),
        Regimen {
            after: Some(INDUCTION),
            ..reg(MAINT, Route::Sc, (MG, 40.0, 40.0), &[Every2Weeks], US_EU, "40 mg every other week from day 29", DOSING)
        },
        Regimen {
            after: Some(INDUCTION),
            condition: Some(Condition::LossOfResponse),
            ..reg(MAINT, Route::Sc, (MG, 40.0, 40.0), &[Weekly], EU, "40 mg every week for a decrease in response (EU; not in the US label for adult Crohn's disease)", EU_DOSING)
        },
        Regimen {
            after: Some(INDUCTION),
            condition: Some(Condition::LossOfResponse),
            ..reg(MAINT, Route::Sc, (MG, 80.0, 80.0), &[Every2Weeks], EU, "80 mg every other week for a decrease in response (EU; not in the US label for adult Crohn's disease)", EU_DOSING)
        },
    ],
    documents: &[HUMIRA_US, HUMIRA_EU],
    not_checked: &[
        "5.2 Malignancies, 5.5 Neurologic Reactions, 5.6 Hematological Reactions, 5.9 Autoimmunity (monitoring during therapy)",
        "5.3 Hypersensitivity Reactions (no allergy field is read)",
        "Live vaccines for infants exposed in utero",
        "Pediatric Crohn's disease dosing by weight (17 to < 40 kg: 80/40 mg, then 20 mg every other week): the rules assume an adult",
    ],
};
