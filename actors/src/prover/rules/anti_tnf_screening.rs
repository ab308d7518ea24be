//! Latent tuberculosis and hepatitis B screened and treated before an anti-TNF starts.

use crate::clinical::patient::{HbvStatus, TbStatus};
use crate::clinical::Class;
use crate::prover::case::Case;
use crate::prover::rule::Rule;
use crate::prover::verdict::{need, Severity, Verdict};
use crate::source;

pub static RULE: Rule = Rule {
    id: "anti_tnf_tb_hbv_screening",
    severity: Severity::Contraindication,
    text: "latent tuberculosis and hepatitis B must be screened, and treated, before infliximab or adalimumab starts",
    sources: &[source::ANTI_TNF_LABELS],
    check,
};

fn check(rule: &Rule, case: &Case) -> Vec<Verdict> {
    let Some(r) = case.of_class(Class::AntiTnf).next() else {
        return vec![rule.not_applicable("the plan contains no anti-TNF")];
    };
    let subject = Some(format!("{} ({})", r.path(), r.describe()));
    let mut facts = vec![Case::item_fact(r)];
    let inf = case.patient.infections.clone().unwrap_or_default();
    if inf.tb == Some(TbStatus::LatentUntreated) {
        return vec![rule.violated(
            subject,
            facts,
            "infections.tb",
            "latent_untreated",
            "latent tuberculosis treated before the first dose",
        )];
    }
    if inf.hbv == Some(HbvStatus::Active) {
        return vec![rule.violated(
            subject,
            facts,
            "infections.hbv",
            "active",
            "hepatitis B treated before the first dose",
        )];
    }
    let mut missing = Vec::new();
    need("infections.tb", inf.tb, &mut facts, &mut missing);
    need("infections.hbv", inf.hbv, &mut facts, &mut missing);
    if missing.is_empty() {
        vec![rule.proved(
            subject,
            facts,
            "tuberculosis and hepatitis B screened; none untreated",
        )]
    } else {
        vec![rule.unknown(
            subject,
            facts,
            missing,
            "screening results are needed before an anti-TNF",
        )]
    }
}
