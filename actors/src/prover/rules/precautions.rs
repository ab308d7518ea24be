//! The labels' precautions: monitoring they ask for during therapy, and the
//! cautions that concern patients the record describes (a past malignancy,
//! age 65 and over, a child, impaired liver function, heavy smoking).
//! Advisory: a caution that matches the record is a warning; the rest is
//! reported with the verdict, so a reader sees what the label asks.

use crate::clinical::formulary::Drug::*;
use crate::clinical::formulary::{Band, Population};
use crate::clinical::patient::ChildPugh;
use crate::prover::rule::Rule;
use crate::prover::statement::{eu, us, Basis::*, Param, Statement};
use crate::prover::verdict::Severity;
use crate::source::labels::*;
use crate::source::Section::{self, *};

use super::triggered;

pub static RULE: Rule = Rule {
    id: "label_precautions",
    severity: Severity::Advisory,
    section: Section::Malignancy,
    text: "the label's cautions for patients like this one (a past malignancy, 65 years and over, children, impaired liver function), and the monitoring it asks for",
    sources: &[],
    statements: STATEMENTS,
    fallback: false,
    check: triggered::check,
};

const MALIGNANCY: Param = Param::Conditions(&[
    "malignancy",
    "cancer",
    "lymphoma",
    "melanoma",
    "carcinoma",
    "leukemia",
    "leukaemia",
    "myeloma",
    "sarcoma",
]);
const OVER_65: Param = Param::Population(Population::ages(Band::at_least(65.0)));
const CHILD: Param = Param::Population(Population::ages(Band::ANY.below(18.0)));
const LIVER: Param = Param::ChildPugh(ChildPugh::A);
const SMOKING: Param = Param::Conditions(&[
    "smoker",
    "smoking",
    "copd",
    "chronic obstructive pulmonary disease",
]);
const THROMBOSIS: Param = Param::Conditions(&[
    "deep vein thrombosis",
    "pulmonary embolism",
    "venous thromboembolism",
    "thrombosis",
    "thromboembolism",
]);
const STEROID_RISK: Param = Param::Conditions(&[
    "hypertension",
    "diabetes",
    "osteoporosis",
    "peptic ulcer",
    "glaucoma",
    "cataract",
]);

static STATEMENTS: &[Statement] = &[
    // Infliximab.
    us(Infliximab, Advice, "exercise caution in patients with a history of malignancy or who develop one on treatment; hepatosplenic T-cell lymphoma: weigh the risk especially in young males with Crohn's disease on azathioprine or 6-mercaptopurine", REMICADE_US.at("Boxed Warning; 5.2 Malignancies (2019 text)")).with(MALIGNANCY),
    us(Infliximab, Advice, "caution in patients with moderate to severe COPD (more malignancies in a trial in COPD)", REMICADE_US.at("5.2 Malignancies (2019 text)")).with(SMOKING),
    us(Infliximab, Advice, "evaluate symptoms of liver dysfunction; stop infliximab with jaundice or liver enzymes 5 times the upper limit of normal or more", REMICADE_US.at("5.4 Hepatotoxicity (2019 text)")).under(Hepatotoxicity),
    us(Infliximab, Advice, "leukopenia, neutropenia, thrombocytopenia and pancytopenia, some fatal, have been reported (caution with significant hematologic abnormalities)", REMICADE_US.unverified_at("5.6 Hematologic Reactions (first sentence read)")).under(Hematologic),
    us(Infliximab, Advice, "studied only with conventional immunosuppressive therapy in pediatric Crohn's disease; longer-term safety and effectiveness not established", REMICADE_US.at("8.4 Pediatric Use (2019 text, partly read)")).with(CHILD).under(PediatricUse),
    us(Infliximab, Advice, "patients older than 65 years may be at greater risk of infection (8.5 not read; 5.1 read)", REMICADE_US.at("5.1 Serious Infections")).with(OVER_65).under(Geriatric),
    us(Infliximab, Conditional, "available studies in pregnancy have not shown a clear association with adverse outcomes (the risk summary's opening was not read)", REMICADE_US.unverified_at("8.1 Pregnancy (2019 text, partly read)")).under(Pregnancy),
    eu(Infliximab, Advice, "caution with a history of malignancy or heavy smoking; hepatosplenic T-cell lymphoma: the combination with azathioprine or 6-mercaptopurine carefully considered; periodic skin examination; cervical cancer screening continued", INFLIXIMAB_EU.at("4.4 Malignancies and lymphoproliferative disorders")).with(MALIGNANCY),
    eu(Infliximab, Advice, "caution in considering treatment of patients at increased risk of malignancy due to heavy smoking", INFLIXIMAB_EU.at("4.4 Malignancies and lymphoproliferative disorders")).with(SMOKING),
    eu(Infliximab, Advice, "stop infliximab with jaundice or ALT 5 times the upper limit of normal or more", INFLIXIMAB_EU.at("4.4 Hepatobiliary events")).under(Hepatotoxicity),
    eu(Infliximab, Advice, "patients should seek medical attention for signs of blood dyscrasias; consider stopping with confirmed significant haematologic abnormalities", INFLIXIMAB_EU.at("4.4 Haematologic reactions")).under(Hematologic),
    eu(Infliximab, Conditional, "serious infections were more frequent at 65 years and older; no dose adjustment", INFLIXIMAB_EU.at("4.2 Elderly; 4.4 Elderly")).with(OVER_65).under(Geriatric),
    eu(Infliximab, Conditional, "infliximab has not been studied in liver disease", INFLIXIMAB_EU.at("4.2 Renal and/or hepatic impairment; 5.2")).with(LIVER).under(Hepatic),
    eu(Infliximab, Conditional, "infliximab has not been studied in renal disease: no dose recommendations can be made", INFLIXIMAB_EU.at("4.2 Renal and/or hepatic impairment; 5.2")).with(Param::RenalImpairment).under(Renal),
    // Adalimumab.
    us(Adalimumab, Advice, "consider risks and benefits before starting in patients with a known malignancy (other than treated non-melanoma skin cancer); examine for non-melanoma skin cancer before and during treatment", HUMIRA_US.at("Boxed Warning; 5.2 Malignancies")).with(MALIGNANCY),
    us(Adalimumab, Advice, "autoimmune hepatitis or a lupus-like syndrome: discontinue and evaluate", HUMIRA_US.at("5.9 Autoimmunity")).under(Hepatotoxicity),
    us(Adalimumab, Advice, "seek medical attention for signs of blood dyscrasias; consider stopping with confirmed significant hematologic abnormalities", HUMIRA_US.at("5.6 Hematological Reactions")).under(Hematologic),
    us(Adalimumab, Advice, "serious infection and malignancy were more frequent at 65 years and older: consider the benefits and risks", HUMIRA_US.at("8.5 Geriatric Use")).with(OVER_65).under(Geriatric),
    us(Adalimumab, Conditional, "studies do not reliably establish an association with major birth defects; adalimumab crosses the placenta in the third trimester", HUMIRA_US.at("8.1 Pregnancy")).under(Pregnancy),
    eu(Adalimumab, Advice, "additional caution with a history of malignancy; examine all patients for non-melanoma skin cancer before and during treatment; hepatosplenic T-cell lymphoma with azathioprine or 6-mercaptopurine carefully considered", HUMIRA_EU.at("4.4 Malignancies and lymphoproliferative disorders")).with(MALIGNANCY),
    eu(Adalimumab, Advice, "seek medical attention for signs of blood dyscrasias; consider stopping with confirmed significant haematologic abnormalities", HUMIRA_EU.at("4.4 Haematologic reactions")).under(Hematologic),
    eu(Adalimumab, Conditional, "serious infections were more frequent over 65 years (3.7% vs 1.5%); no dose adjustment is required", HUMIRA_EU.at("4.2 Elderly; 4.4 Elderly")).with(OVER_65).under(Geriatric),
    eu(Adalimumab, Conditional, "Humira has not been studied in hepatic impairment", HUMIRA_EU.at("4.2 Renal and/or hepatic impairment; 5.2")).with(LIVER).under(Hepatic),
    eu(Adalimumab, Conditional, "Humira has not been studied in renal impairment", HUMIRA_EU.at("4.2 Renal and/or hepatic impairment; 5.2")).with(Param::RenalImpairment).under(Renal),
    eu(Adalimumab, Advice, "Humira without methotrexate formed more antibodies and was cleared faster", HUMIRA_EU.at("4.5 Interactions")).under(Interactions),
    // Ustekinumab.
    us(Ustekinumab, Advice, "may increase the risk of malignancy; safety in patients with a history of or a known malignancy has not been evaluated", STELARA_US.at("5.4 Malignancies (Highlights)")).with(MALIGNANCY),
    us(Ustekinumab, Advice, "the safety in combination with other immunosuppressive agents or phototherapy has not been evaluated", STELARA_US.unverified_at("5 Concomitant Therapies; 7 Drug Interactions (not read)")).under(Interactions),
    us(Ustekinumab, Conditional, "no pediatric Crohn's disease dosing in the label read (pediatric dosing is for psoriasis and psoriatic arthritis)", STELARA_US.at("Highlights: Dosage and Administration (2.1 pediatric psoriasis)")).with(CHILD).under(DosagePediatric),
    us(Ustekinumab, Advice, "pediatric use covers psoriasis and psoriatic arthritis from 6 years (8.4 not read; the 04/2026 revision not read)", STELARA_US.unverified_at("8.4 Pediatric Use (not read); Highlights indications")).with(CHILD).under(PediatricUse),
    us(Ustekinumab, Conditional, "no dose by age in section 2 (8.5 Geriatric Use not read)", STELARA_US.unverified_at("2 Dosage (no age-based dose); 8.5 not read")).with(OVER_65).under(Geriatric),
    us(Ustekinumab, Conditional, "no renal dose adjustment in section 2 (8.6 not read)", STELARA_US.unverified_at("2 Dosage; 8.6 not read")).with(Param::RenalImpairment).under(Renal),
    us(Ustekinumab, Conditional, "no hepatic dose adjustment in section 2 (8.7 not read)", STELARA_US.unverified_at("2 Dosage; 8.7 not read")).with(LIVER).under(Hepatic),
    eu(Ustekinumab, Advice, "immunosuppressants like ustekinumab may increase the risk of cancer: tell the doctor about any past cancer", STELARA_EU.at("package leaflet 2: warnings (SmPC 4.4 not read)")).with(MALIGNANCY),
    eu(Ustekinumab, Advice, "heart attacks and strokes were seen in a psoriasis study: cardiovascular risk factors are checked regularly", STELARA_EU.at("package leaflet 2: heart attack and strokes (SmPC 4.4 not read)")).under(Cardiovascular),
    eu(Ustekinumab, Conditional, "using ustekinumab with other immunosuppressants or phototherapy has not been studied", STELARA_EU.at("package leaflet 2: other medicines (SmPC 4.5 not read)")).under(Interactions),
    eu(Ustekinumab, Conditional, "at 65 years or over infections may be more likely; no dose adjustment (SmPC 4.2 not read)", STELARA_EU.at("package leaflet 2")).with(OVER_65).under(Geriatric),
    eu(Ustekinumab, Conditional, "ustekinumab has not been studied in renal or hepatic impairment: no dose recommendations", STELARA_EU.unverified_at("4.2 Renal and hepatic impairment (not read)")).with(LIVER).under(Hepatic),
    eu(Ustekinumab, Conditional, "ustekinumab has not been studied in renal impairment: no dose recommendations", STELARA_EU.unverified_at("4.2 Renal impairment (not read)")).with(Param::RenalImpairment).under(Renal),
    eu(Ustekinumab, Conditional, "children weighing at least 40 kg (below 40 kg not indicated)", STELARA_EU.at("4.1 Therapeutic indications: paediatric Crohn's disease (2025)")).with(CHILD).under(PediatricUse),
    // Vedolizumab.
    us(Vedolizumab, Advice, "elevations of transaminases and/or bilirubin reported: discontinue with jaundice or other evidence of significant liver injury", ENTYVIO_US.unverified_at("5.4 Liver Injury (Takeda's safety information)")).under(Hepatotoxicity),
    us(Vedolizumab, Conditional, "no pediatric regimen: safety and effectiveness in pediatric patients not established", ENTYVIO_US.unverified_at("8.4 Pediatric Use (read in secondary copies)")).with(CHILD).under(DosagePediatric),
    us(Vedolizumab, Conditional, "safety and effectiveness in pediatric patients have not been established", ENTYVIO_US.unverified_at("8.4 Pediatric Use (read in secondary copies)")).with(CHILD).under(PediatricUse),
    eu(Vedolizumab, Advice, "the risk of malignancy is increased in Crohn's disease; immunomodulatory medicines may increase it", ENTYVIO_EU.unverified_at("4.4 Malignancies (not read)")).with(MALIGNANCY),
    eu(Vedolizumab, Conditional, "no paediatric posology: safety and efficacy in children aged 0 to 17 years not established", ENTYVIO_EU.unverified_at("4.2 Paediatric population (read in an EU-worded copy)")).with(CHILD).under(DosagePediatric),
    eu(Vedolizumab, Conditional, "safety and efficacy in children aged 0 to 17 years have not been established", ENTYVIO_EU.unverified_at("4.2 Paediatric population (read in an EU-worded copy)")).with(CHILD).under(PediatricUse),
    eu(Vedolizumab, Advice, "no clinical data after natalizumab or rituximab: caution", ENTYVIO_EU.at("4.4 Prior and concurrent use of biological products")).under(Interactions),
    eu(Vedolizumab, Allowed, "no dosage adjustment in elderly patients", ENTYVIO_EU.unverified_at("4.2 Elderly (read in an EU-worded copy)")).with(OVER_65).under(Geriatric),
    eu(Vedolizumab, Conditional, "vedolizumab has not been studied in hepatic impairment", ENTYVIO_EU.at("4.2 Hepatic impairment")).with(LIVER).under(Hepatic),
    eu(Vedolizumab, Conditional, "vedolizumab has not been studied in renal impairment", ENTYVIO_EU.at("4.2 Renal impairment")).with(Param::RenalImpairment).under(Renal),
    // Risankizumab.
    us(Risankizumab, Conditional, "no pediatric regimen: safety and effectiveness in pediatric patients not established", SKYRIZI_US.unverified_at("8.4 Pediatric Use (secondary quotes)")).with(CHILD).under(DosagePediatric),
    us(Risankizumab, Conditional, "the safety and effectiveness of SKYRIZI have not been established in pediatric patients with Crohn's disease", SKYRIZI_US.unverified_at("8.4 Pediatric Use (secondary quotes)")).with(CHILD).under(PediatricUse),
    us(Risankizumab, Allowed, "no dose adjustment is required for geriatric patients", SKYRIZI_US.unverified_at("8.5 Geriatric Use (secondary summary)")).with(OVER_65).under(Geriatric),
    eu(Risankizumab, Conditional, "no paediatric posology: safety and efficacy in children 17 years and under not established for Crohn's disease", SKYRIZI_EU.unverified_at("4.2 Paediatric population (read in an EU-worded copy)")).with(CHILD).under(DosagePediatric),
    eu(Risankizumab, Conditional, "safety and efficacy in children 17 years and under have not been established for Crohn's disease", SKYRIZI_EU.unverified_at("4.2 Paediatric population (read in an EU-worded copy)")).with(CHILD).under(PediatricUse),
    eu(Risankizumab, Allowed, "elderly (65 years and over): no dose adjustment; limited information", SKYRIZI_EU.unverified_at("4.2 Elderly (read in an EU-worded copy)")).with(OVER_65).under(Geriatric),
    eu(Risankizumab, Allowed, "renal impairment is not expected to affect monoclonal antibodies: no dose adjustment", SKYRIZI_EU.unverified_at("4.2 Special populations (read in an EU-worded copy)")).with(Param::RenalImpairment).under(Renal),
    eu(Risankizumab, Allowed, "hepatic impairment is not expected to affect monoclonal antibodies: no dose adjustment", SKYRIZI_EU.unverified_at("4.2 Special populations (read in an EU-worded copy)")).with(LIVER).under(Hepatic),
    eu(Risankizumab, Advice, "live vaccines: none during treatment and for at least 21 weeks after (the interaction 4.5 lists)", SKYRIZI_EU.at("4.4 Immunisations")).under(Interactions),
    us(Risankizumab, Advice, "avoid use of live vaccines in patients treated with SKYRIZI (the interaction section; the current section 7 not read)", SKYRIZI_US.at("7.1 Live Vaccines (4/2019 text)")).under(Interactions),
    // Upadacitinib.
    us(Upadacitinib, Conditional, "Crohn's disease is an indication in adults only: no pediatric regimen; RINVOQ LQ oral solution is not substitutable with the tablets", RINVOQ_US.at("2.2 Important Administration Instructions")).with(CHILD).under(DosagePediatric),
    us(Upadacitinib, Advice, "consider the benefits and risks before starting or continuing in patients with a known malignancy (other than treated non-melanoma skin cancer), who develop one, or who are current or past smokers; periodic skin examination", RINVOQ_US.unverified_at("Boxed Warning; 5.3 Malignancy (AbbVie's safety information)")).with(MALIGNANCY),
    us(Upadacitinib, Advice, "current or past smokers: consider the benefits and risks (malignancy, cardiovascular events)", RINVOQ_US.unverified_at("Boxed Warning; 5.3 (AbbVie's safety information)")).with(SMOKING),
    us(Upadacitinib, Advice, "evaluate liver enzymes at baseline and thereafter; interrupt if drug-induced liver injury is suspected", RINVOQ_US.unverified_at("5.8 Laboratory Abnormalities: liver enzyme elevations (AbbVie's safety information)")).under(Hepatotoxicity),
    us(Upadacitinib, Conditional, "8.4 Pediatric Use was not read; Crohn's disease is an adult indication (1)", RINVOQ_US.unverified_at("8.4 Pediatric Use (not read); 1 Indications")).with(CHILD).under(PediatricUse),
    us(Upadacitinib, Conditional, "the 15 mg dose from 65 years is in the atopic dermatitis paragraph only; the Crohn's disease paragraph has no age-based dose (8.5 not read)", RINVOQ_US.at("2 Recommended Dosage (atopic dermatitis and Crohn's disease paragraphs)")).with(OVER_65).under(Geriatric),
    us(Upadacitinib, Conditional, "the reduced 30 mg / 15 mg doses with a strong CYP3A4 inhibitor or eGFR 15 to < 30 are in section 2 (not read); mild or moderate hepatic impairment needs no adjustment (older summary)", RINVOQ_US.unverified_at("2 Dosage modifications (not read)")).with(LIVER).under(DosageHepatic),
    eu(Upadacitinib, Conditional, "not recommended under 18 years with Crohn's disease (not studied): no paediatric regimen", RINVOQ_EU.at("package leaflet 2: children and adolescents")).with(CHILD).under(DosagePediatric),
    eu(Upadacitinib, Avoid, "do not take RINVOQ with severe liver problems (SmPC 4.3: severe hepatic impairment)", RINVOQ_EU.at("package leaflet 2: do not take RINVOQ")).with(Param::ChildPugh(ChildPugh::C)).under(DosageHepatic),
    eu(Upadacitinib, Advice, "past or present cancer, or smoking: the doctor discusses whether RINVOQ is appropriate; regular skin examinations may be recommended", RINVOQ_EU.at("package leaflet 2: warnings and precautions (SmPC 4.4 not read)")).with(MALIGNANCY),
    eu(Upadacitinib, Advice, "smoking or a past of smoking: the doctor discusses whether RINVOQ is appropriate", RINVOQ_EU.at("package leaflet 2: warnings and precautions")).with(SMOKING),
    eu(Upadacitinib, Advice, "previous blood clots in the legs or lungs, or an increased risk of them: tell the doctor", RINVOQ_EU.at("package leaflet 2: warnings and precautions (SmPC 4.4 venous thromboembolism not read)")).with(THROMBOSIS).under(Thrombosis),
    eu(Upadacitinib, Advice, "blood tests before starting and during treatment: anaemia, neutropenia or lymphopenia, high cholesterol, high liver enzymes", RINVOQ_EU.at("package leaflet 2: blood tests")).under(Hepatotoxicity),
    eu(Upadacitinib, Advice, "screen for viral hepatitis and monitor for reactivation before and during therapy (a holder's summary of SmPC 4.4)", RINVOQ_EU.unverified_at("4.4 Viral reactivation (AbbVie Ireland summary)")).under(HepatitisB),
    eu(Upadacitinib, Advice, "kidney problems: the doctor may reduce the dose", RINVOQ_EU.at("package leaflet 2 and 3 (SmPC 4.2 not read)")).under(Renal),
    eu(Upadacitinib, Conditional, "blood tests check for anaemia, neutropenia or lymphopenia before starting (the SmPC's thresholds were not read; the US figures apply under upadacitinib_blood_counts)", RINVOQ_EU.at("package leaflet 2: blood tests")).under(Hematologic),
    eu(Upadacitinib, Conditional, "not recommended under 18 years with Crohn's disease: not studied in this age group", RINVOQ_EU.at("package leaflet 2: children and adolescents")).with(CHILD).under(PediatricUse),
    eu(Upadacitinib, Conditional, "you must use effective contraception while taking RINVOQ and for at least 4 weeks after the last dose (the upadacitinib_pregnancy rule checks planning)", RINVOQ_EU.at("package leaflet 2: contraception")).under(Reproductive),
    // Azathioprine.
    us(Azathioprine, Advice, "chronic immunosuppression increases the risk of malignancy, including hepatosplenic T-cell lymphoma in inflammatory bowel disease (most with a TNF blocker, in adolescent and young adult males)", IMURAN_US.at("Boxed Warning: Malignancy; Warnings: Inflammatory Bowel Disease (2011)")).with(MALIGNANCY),
    us(Azathioprine, Advice, "immunosuppressants increase the risk of serious infections, including progressive multifocal leukoencephalopathy; patients report signs of infection", IMURAN_US.at("Warnings: Serious Infections (2014); Precautions: Information for Patients")).under(Infections),
    us(Azathioprine, Advice, "complete blood counts including platelets weekly during the first month, twice monthly for the second and third months, then monthly; consider alternative therapy with homozygous TPMT or NUDT15 deficiency", IMURAN_US.at("Warnings: Cytopenias; Precautions: Laboratory Tests (2018)")).under(Hematologic),
    us(Azathioprine, Advice, "hepatotoxicity (raised alkaline phosphatase, bilirubin, transaminases) occurs, mainly in allograft recipients; permanent withdrawal for hepatic veno-occlusive disease", IMURAN_US.unverified_at("Adverse Reactions: Hepatotoxicity")).under(Hepatotoxicity),
    us(Azathioprine, Conditional, "no pediatric regimen; safety and efficacy in pediatric patients not established", IMURAN_US.unverified_at("Precautions: Pediatric Use")).with(CHILD).under(DosagePediatric),
    us(Azathioprine, Advice, "elderly patients: cautious dose selection, usually starting at the low end of the dosing range", IMURAN_US.unverified_at("Precautions: Geriatric Use")).with(OVER_65).under(Geriatric),
    us(Azathioprine, Advice, "relatively oliguric patients are usually given lower doses", IMURAN_US.unverified_at("Dosage and Administration: use in renal dysfunction")).under(Renal),
    us(Azathioprine, Conditional, "no contraindication for Crohn's disease beyond hypersensitivity (rheumatoid arthritis in pregnancy, and after alkylating agents, are not Crohn's situations)", IMURAN_US.at("Contraindications")).under(Contraindications),
    eu(Azathioprine, Advice, "hepatosplenic T-cell lymphoma reported with azathioprine alone or with anti-TNF; higher risk of lymphoproliferative disorders and skin cancers: limit sunlight and UV exposure", IMMUFALK_EU.at("4.4 Carcinogenicity")).with(MALIGNANCY),
    eu(Azathioprine, Advice, "hepatitis B carriers or patients with previous HBV infection: monitor for reactivation (follow local guidelines on prophylaxis)", IMMUFALK_EU.at("4.4 Hepatitis B")).under(HepatitisB),
    eu(Azathioprine, Advice, "liver function tests periodically during treatment, more often with pre-existing liver disease; stop with jaundice", IMMUFALK_EU.at("4.4 Warnings and precautions")).under(Hepatotoxicity),
    eu(Azathioprine, Advice, "full blood counts including platelets at least weekly for the first eight weeks, then monthly or at least every 3 months; stop at the first sign of an abnormal fall; TPMT testing recommended", IMMUFALK_EU.at("4.4 Warnings and precautions")).under(Hematologic),
    eu(Azathioprine, Conditional, "children: the same posology as adults (no age limit for inflammatory bowel disease)", IMMUFALK_EU.at("4.2 Paediatric population")).with(CHILD).under(PediatricUse),
    eu(Azathioprine, Advice, "limited experience in the elderly: monitor renal and hepatic function, consider a dose reduction if impaired", IMMUFALK_EU.at("4.2 Elderly")).with(OVER_65).under(Geriatric),
    eu(Azathioprine, Advice, "reduced renal function may need a lower dose: consider reducing the starting dose and monitor the blood counts closely", IMMUFALK_EU.at("4.4 Renal and/or hepatic insufficiency; 5.2")).with(Param::RenalImpairment).under(Renal),
    // Mercaptopurine.
    us(Mercaptopurine, Conditional, "the label's doses (1.5 to 2.5 mg/kg daily) are for acute lymphoblastic leukemia in adults and children: no pediatric Crohn's regimen", MERCAPTOPURINE_US.at("2.1 Recommended Dosage (PURIXAN)")).with(CHILD).under(DosagePediatric),
    us(Mercaptopurine, Advice, "immunosuppressive: may impair the response to infectious agents and vaccines", MERCAPTOPURINE_US.at("5 Immunosuppression (sponsor's safety information)")).under(Infections),
    us(Mercaptopurine, Advice, "hepatosplenic T-cell lymphoma reported in inflammatory bowel disease (an unapproved use); higher risk of lymphoproliferative disorders and skin cancers", MERCAPTOPURINE_US.at("5.5 Treatment Related Malignancies (05/2017)")).with(MALIGNANCY),
    us(Mercaptopurine, Advice, "mercaptopurine is hepatotoxic: monitor transaminases, alkaline phosphatase and bilirubin", MERCAPTOPURINE_US.at("5.2 Hepatotoxicity (sponsor's safety information; revised 07/2024 not read)")).under(Hepatotoxicity),
    us(Mercaptopurine, Advice, "monitor complete blood counts and adjust the dose for excessive myelosuppression; homozygous TPMT or NUDT15 deficiency needs substantial dose reductions", MERCAPTOPURINE_US.at("Highlights: 5.1 Myelosuppression; 2.2")).under(Hematologic),
    us(Mercaptopurine, Conditional, "pediatric use is established for acute lymphoblastic leukemia only; symptomatic hypoglycemia reported, mostly under 6 years", MERCAPTOPURINE_US.at("1.1 Indications; 8.4 Pediatric Use (paraphrase)")).with(CHILD).under(PediatricUse),
    us(Mercaptopurine, Advice, "elderly patients: cautious dose selection, usually at the low end of the range", MERCAPTOPURINE_US.unverified_at("8.5 Geriatric Use (not read)")).with(OVER_65).under(Geriatric),
    us(Mercaptopurine, Advice, "renal impairment: the lowest recommended starting dose or a longer dosing interval", MERCAPTOPURINE_US.at("Highlights: 2.3, 8.6")).with(Param::RenalImpairment).under(Renal),
    us(Mercaptopurine, Advice, "hepatic impairment: the lowest recommended starting dose", MERCAPTOPURINE_US.at("Highlights: 2.3, 8.7")).with(LIVER).under(Hepatic),
    us(Mercaptopurine, Allowed, "4 Contraindications: none", MERCAPTOPURINE_US.at("Highlights: 4 Contraindications")).under(Contraindications),
    eu(Mercaptopurine, Conditional, "the label's doses are for acute leukaemia (2.5 mg/kg daily for adults and children): no paediatric Crohn's regimen", MERCAPTOPURINE_EU.at("4.2 Posology")).with(CHILD).under(DosagePediatric),
    eu(Mercaptopurine, Advice, "determine previous varicella zoster exposure or infection before starting; treat infections arising on treatment", MERCAPTOPURINE_EU.at("4.4 Infections")).under(Infections),
    eu(Mercaptopurine, Advice, "consider hepatitis B serology before starting", MERCAPTOPURINE_EU.at("4.4 Infections")).under(HepatitisB),
    eu(Mercaptopurine, Advice, "hepatosplenic T-cell lymphoma in inflammatory bowel disease, with or without anti-TNF; higher risk of skin cancers: limit sunlight and UV exposure", MERCAPTOPURINE_EU.at("4.4 Mutagenic and carcinogenic potential")).with(MALIGNANCY),
    eu(Mercaptopurine, Advice, "hepatotoxic: liver function tests weekly during treatment; stop at once with jaundice", MERCAPTOPURINE_EU.at("4.4 Hepatotoxicity")).under(Hepatotoxicity),
    eu(Mercaptopurine, Advice, "potent myelosuppressant: monitor blood counts closely and stop at the first sign of an abnormally large fall; homozygous TPMT deficiency needs large dose reductions", MERCAPTOPURINE_EU.at("4.4 Monitoring; cytotoxicity and haematological monitoring; TPMT")).under(Hematologic),
    eu(Mercaptopurine, Conditional, "indicated for acute leukaemia in children as in adults; symptomatic hypoglycaemia reported, mostly under six years", MERCAPTOPURINE_EU.at("4.1; 4.4 Paediatric population")).with(CHILD).under(PediatricUse),
    eu(Mercaptopurine, Advice, "no specific studies in the elderly: monitor renal and hepatic function and consider a dose reduction if impaired", MERCAPTOPURINE_EU.at("4.2 Elderly")).with(OVER_65).under(Geriatric),
    eu(Mercaptopurine, Advice, "renal impairment: consider a dose reduction and monitor the haematological response closely", MERCAPTOPURINE_EU.at("4.4 Renal and/or hepatic impairment; 5.2")).with(Param::RenalImpairment).under(Renal),
    eu(Mercaptopurine, Advice, "hepatic impairment: consider reducing the starting dose (exposure 1.6 times higher without cirrhosis, 6 times with it)", MERCAPTOPURINE_EU.at("4.2; 5.2")).with(LIVER).under(Hepatic),
    // Methotrexate.
    us(Methotrexate, Advice, "serious infections, including tuberculosis (primary or reactivated), can occur: monitor during and after treatment", METHOTREXATE_US.at("5 Serious Infections (XATMEP)")).under(Tuberculosis),
    us(Methotrexate, Advice, "serious infections, including hepatitis B reactivation, can occur: monitor during and after treatment", METHOTREXATE_US.at("5 Serious Infections (XATMEP)")).under(HepatitisB),
    us(Methotrexate, Advice, "secondary malignancies can occur with methotrexate", METHOTREXATE_US.at("5 Secondary Malignancies (JYLAMVO Highlights)")).with(MALIGNANCY),
    us(Methotrexate, Advice, "closely monitor for adverse reactions of the bone marrow, gastrointestinal tract, liver, lungs, skin and kidneys; avoid alcohol", METHOTREXATE_US.at("Boxed Warning (JYLAMVO); 17 Patient Counseling")).under(Hepatotoxicity),
    eu(Methotrexate, Conditional, "not enough experience in the paediatric population to recommend Metoject for Crohn's disease; under 3 years not recommended", METOJECT_EU.unverified_at("4.2 Paediatric population (Metoject PEN; the Crohn's sentence read only in a summary)")).with(CHILD).under(DosagePediatric),
    eu(Methotrexate, Advice, "great caution, if at all, with significant current or previous liver disease, especially alcoholic; bilirubin above 5 mg/dl is a contraindication", METOJECT_EU.unverified_at("4.2 Hepatic impairment (not reached; the class text)")).with(LIVER).under(DosageHepatic),
    eu(Methotrexate, Advice, "nitrous oxide potentiates methotrexate (severe myelosuppression, stomatitis): avoid; penicillins, sulfonamides, ciprofloxacin and other antibiotics may reduce its renal clearance", METOJECT_EU.unverified_at("4.5 Interactions (medac's English SmPC text, not an EU copy)")).under(Interactions),
    us(Methotrexate, Advice, "obtain blood counts at baseline and periodically: methotrexate suppresses hematopoiesis", METHOTREXATE_US.at("5 Bone Marrow Suppression (XATMEP)")).under(Hematologic),
    us(Methotrexate, Advice, "elderly patients: monitor closely for early signs of hepatic, bone marrow and renal toxicity", METHOTREXATE_US.unverified_at("8.5 Geriatric Use (earlier revision)")).with(OVER_65).under(Geriatric),
    us(Methotrexate, Conditional, "pediatric use is established for acute lymphoblastic leukemia and polyarticular juvenile idiopathic arthritis (XATMEP), not Crohn's disease", METHOTREXATE_US.at("1 Indications (XATMEP)")).with(CHILD).under(PediatricUse),
    eu(Methotrexate, Advice, "regular alcohol and other hepatotoxic medicines raise the risk of hepatotoxicity: monitor with special care", METOJECT_EU.unverified_at("4.5 Interactions (medac's English SmPC text, not an EU copy)")).under(Hepatotoxicity),
    eu(Methotrexate, Advice, "haematotoxic medicines given together (leflunomide, azathioprine, retinoids, sulfasalazine) need special monitoring", METOJECT_EU.unverified_at("4.5 Interactions (medac's English SmPC text, not an EU copy)")).under(Hematologic),
    eu(Methotrexate, Advice, "take special care if elderly or generally unwell and weak", METOJECT_EU.at("package leaflet 2: take special care")).with(OVER_65).under(Geriatric),
    eu(Methotrexate, Conditional, "licensed for Crohn's disease in adults only", METOJECT_EU.at("4.1 Therapeutic indications (Czech SmPC)")).with(CHILD).under(PediatricUse),
    // Budesonide.
    us(Budesonide, Advice, "corticosteroids suppress the immune system: avoid exposure to varicella or measles and report it", ENTOCORT_US.at("17 Patient Counseling Information (06/2024)")).under(Infections),
    us(Budesonide, Advice, "tell the prescriber of past or present tuberculosis (5.3 not read)", ENTOCORT_US.unverified_at("Patient Information; 5.3 (not read)")).under(Tuberculosis),
    us(Budesonide, Advice, "Kaposi's sarcoma has been reported with corticosteroid therapy", ENTOCORT_US.at("5.4 Kaposi's Sarcoma (06/2024)")).with(MALIGNANCY),
    us(Budesonide, Advice, "monitor patients with hypertension, diabetes, osteoporosis, peptic ulcer, glaucoma or cataracts (other corticosteroid effects)", ENTOCORT_US.unverified_at("5.5 Other Corticosteroid Effects (read in a summary)")).with(STEROID_RISK).under(Cardiovascular),
    eu(Budesonide, Advice, "caution in patients with infections, hypertension, diabetes, osteoporosis, peptic ulcer, glaucoma or cataracts; varicella and measles may be more severe", ENTOCORD_EU.at("4.4 Special warnings and precautions")).with(STEROID_RISK).under(Infections),
    eu(Budesonide, Advice, "caution in hypertension (corticosteroid effects)", ENTOCORD_EU.at("4.4 Special warnings and precautions")).with(STEROID_RISK).under(Cardiovascular),
    eu(Budesonide, Conditional, "the elderly take the adult dose; experience is limited", ENTOCORD_EU.at("4.2 Elderly")).with(OVER_65).under(Geriatric),
    eu(Budesonide, Advice, "CYP3A inducers such as carbamazepine may lower budesonide exposure (a dose increase may be needed); the ACTH stimulation test may read falsely low", ENTOCORD_EU.at("4.5 Interactions")).under(Interactions),
];
