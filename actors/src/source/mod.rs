//! Published sources. Every clinical rule, rate and range in this crate points
//! at one of these, and the output evidence carries it, so a reader can check.
//!
//! `verified` says whether the statement was read in the source itself (or a
//! verbatim copy of it): `false` marks what rests on a summary, a manufacturer's
//! safety leaflet, or a figure not re-checked against the primary paper. Label
//! documents and their sections live in [`labels`].

use serde::Serialize;

pub mod labels;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Source {
    /// Short stable key of the document.
    pub id: &'static str,
    pub citation: &'static str,
    /// The section, table or paragraph the statement is in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<&'static str>,
    pub verified: bool,
}

/// A document (a label, a guideline) whose sections are cited one by one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Document {
    pub id: &'static str,
    pub citation: &'static str,
}

impl Document {
    /// A section read in the document (or a verbatim copy of it).
    pub const fn at(self, section: &'static str) -> Source {
        Source {
            id: self.id,
            citation: self.citation,
            section: Some(section),
            verified: true,
        }
    }

    /// A section whose wording was not read in the document itself.
    pub const fn unverified_at(self, section: &'static str) -> Source {
        Source {
            verified: false,
            ..self.at(section)
        }
    }
}

const fn src(id: &'static str, citation: &'static str) -> Source {
    Source {
        id,
        citation,
        section: None,
        verified: true,
    }
}

const fn unverified(id: &'static str, citation: &'static str) -> Source {
    Source {
        id,
        citation,
        section: None,
        verified: false,
    }
}

// Efficacy trials.
pub const SONIC: Source = src(
    "sonic",
    "SONIC: Colombel et al., N Engl J Med 2010;362:1383-95",
);
pub const CLASSIC_I: Source = src(
    "classic_i",
    "CLASSIC-I: Hanauer et al., Gastroenterology 2006;130:323-33",
);
pub const CHARM: Source = src(
    "charm",
    "CHARM: Colombel et al., Gastroenterology 2007;132:52-65",
);
pub const IM_UNITI: Source = src(
    "im_uniti",
    "IM-UNITI: Feagan et al., N Engl J Med 2016;375:1946-60",
);
pub const GEMINI_2: Source = src(
    "gemini_2",
    "GEMINI 2: Sandborn et al., N Engl J Med 2013;369:711-21",
);
pub const U_ENDURE: Source = src(
    "u_endure",
    "U-EXCEL/U-EXCEED/U-ENDURE: Loftus et al., N Engl J Med 2023;388:1966-80",
);
pub const FEAGAN_MTX: Source = src(
    "feagan_1995",
    "Feagan et al., N Engl J Med 1995;332:292-7 (methotrexate 25 mg IM weekly)",
);
pub const FEAGAN_MTX_2000: Source = src(
    "feagan_2000",
    "Feagan et al., N Engl J Med 2000;342:1627-32 (methotrexate 15 mg IM weekly maintenance after 25 mg weekly induction)",
);
pub const GREENBERG_BUDESONIDE: Source = src(
    "greenberg_1994",
    "Greenberg et al., N Engl J Med 1994;331:836-41 (budesonide)",
);
pub const ADVANCE_MOTIVATE: Source = unverified(
    "advance_motivate",
    "ADVANCE/MOTIVATE: D'Haens et al., Lancet 2022;399:2015-30 (arm-level figures unverified)",
);
pub const SONIC_SAFETY: Source = unverified(
    "sonic_safety",
    "SONIC serious infections by arm: Colombel et al., N Engl J Med 2010;362:1383-95 (figures unverified)",
);
pub const PANTS: Source = src(
    "pants",
    "PANTS: Sazonovs et al., Gastroenterology 2020;158:189-99 (HLA-DQA1*05, HR 1.90, 95% CI 1.60-2.25)",
);
pub const PANTS_INCIDENCE: Source = unverified(
    "pants_incidence",
    "PANTS: Kennedy et al., Lancet Gastroenterol Hepatol 2019;4:341-53 (anti-drug antibodies by week 54; figures unverified)",
);

// Scores, biomarkers, data quality.
pub const CDAI: Source = src(
    "cdai",
    "CDAI 0-600: remission < 150, severe > 450 (Best et al., Gastroenterology 1976)",
);
pub const AGA_BIOMARKERS: Source = src(
    "aga_2023",
    "AGA clinical practice guideline on biomarkers in Crohn's disease, Gastroenterology 2023: calprotectin < 150 ug/g with CRP < 5 mg/L rules out active inflammation",
);
pub const KAHN_DQ: Source = src("kahn_2016", "Kahn et al., eGEMs 2016;4:1244 (harmonized data quality: conformance, completeness, plausibility)");
pub const IGLEWICZ_HOAGLIN: Source = src(
    "iglewicz_hoaglin",
    "Iglewicz & Hoaglin 1993: modified z-score 0.6745(x - median)/MAD, flag |M| > 3.5",
);
pub const TUKEY: Source = src(
    "tukey_1977",
    "Tukey, Exploratory Data Analysis 1977: fences at Q1 - 3 IQR and Q3 + 3 IQR (far out)",
);
pub const UNIT_CONVERSIONS: Source = src(
    "unit_conversions",
    "SI conversions: CRP 1 mg/dL = 10 mg/L; albumin g/dL x 10 = g/L; hemoglobin g/dL x 10 = g/L, 1 mmol/L (monomer, 16,114 g/mol) = 1.611 g/dL; cell counts 10^3/uL = 10^9/L, /mm3 = cells/uL",
);
pub const REFERENCE_INTERVALS: Source = src(
    "reference_intervals",
    "Adult reference intervals: Hb men 14-17.5, women 12.3-15.3 g/dL; WBC 4.5-11.0 x10^9/L; platelets 150-450 x10^9/L; albumin 35-50 g/L; CRP < 5 mg/L; calprotectin < 50 ug/g",
);
pub const PHYSIOLOGICAL_LIMITS: Source = src(
    "hms_physiological_limits",
    "hms physiological plausibility limits: wider than reference intervals, set to values survivable in adults (documented in actors/src/healer/limits.rs)",
);
pub const FHIR_PROVENANCE: Source = src("fhir_provenance", "HL7 FHIR R5 Provenance resource");
pub const POCOCK_SIMON: Source = src(
    "pocock_simon",
    "Pocock & Simon, Biometrics 1975;31:103-15 (minimization)",
);
pub const THALL_WATHEN: Source = src(
    "thall_wathen",
    "Thall & Wathen, Eur J Cancer 2007;43:859-66 (Bayesian adaptive randomization)",
);
