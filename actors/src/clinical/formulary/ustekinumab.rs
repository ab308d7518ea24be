//! Ustekinumab (STELARA and its biosimilars). One weight-band IV dose, then
//! 90 mg SC: every 8 weeks in the US; every 12 weeks in the EU, every 8 for a
//! loss of response. The EU licenses children of at least 40 kg (2025); the
//! US label read is for adults.

use super::*;
use crate::clinical::plan::Frequency::*;
use crate::source::labels::{STELARA_EU, STELARA_US};

const US_DOSING: Source = STELARA_US.at("2 Dosage: Crohn's disease, Table (initial IV dose by weight) and SC maintenance (2016 text; the sponsor's 2026 dosing page restates it)");
const EU_DOSING: Source = STELARA_EU.at("4.2 Posology: Crohn's disease (IV weight bands and SC maintenance read in the package leaflets, section 3)");
const EU_CHILD: Source = STELARA_EU.unverified_at("4.2 Paediatric population, Crohn's disease >= 40 kg (2025): not read; the trial (UNITI Jr) used the adult posology");
const BANDS: &[(f64, f64)] = &[(55.0, 260.0), (85.0, 390.0), (f64::INFINITY, 520.0)];

const IV_ONCE: Induction = Induction {
    route: Route::Iv,
    unit: MG,
    doses: &[(0.0, None)],
    weeks: None,
    maintenance_from_week: 8.0,
    text: "one weight-band IV dose, then 90 mg SC 8 weeks later",
};

const EU_CHILDREN: Population =
    Population::ages(Band::ANY.below(18.0)).weighing(Band::at_least(40.0));

pub static ENTRY: Entry = Entry {
    drug: Drug::Ustekinumab,
    name: "Ustekinumab",
    class: Class::AntiIl12_23,
    advanced: true,
    regimens: &[
        Regimen {
            weight_bands: BANDS,
            ..reg(IND, Route::Iv, (MG, 260.0, 520.0), &[Once], US, "one IV dose: <= 55 kg 260 mg; > 55 to 85 kg 390 mg; > 85 kg 520 mg", US_DOSING)
        },
        Regimen {
            after: &[IV_ONCE],
            ..reg(MAINT, Route::Sc, (MG, 90.0, 90.0), &[Every8Weeks], US, "90 mg SC 8 weeks after the IV dose, then every 8 weeks", US_DOSING)
        },
        Regimen {
            weight_bands: BANDS,
            ..reg(IND, Route::Iv, (MG, 260.0, 520.0), &[Once], EU, "one IV dose: <= 55 kg 260 mg; > 55 to <= 85 kg 390 mg; > 85 kg 520 mg", EU_DOSING)
        },
        Regimen {
            after: &[IV_ONCE],
            ..reg(MAINT, Route::Sc, (MG, 90.0, 90.0), &[Every12Weeks], EU, "90 mg SC at week 8, then every 12 weeks", EU_DOSING)
        },
        Regimen {
            after: &[IV_ONCE],
            condition: Some(Condition::LossOfResponse),
            ..reg(MAINT, Route::Sc, (MG, 90.0, 90.0), &[Every8Weeks], EU, "90 mg SC every 8 weeks for a loss of response (or by clinical judgement)", EU_DOSING)
        },
        Regimen {
            weight_bands: BANDS,
            population: EU_CHILDREN,
            section: Section::DosagePediatric,
            ..reg(IND, Route::Iv, (MG, 260.0, 520.0), &[Once], EU, "children >= 40 kg: the adult weight-band IV dose", EU_CHILD)
        },
        Regimen {
            after: &[IV_ONCE],
            population: EU_CHILDREN,
            section: Section::DosagePediatric,
            ..reg(MAINT, Route::Sc, (MG, 90.0, 90.0), &[Every12Weeks], EU, "children >= 40 kg: 90 mg SC at week 8, then every 12 weeks", EU_CHILD)
        },
        Regimen {
            after: &[IV_ONCE],
            population: EU_CHILDREN,
            section: Section::DosagePediatric,
            condition: Some(Condition::LossOfResponse),
            ..reg(MAINT, Route::Sc, (MG, 90.0, 90.0), &[Every8Weeks], EU, "children >= 40 kg with a loss of response: 90 mg SC every 8 weeks", EU_CHILD)
        },
    ],
    documents: &[STELARA_US, STELARA_EU],
    silent: &[
        silent(Label::Us, Section::Reproductive, STELARA_US.unverified_at("8 Use in Specific Populations: no contraception statement in the parts read (8.3 not found in the copies read)")),
        silent(Label::Us, Section::HepatitisB, STELARA_US.unverified_at("Highlights W&P list (5.1-5.6); 5.1-5.2 (2016)")),
        silent(Label::Us, Section::Cardiovascular, STELARA_US.unverified_at("Highlights W&P list")),
        silent(Label::Us, Section::Thrombosis, STELARA_US.unverified_at("Highlights W&P list")),
        silent(Label::Us, Section::Hepatotoxicity, STELARA_US.unverified_at("Highlights W&P list")),
        silent(Label::Us, Section::Hematologic, STELARA_US.unverified_at("Highlights W&P list")),
        silent(Label::Us, Section::InfectiousAgents, STELARA_US.unverified_at("5.2 Theoretical Risk for Vulnerability to Particular Infections (2016)")),
        silent(Label::Eu, Section::HepatitisB, STELARA_EU.unverified_at("Leaflet section 2 (full); SmPC 4.4 not read")),
        silent(Label::Eu, Section::Thrombosis, STELARA_EU.unverified_at("Leaflet section 2/4")),
        silent(Label::Eu, Section::Hepatotoxicity, STELARA_EU.unverified_at("Leaflet section 2/4")),
        silent(Label::Eu, Section::Hematologic, STELARA_EU.unverified_at("Leaflet section 2/4")),
        silent(Label::Eu, Section::InfectiousAgents, STELARA_EU.unverified_at("Leaflet section 2 (SmPC 4.4/4.5 not read)")),
        silent(Label::Us, Section::DosageRenal, STELARA_US.at("2 Dosage and Administration (2016 text): no renal adjustment")),
        silent(Label::Us, Section::DosageHepatic, STELARA_US.at("2 Dosage and Administration (2016 text): no hepatic adjustment")),
    ],
    not_checked: &[
        "EU 4.2: a second SC dose at week 16 for an inadequate response at week 8; stop without benefit 16 weeks after the IV dose or after the switch to every 8 weeks (not read)",
        "US 1.3 and 2.4 were revised 04/2026 (probably children 2 years and older, after the sponsor's June 2025 application): not read, so the US regimens here are the adults'",
    ],
};
