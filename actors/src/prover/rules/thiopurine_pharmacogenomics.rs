//! Thiopurine dose by TPMT and NUDT15 metabolizer status (CPIC).

use crate::clinical::formulary::{thiopurine_normal_range, Class, Drug::*};
use crate::clinical::resolve::Resolved;
use crate::clinical::vocabulary::Role;
use crate::clinical::Phenotype;
use crate::prover::case::Case;
use crate::prover::rule::Rule;
use crate::prover::statement::{us, Basis::*, Statement};
use crate::prover::verdict::{fact, Fact, Severity, Verdict};

use super::topic;
use crate::source::labels::{CPIC_THIOPURINES, IMURAN_US, MERCAPTOPURINE_US};
use crate::source::Section;

pub static RULE: Rule = Rule {
    id: "thiopurine_pharmacogenomics",
    severity: Severity::Contraindication,
    section: Section::Hematologic,
    text: "thiopurine dose by TPMT/NUDT15, at most: normal metabolizer the normal dose (azathioprine 3, mercaptopurine 1.5 mg/kg/day); intermediate or possible intermediate 80% of it; intermediate for both genes 50%; poor metabolizer 10% (and a non-thiopurine alternative advised); a third of these with allopurinol",
    sources: &[],
    statements: STATEMENTS,
    fallback: true,
    check,
};

const CPIC_NUDT15: crate::source::Source = CPIC_THIOPURINES.at("Table 3 (NUDT15): normal starting dose; intermediate 30-80% of normal; March 2024 update: intermediate for both genes 20-50%");
const CPIC_TPMT: crate::source::Source = CPIC_THIOPURINES.unverified_at("Table 2 (TPMT): intermediate 30-80%, poor metabolizer consider an alternative (read in the PharmGKB summary)");

static STATEMENTS: &[Statement] = &[
    us(Azathioprine, Dosage, "start at 30-80% of the normal dose (e.g. 2-3 mg/kg/day) for an intermediate or possible intermediate TPMT or NUDT15 metabolizer; 20-50% when intermediate for both", CPIC_NUDT15).on("dose"),
    us(Azathioprine, Dosage, "TPMT intermediate metabolizer: reduced starting dose", CPIC_TPMT).on("dose"),
    us(Azathioprine, Dosage, "consider alternative therapy in homozygous TPMT or NUDT15 deficiency and reduced dosages in heterozygous deficiency", IMURAN_US.at("Warnings: Cytopenias (12/2018)")).on("dose"),
    us(Azathioprine, Advice, "poor metabolizer (non-malignant condition): consider an alternative nonthiopurine immunosuppressant", CPIC_TPMT).on("poor"),
    us(Mercaptopurine, Dosage, "start at 30-80% of the normal dose (e.g. 1.5 mg/kg/day) for an intermediate or possible intermediate TPMT or NUDT15 metabolizer; 20-50% when intermediate for both", CPIC_NUDT15).on("dose"),
    us(Mercaptopurine, Dosage, "homozygous TPMT or NUDT15 deficiency typically requires 10% or less of the standard dose; reduce by tolerability in heterozygous deficiency", MERCAPTOPURINE_US.unverified_at("2 Dosage Modifications in TPMT and NUDT15 Deficiency (2020 label via NLM)")).on("dose"),
    us(Mercaptopurine, Advice, "poor metabolizer (non-malignant condition): consider an alternate agent or extreme dose reduction", CPIC_TPMT).on("poor"),
];

/// The share of the normal (highest starting) dose these phenotypes allow, and why.
pub fn pgx_share(tpmt: Phenotype, nudt15: Phenotype) -> (f64, &'static str) {
    use Phenotype::*;
    let reduced = |p| matches!(p, Intermediate | PossibleIntermediate);
    match (tpmt, nudt15) {
        (Poor, _) | (_, Poor) => (0.1, "10% of the standard dose (poor metabolizer)"),
        (a, b) if reduced(a) && reduced(b) => (0.5, "50% of normal (intermediate for both)"),
        (a, b) if reduced(a) || reduced(b) => (0.8, "80% of normal (intermediate)"),
        _ => (1.0, "the normal dose (normal metabolizer)"),
    }
}

/// Allopurinol takes the usual thiopurine dose to a third to a quarter (azathioprine label).
pub const ALLOPURINOL_SHARE: f64 = 1.0 / 3.0;

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
    let statements = rule.applicable(case, r.entry.drug);
    let dose_rules = topic(&statements, "dose");
    let mut facts: Vec<Fact> = vec![Case::item_fact(r)];
    let tpmt = case.patient.phenotype("TPMT");
    let nudt15 = case.patient.phenotype("NUDT15");
    let mut missing = Vec::new();
    let mut from_diplotype = false;
    for (gene, found) in [("TPMT", tpmt), ("NUDT15", nudt15)] {
        match found {
            Some((i, p)) => {
                let marker = &case.patient.biomarkers.genetic_markers[i];
                // A diplotype is read through CPIC's allele table, which the verdict cites.
                if marker.phenotype.is_none() {
                    from_diplotype = true;
                    let d = marker.variant.as_deref().unwrap_or(marker.gene.as_str());
                    facts.push(fact(
                        format!("biomarkers.genetic_markers[{i}].variant"),
                        format!("{gene} {d}: {p:?} metabolizer (CPIC)").to_lowercase(),
                    ));
                } else {
                    facts.push(fact(
                        format!("biomarkers.genetic_markers[{i}].phenotype"),
                        format!("{gene} {p:?}").to_lowercase(),
                    ));
                }
            }
            None => missing.push(format!("biomarkers.genetic_markers[gene={gene}].phenotype")),
        }
    }
    let draft = |facts: Vec<Fact>, on: &[&Statement]| {
        let d = rule.about(Case::subject(r)).facts(facts).by(on);
        if from_diplotype {
            d.cite(crate::clinical::pharmacogenomics::CPIC_ALLELES)
        } else {
            d
        }
    };
    let poor = tpmt
        .filter(|t| t.1 == Phenotype::Poor)
        .or(nudt15.filter(|n| n.1 == Phenotype::Poor));
    // Without both genes the share is unknown, unless one is poor (the lowest share).
    let (share, why) = match (tpmt, nudt15, poor) {
        (_, _, Some(_)) => pgx_share(Phenotype::Poor, Phenotype::Normal),
        (Some((_, t)), Some((_, n)), None) => pgx_share(t, n),
        _ => {
            return draft(facts, &dose_rules).unknown(
                missing,
                "TPMT and NUDT15 metabolizer status are needed before dosing a thiopurine",
            )
        }
    };
    let Some(dose) = r.mg_per_kg else {
        return draft(facts, &dose_rules).unknown(
            vec!["demographics.weight".into()],
            "the dose limit is in mg/kg/day",
        );
    };
    let normal = thiopurine_normal_range(r.entry.drug)
        .expect("a thiopurine has a normal range")
        .1;
    let mut limit = normal * share;
    match case.meds_with(Role::XanthineOxidaseInhibitor) {
        Some(meds) => {
            if let Some((m, _)) = meds.into_iter().find(|(_, c)| c.id == "allopurinol") {
                limit *= ALLOPURINOL_SHARE;
                facts.push(fact(
                    format!("{}.medication", m.path()),
                    format!("{} (allopurinol: limit a third)", m.text),
                ));
            }
        }
        // With allopurinol the limit would be a third: a dose between a third and the whole is undecided.
        None if dose > limit * ALLOPURINOL_SHARE * 1.01 && dose <= limit * 1.01 => {
            return draft(facts, &dose_rules).unknown(
                vec!["concomitant_medications".into()],
                format!("{dose:.2} mg/kg/day: concomitant medications are needed (with allopurinol the limit is {:.2})", limit * ALLOPURINOL_SHARE),
            );
        }
        None => {}
    }
    let bound = format!("at most {limit:.2} mg/kg/day: {why} of {normal} mg/kg/day");
    if dose > limit * 1.01 {
        let field = match poor {
            Some((i, _)) => format!("biomarkers.genetic_markers[{i}].phenotype"),
            None => format!("{}.dosage", r.path()),
        };
        return draft(facts, &dose_rules).violated(field, format!("{dose:.2} mg/kg/day"), bound);
    }
    if let Some((i, _)) = poor {
        // Within 10%: the dose is allowed, the guideline still advises another drug.
        return draft(facts, &topic(&statements, "poor")).violated(
            format!("biomarkers.genetic_markers[{i}].phenotype"),
            "poor",
            "poor metabolizer: CPIC advises a non-thiopurine alternative",
        );
    }
    draft(facts, &dose_rules).proved(format!("{dose:.2} mg/kg/day within {bound}"))
}
