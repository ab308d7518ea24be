//! Methotrexate. No Crohn's indication on the US label: the regimens are the
//! Feagan trials' (25 mg weekly induction, 15 mg weekly maintenance).

use super::*;
use crate::clinical::plan::Frequency::*;
use crate::source::labels::{JYLAMVO_EU, METHOTREXATE_US};
use crate::source::{FEAGAN_MTX, FEAGAN_MTX_2000};

const INDUCTION: Source = Source {
    section: Some("Abstract: methotrexate 25 mg intramuscularly once weekly for 16 weeks"),
    ..FEAGAN_MTX
};
/// The trials gave methotrexate IM; SC and oral use is practice no source read here states.
const NOT_TRIAL_ROUTE: Source = Source {
    section: Some("Abstract: the trials gave methotrexate intramuscularly; the SC and oral routes were not read in a guideline"),
    verified: false,
    ..FEAGAN_MTX
};
const MAINTENANCE: Source = Source {
    section: Some("Abstract: methotrexate 15 mg intramuscularly once weekly for 40 weeks"),
    ..FEAGAN_MTX_2000
};

pub static ENTRY: Entry = Entry {
    drug: Drug::Methotrexate,
    name: "Methotrexate",
    class: Class::Antimetabolite,
    advanced: false,
    regimens: &[
        reg(IND, Route::Im, (MG, 25.0, 25.0), &[Weekly], US_EU, "25 mg IM once weekly (Feagan 1995, 16 weeks)", INDUCTION),
        reg(IND, Route::Sc, (MG, 25.0, 25.0), &[Weekly], US_EU, "25 mg SC once weekly (the trial's IM dose given SC)", NOT_TRIAL_ROUTE),
        reg(MAINT, Route::Im, (MG, 15.0, 25.0), &[Weekly], US_EU, "15 mg once weekly (Feagan 2000), up to the 25 mg induction dose", MAINTENANCE),
        reg(MAINT, Route::Sc, (MG, 15.0, 25.0), &[Weekly], US_EU, "15 mg once weekly, SC (the trial's IM dose given SC), up to 25 mg", NOT_TRIAL_ROUTE),
        reg(MAINT, Route::Oral, (MG, 15.0, 25.0), &[Weekly], US_EU, "15 mg once weekly, oral (the trial's IM dose given orally), up to 25 mg", NOT_TRIAL_ROUTE),
    ],
    documents: &[METHOTREXATE_US, JYLAMVO_EU],
    not_checked: &[
        "Indication: no Crohn's disease indication in the US label",
        "Boxed warning and 5.x: myelosuppression, hepatotoxicity, pulmonary, dermatologic and renal toxicity (monitoring during therapy)",
        "Renal impairment and hepatic impairment or alcohol use (US 8.6/8.7 not read; EU 4.3 contraindications need creatinine clearance, bilirubin and alcohol history)",
        "7.1 Hepatotoxic and nephrotoxic drugs, highly protein-bound drugs (classes too broad to match by name)",
        "8.2 Lactation",
        "4 Contraindications: severe hypersensitivity to methotrexate (no allergy field is read); EU 4.3: pre-existing blood disorders, immunodeficiency",
    ],
};
