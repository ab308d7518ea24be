//! The codes the FHIR mapping reads: LOINC for observations, SNOMED CT and
//! ICD-10 for conditions, CVX for vaccines (RxNorm lives with the medication
//! vocabulary, `clinical::vocabulary`). Only codes checked against a
//! published listing are here (`CODE_SOURCES`); anything else is listed as
//! not mapped, with its display, rather than guessed from a look-alike.

use serde_json::Value;

use super::read;
use crate::source::Source;

pub const LOINC: &str = "http://loinc.org";
pub const SNOMED: &str = "http://snomed.info/sct";
pub const ICD10: &str = "http://hl7.org/fhir/sid/icd-10";
pub const ICD10_CM: &str = "http://hl7.org/fhir/sid/icd-10-cm";
pub const RXNORM: &str = "http://www.nlm.nih.gov/research/umls/rxnorm";
pub const CVX: &str = "http://hl7.org/fhir/sid/cvx";
pub const UCUM: &str = "http://unitsofmeasure.org";

/// Where the codes were checked.
/// The LOINC, SNOMED CT and ICD-10-CM codes were checked in HL7 implementation
/// guides' value sets and expansions (US Core, IPS, mCODE, vulcan-rwd Crohn's
/// condition codes), loinc.org pages and laboratory test catalogues; the CVX
/// codes in CDC's CVX table and CPT-to-CVX mapping (to September 2022).
/// No terminology server was reachable: WHO's own ICD-10 pages were not read.
pub const CODE_SOURCES: &[Source] = &[
    Source {
        id: "loinc",
        citation: "LOINC (Regenstrief Institute): codes as used in HL7 US Core, IPS and mCODE value sets and loinc.org pages",
        section: None,
        verified: true,
    },
    Source {
        id: "snomed_ct",
        citation: "SNOMED CT: codes as used in HL7 implementation guides' value sets (vulcan-rwd Crohn's disease condition codes, IPS pregnancy status, CREDS heart failure)",
        section: None,
        verified: true,
    },
    Source {
        id: "icd10_cm",
        citation: "ICD-10-CM (CDC/NCHS) K50 Crohn's disease [regional enteritis], as listed in HL7 vulcan-rwd",
        section: Some("K50.0 small intestine, K50.1 large intestine, K50.8 both, K50.9 unspecified"),
        verified: false,
    },
    Source {
        id: "hgnc",
        citation: "HGNC (HUGO Gene Nomenclature Committee) gene identifiers, as used in HL7 genomics-reporting value sets",
        section: Some("HGNC:12014 TPMT, HGNC:23063 NUDT15, HGNC:4942 HLA-DQA1"),
        verified: true,
    },
    Source {
        id: "cvx",
        citation: "CDC IIS CVX code set (table export and CPT-to-CVX mapping, September 2022)",
        section: None,
        verified: true,
    },
];

/// What an Observation measures, as the record reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    /// A lab the rules read, by the name `clinical::labs` knows.
    Lab(&'static str),
    Weight,
    Height,
    Calprotectin,
    /// Interferon-gamma release assay for tuberculosis.
    Igra,
    HbsAg,
    AntiHbc,
    HcvAntibody,
    /// hCG: a pregnancy test.
    Hcg,
    /// LOINC 82810-3, answered with LOINC answer codes.
    PregnancyStatus,
    /// LOINC 63895-7, answered with LOINC answer codes.
    Breastfeeding,
    /// A pharmacogenomic result for this gene.
    Gene(&'static str),
}

/// LOINC code → what it measures.
const OBSERVATIONS: &[(&str, Measure)] = &[
    ("751-8", Measure::Lab("neutrophils")),
    ("26499-4", Measure::Lab("neutrophils")),
    ("731-0", Measure::Lab("lymphocytes")),
    ("6690-2", Measure::Lab("WBC")),
    ("26464-8", Measure::Lab("WBC")),
    ("777-3", Measure::Lab("platelets")),
    ("26515-7", Measure::Lab("platelets")),
    ("718-7", Measure::Lab("hemoglobin")),
    ("1988-5", Measure::Lab("CRP")),
    ("30522-7", Measure::Lab("CRP")),
    ("1751-7", Measure::Lab("albumin")),
    ("33914-3", Measure::Lab("eGFR")),
    ("48643-1", Measure::Lab("eGFR")),
    ("62238-1", Measure::Lab("eGFR")),
    ("98979-8", Measure::Lab("eGFR")),
    ("1742-6", Measure::Lab("ALT")),
    ("1743-4", Measure::Lab("ALT")),
    ("1920-8", Measure::Lab("AST")),
    ("1975-2", Measure::Lab("bilirubin")),
    ("29463-7", Measure::Weight),
    ("8302-2", Measure::Height),
    ("38445-3", Measure::Calprotectin),
    // The qualitative interpretation only: the IU/mL values (64084-7,
    // 88517-8) and the mitogen control (71774-4) need the kit's cut-offs.
    ("71773-6", Measure::Igra),
    ("5196-1", Measure::HbsAg),
    ("5195-3", Measure::HbsAg),
    ("16933-4", Measure::AntiHbc),
    ("13952-7", Measure::AntiHbc),
    ("16128-1", Measure::HcvAntibody),
    ("2106-3", Measure::Hcg),
    ("2118-8", Measure::Hcg),
    ("82810-3", Measure::PregnancyStatus),
    ("63895-7", Measure::Breastfeeding),
];

/// HGNC gene identifiers of the genes the rules read.
const HGNC: &[(&str, &str)] = &[
    ("HGNC:12014", "TPMT"),
    ("HGNC:23063", "NUDT15"),
    ("HGNC:4942", "HLA-DQA1"),
];

/// The gene of a genetics Observation coded the HL7 way: the
/// `observation-geneticsGene` extension, or a component coded LOINC 48018-6
/// (Gene studied), by HGNC identifier or by name.
pub fn genetics_gene(obs: &Value) -> Option<&'static str> {
    let named = |concept: &Value| -> Option<&'static str> {
        for (_, code, display) in read::codings(concept) {
            if let Some((_, g)) = HGNC.iter().find(|(id, _)| *id == code) {
                return Some(g);
            }
            if let Some((_, g)) = HGNC
                .iter()
                .find(|(_, g)| Some(*g) == display.map(|d| d.trim()))
            {
                return Some(g);
            }
        }
        let text = read::text(concept)?.trim().to_ascii_uppercase();
        HGNC.iter().map(|(_, g)| *g).find(|g| text == *g)
    };
    for ext in obs["extension"].as_array().into_iter().flatten() {
        if ext["url"]
            .as_str()
            .is_some_and(|u| u.ends_with("observation-geneticsGene"))
        {
            if let Some(g) = named(&ext["valueCodeableConcept"]) {
                return Some(g);
            }
        }
    }
    for c in obs["component"].as_array().into_iter().flatten() {
        let gene_studied =
            read::codings(&c["code"]).any(|(s, code, _)| s == LOINC && code == "48018-6");
        if gene_studied {
            if let Some(g) = named(&c["valueCodeableConcept"]) {
                return Some(g);
            }
        }
    }
    None
}

/// The answer to LOINC 63895-7 (breastfeeding status).
pub fn breastfeeding(value: &Value) -> Option<bool> {
    for (system, code, _) in read::codings(value) {
        if system == LOINC {
            match code {
                "LA29252-6" => return Some(true),
                "LA29253-4" => return Some(false),
                _ => {}
            }
        }
    }
    let t = read::text(value)?.to_ascii_lowercase();
    if t.contains("not currently breastfeeding") || t.contains("not breastfeeding") {
        Some(false)
    } else if t.contains("currently breastfeeding") || t == "breastfeeding" {
        Some(true)
    } else {
        None
    }
}

/// What an Observation's code says it measures: a LOINC code from the table,
/// or, for pharmacogenomic results that labs code in many ways, the gene named
/// in the code's words.
pub fn observation(code: &Value) -> Option<Measure> {
    if let Some(m) = read::codings(code)
        .filter(|(s, _, _)| *s == LOINC)
        .find_map(|(_, c, _)| OBSERVATIONS.iter().find(|(k, _)| *k == c).map(|(_, m)| *m))
    {
        return Some(m);
    }
    let words = read::text(code)?.to_ascii_uppercase();
    ["TPMT", "NUDT15", "HLA-DQA1"]
        .into_iter()
        .find(|g| words.contains(g))
        .map(Measure::Gene)
}

/// A UCUM unit as the lab module writes it.
pub fn unit(ucum: &str) -> String {
    match ucum {
        "10*3/uL" | "10*3/mm3" => "10^3/uL".into(),
        "10*9/L" => "10^9/L".into(),
        "/uL" | "{cells}/uL" => "/uL".into(),
        "/mm3" | "{cells}/mm3" => "/mm3".into(),
        "mL/min/{1.73_m2}" | "mL/min/1.73m2" | "mL/min/{1.73_m2}." => "mL/min/1.73m2".into(),
        other => other.to_string(),
    }
}

/// Whether a screening Observation is positive: from a coded or written
/// value, else `interpretation` (POS/NEG, H/N). `None` when the words are
/// indeterminate, ambiguous (both a positive and a negative word, or a result
/// word negated: "not negative") or absent.
pub fn positive(obs: &Value) -> Option<bool> {
    let value = read::text(&obs["valueCodeableConcept"])
        .or_else(|| obs["valueString"].as_str())
        .map(str::to_ascii_lowercase);
    if let Some(v) = value {
        return words_positive(&v);
    }
    for (system, code, _) in read::codings(&obs["interpretation"][0]) {
        if system == "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation" {
            match code {
                "POS" | "DET" | "H" | "HH" | "A" => return Some(true),
                "NEG" | "ND" | "N" => return Some(false),
                _ => {}
            }
        }
    }
    None
}

fn words_positive(text: &str) -> Option<bool> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    let has = |w: &str| words.iter().any(|x| x == w);
    if [
        "indeterminate",
        "equivocal",
        "invalid",
        "borderline",
        "inconclusive",
    ]
    .iter()
    .any(|w| has(w))
    {
        return None;
    }
    // Negative phrases first ("not detected", "non reactive"), then what is left.
    let mut negative = false;
    let mut positive = false;
    let mut i = 0;
    while i < words.len() {
        let w = words[i].as_str();
        let next = words.get(i + 1).map(String::as_str);
        match (w, next) {
            ("not" | "no" | "non", Some("detected" | "reactive" | "seen")) => {
                negative = true;
                i += 2;
                continue;
            }
            // A result word negated ("not negative", "not positive"): ambiguous.
            ("not" | "no" | "non", Some("negative" | "positive")) => return None,
            ("negative" | "undetected" | "nonreactive" | "absent", _) => negative = true,
            ("positive" | "detected" | "reactive" | "present", _) => positive = true,
            _ => {}
        }
        i += 1;
    }
    match (positive, negative) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        _ => None,
    }
}

/// The answer to LOINC 82810-3 (pregnancy status).
pub fn pregnancy_status(value: &Value) -> Option<&'static str> {
    for (system, code, _) in read::codings(value) {
        if system == LOINC {
            match code {
                "LA15173-0" => return Some("pregnant"),
                "LA26683-5" => return Some("not_pregnant"),
                _ => {}
            }
        }
    }
    let t = read::text(value)?.to_ascii_lowercase();
    if t.contains("not pregnant") {
        Some("not_pregnant")
    } else if t == "pregnant" {
        Some("pregnant")
    } else {
        None
    }
}

/// A metabolizer phenotype named in a result's words.
pub fn phenotype(words: &str) -> Option<&'static str> {
    let w = words.to_ascii_lowercase();
    [
        ("possible intermediate", "possible_intermediate"),
        ("intermediate", "intermediate"),
        ("poor", "poor"),
        ("normal", "normal"),
    ]
    .into_iter()
    .find(|(k, _)| w.contains(k))
    .map(|(_, p)| p)
}

/// What a Condition is, where the rules care.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Finding {
    /// Crohn's disease, with its location when the code gives one.
    Crohns(Option<&'static str>),
    HeartFailure,
    /// `active` or `latent` tuberculosis.
    Tb(&'static str),
    HepatitisB,
    HepatitisC,
    Pregnancy,
}

/// SNOMED CT concepts → findings.
/// 56717001, 61977001 and 50711007 were found only in public code listings,
/// not a terminology browser.
const SNOMED_FINDINGS: &[(&str, Finding)] = &[
    ("34000006", Finding::Crohns(None)),
    ("84114007", Finding::HeartFailure),
    ("427099000", Finding::Tb("active")),
    // "Tuberculosis (disorder)": active while the condition is.
    ("56717001", Finding::Tb("active")),
    // "Inactive tuberculosis": past TB, treatment not stated.
    ("11999007", Finding::Tb("inactive")),
    ("61977001", Finding::HepatitisB),
    ("50711007", Finding::HepatitisC),
    ("77386006", Finding::Pregnancy),
];

/// What a Condition's code says; for Crohn's, the location of whichever
/// ICD-10 K50 coding gives one (a SNOMED coding beside it gives none).
pub fn condition(code: &Value) -> Option<Finding> {
    let mut found = None;
    for (system, c, _) in read::codings(code) {
        if system == SNOMED {
            if let Some((_, f)) = SNOMED_FINDINGS.iter().find(|(k, _)| *k == c) {
                found = found.or(Some(*f));
            }
        }
        if system == ICD10 || system == ICD10_CM {
            let c = c.to_ascii_uppercase();
            if let Some(rest) = c.strip_prefix("K50") {
                let location = match rest.trim_start_matches('.').chars().next() {
                    Some('0') => Some("ileal"),
                    Some('1') => Some("colonic"),
                    Some('8') => Some("ileocolonic"),
                    _ => None,
                };
                if location.is_some() || found.is_none() {
                    found = Some(Finding::Crohns(location));
                }
            }
        }
    }
    found
}

/// NYHA class from a Condition's `stage` (SNOMED class codes or its words).
pub fn nyha(stage: &Value) -> Option<u8> {
    let stages = stage.as_array()?;
    for s in stages {
        for (system, code, _) in read::codings(&s["summary"]) {
            if system == SNOMED {
                let class = match code {
                    "420300004" => 1,
                    "421704003" => 2,
                    "420913000" => 3,
                    "422293003" => 4,
                    _ => continue,
                };
                return Some(class);
            }
        }
        let words = read::text(&s["summary"])?.to_ascii_uppercase();
        for (k, class) in [
            ("CLASS IV", 4),
            ("CLASS III", 3),
            ("CLASS II", 2),
            ("CLASS I", 1),
        ] {
            if words.contains(k) {
                return Some(class);
            }
        }
    }
    None
}

/// CVX code → (CDC short name, live). `None`: the name decides
/// (`clinical::vaccines`), e.g. JYNNEOS, which CDC's name calls live but
/// does not replicate. A code not here leaves live unknown, never "not live".
const CVX_CODES: &[(&str, &str, Option<bool>)] = &[
    ("03", "MMR", Some(true)),
    ("94", "MMRV", Some(true)),
    ("21", "varicella", Some(true)),
    ("121", "zoster live", Some(true)),
    ("187", "zoster recombinant", Some(false)),
    ("37", "yellow fever", Some(true)),
    ("183", "yellow fever vaccine - alt", Some(true)),
    ("184", "yellow fever, unspecified formulation", Some(true)),
    ("111", "influenza, live, intranasal", Some(true)),
    (
        "149",
        "influenza, live, intranasal, quadrivalent",
        Some(true),
    ),
    (
        "151",
        "influenza nasal, unspecified formulation",
        Some(true),
    ),
    ("25", "typhoid, oral", Some(true)),
    ("101", "typhoid, ViCPs", Some(false)),
    ("116", "rotavirus, pentavalent", Some(true)),
    ("119", "rotavirus, monovalent", Some(true)),
    ("122", "rotavirus, unspecified formulation", Some(true)),
    ("19", "BCG", Some(true)),
    ("02", "OPV", Some(true)),
    ("178", "OPV bivalent", Some(true)),
    ("179", "OPV, monovalent, unspecified", Some(true)),
    ("182", "OPV, unspecified", Some(true)),
    ("174", "cholera, live attenuated", Some(true)),
    ("75", "vaccinia (smallpox)", Some(true)),
    ("206", "JYNNEOS", None),
    ("10", "IPV", Some(false)),
    (
        "140",
        "influenza, seasonal, injectable, preservative free",
        Some(false),
    ),
    ("141", "influenza, seasonal, injectable", Some(false)),
    (
        "150",
        "influenza, injectable, quadrivalent, preservative free",
        Some(false),
    ),
    ("158", "influenza, injectable, quadrivalent", Some(false)),
    ("197", "influenza, high-dose, quadrivalent", Some(false)),
    (
        "205",
        "influenza vaccine, quadrivalent, adjuvanted",
        Some(false),
    ),
    (
        "208",
        "COVID-19, mRNA, LNP-S, PF, 30 mcg/0.3 mL dose",
        Some(false),
    ),
    (
        "213",
        "SARS-COV-2 (COVID-19) vaccine, unspecified",
        Some(false),
    ),
    ("08", "Hep B, adolescent or pediatric", Some(false)),
    ("43", "Hep B, adult", Some(false)),
    ("45", "Hep B, unspecified formulation", Some(false)),
    ("33", "pneumococcal polysaccharide PPV23", Some(false)),
    ("133", "pneumococcal conjugate PCV 13", Some(false)),
    ("215", "pneumococcal conjugate PCV15", Some(false)),
    ("216", "pneumococcal conjugate PCV20", Some(false)),
    ("165", "HPV9", Some(false)),
    ("115", "Tdap", Some(false)),
];

/// A CVX code's name and whether the vaccine is live (`None`: ask the name).
pub fn cvx(code: &str) -> Option<(&'static str, Option<bool>)> {
    CVX_CODES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, n, live)| (*n, *live))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn said(text: &str) -> Option<bool> {
        positive(&json!({"valueString": text}))
    }

    #[test]
    fn result_words_are_read_whole_and_ambiguity_is_unknown() {
        assert_eq!(said("Negative"), Some(false));
        assert_eq!(said("Not detected"), Some(false));
        assert_eq!(said("Non-reactive"), Some(false));
        assert_eq!(said("Positive"), Some(true));
        assert_eq!(said("Detected"), Some(true));
        assert_eq!(said("Reactive"), Some(true));
        assert_eq!(said("Not negative"), None);
        assert_eq!(said("Positive (HBeAg negative)"), None);
        assert_eq!(said("Detected (previously not detected)"), None);
        assert_eq!(said("Indeterminate"), None);
        assert_eq!(said("see comment"), None);
    }

    #[test]
    fn a_k50_coding_gives_the_location_wherever_it_is() {
        let c = json!({"coding": [{"system": SNOMED, "code": "34000006"}, {"system": ICD10_CM, "code": "K50.012"}]});
        assert_eq!(condition(&c), Some(Finding::Crohns(Some("ileal"))));
        let c = json!({"coding": [{"system": ICD10_CM, "code": "K50.90"}]});
        assert_eq!(condition(&c), Some(Finding::Crohns(None)));
    }
}
