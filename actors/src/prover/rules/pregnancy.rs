//! Pregnancy, for the drugs whose label has no rule of its own here
//! (methotrexate and upadacitinib do: `methotrexate_pregnancy`,
//! `upadacitinib_pregnancy`): what each label says of use in pregnancy (to
//! avoid, only if clearly needed, a benefit-risk decision), of a cholestasis
//! of pregnancy on thiopurines, and of live vaccines for infants exposed in
//! utero, which the answer states when the patient is pregnant.

use crate::clinical::formulary::Drug::*;
use crate::prover::rule::Rule;
use crate::prover::statement::{eu, us, Basis::*, Param, Statement};
use crate::prover::verdict::Severity;
use crate::source::labels::*;
use crate::source::Section;

use super::triggered;

pub static RULE: Rule = Rule {
    id: "pregnancy",
    severity: Severity::Advisory,
    section: Section::Pregnancy,
    text: "what the label says of use in pregnancy, and of live vaccines for infants exposed in utero, when the patient is pregnant",
    sources: &[],
    statements: STATEMENTS,
    fallback: false,
    check: triggered::check,
};

const P: &str = "pregnant";
const V: Section = Section::Vaccines;
const CHOLESTASIS: Param = Param::Conditions(&[
    "intrahepatic cholestasis of pregnancy",
    "cholestasis of pregnancy",
    "obstetric cholestasis",
]);

static STATEMENTS: &[Statement] = &[
    us(Infliximab, Conditional, "infants exposed in utero should not be given live vaccines (e.g. BCG, rotavirus) for at least 6 months after birth", REMICADE_US.at("8.1 Pregnancy (2019 text)")).on(P).under(V),
    eu(Infliximab, Advice, "infliximab should only be used during pregnancy if clearly needed", INFLIXIMAB_EU.at("4.6 Pregnancy")).on(P),
    eu(Infliximab, Conditional, "a twelve month waiting period after birth before live vaccines to infants exposed in utero (shorter if the infant's serum levels are undetectable or exposure was limited to the first trimester)", INFLIXIMAB_EU.at("4.4 Infant exposure in utero; 4.6")).on(P).under(V),
    us(Adalimumab, Conditional, "adalimumab crosses the placenta in the third trimester; weigh the risks and benefits before live or live-attenuated vaccines to infants exposed in utero", HUMIRA_US.at("8.1 Pregnancy; 8.4 Pediatric Use")).on(P).under(V),
    eu(Adalimumab, Advice, "adalimumab should only be used during pregnancy if clearly needed", HUMIRA_EU.at("4.6 Pregnancy")).on(P),
    eu(Adalimumab, Conditional, "live vaccines (e.g. BCG) to infants exposed in utero are not recommended for 5 months after the mother's last injection during pregnancy", HUMIRA_EU.at("4.4 Vaccinations; 4.6 Pregnancy")).on(P).under(V),
    us(Ustekinumab, Advice, "a pregnancy registry monitors outcomes of women exposed during pregnancy (the current 8.1 Risk Summary was not read)", STELARA_US.unverified_at("8.1 Pregnancy (not read); 17 Patient Counseling (2016)")).on(P),
    eu(Ustekinumab, Advice, "as a precautionary measure, it is preferable to avoid the use of ustekinumab in pregnancy", STELARA_EU.at("4.6 Pregnancy (Italian SmPC)")).on(P),
    eu(Ustekinumab, Conditional, "live vaccines such as BCG are not recommended for the baby in the first six months after birth if the mother received ustekinumab during pregnancy (current SmPC wording, possibly 12 months, not read)", STELARA_EU.at("package leaflet 2: pregnancy (2022)")).on(P).under(V),
    us(Vedolizumab, Conditional, "pregnancy data have not identified a vedolizumab-associated risk of major birth defects, miscarriage or adverse maternal or fetal outcomes", ENTYVIO_US.at("8.1 Pregnancy (read in a verbatim copy)")).on(P),
    eu(Vedolizumab, Advice, "as a precautionary measure, it is preferable to avoid vedolizumab during pregnancy unless the benefits clearly outweigh any potential risk to mother and foetus", ENTYVIO_EU.at("4.6 Pregnancy")).on(P),
    us(Risankizumab, Conditional, "the clinical significance of fetal/infant loss in monkeys is unknown; adverse pregnancy outcomes in inflammatory bowel disease go with disease activity", SKYRIZI_US.at("8.1 Pregnancy (2024 text, partly read)")).on(P),
    us(Risankizumab, Conditional, "weigh the risks and benefits before live vaccines to infants exposed in utero", SKYRIZI_US.at("8.1 Clinical Considerations (AbbVie's safety information)")).on(P).under(V),
    eu(Risankizumab, Advice, "as a precautionary measure, it is preferable to avoid the use of risankizumab during pregnancy", SKYRIZI_EU.at("4.6 Pregnancy")).on(P),
    us(Azathioprine, Advice, "azathioprine can cause fetal harm; it should not be given during pregnancy without careful weighing of risk versus benefit, and whenever possible use in pregnant patients should be avoided", IMURAN_US.at("Warnings: Pregnancy (07/2024)")).on(P),
    us(Azathioprine, Advice, "discontinue azathioprine in a pregnant woman with intrahepatic cholestasis of pregnancy", IMURAN_US.at("Warnings: Pregnancy (07/2024), intrahepatic cholestasis of pregnancy")).with(CHOLESTASIS),
    eu(Azathioprine, Advice, "contraindicated in pregnancy unless the benefits outweigh the risks; monitor the mother's blood counts and reduce the dose for leukopenia", IMMUFALK_EU.at("4.3 Contraindications; 4.6 Pregnancy")).on(P),
    eu(Azathioprine, Advice, "cholestasis of pregnancy has been described on azathioprine: early diagnosis and stopping azathioprine may limit effects on the foetus", IMMUFALK_EU.at("4.6 Pregnancy")).with(CHOLESTASIS),
    us(Mercaptopurine, Advice, "mercaptopurine can cause fetal harm; pregnant patients should stop thiopurines if they develop intrahepatic cholestasis of pregnancy", MERCAPTOPURINE_US.unverified_at("5 Embryo-Fetal Toxicity (sponsor's safety information); FDA alert of 04/2024 on cholestasis of pregnancy")).on(P),
    eu(Mercaptopurine, Advice, "mercaptopurine should not be given to pregnant patients without a careful assessment of risks and benefits; watch the newborn's blood and immune status", MERCAPTOPURINE_EU.at("4.6 Pregnancy")).on(P),
    us(Budesonide, Advice, "it is not known whether ENTOCORT EC may harm an unborn baby (8.1 not read; the patient information read)", ENTOCORT_US.unverified_at("8.1 Pregnancy (not read); Patient Information")).on(P),
    eu(Budesonide, Advice, "in pregnancy, the benefits for the mother are weighed against the risks for the foetus", ENTOCORD_EU.at("4.6 Pregnancy")).on(P),
];
