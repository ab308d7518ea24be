//! Kidney function, as each label speaks of it (upadacitinib has a rule of
//! its own, `upadacitinib_renal`): methotrexate is contraindicated below a
//! creatinine clearance of 30 mL/min and halved from 30 to 59 in the EU;
//! thiopurines take the lower doses; the biologics were not studied. Labels
//! give creatinine clearance where the record has eGFR: eGFR is read for it
//! (both in mL/min; an approximation the verdict names). "Renal impairment"
//! without a number is read as KDIGO 2012's decreased GFR (below 60), cited.

use crate::clinical::formulary::Drug::*;
use crate::clinical::labs::Analyte::Egfr;
use crate::prover::rule::Rule;
use crate::prover::statement::{eu, us, Basis::*, Param, Statement};
use crate::prover::verdict::Severity;
use crate::source::labels::*;
use crate::source::Section;

use super::triggered;

pub static RULE: Rule = Rule {
    id: "renal_function",
    severity: Severity::Contraindication,
    section: Section::Renal,
    text: "no drug the label contraindicates at the patient's kidney function, doses reduced as the label says (eGFR read for creatinine clearance)",
    sources: &[],
    statements: STATEMENTS,
    fallback: false,
    check: triggered::check,
};

const DOSE: Section = Section::DosageRenal;

static STATEMENTS: &[Statement] = &[
    eu(Infliximab, Conditional, "infliximab has not been studied in renal impairment: no dose recommendations can be made", INFLIXIMAB_EU.at("4.2 Special populations: renal and/or hepatic impairment")).with(Param::RenalImpairment).under(DOSE),
    eu(Adalimumab, Conditional, "Humira has not been studied in renal impairment: no dose recommendations can be made", HUMIRA_EU.at("4.2 Special populations: renal and/or hepatic impairment")).with(Param::RenalImpairment).under(DOSE),
    eu(Ustekinumab, Conditional, "ustekinumab has not been studied in renal impairment: no dose recommendations can be made", STELARA_EU.unverified_at("4.2 Renal and hepatic impairment (not read)")).with(Param::RenalImpairment).under(DOSE),
    eu(Vedolizumab, Conditional, "vedolizumab has not been studied in renal impairment: no dose recommendations can be made", ENTYVIO_EU.at("4.2 Renal and hepatic impairment")).with(Param::RenalImpairment).under(DOSE),
    eu(Risankizumab, Allowed, "renal impairment is not expected to affect the pharmacokinetics of monoclonal antibodies: no dose adjustment is considered necessary", SKYRIZI_EU.unverified_at("4.2 Special populations: renal or hepatic impairment (read in an EU-worded copy)")).with(Param::RenalImpairment).under(DOSE),
    us(Azathioprine, Advice, "relatively oliguric patients may have delayed clearance and are usually given lower doses", IMURAN_US.unverified_at("Dosage and Administration: use in renal dysfunction")).under(DOSE),
    eu(Azathioprine, Advice, "in renal or hepatic insufficiency give the lowest doses of the normal range and watch the blood counts closely", IMMUFALK_EU.at("4.2 Use in renal and/or hepatic insufficiency; 4.4")).with(Param::RenalImpairment).under(DOSE),
    us(Mercaptopurine, Advice, "renal impairment: use the lowest recommended starting dose or increase the dosing interval", MERCAPTOPURINE_US.at("Highlights: Dosage and Administration (2.3, 8.6)")).with(Param::RenalImpairment).under(DOSE),
    eu(Mercaptopurine, Advice, "consider reducing the starting dose in renal impairment and watch for dose-related adverse reactions", MERCAPTOPURINE_EU.at("4.2 Renal impairment")).with(Param::RenalImpairment).under(DOSE),
    us(Methotrexate, Advice, "methotrexate can cause renal damage; monitor renal function", METHOTREXATE_US.at("5 Renal Toxicity (XATMEP)")),
    eu(Methotrexate, Contraindication, "severe renal impairment (creatinine clearance less than 30 ml/min)", METOJECT_EU.at("4.3 Contraindications (the Jylamvo class text; the Metoject leaflet: severe kidney disease)")).with(Param::Below(Egfr, 30.0)),
    eu(Methotrexate, Dosage, "creatinine clearance 30-59 ml/min: 50% of the dose", METOJECT_EU.unverified_at("4.2 Posology: renal impairment table (not reached in the copies read)")).with(Param::DoseShare { egfr_below: 60.0, share: 0.5 }).under(DOSE),
];
