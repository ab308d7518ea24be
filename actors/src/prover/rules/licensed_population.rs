//! Who each label licenses for Crohn's disease, by age and weight: a child
//! below a label's age (or weight) is outside it, whatever the dose. Each
//! statement is about the population it names: the binding ones are the ages
//! a label leaves out; the others say what the label allows or that it has
//! no Crohn's indication at all (thiopurines, US methotrexate: off-label use,
//! reported with every verification).

use crate::clinical::formulary::Drug::*;
use crate::clinical::formulary::{Band, Population};
use crate::prover::rule::Rule;
use crate::prover::statement::{eu, us, Basis::*, Param, Statement};
use crate::prover::verdict::Severity;
use crate::source::labels::*;
use crate::source::Section;

use super::triggered;

pub static RULE: Rule = Rule {
    id: "licensed_population",
    severity: Severity::Contraindication,
    section: Section::Indication,
    text: "the patient's age and weight are within the label's Crohn's disease population (children only from the age, and weight, the label gives)",
    sources: &[],
    statements: STATEMENTS,
    fallback: false,
    check: triggered::check,
};

const fn under(years: f64) -> Param {
    Param::Population(Population::ages(Band::ANY.below(years)))
}
const CHILDREN: Param = under(18.0);
const PED: Section = Section::PediatricUse;

static STATEMENTS: &[Statement] = &[
    // Infliximab: IV from 6 years (US and EU); SC forms adults only (their regimens say so).
    us(Infliximab, LimitationOfUse, "indicated in adults and in pediatric patients 6 years and older with moderately to severely active Crohn's disease: no Crohn's indication below 6 years", REMICADE_US.at("1.1-1.2 Crohn's Disease, Pediatric Crohn's Disease (INFLECTRA Highlights); 2.2")).with(under(6.0)),
    eu(Infliximab, LimitationOfUse, "the safety and efficacy of infliximab have not been studied in children with Crohn's disease below the age of 6 years; no posology can be recommended", INFLIXIMAB_EU.at("4.2 Paediatric population: Crohn's disease (6 to 17 years)")).with(under(6.0)).under(PED),
    eu(Infliximab, Allowed, "severe, active Crohn's disease in children and adolescents aged 6 to 17 years after conventional therapy including primary nutrition therapy", INFLIXIMAB_EU.at("4.1 Therapeutic indications: paediatric Crohn's disease")).with(Param::Population(Population::ages(Band::at_least(6.0).below(18.0)))),
    // Adalimumab: from 6 years (US doses from 17 kg).
    us(Adalimumab, LimitationOfUse, "the safety and effectiveness of HUMIRA have not been established in pediatric patients with Crohn's disease less than 6 years of age", HUMIRA_US.at("8.4 Pediatric Use")).with(under(6.0)).under(PED),
    us(Adalimumab, LimitationOfUse, "pediatric Crohn's disease doses are given from 17 kg (17 kg to < 40 kg, and 40 kg and greater): no dose below 17 kg", HUMIRA_US.at("2.4 Recommended Dosage in Crohn's Disease: pediatric table")).with(Param::Population(Population::ages(Band::ANY.below(18.0)).weighing(Band::ANY.below(17.0)))).under(Section::DosagePediatric),
    us(Adalimumab, Allowed, "indicated for moderately to severely active Crohn's disease in adults and pediatric patients 6 years of age and older", HUMIRA_US.at("1.5 Crohn's Disease")).with(Param::Population(Population::ages(Band::at_least(6.0).below(18.0)))),
    eu(Adalimumab, LimitationOfUse, "there is no relevant use of Humira in children aged less than 6 years for this indication", HUMIRA_EU.at("4.2 Paediatric population: paediatric Crohn's disease")).with(under(6.0)).under(PED),
    eu(Adalimumab, Allowed, "paediatric patients (from 6 years of age) with an inadequate response to conventional therapy including primary nutrition therapy", HUMIRA_EU.at("4.1 Therapeutic indications: paediatric Crohn's disease")).with(Param::Population(Population::ages(Band::at_least(6.0).below(18.0)))),
    // Ustekinumab: US adults (label read); EU children only from 40 kg.
    us(Ustekinumab, LimitationOfUse, "indicated for adult patients with moderately to severely active Crohn's disease (pediatric indications are psoriasis and psoriatic arthritis only)", STELARA_US.unverified_at("Highlights, Indications and Usage (01/2026 revision); 1.3 was revised 04/2026 and not read")).with(CHILDREN),
    eu(Ustekinumab, LimitationOfUse, "indicated in paediatric patients with Crohn's disease weighing at least 40 kg: none below 40 kg", STELARA_EU.at("4.1 Therapeutic indications: paediatric Crohn's disease (EC decision of 2 April 2025)")).with(Param::Population(Population::ages(Band::ANY.below(18.0)).weighing(Band::ANY.below(40.0)))),
    // Vedolizumab, risankizumab, upadacitinib: adults only.
    us(Vedolizumab, LimitationOfUse, "indicated in adults; safety and effectiveness in pediatric patients have not been established", ENTYVIO_US.at("1 Indications and Usage (in adults)")).with(CHILDREN),
    eu(Vedolizumab, LimitationOfUse, "indicated for adult patients; the safety and efficacy in children aged 0 to 17 years have not been established", ENTYVIO_EU.at("4.1 Therapeutic indications (adult patients); 4.2 Paediatric population")).with(CHILDREN),
    us(Risankizumab, LimitationOfUse, "indicated for moderately to severely active Crohn's disease in adults; safety and effectiveness not established in pediatric patients", SKYRIZI_US.unverified_at("1 Indications and Usage (read in AbbVie's indication statement); 8.4 not read")).with(CHILDREN),
    eu(Risankizumab, LimitationOfUse, "indicated for the treatment of adult patients with moderately to severely active Crohn's disease", SKYRIZI_EU.at("4.1 Therapeutic indications")).with(CHILDREN),
    us(Upadacitinib, LimitationOfUse, "Crohn's disease is an indication in adults only (RINVOQ LQ is not indicated for it)", RINVOQ_US.unverified_at("1 Indications and Usage (read in AbbVie's safety information of November 2025); 8.4 not read")).with(CHILDREN),
    eu(Upadacitinib, LimitationOfUse, "not recommended in children and adolescents under 18 years with Crohn's disease: not studied in this age group", RINVOQ_EU.at("package leaflet 2: children and adolescents; SmPC 4.1 (adult patients)")).with(CHILDREN),
    // Thiopurines: no Crohn's indication in the US; azathioprine's EU SmPC licenses it, children as adults.
    us(Azathioprine, Advice, "not indicated for Crohn's disease (indications: renal homotransplantation, rheumatoid arthritis); its safety and efficacy for Crohn's disease have not been established", IMURAN_US.at("Indications and Usage; Warnings (inflammatory bowel disease)")),
    us(Azathioprine, Advice, "safety and efficacy of azathioprine in pediatric patients have not been established", IMURAN_US.unverified_at("Precautions: Pediatric Use")).with(CHILDREN).under(PED),
    eu(Azathioprine, Allowed, "indicated for moderately severe or severe inflammatory bowel disease (Crohn's disease); in children the posology is the same as in adults", IMMUFALK_EU.at("4.1 Therapeutic indications; 4.2 Paediatric population")).with(CHILDREN),
    us(Mercaptopurine, Advice, "not indicated for Crohn's disease (acute lymphoblastic leukemia only); safety and efficacy in inflammatory bowel disease have not been established", MERCAPTOPURINE_US.at("1.1 Acute Lymphoblastic Leukemia; 5 Warnings (hepatosplenic T-cell lymphoma in inflammatory bowel disease)")),
    eu(Mercaptopurine, Advice, "indicated for acute leukaemia; inflammatory bowel disease is an indication for which no authorisation has been obtained", MERCAPTOPURINE_EU.at("4.1 Therapeutic indications; 4.4 (unauthorised indication)")),
    // Methotrexate: no US Crohn's indication; EU (Metoject) adults only.
    us(Methotrexate, Advice, "no methotrexate product has a Crohn's disease indication in the US (the regimens are the Feagan trials')", METHOTREXATE_US.at("1 Indications and Usage (JYLAMVO, XATMEP, methotrexate injection)")),
    eu(Methotrexate, LimitationOfUse, "mild to moderate Crohn's disease, alone or with corticosteroids, in adult patients refractory or intolerant to thiopurines", METOJECT_EU.at("4.1 Therapeutic indications (Czech SmPC)")).with(CHILDREN),
    // Budesonide: active disease from 8 years and more than 25 kg; maintenance adults (regimens).
    us(Budesonide, LimitationOfUse, "indicated for mild to moderate active Crohn's disease of the ileum and/or ascending colon in patients 8 years of age and older", ENTOCORT_US.at("1.1 Treatment of Mild to Moderate Active Crohn's Disease")).with(under(8.0)),
    us(Budesonide, LimitationOfUse, "not known to be safe and effective in children 8 to 17 years who weigh 25 kg or less", ENTOCORT_US.at("Patient Information; 2.2 (pediatric patients 8 to 17 years who weigh more than 25 kg)")).with(Param::Population(Population::ages(Band::ANY.below(18.0)).weighing(Band::ANY.up_to(25.0)))).under(PED),
    eu(Budesonide, LimitationOfUse, "children from 8 years of age weighing more than 25 kg: 9 mg once daily for up to 8 weeks (no posology below)", ENTOCORD_EU.at("4.2 Posology: paediatric population")).with(Param::Population(Population::ages(Band::ANY.below(8.0)))).under(PED),
    eu(Budesonide, LimitationOfUse, "children from 8 years of age weighing more than 25 kg (none of 25 kg or less)", ENTOCORD_EU.at("4.2 Posology: paediatric population")).with(Param::Population(Population::ages(Band::ANY.below(18.0)).weighing(Band::ANY.up_to(25.0)))).under(Section::DosagePediatric),
    eu(Budesonide, Advice, "experience with Entocord capsules in children is limited; monitor the height of children on prolonged corticosteroid treatment", ENTOCORD_EU.at("4.2 Paediatric population; 4.4 Paediatric population")).with(CHILDREN),
];
