//! Conditions on the record that a label contraindicates, read from the
//! comorbidity list (absent is not empty): pancreatitis and severe bone
//! marrow impairment with azathioprine; pre-existing blood disorders,
//! immunodeficiency and active peptic ulcers with methotrexate (EU).

use crate::clinical::formulary::Drug::*;
use crate::prover::rule::Rule;
use crate::prover::statement::{eu, Basis::*, Param, Statement};
use crate::prover::verdict::Severity;
use crate::source::labels::*;
use crate::source::Section;

use super::triggered;

pub static RULE: Rule = Rule {
    id: "label_conditions",
    severity: Severity::Contraindication,
    section: Section::Contraindications,
    text: "no condition on the record that the label contraindicates (pancreatitis, bone marrow impairment, blood disorders, immunodeficiency, peptic ulcer)",
    sources: &[],
    statements: STATEMENTS,
    fallback: false,
    check: triggered::check,
};

const MARROW: Param = Param::Conditions(&[
    "bone marrow failure",
    "bone marrow impairment",
    "bone marrow suppression",
    "bone marrow hypoplasia",
    "aplastic anemia",
    "aplastic anaemia",
    "myelodysplastic syndrome",
    "pancytopenia",
]);
const BLOOD: Param = Param::Conditions(&[
    "bone marrow hypoplasia",
    "bone marrow failure",
    "leukopenia",
    "leucopenia",
    "neutropenia",
    "thrombocytopenia",
    "aplastic anemia",
    "aplastic anaemia",
    "pancytopenia",
    "severe anemia",
    "severe anaemia",
]);

static STATEMENTS: &[Statement] = &[
    eu(Azathioprine, Contraindication, "pancreatitis", IMMUFALK_EU.at("4.3 Contraindications")).with(Param::Conditions(&["pancreatitis"])),
    eu(Azathioprine, Contraindication, "severe impairment of bone marrow function", IMMUFALK_EU.at("4.3 Contraindications")).with(MARROW).under(Section::Hematologic),
    eu(Methotrexate, Contraindication, "pre-existing blood disorders such as bone marrow hypoplasia, leukopenia, thrombocytopenia or significant anaemia", METOJECT_EU.at("4.3 Contraindications (the Jylamvo class text; the Metoject leaflet: blood disease)")).with(BLOOD).under(Section::Hematologic),
    eu(Methotrexate, Contraindication, "immunodeficiency", METOJECT_EU.at("4.3 Contraindications (the Jylamvo class text)")).with(Param::Conditions(&["immunodeficiency", "hiv", "aids"])),
    eu(Methotrexate, Contraindication, "known active gastrointestinal (peptic) ulcer disease and ulcers of the oral cavity", METOJECT_EU.at("4.3 Contraindications (the Jylamvo class text)")).with(Param::Conditions(&["peptic ulcer", "gastric ulcer", "duodenal ulcer", "stomatitis"])),
];
