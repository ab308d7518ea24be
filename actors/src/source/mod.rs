//! Published sources. Every clinical rule, rate and range in this crate points
//! at one of these, and the output evidence carries it, so a reader can check.
//!
//! `verified` says whether the statement was read in the source itself (or a
//! verbatim copy of it): `false` marks what rests on a summary, a manufacturer's
//! safety leaflet, or a figure not re-checked against the primary paper. Label
//! documents and their sections live in [`labels`].

use serde::Serialize;

pub mod labels;
pub mod section;

pub use section::Section;

#[derive(Clone, Copy, Debug, Eq, Serialize)]
pub struct Source {
    /// Short stable key of the document.
    pub id: &'static str,
    pub citation: &'static str,
    /// The section, table or paragraph the statement is in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<&'static str>,
    pub verified: bool,
}

impl PartialEq for Source {
    /// Sources are compared often (verdicts list each once): the same static
    /// strings compare by address first, then by content.
    fn eq(&self, other: &Self) -> bool {
        fn same(a: &str, b: &str) -> bool {
            std::ptr::eq(a, b) || a == b
        }
        self.verified == other.verified
            && same(self.id, other.id)
            && match (self.section, other.section) {
                (Some(a), Some(b)) => same(a, b),
                (None, None) => true,
                _ => false,
            }
            && same(self.citation, other.citation)
    }
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
pub const PANTS_INCIDENCE: Source = src(
    "pants_incidence",
    "PANTS: Kennedy et al., Lancet Gastroenterol Hepatol 2019;4:341-53 (abstract: immunogenicity by week 54, infliximab 62.8% (59.0-66.3), adalimumab 28.5% (24.0-32.7))",
);

pub const ACCENT_I: Document = Document {
    id: "accent_i",
    citation: "ACCENT I: Hanauer et al., Lancet 2002;359:1541-49",
};
pub const GAIN: Document = Document {
    id: "gain",
    citation: "GAIN: Sandborn et al., Ann Intern Med 2007;146:829-38 (adalimumab after loss of response or intolerance to infliximab)",
};
pub const UNITI: Document = Document {
    id: "uniti",
    citation: "UNITI-1, UNITI-2 and IM-UNITI: Feagan et al., N Engl J Med 2016;375:1946-60",
};
pub const GEMINI_3: Document = Document {
    id: "gemini_3",
    citation: "GEMINI 3: Sands et al., Gastroenterology 2014;147:618-27",
};
pub const FORTIFY: Document = Document {
    id: "fortify",
    citation: "FORTIFY: Ferrante et al., Lancet 2022;399:2031-46",
};
pub const LOFTUS_2023: Document = Document {
    id: "loftus_2023",
    citation: "U-EXCEL, U-EXCEED and U-ENDURE: Loftus et al., N Engl J Med 2023;388:1966-80",
};
pub const DIAMOND: Source = src(
    "diamond",
    "DIAMOND: Matsumoto et al., J Crohns Colitis 2016, pages 1259-66 (open-label; adalimumab alone vs with azathioprine, naive to biologics and thiopurines)",
);
pub const KUENZIG_2018: Source = src(
    "kuenzig_2018",
    "Kuenzig et al., J Can Assoc Gastroenterol 2018;1:159-73 (Cochrane review of budesonide: 6 mg/day maintenance RR 1.13, 0.94-1.35, at one year)",
);

// Network meta-analyses and guidelines: the efficacy ranking and the choice.
pub const SINGH_NMA: Document = Document {
    id: "singh_nma",
    citation: "Singh et al., network meta-analysis of first- and second-line biologics in moderate-to-severe Crohn's disease (Aliment Pharmacol Ther 2018), as tabulated by Singh et al., Clin Gastroenterol Hepatol 2020;18:1268-79, Table 2",
};
pub const AGA_TECHNICAL_REVIEW_2021: Document = Document {
    id: "aga_technical_review_2021",
    citation: "Singh et al., AGA Technical Review on the Medical Management of Moderate to Severe Luminal and Fistulizing Crohn's Disease, Gastroenterology 2021;160:2512-56",
};
pub const BARBERIO_2023: Document = Document {
    id: "barberio_2023",
    citation: "Barberio, Gracie, Black, Ford. Efficacy of biological therapies and small molecules in induction and maintenance of remission in luminal Crohn's disease: network meta-analysis. Gut 2023;72:264-74 (abstract)",
};
pub const AGA_2025: Document = Document {
    id: "aga_2025",
    citation: "Scott et al., AGA Living Clinical Practice Guideline on the Pharmacologic Management of Moderate-to-Severe Crohn's Disease, Gastroenterology, online 20 November 2025 (abstract); evidence synthesis: Singh et al., Gastroenterology 2025, doi 10.1053/j.gastro.2025.08.032",
};
pub const GISBERT_2021: Source = src(
    "gisbert_2021",
    "Gisbert & Chaparro, Primary failure to an anti-TNF agent: switch or swap? J Clin Med 2021;10:5318 (abstract)",
);
pub const ACG_2018_PERIANAL: Source = unverified(
    "acg_2018",
    "Lichtenstein et al., ACG Clinical Guideline: Management of Crohn's Disease in Adults, Am J Gastroenterol 2018;113:481-517: \"Infliximab is effective and should be considered in treating perianal fistulas\" (strong, moderate); adalimumab \"may be effective\" (strong, low) (read in a reproduction, Expert Rev Gastroenterol Hepatol 2019;13:563-77, Table 1; ACG 2025 not read)",
);
pub const ECCO_2020_BUDESONIDE: Source = unverified(
    "ecco_2020",
    "Torres et al., ECCO Guidelines on Therapeutics in Crohn's Disease: Medical Treatment, J Crohns Colitis 2020;14:4-22: budesonide for induction of remission in mild-to-moderate disease limited to the ileum and/or ascending colon (strong, moderate) (read in a secondary copy)",
);

// Safety figures (the outcome simulation's risk list).
pub const CESAME: Source = src(
    "cesame",
    "CESAME: Beaugerie et al., Lancet 2009;374:1617-25 (lymphoproliferative disorders in 19,486 IBD patients)",
);
pub const KIRCHGESNER_2018: Source = src(
    "kirchgesner_2018",
    "Kirchgesner et al., Gastroenterology 2018;155:337-46 (serious and opportunistic infections by IBD treatment, French national cohort)",
);
pub const KOTLYAR_2011: Source = src(
    "kotlyar_2011",
    "Kotlyar et al., Clin Gastroenterol Hepatol 2011;9:36-41 (hepatosplenic T-cell lymphoma in IBD: 36 cases, none on anti-TNF alone)",
);
pub const VEDOLIZUMAB_SAFETY: Source = unverified(
    "vedolizumab_safety",
    "Vedolizumab integrated safety, Gut, Table 5: exposure-adjusted serious infections in Crohn's disease (the article is believed to be Colombel et al., Gut 2017;66:839-51; the citation was not seen)",
);
pub const USTEKINUMAB_SAFETY: Source = unverified(
    "ustekinumab_safety",
    "Pooled ustekinumab IBD safety analysis (PMC6520311), Table 4: serious infections in UNITI and IM-UNITI (authors and journal not seen)",
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
