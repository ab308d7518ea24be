//! Ustekinumab (STELARA and its biosimilars).

use super::*;
use crate::clinical::plan::Frequency::*;
use crate::source::labels::{STELARA_EU, STELARA_US};

// The weight bands were read in a secondary summary and the EU SmPC table
// header; the 2.x section was renumbered in 2026 and not re-read.
const DOSING: Source =
    STELARA_US.unverified_at("2 Dosage: Crohn's disease (weight bands via a secondary summary)");
const INDUCTION: Induction = Induction {
    doses: Some(1),
    weeks: None,
    maintenance_from_week: 8.0,
    text: "one weight-based IV dose, then 90 mg SC 8 weeks later",
};

pub static ENTRY: Entry = Entry {
    drug: Drug::Ustekinumab,
    name: "Ustekinumab",
    class: Class::AntiIl12_23,
    advanced: true,
    regimens: &[
        Regimen {
            weight_bands: &[(55.0, 260.0), (85.0, 390.0), (f64::INFINITY, 520.0)],
            ..reg(IND, Route::Iv, (MG, 260.0, 520.0), &[Once], US_EU, "one IV dose: <=55 kg 260 mg; >55-85 kg 390 mg; >85 kg 520 mg", DOSING)
        },
        Regimen {
            after: Some(INDUCTION),
            ..reg(MAINT, Route::Sc, (MG, 90.0, 90.0), &[Every8Weeks], US_EU, "90 mg SC every 8 weeks", DOSING)
        },
        Regimen {
            after: Some(INDUCTION),
            ..reg(MAINT, Route::Sc, (MG, 90.0, 90.0), &[Every12Weeks], EU, "90 mg SC every 12 weeks (EU, according to response)", STELARA_EU.unverified_at("4.2 Posology: maintenance every 8 or 12 weeks (read in secondary summaries)"))
        },
    ],
    documents: &[STELARA_US, STELARA_EU],
    not_checked: &[
        "4 Contraindications: clinically significant hypersensitivity (no allergy field is read)",
        "5.2 Theoretical risk for particular infections (IL-12/23 deficiency), 5.4 Malignancies, 5.6 PRES, noninfectious pneumonia",
        "Hepatitis B: no statement found in the label",
        "EU SmPC 4.3/4.4 (not read): the US statements apply under the EU jurisdiction",
        "BCG vaccine in the year before or after treatment; pregnancy (EU: avoid as a precaution) (read only in secondary sources)",
    ],
};
