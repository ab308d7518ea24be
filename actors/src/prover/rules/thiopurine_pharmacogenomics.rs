//! Thiopurine dose by TPMT and NUDT15 metabolizer status (CPIC).

use crate::clinical::formulary::{thiopurine_normal_range, Class};
use crate::clinical::resolve::Resolved;
use crate::clinical::Phenotype;
use crate::prover::case::Case;
use crate::prover::rule::Rule;
use crate::prover::verdict::{fact, Fact, Severity, Verdict};
use crate::source;

pub static RULE: Rule = Rule {
    id: "thiopurine_pharmacogenomics",
    severity: Severity::Contraindication,
    text: "thiopurine dose by TPMT/NUDT15: normal metabolizer normal dose (azathioprine 2-3 mg/kg/day); intermediate or possible intermediate 30-80% of normal; intermediate for both genes 20-50%; poor metabolizer (non-malignant disease): use a non-thiopurine alternative",
    sources: &[source::CPIC_THIOPURINES],
    check,
};

/// The dose range (mg/kg/day) CPIC allows for these phenotypes, or `None` for a poor metabolizer.
pub fn pgx_range(
    normal: (f64, f64),
    tpmt: Phenotype,
    nudt15: Phenotype,
) -> Option<(f64, f64, &'static str)> {
    use Phenotype::*;
    let reduced = |p| matches!(p, Intermediate | PossibleIntermediate);
    match (tpmt, nudt15) {
        (Poor, _) | (_, Poor) => None,
        (a, b) if reduced(a) && reduced(b) => Some((
            normal.0 * 0.2,
            normal.1 * 0.5,
            "20-50% of normal (intermediate for both)",
        )),
        (a, b) if reduced(a) || reduced(b) => Some((
            normal.0 * 0.3,
            normal.1 * 0.8,
            "30-80% of normal (intermediate)",
        )),
        _ => Some((normal.0, normal.1, "normal dose (normal metabolizer)")),
    }
}

/// Allopurinol scales the usual thiopurine dose to 1/4-1/3 (azathioprine label).
pub const ALLOPURINOL_FACTOR: (f64, f64) = (0.25, 1.0 / 3.0);

fn check(rule: &Rule, case: &Case) -> Vec<Verdict> {
    let items: Vec<&Resolved> = case.of_class(Class::Thiopurine).collect();
    if items.is_empty() {
        return vec![rule.not_applicable("the plan contains no thiopurine")];
    }
    items
        .into_iter()
        .map(|r| check_item(rule, case, r))
        .collect()
}

fn check_item(rule: &Rule, case: &Case, r: &Resolved) -> Verdict {
    let subject = Some(format!("{} ({})", r.path(), r.describe()));
    let mut facts: Vec<Fact> = vec![Case::item_fact(r)];
    let tpmt = case.patient.phenotype("TPMT");
    let nudt15 = case.patient.phenotype("NUDT15");
    let mut missing = Vec::new();
    if let Some((i, p)) = tpmt {
        facts.push(fact(
            format!("biomarkers.genetic_markers[{i}].phenotype"),
            format!("TPMT {p:?}").to_lowercase(),
        ));
    } else {
        missing.push("biomarkers.genetic_markers[gene=TPMT].phenotype".to_string());
    }
    if let Some((i, p)) = nudt15 {
        facts.push(fact(
            format!("biomarkers.genetic_markers[{i}].phenotype"),
            format!("NUDT15 {p:?}").to_lowercase(),
        ));
    } else {
        missing.push("biomarkers.genetic_markers[gene=NUDT15].phenotype".to_string());
    }
    // A poor metabolizer for either gene decides the property without the other.
    if let Some((i, _)) = tpmt
        .filter(|t| t.1 == Phenotype::Poor)
        .or(nudt15.filter(|n| n.1 == Phenotype::Poor))
    {
        return rule.violated(
            subject,
            facts,
            format!("biomarkers.genetic_markers[{i}].phenotype"),
            "poor",
            "poor metabolizer: use a non-thiopurine alternative",
        );
    }
    let (Some((_, t)), Some((_, n))) = (tpmt, nudt15) else {
        return rule.unknown(
            subject,
            facts,
            missing,
            "TPMT and NUDT15 metabolizer status are needed before dosing a thiopurine",
        );
    };
    let normal = thiopurine_normal_range(r.entry.drug).expect("a thiopurine has a normal range");
    let (mut lo, mut hi, why) = pgx_range(normal, t, n).expect("poor handled above");
    let allopurinol = case.patient.takes("allopurinol").flatten();
    if let Some(i) = allopurinol {
        lo *= ALLOPURINOL_FACTOR.0;
        hi *= ALLOPURINOL_FACTOR.1;
        facts.push(fact(
            format!("concomitant_medications[{i}].medication"),
            "Allopurinol (dose range scaled to 1/4-1/3)",
        ));
    }
    let Some(dose) = r.mg_per_kg else {
        return rule.unknown(
            subject,
            facts,
            vec!["demographics.weight".into()],
            "the CPIC range is in mg/kg/day",
        );
    };
    let bound = format!("{:.2}-{:.2} mg/kg/day: {why}", lo, hi);
    if dose < lo * 0.99 || dose > hi * 1.01 {
        rule.violated(
            subject,
            facts,
            format!("{}.dosage", r.path()),
            format!("{dose:.2} mg/kg/day"),
            bound,
        )
    } else {
        rule.proved(
            subject,
            facts,
            format!("{dose:.2} mg/kg/day within {bound}"),
        )
    }
}
