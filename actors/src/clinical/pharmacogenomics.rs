//! TPMT and NUDT15 metabolizer phenotypes from a diplotype (`*1/*3A`), by
//! CPIC's allele function table and its rule for two alleles (the same for
//! both genes): normal + normal is a normal metabolizer, normal + no function
//! intermediate, no function + no function poor, no function + uncertain (or
//! unknown) possible intermediate; any other pair is indeterminate, which
//! does not decide a dose (`None`).

use super::patient::Phenotype;
use crate::source::Source;

/// CPIC's allele functions, as CPIC's database exports them (PharmCAT's copy).
pub const CPIC_ALLELES: Source = Source {
    id: "cpic_allele_functions",
    citation: "CPIC allele functionality and diplotype-phenotype tables for TPMT and NUDT15 (CPIC database, data version 2025-11-05, read in PharmGKB/PharmCAT's export: TPMT 41 alleles, 946 diplotypes; NUDT15 9 alleles, 45 diplotypes); guideline: Relling et al., Clin Pharmacol Ther 2019;105:1095-105. CPIC reassigned several uncertain alleles in February 2026 (not read)",
    section: Some("allele clinical function; diplotype to phenotype"),
    verified: true,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Function {
    Normal,
    No,
    /// Uncertain or unknown function.
    Uncertain,
}

const TPMT_NO_FUNCTION: &[&str] = &[
    "2", "3a", "3b", "3c", "4", "11", "14", "15", "23", "29", "41",
];
const NUDT15_NO_FUNCTION: &[&str] = &["2", "3", "9"];

fn function(gene: &str, allele: &str) -> Option<Function> {
    let a = allele.trim_start_matches('*').to_ascii_lowercase();
    let (no_function, known): (&[&str], usize) = match gene {
        "TPMT" => (TPMT_NO_FUNCTION, 41),
        "NUDT15" => (NUDT15_NO_FUNCTION, 9),
        _ => return None,
    };
    if a == "1" {
        return Some(Function::Normal);
    }
    if no_function.contains(&a.as_str()) {
        return Some(Function::No);
    }
    // Any other allele CPIC numbers is of uncertain or unknown function;
    // a name CPIC does not list is not read at all.
    let number: usize = a
        .trim_end_matches(|c: char| c.is_ascii_alphabetic())
        .parse()
        .ok()?;
    (1..=known).contains(&number).then_some(Function::Uncertain)
}

/// The phenotype of a diplotype for `gene` (`TPMT` or `NUDT15`), e.g.
/// `*1/*3A`, `TPMT*3A/*3C`, `NUDT15 *1/*3`. `None` when it is not two
/// alleles CPIC lists, or when their functions leave it indeterminate.
pub fn phenotype(gene: &str, diplotype: &str) -> Option<Phenotype> {
    let alleles: Vec<&str> = diplotype
        .split(['/', ' ', ','])
        .filter_map(|part| part.find('*').map(|i| &part[i..]))
        .collect();
    let [a, b] = alleles.as_slice() else {
        return None;
    };
    let (a, b) = (function(gene, a)?, function(gene, b)?);
    use Function::*;
    Some(match (a, b) {
        (Normal, Normal) => Phenotype::Normal,
        (Normal, No) | (No, Normal) => Phenotype::Intermediate,
        (No, No) => Phenotype::Poor,
        (No, Uncertain) | (Uncertain, No) => Phenotype::PossibleIntermediate,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpic_examples() {
        assert_eq!(phenotype("TPMT", "*1/*1"), Some(Phenotype::Normal));
        assert_eq!(phenotype("TPMT", "*1/*3A"), Some(Phenotype::Intermediate));
        assert_eq!(phenotype("TPMT", "TPMT*3A/*3A"), Some(Phenotype::Poor));
        assert_eq!(phenotype("TPMT", "*3A/*3C"), Some(Phenotype::Poor));
        assert_eq!(
            phenotype("TPMT", "*3A/*8"),
            Some(Phenotype::PossibleIntermediate)
        );
        assert_eq!(phenotype("NUDT15", "*1/*3"), Some(Phenotype::Intermediate));
        assert_eq!(phenotype("NUDT15", "NUDT15 *2/*3"), Some(Phenotype::Poor));
        // Normal with an uncertain allele is indeterminate: it decides nothing.
        assert_eq!(phenotype("TPMT", "*1/*8"), None);
        assert_eq!(phenotype("TPMT", "*1/*99"), None);
        assert_eq!(phenotype("TPMT", "heterozygous"), None);
    }
}
