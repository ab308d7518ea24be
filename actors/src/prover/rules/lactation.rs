//! Breastfeeding, as each label's lactation section words it: some labels
//! say not to breastfeed (during treatment, and some for days after the last
//! dose, which also holds for a drug the record shows was stopped within
//! them); others allow it, or leave it to a benefit-risk decision, sometimes
//! with a condition for the infant that the answer states. A woman's
//! breastfeeding status must be on the record where a label forbids it.

use crate::clinical::formulary::Drug::*;
use crate::prover::rule::Rule;
use crate::prover::statement::{eu, us, Basis::*, Param, Statement};
use crate::prover::verdict::Severity;
use crate::source::labels::*;
use crate::source::Section;

use super::triggered;

pub static RULE: Rule = Rule {
    id: "lactation",
    severity: Severity::Contraindication,
    section: Section::Lactation,
    text: "no drug whose label says not to breastfeed while the patient breastfeeds (nor within its window after the last dose); the conditions of labels that allow it are stated",
    sources: &[],
    statements: STATEMENTS,
    fallback: false,
    check: triggered::check,
};

const B: &str = "breastfeeding";

static STATEMENTS: &[Statement] = &[
    us(Infliximab, Conditional, "benefit-risk: the developmental and health benefits of breastfeeding are weighed with the mother's clinical need (the current 8.2 was not read; an older consumer summary said breastfeeding was not recommended)", REMICADE_US.unverified_at("8.2 Lactation (current text not read)")).on(B),
    eu(Infliximab, Allowed, "infliximab could be considered for use during breast-feeding", INFLIXIMAB_EU.at("4.6 Breast-feeding")).on(B),
    eu(Infliximab, Conditional, "no live vaccine to a breastfed infant while the mother receives infliximab, unless the infant's infliximab serum levels are undetectable", INFLIXIMAB_EU.at("4.4 Infant exposure via breast milk; 4.6 Breast-feeding")).on(B).under(Section::Vaccines),
    us(Adalimumab, Conditional, "adalimumab is present in human milk at 0.1% to 1% of the maternal serum concentration; weigh the benefits of breastfeeding with the mother's clinical need", HUMIRA_US.at("8.2 Lactation")).on(B),
    eu(Adalimumab, Allowed, "Humira can be used during breast-feeding (excreted in milk at 0.1% to 1% of the maternal serum level; no effects on the breastfed infant anticipated)", HUMIRA_EU.at("4.6 Breast-feeding")).on(B),
    us(Ustekinumab, Conditional, "ustekinumab is excreted in breast milk in very small amounts: decide whether to discontinue nursing or the drug (sponsor's summary; the label's 8.2 was not read)", STELARA_US.unverified_at("8.2 Lactation (not read; the sponsor's medical information read)")).on(B),
    eu(Ustekinumab, Conditional, "decide whether to stop breast-feeding during treatment and up to 15 weeks after it, or to stop the therapy, weighing the benefit of breast-feeding for the child and of the therapy for the woman", STELARA_EU.at("4.6 Breast-feeding (Italian SmPC)")).on(B).with(Param::DaysAfter(105)),
    us(Vedolizumab, Conditional, "vedolizumab has been detected in human milk: weigh the benefits of breastfeeding with the mother's clinical need (standard wording; 8.2 not read)", ENTYVIO_US.unverified_at("8.2 Lactation (not read)")).on(B),
    eu(Vedolizumab, Conditional, "use in lactating women should take into account the benefit of therapy to the mother and the potential risks to the infant", ENTYVIO_EU.at("4.6 Breast-feeding")).on(B),
    us(Risankizumab, Conditional, "no data on risankizumab in human milk; weigh the benefits of breastfeeding with the mother's clinical need", SKYRIZI_US.at("8.2 Lactation (4/2019 text)")).on(B),
    eu(Risankizumab, Conditional, "decide whether to discontinue or abstain from risankizumab, weighing the benefit of breast-feeding to the child and of the therapy to the woman", SKYRIZI_EU.at("4.6 Breast-feeding")).on(B),
    us(Upadacitinib, NotRecommended, "breastfeeding is not recommended during treatment and for 6 days after the last dose", RINVOQ_US.unverified_at("8.2 Lactation (read in AbbVie's safety information)")).on(B).with(Param::DaysAfter(6)),
    eu(Upadacitinib, Avoid, "you should not use RINVOQ while breast-feeding: decide whether to breast-feed or use RINVOQ, not both", RINVOQ_EU.at("package leaflet 2: breast-feeding (SmPC 4.6 not read)")).on(B),
    us(Azathioprine, NotRecommended, "the use of azathioprine in nursing mothers is not recommended (metabolites pass into breast milk)", IMURAN_US.at("Precautions: Nursing Mothers")).on(B),
    eu(Azathioprine, Contraindication, "breast-feeding together with azathioprine is contraindicated (6-mercaptopurine is found in breast milk)", IMMUFALK_EU.at("4.3 Contraindications; 4.6 Breast-feeding")).on(B),
    us(Mercaptopurine, Avoid, "advise women not to breastfeed during treatment and for 1 week after the last dose", MERCAPTOPURINE_US.unverified_at("8.2 Lactation (Highlights read; the sentence not)")).on(B).with(Param::DaysAfter(7)),
    eu(Mercaptopurine, NotRecommended, "breast-feeding is not recommended during treatment with mercaptopurine", MERCAPTOPURINE_EU.at("4.6 Breast-feeding")).on(B),
    us(Methotrexate, Avoid, "advise women not to breastfeed during treatment and for 1 week after the final dose", METHOTREXATE_US.unverified_at("8.2 Lactation (not reached in the copies read)")).on(B).with(Param::DaysAfter(7)),
    eu(Methotrexate, Contraindication, "breast-feeding", METOJECT_EU.at("4.3 Contraindications (the Jylamvo class text; the Metoject leaflet: do not use if breast-feeding)")).on(B),
    us(Budesonide, Conditional, "budesonide is present in human milk after inhalation; weigh the benefits of breastfeeding with the mother's clinical need", ENTOCORT_US.at("8.2 Lactation (read in a verbatim copy)")).on(B),
    eu(Budesonide, Allowed, "the data support continued oral and rectal budesonide during breast-feeding", ENTOCORD_EU.at("4.6 Breast-feeding")).on(B),
];
