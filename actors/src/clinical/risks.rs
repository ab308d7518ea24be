//! The known risks of each drug, from its label or a trial or cohort, with
//! the figure where one was read and `no_data` where none was: a list never
//! left empty, so that silence is not read as "no risk".

use serde::Serialize;

use super::formulary::Drug;
use crate::source::labels::{
    ENTOCORT_US, HUMIRA_US, IMURAN_US, METHOTREXATE_US, REMICADE_US, RINVOQ_US, SKYRIZI_US,
};
use crate::source::{
    Source, CESAME, FEAGAN_MTX_2000, KIRCHGESNER_2018, KOTLYAR_2011, PANTS, PANTS_INCIDENCE,
    USTEKINUMAB_SAFETY, VEDOLIZUMAB_SAFETY,
};

/// How a risk is stated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// A label warning, without a rate.
    LabelWarning,
    /// A share of patients over the period in `population`.
    Proportion,
    /// Events per 100 (or 1000, as `per` says) patient-years.
    Rate,
    HazardRatio,
    /// No figure was read for this event with this drug.
    NoData,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Risk {
    pub event: &'static str,
    pub measure: Measure,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub estimate: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ci95: Option<[f64; 2]>,
    /// Who and over what period (or the unit of a rate).
    pub population: &'static str,
    pub source: Source,
}

const fn warning(event: &'static str, source: Source) -> Risk {
    Risk {
        event,
        measure: Measure::LabelWarning,
        estimate: None,
        ci95: None,
        population: "label warning",
        source,
    }
}

const fn no_data(event: &'static str, why: &'static str, source: Source) -> Risk {
    Risk {
        event,
        measure: Measure::NoData,
        estimate: None,
        ci95: None,
        population: why,
        source,
    }
}

const ANTI_TNF_BOX: &str = "serious infections and malignancy (boxed warning)";

static INFLIXIMAB: &[Risk] = &[
    warning(ANTI_TNF_BOX, REMICADE_US.at("Boxed Warning: serious infections and malignancy, including hepatosplenic T-cell lymphoma with azathioprine or 6-mercaptopurine")),
    Risk {
        event: "anti-drug antibodies by week 54",
        measure: Measure::Proportion,
        estimate: Some(0.628),
        ci95: Some([0.590, 0.663]),
        population: "anti-TNF-naive Crohn's disease, PANTS cohort",
        source: PANTS_INCIDENCE,
    },
    no_data("serious infection rate", "no trial rate for infliximab was verified", REMICADE_US.at("5.1 Serious Infections")),
];

static ADALIMUMAB: &[Risk] = &[
    warning(
        ANTI_TNF_BOX,
        HUMIRA_US.unverified_at("Boxed Warning: serious infections and malignancy"),
    ),
    Risk {
        event: "anti-drug antibodies by week 54",
        measure: Measure::Proportion,
        estimate: Some(0.285),
        ci95: Some([0.240, 0.327]),
        population: "anti-TNF-naive Crohn's disease, PANTS cohort",
        source: PANTS_INCIDENCE,
    },
    no_data(
        "serious infection rate",
        "no trial rate for adalimumab was verified",
        HUMIRA_US.unverified_at("5.1 Serious Infections"),
    ),
];

static USTEKINUMAB: &[Risk] = &[Risk {
    event: "serious infection",
    measure: Measure::Proportion,
    estimate: Some(3.0 / 131.0),
    ci95: None,
    population:
        "IM-UNITI, 90 mg every 8 weeks, to maintenance week 44 (3 of 131; placebo 3 of 133)",
    source: USTEKINUMAB_SAFETY,
}];

static VEDOLIZUMAB: &[Risk] = &[
    Risk {
        event: "serious infection",
        measure: Measure::Rate,
        estimate: Some(5.6),
        ci95: Some([4.6, 6.5]),
        population: "per 100 patient-years, Crohn's disease, controlled and open-label trials (N 1723; placebo 3.0)",
        source: VEDOLIZUMAB_SAFETY,
    },
];

static RISANKIZUMAB: &[Risk] = &[
    warning(
        "drug-induced liver injury: liver tests before and during induction",
        SKYRIZI_US.unverified_at(
            "5 Hepatotoxicity in treatment of Crohn's disease (AbbVie safety information)",
        ),
    ),
    no_data(
        "serious infection rate",
        "FORTIFY's safety figures were not read",
        SKYRIZI_US.unverified_at("5 Infections (AbbVie safety information)"),
    ),
];

static UPADACITINIB: &[Risk] = &[
    warning("serious infections, mortality, malignancy, major adverse cardiovascular events and thrombosis (boxed warning)", RINVOQ_US.at("Boxed Warning")),
    no_data("herpes zoster rate", "U-ENDURE's zoster figures by arm were not read", RINVOQ_US.at("5.1 Serious Infections")),
];

const THIOPURINE_LYMPHOMA: Risk = Risk {
    event: "lymphoproliferative disorder while on a thiopurine",
    measure: Measure::Rate,
    estimate: Some(0.90),
    ci95: Some([0.50, 1.49]),
    population: "per 1000 patient-years (never exposed 0.26; adjusted HR 5.28, 2.01-13.9), CESAME cohort of IBD patients",
    source: CESAME,
};
const HSTCL: Risk = no_data(
    "hepatosplenic T-cell lymphoma",
    "case series only (36 cases: 20 with infliximab and a thiopurine, 16 with a thiopurine alone, most under 35): no incidence",
    KOTLYAR_2011,
);

static AZATHIOPRINE: &[Risk] = &[
    warning(
        "malignancy (boxed warning)",
        IMURAN_US.unverified_at("Boxed Warning: malignancy"),
    ),
    THIOPURINE_LYMPHOMA,
    HSTCL,
];

static MERCAPTOPURINE: &[Risk] = &[THIOPURINE_LYMPHOMA, HSTCL];

static METHOTREXATE: &[Risk] = &[
    warning(
        "serious toxic reactions, including embryo-fetal toxicity (boxed warning)",
        METHOTREXATE_US.unverified_at("Boxed Warning"),
    ),
    Risk {
        event: "severe adverse event",
        measure: Measure::Proportion,
        estimate: Some(0.0),
        ci95: None,
        population: "0 of 40 on 15 mg IM weekly over 40 weeks of maintenance",
        source: FEAGAN_MTX_2000,
    },
];

static BUDESONIDE: &[Risk] = &[
    warning(
        "hypercorticism and adrenal axis suppression",
        ENTOCORT_US.unverified_at("5.1 Hypercorticism and Adrenal Axis Suppression"),
    ),
    no_data(
        "serious infection rate",
        "no rate for budesonide was read",
        ENTOCORT_US.unverified_at("5.3 Immunosuppression and Increased Risk of Infection"),
    ),
];

/// The risks of a drug.
pub fn of(drug: Drug) -> &'static [Risk] {
    match drug {
        Drug::Infliximab => INFLIXIMAB,
        Drug::Adalimumab => ADALIMUMAB,
        Drug::Ustekinumab => USTEKINUMAB,
        Drug::Vedolizumab => VEDOLIZUMAB,
        Drug::Risankizumab => RISANKIZUMAB,
        Drug::Upadacitinib => UPADACITINIB,
        Drug::Azathioprine => AZATHIOPRINE,
        Drug::Mercaptopurine => MERCAPTOPURINE,
        Drug::Methotrexate => METHOTREXATE,
        Drug::Budesonide => BUDESONIDE,
    }
}

/// Anti-TNF with a thiopurine against anti-TNF alone.
pub const COMBINATION_INFECTION: Risk = Risk {
    event: "serious infection, anti-TNF with a thiopurine against anti-TNF alone",
    measure: Measure::HazardRatio,
    estimate: Some(1.23),
    ci95: Some([1.05, 1.45]),
    population: "French national IBD cohort 2009-2014 (opportunistic infection HR 1.96, 1.32-2.91)",
    source: KIRCHGESNER_2018,
};

/// Anti-drug antibodies in HLA-DQA1*05 carriers on an anti-TNF.
pub const HLA_DQA1_05: Risk = Risk {
    event: "anti-drug antibodies, HLA-DQA1*05 carrier on an anti-TNF",
    measure: Measure::HazardRatio,
    estimate: Some(1.90),
    ci95: Some([1.60, 2.25]),
    population: "anti-TNF-naive Crohn's disease, PANTS cohort",
    source: PANTS,
};
