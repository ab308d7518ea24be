//! Adalimumab (HUMIRA and its biosimilars). The US induction is 160/80 mg;
//! the EU's standard is 80/40 mg with 160/80 mg for a more rapid response.
//! Children from 6 years take doses by weight band (US from 17 kg), and only
//! the EU label escalates.

use super::*;
use crate::clinical::plan::Frequency::*;
use crate::source::labels::{HUMIRA_EU, HUMIRA_US};

const US_ADULT: Source = HUMIRA_US.at("2.4 Recommended Dosage in Crohn's Disease: adults");
const US_CHILD: Source = HUMIRA_US
    .at("2.4 Recommended Dosage in Crohn's Disease: pediatric patients 6 years and older (table)");
const EU_ADULT: Source = HUMIRA_EU.at("4.2 Posology: Crohn's disease (adults)");
const EU_CHILD: Source = HUMIRA_EU.at("4.2 Posology: paediatric Crohn's disease (Table 4)");

const fn sc(doses: &'static [(f64, Option<f64>)], text: &'static str) -> Induction {
    Induction {
        route: Route::Sc,
        unit: MG,
        doses,
        weeks: None,
        maintenance_from_week: 4.0,
        text,
    }
}

const I160_80: Induction = sc(
    &[(0.0, Some(160.0)), (2.0, Some(80.0))],
    "160 mg at week 0 (one day or split over two), 80 mg at week 2, maintenance from week 4",
);
const I80_40: Induction = sc(
    &[(0.0, Some(80.0)), (2.0, Some(40.0))],
    "80 mg at week 0, 40 mg at week 2, maintenance from week 4",
);
const I40_20: Induction = sc(
    &[(0.0, Some(40.0)), (2.0, Some(20.0))],
    "40 mg at week 0, 20 mg at week 2, maintenance from week 4",
);

const CHILD: Band = Band::at_least(6.0).below(18.0);
const US_17_40: Population = Population::ages(CHILD).weighing(Band::at_least(17.0).below(40.0));
const US_40: Population = Population::ages(CHILD).weighing(Band::at_least(40.0));
const EU_BELOW_40: Population = Population::ages(CHILD).weighing(Band::ANY.below(40.0));
const EU_40: Population = US_40;

/// A paediatric regimen.
const fn child(population: Population, r: Regimen) -> Regimen {
    Regimen {
        population,
        section: Section::DosagePediatric,
        ..r
    }
}

pub static ENTRY: Entry = Entry {
    drug: Drug::Adalimumab,
    name: "Adalimumab",
    class: Class::AntiTnf,
    advanced: true,
    regimens: &[
        // Adults, US: 160 mg day 1, 80 mg day 15, 40 mg every other week from day 29.
        reg(IND, Route::Sc, (MG, 80.0, 160.0), &[Once], US, "adults: 160 mg on day 1 (one day or split over two), 80 mg on day 15", US_ADULT),
        Regimen {
            after: &[I160_80],
            ..reg(MAINT, Route::Sc, (MG, 40.0, 40.0), &[Every2Weeks], US, "adults: 40 mg every other week from day 29", US_ADULT)
        },
        // Adults, EU: 80/40 mg, or 160/80 mg for a more rapid response.
        reg(IND, Route::Sc, (MG, 40.0, 160.0), &[Once], EU, "adults: 80 mg at week 0 and 40 mg at week 2, or 160 mg and 80 mg for a more rapid response", EU_ADULT),
        Regimen {
            after: &[I80_40, I160_80],
            ..reg(MAINT, Route::Sc, (MG, 40.0, 40.0), &[Every2Weeks], EU, "adults: 40 mg every other week after induction", EU_ADULT)
        },
        Regimen {
            after: &[I80_40, I160_80],
            condition: Some(Condition::LossOfResponse),
            ..reg(MAINT, Route::Sc, (MG, 40.0, 40.0), &[Weekly], EU, "adults with a decrease in response: 40 mg every week", EU_ADULT)
        },
        Regimen {
            after: &[I80_40, I160_80],
            condition: Some(Condition::LossOfResponse),
            ..reg(MAINT, Route::Sc, (MG, 80.0, 80.0), &[Every2Weeks], EU, "adults with a decrease in response: 80 mg every other week", EU_ADULT)
        },
        // Children, US (6 years and older, from 17 kg).
        child(US_17_40, reg(IND, Route::Sc, (MG, 40.0, 80.0), &[Once], US, "children 17 to < 40 kg: 80 mg on day 1, 40 mg on day 15", US_CHILD)),
        child(US_17_40, Regimen {
            after: &[I80_40],
            ..reg(MAINT, Route::Sc, (MG, 20.0, 20.0), &[Every2Weeks], US, "children 17 to < 40 kg: 20 mg every other week from day 29", US_CHILD)
        }),
        child(US_40, reg(IND, Route::Sc, (MG, 80.0, 160.0), &[Once], US, "children >= 40 kg: 160 mg on day 1 (one day or split over two), 80 mg on day 15", US_CHILD)),
        child(US_40, Regimen {
            after: &[I160_80],
            ..reg(MAINT, Route::Sc, (MG, 40.0, 40.0), &[Every2Weeks], US, "children >= 40 kg: 40 mg every other week from day 29", US_CHILD)
        }),
        // Children, EU (6 to 17 years; no lower weight limit).
        child(EU_BELOW_40, reg(IND, Route::Sc, (MG, 20.0, 80.0), &[Once], EU, "children < 40 kg: 40 mg at week 0 and 20 mg at week 2, or 80 mg and 40 mg for a more rapid response", EU_CHILD)),
        child(EU_BELOW_40, Regimen {
            after: &[I40_20, I80_40],
            ..reg(MAINT, Route::Sc, (MG, 20.0, 20.0), &[Every2Weeks], EU, "children < 40 kg: 20 mg every other week from week 4", EU_CHILD)
        }),
        child(EU_BELOW_40, Regimen {
            after: &[I40_20, I80_40],
            condition: Some(Condition::LossOfResponse),
            ..reg(MAINT, Route::Sc, (MG, 20.0, 20.0), &[Weekly], EU, "children < 40 kg with an insufficient response: 20 mg every week", EU_CHILD)
        }),
        child(EU_40, reg(IND, Route::Sc, (MG, 40.0, 160.0), &[Once], EU, "children >= 40 kg: 80 mg at week 0 and 40 mg at week 2, or 160 mg and 80 mg for a more rapid response", EU_CHILD)),
        child(EU_40, Regimen {
            after: &[I80_40, I160_80],
            ..reg(MAINT, Route::Sc, (MG, 40.0, 40.0), &[Every2Weeks], EU, "children >= 40 kg: 40 mg every other week from week 4", EU_CHILD)
        }),
        child(EU_40, Regimen {
            after: &[I80_40, I160_80],
            condition: Some(Condition::LossOfResponse),
            ..reg(MAINT, Route::Sc, (MG, 40.0, 40.0), &[Weekly], EU, "children >= 40 kg with an insufficient response: 40 mg every week", EU_CHILD)
        }),
        child(EU_40, Regimen {
            after: &[I80_40, I160_80],
            condition: Some(Condition::LossOfResponse),
            ..reg(MAINT, Route::Sc, (MG, 80.0, 80.0), &[Every2Weeks], EU, "children >= 40 kg with an insufficient response: 80 mg every other week", EU_CHILD)
        }),
    ],
    documents: &[HUMIRA_US, HUMIRA_EU],
    silent: &[
        silent(Label::Us, Section::DosageRenal, HUMIRA_US.at("2 Dosage and Administration (2.1-2.8): no renal adjustment")),
        silent(Label::Us, Section::DosageHepatic, HUMIRA_US.at("2 Dosage and Administration (2.1-2.8): no hepatic adjustment")),
        silent(Label::Us, Section::Thrombosis, HUMIRA_US.at("5 Warnings and Precautions (5.1-5.11)")),
        silent(Label::Us, Section::InfectiousAgents, HUMIRA_US.at("5.10 Immunizations; 7 Drug Interactions: no therapeutic infectious agents")),
        silent(Label::Us, Section::Reproductive, HUMIRA_US.at("8 Use in Specific Populations (no 8.3)")),
        silent(Label::Us, Section::Renal, HUMIRA_US.at("8 Use in Specific Populations (no 8.6); 12.3: no pharmacokinetic data")),
        silent(Label::Us, Section::Hepatic, HUMIRA_US.at("8 Use in Specific Populations (no 8.7); 12.3: no pharmacokinetic data")),
        silent(Label::Eu, Section::Thrombosis, HUMIRA_EU.at("4.4 Special warnings and precautions")),
        silent(Label::Eu, Section::Hepatotoxicity, HUMIRA_EU.at("4.4 Special warnings and precautions (2022 text; no liver-injury warning)")),
        silent(Label::Eu, Section::InfectiousAgents, HUMIRA_EU.at("4.4 Vaccinations; 4.5 Interactions")),
    ],
    not_checked: &[
        "EU 4.2: continued therapy reconsidered without a response by week 12 (follow-up data)",
        "2.4 (US) / 4.2 (EU): 160 mg may be split over two consecutive days: a plan writes it as one dose at week 0",
    ],
};
