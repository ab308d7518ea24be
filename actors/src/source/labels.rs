//! Drug labels (US prescribing information, EU summaries of product
//! characteristics) and the guidelines the safety rules cite, section by
//! section. Each citation says how its text was read: the search tools of this
//! project show only the opening of most primary labels, so many sections were
//! read in verbatim copies of the label (DailyMed mirrors, the holder's medical
//! information site) and some only in the holder's safety summary; the latter
//! are cited with `unverified_at` and come out with `verified: false`.

use super::Document;

// Anti-TNF.
pub const REMICADE_US: Document = Document {
    id: "remicade_us",
    citation: "REMICADE (infliximab) US Prescribing Information, Janssen Biotech; wording shared by the infliximab products (INFLECTRA infliximab-dyyb, RENFLEXIS infliximab-abda, AVSOLA infliximab-axxq), read in the RENFLEXIS PI rev. 03/2019, the FDA Safety-related Labeling Changes for RENFLEXIS of 12/2023 and Pfizer's INFLECTRA label text",
};
pub const INFLIXIMAB_EU: Document = Document {
    id: "infliximab_eu",
    citation: "Remicade and infliximab biosimilars (Inflectra, Remsima, Flixabi, Zessly) EU SmPC, as summarised by the marketing-authorisation holder (Pfizer UK, Inflectra) and the EU package leaflet (Remsima, 2022); SmPC section 4.3 text itself not read",
};
pub const ZYMFENTRA_US: Document = Document {
    id: "zymfentra_us",
    citation: "ZYMFENTRA (infliximab-dyyb) subcutaneous US Prescribing Information, Celltrion, rev. 07/2024 (maintenance after IV induction; dose read only in secondary sources)",
};
pub const HUMIRA_US: Document = Document {
    id: "humira_us",
    citation: "HUMIRA (adalimumab) US Prescribing Information, AbbVie, rev. 07/2025 (boxed warning read in the FDA label; other sections in verbatim copies of the 2025 and earlier revisions)",
};
pub const HUMIRA_EU: Document = Document {
    id: "humira_eu",
    citation: "Humira EU product information (EMA, AbbVie Deutschland, EU/1/03/256): package leaflet section 2, which restates SmPC 4.3; SmPC text itself not read",
};

// Interleukin and integrin antagonists.
pub const STELARA_US: Document = Document {
    id: "stelara_us",
    citation: "STELARA (ustekinumab) US Prescribing Information, Janssen Biotech (2016 text read in verbatim copies; sections 2.x and 5.1 were revised 2025-2026 and not re-read)",
};
pub const SKYRIZI_US: Document = Document {
    id: "skyrizi_us",
    citation: "SKYRIZI (risankizumab-rzaa) US Prescribing Information, AbbVie (section 2.6 read in a verbatim DailyMed copy; warnings in AbbVie's Important Safety Information)",
};
pub const SKYRIZI_EU: Document = Document {
    id: "skyrizi_eu",
    citation: "Skyrizi EU SmPC, EMA, AbbVie Deutschland, revision 2024 (read in a verbatim copy)",
};
pub const STELARA_EU: Document = Document {
    id: "stelara_eu",
    citation: "Stelara EU SmPC, EMA, Janssen-Cilag (sections 4.1-4.2 read in a copy; 4.2 maintenance options read only in secondary summaries)",
};
pub const ENTYVIO_US: Document = Document {
    id: "entyvio_us",
    citation: "ENTYVIO (vedolizumab) US Prescribing Information, Takeda, rev. 03/2026 (v24); section 5.2 Infections was revised 02/2026 and not re-read: its wording here is the earlier text in Takeda's safety information",
};
pub const ENTYVIO_EU: Document = Document {
    id: "entyvio_eu",
    citation: "Entyvio EU SmPC, EMA, Takeda Pharma A/S, revision 2024 (read in a verbatim copy)",
};

// JAK inhibitor.
pub const RINVOQ_US: Document = Document {
    id: "rinvoq_us",
    citation: "RINVOQ (upadacitinib) US Prescribing Information, AbbVie, Crohn's disease indication as updated October 2025 (sections read in verbatim label copies and AbbVie's Important Safety Information of November 2025)",
};
pub const RINVOQ_EU: Document = Document {
    id: "rinvoq_eu",
    citation: "RINVOQ EU SmPC, EMA, AbbVie Deutschland, revision 2024 (read in a verbatim copy)",
};

// Immunomodulators and budesonide.
pub const IMURAN_US: Document = Document {
    id: "imuran_us",
    citation: "IMURAN (azathioprine) US Prescribing Information (indications: renal transplant and rheumatoid arthritis; no Crohn's indication), read in the FDA Safety-related Labeling Changes of 12/2018 and label copies",
};
pub const AZATHIOPRINE_SMPC: Document = Document {
    id: "azathioprine_smpc",
    citation: "Imuran (azathioprine) SmPC-style product information (GSK, as reproduced by MIMS); the US label's vaccine sentence was not read",
};
pub const JAYEMPI_EU: Document = Document {
    id: "jayempi_eu",
    citation: "Jayempi (azathioprine) EU SmPC, EMA, Nova Laboratories, revision 2022 (read in a verbatim copy)",
};
pub const MERCAPTOPURINE_US: Document = Document {
    id: "mercaptopurine_us",
    citation: "Mercaptopurine (PURIXAN oral suspension; mercaptopurine tablets) US Prescribing Information, rev. 07/2024 (indication: acute lymphoblastic leukemia; no Crohn's indication)",
};
pub const ULORIC_US: Document = Document {
    id: "uloric_us",
    citation: "ULORIC (febuxostat) US Prescribing Information, Takeda (FDA labeling change of 01/2011, read in a verbatim copy)",
};
pub const ADENURIC_EU: Document = Document {
    id: "adenuric_eu",
    citation: "ADENURIC (febuxostat) EU SmPC, Menarini (4.3 lists hypersensitivity only; the 4.4/4.5 sentence on azathioprine and mercaptopurine read in a local SmPC copy and in Medsafe Prescriber Update 39(3), 2018)",
};
pub const MEDSAFE_METHOTREXATE: Document = Document {
    id: "medsafe_methotrexate",
    citation: "Medsafe (New Zealand regulator) on methotrexate with trimethoprim or co-trimoxazole: avoid whenever possible (read in a secondary source)",
};
pub const METHOTREXATE_US: Document = Document {
    id: "methotrexate_us",
    citation: "Methotrexate tablets and injection US Prescribing Information (generic PLR labels, 2020-2026; read in DailyMed copies and Pfizer's methotrexate injection label); methotrexate has no Crohn's indication in the US",
};
pub const JYLAMVO_EU: Document = Document {
    id: "jylamvo_eu",
    citation:
        "Jylamvo (methotrexate) EU SmPC, EMA, Therakind, revision 2021 (read in a verbatim copy)",
};
pub const ENTOCORT_US: Document = Document {
    id: "entocort_us",
    citation: "ENTOCORT EC (budesonide) US Prescribing Information, Paddock/Perrigo (read in verbatim DailyMed copies)",
};

// Guidelines and reference lists.
pub const CPIC_THIOPURINES: Document = Document {
    id: "cpic_thiopurines",
    citation: "CPIC guideline for thiopurines and TPMT/NUDT15: Relling et al., Clin Pharmacol Ther 2019;105:1095-105, with the March 2024 update (intermediate for both genes: 20-50% of normal)",
};
pub const QDENGA_EU: Document = Document {
    id: "qdenga_eu",
    citation:
        "Qdenga (dengue tetravalent vaccine, live, attenuated) EU SmPC, Takeda, 2022, section 1",
};
pub const CDC_LIVE_VACCINES: Document = Document {
    id: "cdc_live_vaccines",
    citation: "CDC: U.S. Vaccine Names (vaccine types), Yellow Book 2024 tables 5-01 and 5-08, General Best Practice Guidelines for Immunization (Altered Immunocompetence, 2023), MMWR 2022;71(22)",
};
pub const CYP3A_TABLE: Document = Document {
    id: "cyp3a_inhibitors_inducers",
    citation: "Cytochrome P450 3A inhibitors and inducers, Lexicomp/UpToDate table based on FDA guidance (the FDA table itself was not read)",
};
