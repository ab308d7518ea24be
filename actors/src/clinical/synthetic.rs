//! Synthetic patients for tests, benchmarks and the cross-build corpus: every
//! clinical-context field the rules read appears, is absent, or takes each of
//! its values, so that a few hundred patients exercise every rule's branches.
//! Not a population model: proportions are arbitrary.

use serde_json::{json, Value};

use super::patient::Patient;
use crate::rng::Rng;

fn pick<'a>(rng: &mut Rng, options: &[&'a str]) -> &'a str {
    options[rng.below(options.len())]
}

/// The JSON of synthetic patient `index` of `seed`.
pub fn patient_json(seed: u64, index: u64) -> Value {
    let mut rng = Rng::new(crate::rng::mix(seed, index));
    let sex = pick(&mut rng, &["female", "male"]);
    let mut p = json!({
        "patient_id": format!("SYN-{seed}-{index}"),
        "demographics": {"age": 18 + rng.below(60), "sex": sex, "height": 150 + rng.below(45)},
        "clinical_data": {
            "crohns_type": pick(&mut rng, &["ileal", "colonic", "ileocolonic"]),
            "disease_activity": {"CDAI": 150 + rng.below(350), "HBI": 3 + rng.below(15)}
        },
        "biomarkers": {"genetic_markers": [], "serum_markers": {"CRP": (rng.f64() * 40.0 * 10.0).round() / 10.0}},
    });
    if rng.chance(0.9) {
        p["demographics"]["weight"] = json!(45 + rng.below(70));
    }
    let markers = p["biomarkers"]["genetic_markers"]
        .as_array_mut()
        .expect("array");
    let phenotypes = [
        "normal",
        "normal",
        "normal",
        "intermediate",
        "possible_intermediate",
        "poor",
    ];
    for gene in ["TPMT", "NUDT15"] {
        if rng.chance(0.8) {
            markers.push(json!({"gene": gene, "phenotype": pick(&mut rng, &phenotypes)}));
        }
    }
    if rng.chance(0.7) {
        let v = if rng.chance(0.4) { "*05" } else { "negative" };
        markers.push(json!({"gene": "HLA-DQA1", "variant": v}));
    }
    if rng.chance(0.5) {
        markers.push(json!({"gene": "NOD2", "variant": "variant", "zygosity": pick(&mut rng, &["heterozygous", "homozygous"])}));
    }
    if sex == "female" && rng.chance(0.8) {
        p["pregnancy"] = json!({"status": pick(&mut rng, &["pregnant", "planning", "not_pregnant", "not_pregnant"])});
    }
    if rng.chance(0.85) {
        p["infections"] = json!({
            "tb": pick(&mut rng, &["negative", "negative", "latent_treated", "latent_untreated", "active"]),
            "hbv": pick(&mut rng, &["negative", "negative", "resolved", "active"]),
            "serious_active_infection": rng.chance(0.1)
        });
        if rng.chance(0.7) {
            p["infections"]["hcv"] = json!(pick(
                &mut rng,
                &["negative", "negative", "resolved", "active"]
            ));
        }
    }
    if rng.chance(0.7) {
        p["heart_failure"] = if rng.chance(0.5) {
            json!({"present": false})
        } else {
            json!({"nyha_class": 1 + rng.below(4)})
        };
    }
    if rng.chance(0.6) {
        p["hepatic_impairment"] =
            json!({"child_pugh": pick(&mut rng, &["none", "none", "A", "B", "C"])});
    }
    if rng.chance(0.7) {
        let mut list = Vec::new();
        for c in [
            "hypertension",
            "asthma",
            "history of DVT",
            "type 2 diabetes",
        ] {
            if rng.chance(0.2) {
                list.push(c);
            }
        }
        p["comorbidities"] = json!(list);
    }
    let mut labs = Vec::new();
    if rng.chance(0.85) {
        labs.push(json!({"test": "neutrophils", "value": (rng.f64() * 6.0 * 100.0).round() / 100.0 + 0.3, "unit": pick(&mut rng, &["10^9/L", "10^3/uL"])}));
        labs.push(json!({"test": "lymphocytes", "value": 200 + rng.below(2500), "unit": "/mm3"}));
        let hb = 6.5 + rng.f64() * 10.0;
        labs.push(if rng.chance(0.5) {
            json!({"test": "hemoglobin", "value": (hb * 10.0).round() / 10.0, "unit": "g/dL"})
        } else {
            json!({"test": "hemoglobin", "value": (hb * 10.0).round(), "unit": "g/L"})
        });
    }
    if rng.chance(0.6) {
        labs.push(json!({"test": "eGFR", "value": 8 + rng.below(110), "unit": "mL/min/1.73m2"}));
        labs.push(json!({"test": "ALT", "value": 10 + rng.below(60), "unit": "U/L"}));
        labs.push(json!({"test": "AST", "value": 10 + rng.below(60), "unit": "U/L"}));
        labs.push(json!({"test": "bilirubin", "value": (rng.f64() * 30.0).round() / 10.0, "unit": "mg/dL"}));
    }
    // Dates: most labs this autumn, some a year old (stale at 90 days), some undated.
    for lab in &mut labs {
        match rng.below(4) {
            0 => {}
            1 => lab["date"] = json!("2025-10-15"),
            _ => {
                lab["date"] = json!(format!(
                    "2026-{:02}-{:02}",
                    9 + rng.below(3),
                    1 + rng.below(28)
                ))
            }
        }
    }
    p["labs"] = json!(labs);
    if rng.chance(0.85) {
        let mut meds = Vec::new();
        if rng.chance(0.2) {
            meds.push(json!({"medication": "Allopurinol", "dosage": 100, "unit": "mg", "frequency": "daily"}));
        }
        if rng.chance(0.05) {
            meds.push(json!({"medication": "Febuxostat", "dosage": 80, "unit": "mg", "frequency": "daily"}));
        }
        for m in [
            "Bactrim DS",
            "Clarithromycin 500 mg",
            "Rifampin",
            "Omeprazole",
            "Tylenol",
            "Neoral",
        ] {
            if rng.chance(0.06) {
                meds.push(json!({"medication": m}));
            }
        }
        p["concomitant_medications"] = json!(meds);
    }
    if rng.chance(0.85) {
        let mut vaccines = Vec::new();
        if rng.chance(0.2) {
            vaccines.push(json!({"name": "MMR", "live": true}));
        }
        if rng.chance(0.3) {
            vaccines.push(json!({"name": "Influenza", "live": false}));
        }
        p["planned_vaccines"] = json!(vaccines);
    }
    if rng.chance(0.9) {
        p["allergies"] = if rng.chance(0.1) {
            json!([{"substance": pick(&mut rng, &["Azathioprine", "Infliximab", "Penicillin"]), "reaction": "anaphylaxis"}])
        } else {
            json!([])
        };
    }
    if rng.chance(0.8) {
        p["vaccination_history"] = if rng.chance(0.1) {
            json!([{"name": "Yellow fever", "date": "2026-11-10"}])
        } else {
            json!([])
        };
    }
    if sex == "female" && rng.chance(0.85) {
        p["lactation"] = json!({"breastfeeding": rng.chance(0.1)});
    }
    if rng.chance(0.3) {
        let med = pick(
            &mut rng,
            &["Infliximab", "Adalimumab", "Azathioprine", "Vedolizumab"],
        );
        p["treatment_history"] = json!([{
            "medication": med,
            "response": pick(&mut rng, &["partial", "loss of response", "none"]),
            "status": pick(&mut rng, &["stopped", "completed", "active"])
        }]);
    } else if rng.chance(0.85) {
        p["treatment_history"] = json!([]);
    }
    p
}

pub fn patient(seed: u64, index: u64) -> Patient {
    crate::error::decode(patient_json(seed, index)).expect("synthetic patients decode")
}

/// A plausible but not necessarily safe plan for synthetic patient `index`.
pub fn plan_json(seed: u64, index: u64) -> Value {
    let mut rng = Rng::new(crate::rng::mix(seed ^ 0xA11CE, index));
    let options = [
        json!({"medication": "Infliximab", "dosage": pick(&mut rng, &["5", "10"]), "unit": "mg/kg", "frequency": "q8w", "route": "iv"}),
        json!({"medication": "Adalimumab", "dosage": pick(&mut rng, &["40", "80"]), "unit": "mg", "frequency": "every 2 weeks", "phase": "maintenance"}),
        json!({"medication": "Upadacitinib", "dosage": pick(&mut rng, &["15", "30", "45"]), "unit": "mg", "frequency": "daily", "duration": 60 + rng.below(60)}),
        json!({"medication": "Azathioprine", "dosage": pick(&mut rng, &["0.5", "1", "1.5", "2.5", "3.5"]), "unit": "mg/kg", "frequency": "daily"}),
        json!({"medication": "Methotrexate", "dosage": pick(&mut rng, &["15", "25"]), "unit": "mg", "frequency": pick(&mut rng, &["weekly", "daily"]), "route": "sc"}),
        json!({"medication": "Ustekinumab", "dosage": 90, "unit": "mg", "frequency": "q8w", "route": "sc"}),
        json!({"medication": "Vedolizumab", "dosage": 300, "unit": "mg", "frequency": "q8w", "route": "iv"}),
        json!({"medication": "Budesonide", "dosage": 9, "unit": "mg", "frequency": "daily"}),
    ];
    if rng.chance(0.3) {
        return json!({"treatment_plan": regimen(&mut rng)});
    }
    let n = 1 + rng.below(3);
    let items: Vec<Value> = (0..n)
        .map(|_| options[rng.below(options.len())].clone())
        .collect();
    json!({"treatment_plan": items})
}

/// A label regimen with its weeks (induction then maintenance).
fn regimen(rng: &mut Rng) -> Vec<Value> {
    let once = |m: &str, d: f64, u: &str, r: &str, w: u64| json!({"medication": m, "dosage": d, "unit": u, "frequency": "once", "route": r, "phase": "induction", "start_week": w});
    let maint = |m: &str, d: f64, u: &str, f: &str, r: &str, w: u64| json!({"medication": m, "dosage": d, "unit": u, "frequency": f, "route": r, "phase": "maintenance", "start_week": w});
    match rng.below(4) {
        0 => vec![
            once("Infliximab", 5.0, "mg/kg", "iv", 0),
            once("Infliximab", 5.0, "mg/kg", "iv", 2),
            once("Infliximab", 5.0, "mg/kg", "iv", 6),
            maint("Infliximab", 5.0, "mg/kg", "every 8 weeks", "iv", 14),
        ],
        1 => vec![
            once("Adalimumab", 160.0, "mg", "sc", 0),
            once("Adalimumab", 80.0, "mg", "sc", 2),
            maint("Adalimumab", 40.0, "mg", "every 2 weeks", "sc", 4),
        ],
        2 => vec![
            json!({"medication": "Upadacitinib", "dosage": 45, "unit": "mg", "frequency": "daily", "route": "oral", "phase": "induction", "duration": 84, "start_week": 0}),
            maint("Upadacitinib", 15.0, "mg", "daily", "oral", 12),
        ],
        _ => vec![maint("Azathioprine", 2.5, "mg/kg", "daily", "oral", 0)],
    }
}
