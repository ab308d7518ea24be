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
    }
    if rng.chance(0.7) {
        p["heart_failure"] = json!({"nyha_class": 1 + rng.below(4)});
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
    p["labs"] = json!(labs);
    if rng.chance(0.85) {
        let mut meds = Vec::new();
        if rng.chance(0.2) {
            meds.push(json!({"medication": "Allopurinol", "dosage": 100, "unit": "mg", "frequency": "daily"}));
        }
        if rng.chance(0.05) {
            meds.push(json!({"medication": "Febuxostat", "dosage": 80, "unit": "mg", "frequency": "daily"}));
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
    if rng.chance(0.3) {
        let med = pick(
            &mut rng,
            &["Infliximab", "Adalimumab", "Azathioprine", "Vedolizumab"],
        );
        p["treatment_history"] = json!([{"medication": med, "response": pick(&mut rng, &["partial", "loss of response", "none"])}]);
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
    let n = 1 + rng.below(3);
    let items: Vec<Value> = (0..n)
        .map(|_| options[rng.below(options.len())].clone())
        .collect();
    json!({"treatment_plan": items})
}
