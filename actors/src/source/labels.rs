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
    citation: "REMICADE (infliximab) US Prescribing Information, Janssen Biotech; wording shared by the infliximab products (INFLECTRA infliximab-dyyb, RENFLEXIS infliximab-abda, AVSOLA infliximab-axxq), read in parts: INFLECTRA 2.1-2.2 and 7 (verbatim copies of the current label), the RENFLEXIS PI of 2019, the FDA Safety-related Labeling Changes for RENFLEXIS of 12/2023 (4, 5.5, 5.13) and REMICADE's Boxed Warning and Highlights",
};
pub const INFLIXIMAB_EU: Document = Document {
    id: "infliximab_eu",
    citation: "Remsima (infliximab) EU SmPCs, Celltrion: 100 mg powder for concentrate (IV) and 120 mg solution for injection (SC), read in full in EMA's product information (copy of December 2023 in hl7-eu/gravitate-health); Remicade and the other infliximab biosimilars share the IV posology and warnings",
};
pub const ZYMFENTRA_US: Document = Document {
    id: "zymfentra_us",
    citation: "ZYMFENTRA (infliximab-dyyb) subcutaneous US Prescribing Information, Celltrion, rev. 07/2024 (maintenance after IV induction; dose read only in secondary sources)",
};
pub const HUMIRA_US: Document = Document {
    id: "humira_us",
    citation: "HUMIRA (adalimumab) US Prescribing Information, AbbVie, SPL version 2154 effective 2025-12-23 (DailyMed set 608d4f0d), read in full in a verbatim copy of the SPL; US biosimilars (adalimumab-atto, -adbm, -adaz, -bwwd, -aqvh, -fkjp, -aacf, -aaty, -ryvk, -afzb) share the wording",
};
pub const HUMIRA_EU: Document = Document {
    id: "humira_eu",
    citation: "Humira 40 mg/0.4 ml EU SmPC (EMA, AbbVie Deutschland, EU/1/03/256), product information of October 2022 read in full (sections 4.1-4.6, 5.2), with the package leaflet",
};

// Interleukin and integrin antagonists.
pub const STELARA_US: Document = Document {
    id: "stelara_us",
    citation: "STELARA (ustekinumab) US Prescribing Information, Janssen Biotech: Highlights of the 01/2026 revision (Crohn's disease in adults), the 2016 text (1, 2, 5, 17) in verbatim copies; the 04/2026 revision of 1.3 and 2.4 and the 08/2026 revision of 5.1 were not read",
};
pub const SKYRIZI_US: Document = Document {
    id: "skyrizi_us",
    citation: "SKYRIZI (risankizumab-rzaa) US Prescribing Information, AbbVie, revision of 9/2025 (2.6 read in a verbatim copy), the 4/2019 revision (5.2, 5.3, 7.1, 8.2) and AbbVie's Important Safety Information of 2022-2023 (4, 5)",
};
pub const SKYRIZI_EU: Document = Document {
    id: "skyrizi_eu",
    citation: "Skyrizi EU SmPC (600 mg IV, 180/360 mg SC), EMA, AbbVie Deutschland, revision 2024 (4.1, 4.2, 4.3, 4.4 to Immunisations and 4.6 read in verbatim copies)",
};
pub const STELARA_EU: Document = Document {
    id: "stelara_eu",
    citation: "Stelara EU product information, EMA, Janssen-Cilag: package leaflets (130 mg IV, and the Uzpruvo biosimilar's) read in full, the Italian SmPC's 4.3 and 4.6, EMA's 2025 indication text (paediatric Crohn's disease from 40 kg); the English SmPC's 4.2, 4.4 and 4.5 were not read",
};
pub const ENTYVIO_US: Document = Document {
    id: "entyvio_us",
    citation: "ENTYVIO (vedolizumab) US Prescribing Information, Takeda, version 24 effective 2026-03-02 (1 and 2.1-2.2 read in a verbatim copy); 2.1 and 5.2 Infections were revised 02/2026 and not re-read: warnings here are the earlier text in Takeda's safety information",
};
pub const ENTYVIO_EU: Document = Document {
    id: "entyvio_eu",
    citation: "Entyvio EU SmPCs (300 mg IV, 108 mg SC), EMA, Takeda Pharma A/S, revision 2024 (4.1-4.3 and 4.4 to tuberculosis read in verbatim copies; 4.6 in the Italian SmPC)",
};

// JAK inhibitor.
pub const RINVOQ_US: Document = Document {
    id: "rinvoq_us",
    citation: "RINVOQ (upadacitinib) US Prescribing Information, AbbVie, Crohn's disease indication as updated October 2025 (2 and 2.1 read in verbatim label copies; other sections in AbbVie's Important Safety Information of November 2025)",
};
pub const RINVOQ_EU: Document = Document {
    id: "rinvoq_eu",
    citation: "RINVOQ EU product information, EMA, AbbVie Deutschland (EU/1/19/1404): SmPC 4.1 and 4.3 read in copies; the package leaflet with Crohn's disease read in full (SmPC 4.2, 4.4 and 4.6 were not read)",
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
pub const IMMUFALK_EU: Document = Document {
    id: "immufalk_eu",
    citation: "Immufalk (azathioprine) 75/100 mg, Ficha técnica (SmPC), Spain (AEMPS), Dr. Falk Pharma, revision October 2024, licensed for Crohn's disease; read in full in Spanish (quotes here are translated)",
};
pub const MERCAPTOPURINE_EU: Document = Document {
    id: "mercaptopurine_eu",
    citation: "Mercaptopurina Aspen 50 mg (Puri-Nethol family) Ficha técnica (SmPC), Spain (AEMPS), Aspen, revision May 2023; indications leukaemias only (inflammatory bowel disease is not an authorised indication); read in full in Spanish (quotes here are translated)",
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
pub const METOJECT_EU: Document = Document {
    id: "metoject_eu",
    citation: "Metoject / Metoject PEN (methotrexate injection), medac, national EU SmPCs (Czech SmPC 4.1 and 4.6 read; Crohn's posology read only in a MIMS UK summary of 2017); indicated for mild to moderate Crohn's disease in adults refractory or intolerant to thiopurines",
};
pub const ENTOCORT_US: Document = Document {
    id: "entocort_us",
    citation: "ENTOCORT EC (budesonide) US Prescribing Information, Paddock/Perrigo, with the pediatric indication and the 06/2024 safety changes (1, 2.1-2.3, 5.1, 5.4, 8.2 read in verbatim copies; 4, 5.3, 7 and 8.x otherwise in earlier revisions or summaries); generic budesonide delayed-release capsules share it",
};
pub const ENTOCORD_EU: Document = Document {
    id: "entocord_eu",
    citation: "Entocord (Entocort) 3 mg capsules, Ficha técnica (SmPC), Spain (AEMPS), Tillotts Pharma, revision 07/2023; read in full in Spanish (quotes here are translated). EU national budesonide labels differ (Budenofalk, the Danish Entocort)",
};
pub const ENTOCORT_DK: Document = Document {
    id: "entocort_dk",
    citation: "Entocort 3 mg capsules, Danish package leaflet (Indlægsseddel), Tillotts Pharma, revision 05/2022 (patient text, read in full)",
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
pub const KDIGO_CKD: Document = Document {
    id: "kdigo_2012_ckd",
    citation: "KDIGO 2012 Clinical Practice Guideline for the Evaluation and Management of Chronic Kidney Disease, Kidney International Supplements 2013;3:1-150",
};
pub const CYP3A_TABLE: Document = Document {
    id: "cyp3a_inhibitors_inducers",
    citation: "Cytochrome P450 3A inhibitors and inducers, Lexicomp/UpToDate table based on FDA guidance (the FDA table itself was not read)",
};
