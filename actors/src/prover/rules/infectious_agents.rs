//! Therapeutic infectious agents (live attenuated bacteria such as BCG
//! instilled in the bladder for cancer) not given with a drug whose label
//! says so (infliximab; the other labels read are silent).

use crate::clinical::formulary::Drug::*;
use crate::prover::rule::Rule;
use crate::prover::statement::{eu, us, Basis::*, Statement};
use crate::prover::verdict::Severity;
use crate::source::labels::*;
use crate::source::Section;

use super::triggered;

pub static RULE: Rule = Rule {
    id: "therapeutic_infectious_agents",
    severity: Severity::Contraindication,
    section: Section::InfectiousAgents,
    text: "no therapeutic infectious agent (intravesical BCG) with a drug whose label says not to give them together",
    sources: &[],
    statements: STATEMENTS,
    fallback: false,
    check: triggered::check,
};

const T: &str = "therapeutic_agent";

static STATEMENTS: &[Statement] = &[
    us(Infliximab, Avoid, "therapeutic infectious agents (e.g. BCG bladder instillation for the treatment of cancer) should not be given concurrently with infliximab products", REMICADE_US.unverified_at("5.13 Vaccinations and Use of Live Vaccines/Therapeutic Infectious Agents (title read; body not read)")).on(T),
    eu(Infliximab, NotRecommended, "therapeutic infectious agents such as live attenuated bacteria (e.g. BCG bladder instillation for the treatment of cancer) should not be given concurrently with infliximab", INFLIXIMAB_EU.at("4.4 Therapeutic infectious agents")).on(T),
];
