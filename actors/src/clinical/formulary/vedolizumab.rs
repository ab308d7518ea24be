//! Vedolizumab (ENTYVIO IV and SC). Adults only. IV at weeks 0, 2 and 6, then
//! every 8 weeks; or SC 108 mg every 2 weeks after two IV doses. The EU adds
//! an IV dose at week 10 for Crohn's non-responders and every 4 weeks for a
//! decrease in response.

use super::*;
use crate::clinical::plan::Frequency::*;
use crate::source::labels::{ENTYVIO_EU, ENTYVIO_US};

const US_IV: Source = ENTYVIO_US.at("2.2 Recommended Dosage in Adults with UC and CD: intravenous");
const US_SC: Source = ENTYVIO_US.unverified_at("2.2 Recommended Dosage: subcutaneous 108 mg every 2 weeks (the switch at week 6 after two IV doses read; the SC dose sentence not)");
const EU_IV: Source = ENTYVIO_EU
    .at("4.2 Posology: intravenous vedolizumab (300 mg at 0, 2 and 6 weeks, then every 8 weeks)");
const EU_WEEK_10: Source = ENTYVIO_EU.unverified_at("4.2 Posology: Crohn's disease, a dose at week 10 for non-responders (read in an EU-worded copy, not the SmPC)");
const EU_Q4W: Source = ENTYVIO_EU.unverified_at("4.2 Posology: every 4 weeks for a decrease in response (read in the ulcerative colitis paragraph; the Crohn's paragraph was cut)");
const EU_SC: Source = ENTYVIO_EU
    .at("108 mg SmPC 4.2 Posology: after at least 2 intravenous infusions, 108 mg every 2 weeks");

const IV_0_2_6: Induction = Induction {
    route: Route::Iv,
    unit: MG,
    doses: &[(0.0, Some(300.0)), (2.0, Some(300.0)), (6.0, Some(300.0))],
    weeks: None,
    maintenance_from_week: 14.0,
    text: "300 mg IV at weeks 0, 2 and 6, then every 8 weeks (week 14)",
};
const IV_0_2_6_10: Induction = Induction {
    doses: &[(0.0, Some(300.0)), (2.0, Some(300.0)), (6.0, Some(300.0)), (10.0, Some(300.0))],
    text: "EU, Crohn's disease without a response: 300 mg IV at weeks 0, 2, 6 and 10, then every 8 weeks from week 14",
    ..IV_0_2_6
};
const IV_0_2: Induction = Induction {
    doses: &[(0.0, Some(300.0)), (2.0, Some(300.0))],
    maintenance_from_week: 6.0,
    text: "300 mg IV at weeks 0 and 2, then 108 mg SC every 2 weeks from week 6",
    ..IV_0_2_6
};

pub static ENTRY: Entry = Entry {
    drug: Drug::Vedolizumab,
    name: "Vedolizumab",
    class: Class::AntiIntegrin,
    advanced: true,
    regimens: &[
        reg(IND, Route::Iv, (MG, 300.0, 300.0), &[Once, Every2Weeks, Every4Weeks], US, "300 mg IV at weeks 0, 2 and 6", US_IV),
        Regimen {
            after: &[IV_0_2_6],
            ..reg(MAINT, Route::Iv, (MG, 300.0, 300.0), &[Every8Weeks], US, "300 mg IV every 8 weeks", US_IV)
        },
        Regimen {
            after: &[IV_0_2],
            ..reg(MAINT, Route::Sc, (MG, 108.0, 108.0), &[Every2Weeks], US, "108 mg SC every 2 weeks from week 6, after two IV doses", US_SC)
        },
        reg(IND, Route::Iv, (MG, 300.0, 300.0), &[Once, Every2Weeks, Every4Weeks], EU, "300 mg IV at weeks 0, 2 and 6", EU_IV),
        reg(IND, Route::Iv, (MG, 300.0, 300.0), &[Once], EU, "Crohn's disease without a response: a further 300 mg IV at week 10", EU_WEEK_10),
        Regimen {
            after: &[IV_0_2_6, IV_0_2_6_10],
            ..reg(MAINT, Route::Iv, (MG, 300.0, 300.0), &[Every8Weeks], EU, "300 mg IV every 8 weeks", EU_IV)
        },
        Regimen {
            after: &[IV_0_2_6, IV_0_2_6_10],
            condition: Some(Condition::LossOfResponse),
            ..reg(MAINT, Route::Iv, (MG, 300.0, 300.0), &[Every4Weeks], EU, "300 mg IV every 4 weeks for a decrease in response", EU_Q4W)
        },
        Regimen {
            after: &[IV_0_2],
            ..reg(MAINT, Route::Sc, (MG, 108.0, 108.0), &[Every2Weeks], EU, "108 mg SC every 2 weeks, in place of the next IV dose after at least two", EU_SC)
        },
    ],
    documents: &[ENTYVIO_US, ENTYVIO_EU],
    silent: &[
        silent(Label::Us, Section::DosageRenal, ENTYVIO_US.unverified_at("2 Dosage and Administration")),
        silent(Label::Us, Section::DosageHepatic, ENTYVIO_US.unverified_at("2 Dosage and Administration")),
        silent(Label::Us, Section::HepatitisB, ENTYVIO_US.unverified_at("5 Warnings and Precautions (5.1-5.5 as summarised in the ISI)")),
        silent(Label::Us, Section::Malignancy, ENTYVIO_US.unverified_at("5 Warnings and Precautions")),
        silent(Label::Us, Section::Cardiovascular, ENTYVIO_US.unverified_at("5 Warnings and Precautions")),
        silent(Label::Us, Section::Thrombosis, ENTYVIO_US.unverified_at("5 Warnings and Precautions")),
        silent(Label::Us, Section::Hematologic, ENTYVIO_US.unverified_at("5 Warnings and Precautions")),
        silent(Label::Us, Section::InfectiousAgents, ENTYVIO_US.unverified_at("5.5 Immunizations; 7 Drug Interactions")),
        silent(Label::Us, Section::Reproductive, ENTYVIO_US.unverified_at("8.3 Females and Males of Reproductive Potential")),
        silent(Label::Us, Section::Geriatric, ENTYVIO_US.unverified_at("8.5 Geriatric Use")),
        silent(Label::Us, Section::Renal, ENTYVIO_US.unverified_at("8.6 (absent) / 12.3 Specific Populations")),
        silent(Label::Us, Section::Hepatic, ENTYVIO_US.unverified_at("8.7 (absent) / 12.3 Specific Populations")),
        silent(Label::Eu, Section::HepatitisB, ENTYVIO_EU.unverified_at("4.4 Special warnings and precautions")),
        silent(Label::Eu, Section::Cardiovascular, ENTYVIO_EU.unverified_at("4.3/4.4")),
        silent(Label::Eu, Section::Thrombosis, ENTYVIO_EU.unverified_at("4.4")),
        silent(Label::Eu, Section::Hepatotoxicity, ENTYVIO_EU.unverified_at("4.4")),
        silent(Label::Eu, Section::Hematologic, ENTYVIO_EU.unverified_at("4.4")),
        silent(Label::Eu, Section::InfectiousAgents, ENTYVIO_EU.unverified_at("4.4/4.5")),
    ],
    not_checked: &[
        "2.2 (US) / 4.2 (EU): stop without benefit by week 14 (follow-up data)",
        "EU 4.2: the week-10 dose is for patients without a response (not read in the SmPC; the record's response to the first doses is not read)",
    ],
};
