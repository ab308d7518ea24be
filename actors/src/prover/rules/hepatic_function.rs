//! Liver function, as each label speaks of it (upadacitinib has a rule of its
//! own, `upadacitinib_hepatic`): azathioprine is contraindicated in severe
//! hepatic impairment (EU; read as Child-Pugh C), methotrexate with a
//! bilirubin above 5 mg/dL and with alcohol abuse (EU), budesonide avoided in
//! Child-Pugh C (US); statements about impaired function in general are
//! reported when the record shows an impairment (Child-Pugh A or worse).

use crate::clinical::formulary::Drug::*;
use crate::clinical::labs::Analyte::Bilirubin;
use crate::clinical::patient::ChildPugh;
use crate::prover::rule::Rule;
use crate::prover::statement::{eu, us, Basis::*, Param, Statement};
use crate::prover::verdict::Severity;
use crate::source::labels::*;
use crate::source::Section;

use super::triggered;

pub static RULE: Rule = Rule {
    id: "hepatic_function",
    severity: Severity::Contraindication,
    section: Section::Hepatic,
    text: "no drug the label contraindicates at the patient's liver function (Child-Pugh class, bilirubin, alcohol abuse)",
    sources: &[],
    statements: STATEMENTS,
    fallback: false,
    check: triggered::check,
};

const IMPAIRED: Param = Param::ChildPugh(ChildPugh::A);
const SEVERE: Param = Param::ChildPugh(ChildPugh::C);
const DOSE: Section = Section::DosageHepatic;

static STATEMENTS: &[Statement] = &[
    eu(Infliximab, Conditional, "infliximab has not been studied in hepatic impairment: no dose recommendations can be made", INFLIXIMAB_EU.at("4.2 Special populations: renal and/or hepatic impairment")).with(IMPAIRED).under(DOSE),
    eu(Adalimumab, Conditional, "Humira has not been studied in hepatic impairment: no dose recommendations can be made", HUMIRA_EU.at("4.2 Special populations: renal and/or hepatic impairment")).with(IMPAIRED).under(DOSE),
    eu(Ustekinumab, Conditional, "ustekinumab has not been studied in hepatic impairment: no dose recommendations can be made", STELARA_EU.unverified_at("4.2 Renal and hepatic impairment (not read)")).with(IMPAIRED).under(DOSE),
    eu(Vedolizumab, Conditional, "vedolizumab has not been studied in hepatic impairment: no dose recommendations can be made", ENTYVIO_EU.at("4.2 Renal and hepatic impairment")).with(IMPAIRED).under(DOSE),
    eu(Risankizumab, Allowed, "hepatic impairment is not expected to affect the pharmacokinetics of monoclonal antibodies: no dose adjustment is considered necessary", SKYRIZI_EU.unverified_at("4.2 Special populations: renal or hepatic impairment (read in an EU-worded copy)")).with(IMPAIRED).under(DOSE),
    eu(Azathioprine, Contraindication, "severe hepatic impairment (read as Child-Pugh C: the label gives no class)", IMMUFALK_EU.at("4.3 Contraindications; 4.2")).with(SEVERE),
    eu(Azathioprine, Advice, "in hepatic insufficiency give the lowest doses of the normal range", IMMUFALK_EU.at("4.2 Use in renal and/or hepatic insufficiency")).with(IMPAIRED).under(DOSE),
    us(Mercaptopurine, Advice, "hepatic impairment: use the lowest recommended starting dose", MERCAPTOPURINE_US.at("Highlights: Dosage and Administration (2.3, 8.7)")).with(IMPAIRED).under(DOSE),
    eu(Mercaptopurine, Advice, "consider reducing the starting dose in hepatic impairment (exposure 1.6 times higher without cirrhosis, 6 times with it)", MERCAPTOPURINE_EU.at("4.2 Hepatic impairment; 5.2")).with(IMPAIRED).under(DOSE),
    us(Methotrexate, Advice, "avoid alcohol during methotrexate treatment; report signs of hepatic toxicity", METHOTREXATE_US.at("17 Patient Counseling Information (methotrexate injection)")),
    eu(Methotrexate, Contraindication, "hepatic impairment (bilirubin > 5 mg/dl [85.5 umol/l])", METOJECT_EU.at("4.3 Contraindications (the Jylamvo class text)")).with(Param::Above(Bilirubin, 5.0)),
    eu(Methotrexate, Contraindication, "alcohol abuse", METOJECT_EU.at("4.3 Contraindications (the Jylamvo class text)")).with(Param::Conditions(&["alcohol abuse", "alcohol use disorder", "alcoholism", "alcohol dependence", "alcoholic liver disease"])),
    us(Budesonide, Avoid, "use should be avoided in severe hepatic impairment (Child-Pugh C)", ENTOCORT_US.unverified_at("2 Dosage in hepatic impairment; 8.6 (read in secondary summaries)")).with(SEVERE),
    us(Budesonide, Advice, "moderate hepatic impairment (Child-Pugh B): monitor for hypercorticism and consider reducing the dose (3 mg once daily)", ENTOCORT_US.unverified_at("2 Dosage in hepatic impairment (read in secondary summaries; an earlier revision's Hepatic Insufficiency read)")).with(Param::ChildPugh(ChildPugh::B)).under(DOSE),
    eu(Budesonide, Advice, "reduced liver function may affect the elimination of glucocorticosteroids (higher systemic availability)", ENTOCORD_EU.at("4.4 Special warnings and precautions")).with(IMPAIRED),
];
