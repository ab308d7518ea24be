//! Methotrexate. No Crohn's indication on the US label: the US regimens are
//! the Feagan trials' (25 mg weekly induction, 15 mg weekly maintenance). In
//! the EU, Metoject (medac, national SmPCs) is licensed for mild to moderate
//! Crohn's disease in adults: 25 mg SC weekly, then 15 mg weekly.

use super::*;
use crate::clinical::plan::Frequency::*;
use crate::source::labels::{METHOTREXATE_US, METOJECT_EU};
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
const EU_DOSING: Source = METOJECT_EU.unverified_at("4.2 Posology: Crohn's disease, 25 mg SC weekly induction, 15 mg weekly maintenance (read only in a MIMS UK summary)");

pub static ENTRY: Entry = Entry {
    drug: Drug::Methotrexate,
    name: "Methotrexate",
    class: Class::Antimetabolite,
    advanced: false,
    regimens: &[
        reg(IND, Route::Im, (MG, 25.0, 25.0), &[Weekly], US, "25 mg IM once weekly (Feagan 1995, 16 weeks)", INDUCTION),
        reg(IND, Route::Sc, (MG, 25.0, 25.0), &[Weekly], US, "25 mg SC once weekly (the trial's IM dose given SC)", NOT_TRIAL_ROUTE),
        reg(MAINT, Route::Im, (MG, 15.0, 25.0), &[Weekly], US, "15 mg once weekly (Feagan 2000), up to the 25 mg induction dose", MAINTENANCE),
        reg(MAINT, Route::Sc, (MG, 15.0, 25.0), &[Weekly], US, "15 mg once weekly, SC (the trial's IM dose given SC), up to 25 mg", NOT_TRIAL_ROUTE),
        reg(MAINT, Route::Oral, (MG, 15.0, 25.0), &[Weekly], US, "15 mg once weekly, oral (the trial's IM dose given orally), up to 25 mg", NOT_TRIAL_ROUTE),
        reg(IND, Route::Sc, (MG, 25.0, 25.0), &[Weekly], EU, "adults: 25 mg SC once weekly", EU_DOSING),
        reg(MAINT, Route::Sc, (MG, 15.0, 15.0), &[Weekly], EU, "adults: 15 mg SC once weekly", EU_DOSING),
    ],
    documents: &[METHOTREXATE_US, METOJECT_EU],
    silent: &[
        silent(Label::Us, Section::DosageRenal, METHOTREXATE_US.unverified_at("2 Dosage and Administration: dosage modifications not reached in the copies read (5 Renal Toxicity read)")),
        silent(Label::Us, Section::DosageHepatic, METHOTREXATE_US.unverified_at("2 Dosage and Administration: dosage modifications not reached in the copies read")),
        silent(Label::Eu, Section::HepatitisB, METOJECT_EU.unverified_at("4.4 not reached in the copies read; 4.3 read (no hepatitis B contraindication)")),
        silent(Label::Eu, Section::Malignancy, METOJECT_EU.unverified_at("4.4 not reached in the copies read; 4.3 read (no malignancy contraindication)")),
        silent(Label::Eu, Section::Cardiovascular, METOJECT_EU.unverified_at("4.4 not reached in the copies read; 4.3 read (no cardiovascular contraindication)")),
        silent(Label::Eu, Section::Thrombosis, METOJECT_EU.unverified_at("4.4 not reached in the copies read; 4.3 read (no thrombosis contraindication)")),
        silent(Label::Eu, Section::InfectiousAgents, METOJECT_EU.unverified_at("4.4 and 4.5 only partly read (no therapeutic infectious agent in the parts read)")),
        silent(Label::Us, Section::DosagePediatric, METHOTREXATE_US.unverified_at("1/2 (Xatmep indications: pediatric ALL, pJIA)")),
        silent(Label::Us, Section::Cardiovascular, METHOTREXATE_US.unverified_at("5 WARNINGS AND PRECAUTIONS (headings list read via Trexall section 6 cross-references and the Xatmep boxed warning list)")),
        silent(Label::Us, Section::Thrombosis, METHOTREXATE_US.unverified_at("5 WARNINGS AND PRECAUTIONS (headings list)")),
        silent(Label::Us, Section::InfectiousAgents, METHOTREXATE_US.unverified_at("7.1/7.2 Drug Interactions (read) and 5.x headings")),
    ],
    not_checked: &[
        "EU 4.2: response expected after 8-12 weeks; once weekly only (a daily dosing error is a known hazard): plans state the frequency, which the dose rule reads",
    ],
};
