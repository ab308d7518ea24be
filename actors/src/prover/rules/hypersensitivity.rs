//! No drug the patient has had a hypersensitivity reaction to, where the
//! label makes it a contraindication (every label but the US adalimumab and
//! mercaptopurine ones, which list no contraindication). Read from
//! `allergies` (absent is not empty) and from past courses of the drug ended
//! by a reaction in the words of a hypersensitivity.

use crate::clinical::formulary::Drug::*;
use crate::prover::rule::Rule;
use crate::prover::statement::{eu, us, Basis::*, Statement};
use crate::prover::verdict::Severity;
use crate::source::labels::*;
use crate::source::Section;

use super::triggered;

pub static RULE: Rule = Rule {
    id: "hypersensitivity",
    severity: Severity::Contraindication,
    section: Section::Contraindications,
    text: "no drug the patient has had a hypersensitivity reaction to, where the label contraindicates it",
    sources: &[],
    statements: STATEMENTS,
    fallback: false,
    check: triggered::check,
};

const H: &str = "hypersensitivity";

static STATEMENTS: &[Statement] = &[
    us(Infliximab, Contraindication, "a previous severe hypersensitivity reaction to infliximab products, any of the inactive ingredients or any murine proteins", REMICADE_US.at("4 Contraindications (RENFLEXIS, revised 12/2023)")).on(H),
    eu(Infliximab, Contraindication, "hypersensitivity to the active substance, to other murine proteins, or to any of the excipients", INFLIXIMAB_EU.at("4.3 Contraindications")).on(H),
    us(Adalimumab, Allowed, "4 Contraindications: none", HUMIRA_US.at("4 Contraindications")),
    eu(Adalimumab, Contraindication, "hypersensitivity to the active substance or to any of the excipients", HUMIRA_EU.at("4.3 Contraindications")).on(H),
    us(Ustekinumab, Contraindication, "clinically significant hypersensitivity to ustekinumab or to any of the excipients", STELARA_US.at("4 Contraindications (Highlights)")).on(H),
    eu(Ustekinumab, Contraindication, "hypersensitivity to the active substance or to any of the excipients", STELARA_EU.at("4.3 Contraindications (Italian SmPC)")).on(H),
    us(Vedolizumab, Contraindication, "a known serious or severe hypersensitivity reaction to ENTYVIO or any of its excipients", ENTYVIO_US.unverified_at("4 Contraindications (Takeda's safety information)")).on(H),
    eu(Vedolizumab, Contraindication, "hypersensitivity to the active substance or to any of the excipients", ENTYVIO_EU.at("4.3 Contraindications")).on(H),
    us(Risankizumab, Contraindication, "a history of serious hypersensitivity reaction to risankizumab-rzaa or any of the excipients", SKYRIZI_US.unverified_at("4 Contraindications (AbbVie's safety information)")).on(H),
    eu(Risankizumab, Contraindication, "hypersensitivity to the active substance or to any of the excipients", SKYRIZI_EU.at("4.3 Contraindications")).on(H),
    us(Upadacitinib, Contraindication, "known hypersensitivity to upadacitinib or any of its excipients", RINVOQ_US.unverified_at("4 Contraindications (AbbVie's safety information)")).on(H),
    eu(Upadacitinib, Contraindication, "allergic to upadacitinib or any of the other ingredients", RINVOQ_EU.at("package leaflet 2: do not take RINVOQ (SmPC 4.3)")).on(H),
    us(Azathioprine, Contraindication, "should not be given to patients who have shown hypersensitivity to the drug", IMURAN_US.at("Contraindications")).on(H),
    eu(Azathioprine, Contraindication, "hypersensitivity to azathioprine, to 6-mercaptopurine (its metabolite) or to any of the excipients", IMMUFALK_EU.at("4.3 Contraindications")).on("hypersensitivity_thiopurine"),
    us(Mercaptopurine, Allowed, "4 Contraindications: none", MERCAPTOPURINE_US.at("Highlights: 4 Contraindications")),
    eu(Mercaptopurine, Contraindication, "hypersensitivity to the active substance or to any of the excipients", MERCAPTOPURINE_EU.at("4.3 Contraindications")).on(H),
    us(Methotrexate, Contraindication, "a history of severe hypersensitivity reactions to methotrexate", METHOTREXATE_US.at("4 Contraindications (JYLAMVO)")).on(H),
    eu(Methotrexate, Contraindication, "hypersensitivity to the active substance or to any of the excipients", METOJECT_EU.at("4.3 Contraindications (the Jylamvo class text; the Metoject leaflet)")).on(H),
    us(Budesonide, Contraindication, "known hypersensitivity to budesonide or any of the ingredients", ENTOCORT_US.unverified_at("4 Contraindications (read in the Patient Information)")).on(H),
    eu(Budesonide, Contraindication, "hypersensitivity to the active substance or to any of the excipients", ENTOCORD_EU.at("4.3 Contraindications")).on(H),
];
