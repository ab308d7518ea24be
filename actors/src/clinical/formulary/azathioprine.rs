//! Azathioprine. No Crohn's indication on the US label: the dose is CPIC's
//! normal starting dose, adjusted by the pharmacogenomic and interaction rules.

use super::*;
use crate::clinical::plan::Frequency::*;
use crate::source::labels::{AZATHIOPRINE_SMPC, CPIC_THIOPURINES, IMURAN_US, JAYEMPI_EU};

const DOSING: Source =
    CPIC_THIOPURINES.at("Table 3: normal starting dose, azathioprine 2-3 mg/kg/day");

pub static ENTRY: Entry = Entry {
    drug: Drug::Azathioprine,
    name: "Azathioprine",
    class: Class::Thiopurine,
    advanced: false,
    // The lower bound depends on TPMT/NUDT15 and allopurinol; the thiopurine
    // rules check it. The upper bound holds for all.
    regimens: &[
        reg(IND, Route::Oral, (MGKG, 0.0, 3.0), &[Daily], US_EU, "up to 3 mg/kg/day (normal metabolizer 2-3 mg/kg/day)", DOSING),
        reg(MAINT, Route::Oral, (MGKG, 0.0, 3.0), &[Daily], US_EU, "up to 3 mg/kg/day (normal metabolizer 2-3 mg/kg/day)", DOSING),
    ],
    documents: &[IMURAN_US, AZATHIOPRINE_SMPC, JAYEMPI_EU, CPIC_THIOPURINES],
    not_checked: &[
        "Indication: no Crohn's disease indication in the US label (off-label use)",
        "Contraindications: hypersensitivity; rheumatoid arthritis in pregnancy or after alkylating agents (not Crohn's)",
        "Warnings: cytopenias and CBC monitoring, malignancy (boxed), serious infections",
        "Pregnancy (category D), intrahepatic cholestasis of pregnancy (2024)",
        "Drug interactions: ACE inhibitors, warfarin",
    ],
};
