//! Risankizumab (SKYRIZI). Adults only: 600 mg IV at weeks 0, 4 and 8, then
//! SC from week 12 every 8 weeks (180 or 360 mg in the US; 360 mg in the EU,
//! where 180 mg is for ulcerative colitis).

use super::*;
use crate::clinical::plan::Frequency::*;
use crate::source::labels::{SKYRIZI_EU, SKYRIZI_US};

const DOSING: Source = SKYRIZI_US.at("2.6 Recommended Dosage in Crohn's Disease");
const EU_DOSING: Source = SKYRIZI_EU.at("4.2 Posology: Crohn's disease");
const INDUCTION: Induction = Induction {
    route: Route::Iv,
    unit: MG,
    doses: &[(0.0, Some(600.0)), (4.0, Some(600.0)), (8.0, Some(600.0))],
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
        reg(IND, Route::Iv, (MG, 600.0, 600.0), &[Once, Every4Weeks], US, "600 mg IV at weeks 0, 4 and 8", DOSING),
        Regimen {
            after: &[INDUCTION],
            ..reg(MAINT, Route::Sc, (MG, 180.0, 360.0), &[Every8Weeks], US, "180 mg or 360 mg SC at week 12 and every 8 weeks (the lowest effective dosage)", DOSING)
        },
        reg(IND, Route::Iv, (MG, 600.0, 600.0), &[Once, Every4Weeks], EU, "600 mg IV at weeks 0, 4 and 8", EU_DOSING),
        Regimen {
            after: &[INDUCTION],
            ..reg(MAINT, Route::Sc, (MG, 360.0, 360.0), &[Every8Weeks], EU, "360 mg SC at week 12 and every 8 weeks", EU_DOSING)
        },
    ],
    documents: &[SKYRIZI_US, SKYRIZI_EU],
    silent: &[
        silent(Label::Us, Section::Reproductive, SKYRIZI_US.unverified_at("8 Use in Specific Populations: no contraception statement in the parts read (8.3 not found in the copies read)")),
        silent(Label::Us, Section::DosageRenal, SKYRIZI_US.unverified_at("2.6 Recommended Dosage in Crohn's Disease (no renal adjustment); 12.3 not read")),
        silent(Label::Us, Section::DosageHepatic, SKYRIZI_US.unverified_at("2.6 Recommended Dosage in Crohn's Disease (no hepatic adjustment); 12.3 not read")),
        silent(Label::Us, Section::HepatitisB, SKYRIZI_US.unverified_at("5 Warnings and Precautions (as listed in the ISI and drugs.com approval history: hypersensitivity, infections, TB, hepatotoxicity, vaccines)")),
        silent(Label::Us, Section::Malignancy, SKYRIZI_US.unverified_at("5 Warnings and Precautions (ISI list)")),
        silent(Label::Us, Section::Cardiovascular, SKYRIZI_US.unverified_at("5 Warnings and Precautions (ISI list)")),
        silent(Label::Us, Section::Thrombosis, SKYRIZI_US.unverified_at("5 Warnings and Precautions (ISI list)")),
        silent(Label::Us, Section::Hematologic, SKYRIZI_US.unverified_at("5 Warnings and Precautions (ISI list)")),
        silent(Label::Us, Section::InfectiousAgents, SKYRIZI_US.unverified_at("5/7 (ISI, 2019 PI 5.3/7.1)")),
        silent(Label::Us, Section::Renal, SKYRIZI_US.unverified_at("8.6 (no such subsection seen); 12.3 not read")),
        silent(Label::Us, Section::Hepatic, SKYRIZI_US.unverified_at("8.7 (no such subsection seen); 12.3 not read")),
        silent(Label::Eu, Section::HepatitisB, SKYRIZI_EU.unverified_at("4.4 (read: Traceability, Infections, Tuberculosis, Immunisations)")),
        silent(Label::Eu, Section::Malignancy, SKYRIZI_EU.unverified_at("4.4 (partial read)")),
        silent(Label::Eu, Section::Cardiovascular, SKYRIZI_EU.unverified_at("4.3/4.4 (partial read)")),
        silent(Label::Eu, Section::Thrombosis, SKYRIZI_EU.unverified_at("4.4 (partial read)")),
        silent(Label::Eu, Section::Hepatotoxicity, SKYRIZI_EU.unverified_at("4.4 (partial read: Traceability, Infections, Tuberculosis, Immunisations)")),
        silent(Label::Eu, Section::Hematologic, SKYRIZI_EU.unverified_at("4.4 (partial read)")),
        silent(Label::Eu, Section::InfectiousAgents, SKYRIZI_EU.unverified_at("4.4/4.5 (partial read)")),
    ],
    not_checked: &["EU 4.2: stop if no benefit by week 24 (follow-up data)"],
};
