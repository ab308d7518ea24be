//! Budesonide, ileal-release capsules (ENTOCORT EC; EU national products
//! such as Entocort/Entocord and Budenofalk). UCERIS tablets, TARPEYO and
//! inhaled budesonide are other products (see the vocabulary). Active
//! disease: 9 mg daily for up to 8 weeks, from 8 years and more than 25 kg;
//! 6 mg maintenance is for adults (US up to 3 months).

use super::*;
use crate::clinical::plan::Frequency::*;
use crate::source::labels::{ENTOCORD_EU, ENTOCORT_DK, ENTOCORT_US};

const CHILD: Population =
    Population::ages(Band::at_least(8.0).below(18.0)).weighing(Band::more_than(25.0));
const EU_CHILD: Population =
    Population::ages(Band::at_least(8.0).below(18.0)).weighing(Band::more_than(25.0));

pub static ENTRY: Entry = Entry {
    drug: Drug::Budesonide,
    name: "Budesonide",
    class: Class::Corticosteroid,
    advanced: false,
    regimens: &[
        Regimen {
            max_days: Some(56.0),
            ..reg(IND, Route::Oral, (MG, 9.0, 9.0), &[Daily], US, "adults: 9 mg once daily for up to 8 weeks (repeat 8-week courses for recurring episodes)", ENTOCORT_US.at("2.2 Treatment of Mild to Moderate Active Crohn's Disease: adults"))
        },
        Regimen {
            max_days: Some(92.0),
            after: &[Induction {
                route: Route::Oral,
                unit: MG,
                doses: &[],
                weeks: None,
                maintenance_from_week: 0.0,
                text: "after an 8-week course for active disease, once symptoms are controlled (CDAI < 150)",
            }],
            ..reg(MAINT, Route::Oral, (MG, 6.0, 6.0), &[Daily], US, "adults: 6 mg once daily for up to 3 months, then taper to stop", ENTOCORT_US.at("2.3 Maintenance of Clinical Remission of Mild to Moderate Crohn's Disease"))
        },
        Regimen {
            max_days: Some(56.0),
            population: CHILD,
            section: Section::DosagePediatric,
            ..reg(IND, Route::Oral, (MG, 9.0, 9.0), &[Daily], US, "8 to 17 years, more than 25 kg: 9 mg once daily for up to 8 weeks", ENTOCORT_US.at("2.2 Treatment of Mild to Moderate Active Crohn's Disease: pediatric patients 8 to 17 years who weigh more than 25 kg"))
        },
        Regimen {
            max_days: Some(14.0),
            population: CHILD,
            section: Section::DosagePediatric,
            ..reg(IND, Route::Oral, (MG, 6.0, 6.0), &[Daily], US, "8 to 17 years, more than 25 kg: then 6 mg once daily for 2 weeks (no maintenance in children)", ENTOCORT_US.at("2.2 Treatment of Mild to Moderate Active Crohn's Disease: pediatric patients 8 to 17 years who weigh more than 25 kg"))
        },
        Regimen {
            max_days: Some(56.0),
            ..reg(IND, Route::Oral, (MG, 9.0, 9.0), &[Daily], EU, "adults: 9 mg once daily in the morning for up to 8 weeks", ENTOCORD_EU.at("4.2 Posology: adults, active Crohn's disease"))
        },
        Regimen {
            max_days: Some(56.0),
            population: EU_CHILD,
            section: Section::DosagePediatric,
            ..reg(IND, Route::Oral, (MG, 9.0, 9.0), &[Daily], EU, "8 years and older, more than 25 kg: 9 mg once daily for up to 8 weeks, then the lowest effective dose", ENTOCORD_EU.at("4.2 Posology: paediatric population"))
        },
    ],
    documents: &[ENTOCORT_US, ENTOCORD_EU, ENTOCORT_DK],
    silent: &[
        silent(Label::Us, Section::HepatitisB, ENTOCORT_US.unverified_at("5.3 Immunosuppression and Increased Risk of Infection (revised 06/2024; its hepatitis B paragraph, if any, not read)")),
        silent(Label::Us, Section::Vaccines, ENTOCORT_US.unverified_at("5.3 (06/2024 body not read), 7 (not read), 17 (read: no vaccine statement)")),
        silent(Label::Us, Section::InfectiousAgents, ENTOCORT_US.unverified_at("5.3 and 7 (not read in full): no therapeutic infectious agent in the parts read")),
        silent(Label::Us, Section::Reproductive, ENTOCORT_US.unverified_at("8 Use in Specific Populations: 8.3 believed absent (not read)")),
        silent(Label::Us, Section::Geriatric, ENTOCORT_US.unverified_at("8.5 Geriatric Use (not read); 2 gives no dose by age")),
        silent(Label::Us, Section::Renal, ENTOCORT_US.unverified_at("8 Use in Specific Populations: no renal subsection known (not read)")),
        silent(Label::Us, Section::DosageRenal, ENTOCORT_US.unverified_at("2 Dosage and Administration (2.1-2.3 read; Highlights dosage read up to the prednisolone switch)")),
        silent(Label::Us, Section::Thrombosis, ENTOCORT_US.unverified_at("5 Warnings and Precautions: subsection list 5.1-5.5 (titles read via SrLC and the 6 Adverse Reactions cross-references)")),
        silent(Label::Us, Section::Hepatotoxicity, ENTOCORT_US.unverified_at("5 Warnings and Precautions subsection list (titles)")),
        silent(Label::Us, Section::Hematologic, ENTOCORT_US.unverified_at("5 Warnings and Precautions subsection list (titles)")),
        silent(Label::Eu, Section::DosageRenal, ENTOCORD_EU.at("4.2 Posología y forma de administración; 5.2")),
        silent(Label::Eu, Section::DosageHepatic, ENTOCORD_EU.at("4.2 Posología y forma de administración")),
        silent(Label::Eu, Section::Tuberculosis, ENTOCORD_EU.at("4.4 Advertencias y precauciones especiales de empleo")),
        silent(Label::Eu, Section::HepatitisB, ENTOCORD_EU.at("4.4")),
        silent(Label::Eu, Section::Malignancy, ENTOCORD_EU.at("4.4; 5.3 (preclinical)")),
        silent(Label::Eu, Section::Thrombosis, ENTOCORD_EU.at("4.4")),
        silent(Label::Eu, Section::Hepatotoxicity, ENTOCORD_EU.at("4.4")),
        silent(Label::Eu, Section::Hematologic, ENTOCORD_EU.at("4.4")),
        silent(Label::Eu, Section::Vaccines, ENTOCORD_EU.at("4.4, 4.5, 4.6")),
        silent(Label::Eu, Section::InfectiousAgents, ENTOCORD_EU.at("4.4, 4.5")),
        silent(Label::Eu, Section::Reproductive, ENTOCORD_EU.at("4.6 Fertilidad, embarazo y lactancia")),
        silent(Label::Eu, Section::Renal, ENTOCORD_EU.at("4.2; 5.2")),
    ],
    not_checked: &[
        "EU national labels differ: Budenofalk (UK) not under 12 years; the Danish Entocort leaflet: not for children, and 6 mg daily to prevent relapse without a time limit; Spain (the SmPC encoded): from 8 years and more than 25 kg, and no maintenance regimen",
        "2.3: maintenance beyond 3 months has shown no substantial benefit; taper to stop (follow-up data)",
    ],
};
