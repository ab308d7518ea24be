//! Mercaptopurine. Its label is for acute lymphoblastic leukemia: the Crohn's
//! dose is CPIC's normal starting dose, as for azathioprine.

use super::*;
use crate::clinical::plan::Frequency::*;
use crate::source::labels::{CPIC_THIOPURINES, MERCAPTOPURINE_US};

const DOSING: Source =
    CPIC_THIOPURINES.at("Table 3: normal starting dose, mercaptopurine 1.5 mg/kg/day");

pub static ENTRY: Entry = Entry {
    drug: Drug::Mercaptopurine,
    name: "Mercaptopurine",
    class: Class::Thiopurine,
    advanced: false,
    regimens: &[
        reg(IND, Route::Oral, (MGKG, 0.0, 1.5), &[Daily], US_EU, "up to 1.5 mg/kg/day", DOSING),
        reg(MAINT, Route::Oral, (MGKG, 0.0, 1.5), &[Daily], US_EU, "up to 1.5 mg/kg/day", DOSING),
    ],
    documents: &[MERCAPTOPURINE_US, CPIC_THIOPURINES],
    not_checked: &[
        "Indication: acute lymphoblastic leukemia only (Crohn's use is off-label)",
        "5 Myelosuppression and hepatotoxicity (monitoring during therapy)",
        "Allopurinol dose reduction in the mercaptopurine label (not read; the azathioprine label's is applied)",
        "Intrahepatic cholestasis of pregnancy (FDA 2024, all thiopurines): stop if it develops",
    ],
};
