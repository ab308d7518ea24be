//! Infliximab (REMICADE and its biosimilars IV; ZYMFENTRA and Remsima SC).
//! The US gives three IV induction doses; the EU two for luminal disease (the
//! week-6 dose is the first maintenance dose) and three for fistulising
//! disease and children. Subcutaneous forms are for adults only.

use super::*;
use crate::clinical::plan::Frequency::*;
use crate::source::labels::{INFLIXIMAB_EU, REMICADE_US, ZYMFENTRA_US};

const US_ADULT: Source = REMICADE_US.at("2.1 Crohn's Disease (INFLECTRA text)");
const US_CHILD: Source = REMICADE_US.at("2.2 Pediatric Crohn's Disease (INFLECTRA text)");
const EU_ADULT: Source = INFLIXIMAB_EU
    .at("4.2 Posology: adults, moderately to severely active and fistulising Crohn's disease");
const EU_CHILD: Source =
    INFLIXIMAB_EU.at("4.2 Posology: paediatric population, Crohn's disease (6 to 17 years)");
const EU_SC: Source = INFLIXIMAB_EU.at("Remsima 120 mg SC SmPC 4.2 Posology: Crohn's disease");

const IV_0_2_6: Induction = Induction {
    route: Route::Iv,
    unit: MGKG,
    doses: &[(0.0, Some(5.0)), (2.0, Some(5.0)), (6.0, Some(5.0))],
    weeks: None,
    maintenance_from_week: 14.0,
    text: "5 mg/kg IV at weeks 0, 2 and 6, then every 8 weeks (week 14)",
};
/// EU luminal disease: two doses, the week-6 dose is the first maintenance dose.
const IV_0_2: Induction = Induction {
    doses: &[(0.0, Some(5.0)), (2.0, Some(5.0))],
    maintenance_from_week: 6.0,
    text: "EU, luminal disease: 5 mg/kg IV at weeks 0 and 2; maintenance 5 mg/kg at week 6, then every 8 weeks",
    ..IV_0_2_6
};
/// ZYMFENTRA follows the three IV doses, from week 10.
const ZYMFENTRA_AFTER: Induction = Induction {
    maintenance_from_week: 10.0,
    text: "5 mg/kg IV at weeks 0, 2 and 6, then ZYMFENTRA 120 mg SC every 2 weeks from week 10",
    ..IV_0_2_6
};
/// Remsima SC starts 4 weeks after two IV doses.
const REMSIMA_AFTER: Induction = Induction {
    text: "5 mg/kg IV at weeks 0 and 2, then Remsima 120 mg SC every 2 weeks from week 6",
    ..IV_0_2
};

const CHILD: Population = Population::ages(Band::at_least(6.0).below(18.0));

pub static ENTRY: Entry = Entry {
    drug: Drug::Infliximab,
    name: "Infliximab",
    class: Class::AntiTnf,
    advanced: true,
    regimens: &[
        // Each induction dose as its own `once` item; q2w/q4w items with a
        // duration are how earlier clients wrote the same schedule.
        reg(IND, Route::Iv, (MGKG, 5.0, 5.0), &[Once, Every2Weeks, Every4Weeks], US, "adults: 5 mg/kg IV at weeks 0, 2 and 6", US_ADULT),
        Regimen {
            after: &[IV_0_2_6],
            ..reg(MAINT, Route::Iv, (MGKG, 5.0, 5.0), &[Every8Weeks], US, "adults: 5 mg/kg IV every 8 weeks", US_ADULT)
        },
        Regimen {
            after: &[IV_0_2_6],
            condition: Some(Condition::LossOfResponse),
            ..reg(MAINT, Route::Iv, (MGKG, 5.0, 10.0), &[Every8Weeks], US, "up to 10 mg/kg for adults who respond and then lose their response", US_ADULT)
        },
        Regimen {
            population: CHILD,
            section: Section::DosagePediatric,
            ..reg(IND, Route::Iv, (MGKG, 5.0, 5.0), &[Once, Every2Weeks, Every4Weeks], US, "children 6 years and older: 5 mg/kg IV at weeks 0, 2 and 6", US_CHILD)
        },
        Regimen {
            population: CHILD,
            section: Section::DosagePediatric,
            after: &[IV_0_2_6],
            ..reg(MAINT, Route::Iv, (MGKG, 5.0, 5.0), &[Every8Weeks], US, "children 6 years and older: 5 mg/kg IV every 8 weeks (no escalation)", US_CHILD)
        },
        Regimen {
            population: CHILD,
            section: Section::DosagePediatric,
            ..reg(IND, Route::Iv, (MGKG, 5.0, 5.0), &[Once, Every2Weeks, Every4Weeks], EU, "children 6 to 17 years: 5 mg/kg IV at weeks 0, 2 and 6", EU_CHILD)
        },
        Regimen {
            population: CHILD,
            section: Section::DosagePediatric,
            after: &[IV_0_2_6],
            ..reg(MAINT, Route::Iv, (MGKG, 5.0, 5.0), &[Every8Weeks], EU, "children 6 to 17 years: 5 mg/kg IV every 8 weeks", EU_CHILD)
        },
        reg(IND, Route::Iv, (MGKG, 5.0, 5.0), &[Once, Every2Weeks, Every4Weeks], EU, "adults: 5 mg/kg IV at weeks 0 and 2 (luminal) or 0, 2 and 6 (fistulising)", EU_ADULT),
        Regimen {
            after: &[IV_0_2, IV_0_2_6],
            ..reg(MAINT, Route::Iv, (MGKG, 5.0, 5.0), &[Every8Weeks], EU, "adults: 5 mg/kg IV every 8 weeks (from week 6 in luminal disease, week 14 in fistulising)", EU_ADULT)
        },
        Regimen {
            after: &[ZYMFENTRA_AFTER],
            ..reg(MAINT, Route::Sc, (MG, 120.0, 120.0), &[Every2Weeks], US, "ZYMFENTRA 120 mg SC every 2 weeks from week 10, after IV induction (adults)", ZYMFENTRA_US.unverified_at("2.2 Recommended Maintenance Dosage (heading and sponsor's dosing page read; the section's text was not)"))
        },
        Regimen {
            after: &[REMSIMA_AFTER],
            ..reg(MAINT, Route::Sc, (MG, 120.0, 120.0), &[Every2Weeks], EU, "Remsima 120 mg SC every 2 weeks, 4 weeks after two IV doses (adults; no SC induction in Crohn's disease)", EU_SC)
        },
    ],
    documents: &[REMICADE_US, INFLIXIMAB_EU, ZYMFENTRA_US],
    silent: &[
        silent(Label::Us, Section::DosageRenal, REMICADE_US.at("2 Dosage and Administration (2.1-2.2): no renal adjustment")),
        silent(Label::Us, Section::DosageHepatic, REMICADE_US.at("2 Dosage and Administration (2.1-2.2): no hepatic adjustment")),
        silent(Label::Us, Section::Thrombosis, REMICADE_US.unverified_at("5 Warnings and Precautions (headings and 5.1-5.6 partly read): no thrombosis warning")),
        silent(Label::Us, Section::Reproductive, REMICADE_US.at("8 Use in Specific Populations (contents: 8.1, 8.2, 8.4, 8.5 only)")),
        silent(Label::Us, Section::Renal, REMICADE_US.at("8 Use in Specific Populations (no 8.6)")),
        silent(Label::Us, Section::Hepatic, REMICADE_US.at("8 Use in Specific Populations (no 8.7)")),
        silent(Label::Eu, Section::Thrombosis, INFLIXIMAB_EU.at("4.4 Special warnings and precautions: no thrombosis warning")),
    ],
    not_checked: &[
        "5.2 Malignancies, 5.4 Hepatotoxicity, 5.6 Hematologic Reactions, 5.9 Neurologic Reactions (monitoring during therapy: reported with the precautions)",
        "2.1 Stop if no response by week 14; EU 4.2: no further treatment after no response to 2 doses (luminal), 3 doses (fistulising), 10 weeks (children): follow-up data",
        "EU 4.2: episodic re-administration within 16 weeks of the last infusion, restart after interruption as a single dose (no re-induction); EU children: a shorter interval than 8 weeks (no interval given); EU adults: 'dose escalation' without a dose",
        "EU 4.2: luminal (weeks 0, 2) and fistulising (weeks 0, 2, 6) inductions are both accepted for any adult: the record's perianal_fistula is not read for the schedule",
    ],
};
