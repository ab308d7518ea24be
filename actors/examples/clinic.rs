//! The domain actors end to end on the embedded default configuration: heal
//! an EHR record, optimize a plan for it, verify the plan property by
//! property, simulate its outcome, and ask the self-healer how the tree is.
//!
//! ```text
//! cargo run --release -p hms-actors --example clinic
//! ```

use std::time::Duration;

use hms_actors::app::{App, AppConfig};
use hms_runtime::Error;
use serde_json::{json, Value};

fn record() -> Value {
    json!({
        "patient_id": "P-001",
        "demographics": {"age": "42", "sex": "female", "weight": 65.5, "height": 170.0},
        "clinical_data": {"crohns_type": "ileocolonic", "disease_activity": {"CDAI": 220, "HBI": 9}},
        "units": {"CRP": "mg/dL"},
        "biomarkers": {
            "genetic_markers": [
                {"gene": "TPMT", "variant": "*1/*3A", "phenotype": "intermediate"},
                {"gene": "NUDT15", "phenotype": "normal"},
                {"gene": "HLA-DQA1", "variant": "*05"}
            ],
            "serum_markers": {"CRP": 1.25}
        },
        "treatment_history": [{"medication": "Infliximab", "response": "loss of response"}],
        "pregnancy": {"status": "not_pregnant"},
        "infections": {"tb": "negative", "hbv": "negative", "serious_active_infection": false},
        "heart_failure": {"nyha_class": 1},
        "labs": [
            {"test": "neutrophils", "value": 3.1, "unit": "10^9/L"},
            {"test": "lymphocytes", "value": 1400, "unit": "/mm3"},
            {"test": "hemoglobin", "value": 128, "unit": "g/L"}
        ],
        "concomitant_medications": [],
        "planned_vaccines": []
    })
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let app = App::start(AppConfig::default()).await?;
    let t = Duration::from_secs(60);

    let healed = app
        .call_json(
            "self_healer",
            json!({"type": "apply_healing", "data": record()}),
            t,
        )
        .await?;
    println!(
        "healing: {} change(s), each with its original kept in provenance",
        healed["provenance"].as_array().map_or(0, Vec::len)
    );
    let patient = healed["data"].clone();

    let optimized = app
        .call_json(
            "genetic_engine",
            json!({"type": "optimize_treatment", "patient": patient, "options": {"seed": 7}}),
            t,
        )
        .await?;
    println!(
        "\n{} (fitness {}):",
        optimized["status"], optimized["plan"]["fitness"]
    );
    for item in optimized["plan"]["treatment_plan"]
        .as_array()
        .into_iter()
        .flatten()
    {
        println!(
            "  week {:>4}  {:<11} {} {} {} {} {}",
            item["start_week"]
                .as_f64()
                .map_or("-".into(), |w| w.to_string()),
            item["phase"].as_str().unwrap_or(""),
            item["medication"],
            item["dosage"],
            item["unit"],
            item["route"],
            item["frequency"]
        );
    }
    let fitness = &optimized["fitness"];
    println!(
        "  P(remission at week 52) {} for a {} patient; guideline: {}",
        fitness["efficacy"]["week_52_remission"],
        fitness["efficacy"]["stratum"],
        fitness["guideline"]["says"]
    );
    for f in fitness["efficacy"]["factors"]
        .as_array()
        .into_iter()
        .flatten()
    {
        println!(
            "    {} {}: {}",
            f["role"], f["value"], f["source"]["citation"]
        );
    }
    for a in optimized["alternatives"].as_array().into_iter().flatten() {
        let mut drugs: Vec<&str> = a["plan"]["treatment_plan"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|i| i["medication"].as_str())
            .collect();
        drugs.dedup();
        println!("  alternative {} (score {})", drugs.join(" + "), a["score"]);
    }
    for x in optimized["excluded"].as_array().into_iter().flatten() {
        println!(
            "  left out {}: {} {}",
            x["class"], x["reason"], x["detail"][0]
        );
    }

    let report = app
        .call_json(
            "prover",
            json!({"type": "verify_treatment_plan", "plan": optimized["plan"], "patient": patient}),
            t,
        )
        .await?;
    println!("\nverification: {}", report["status"]);
    for v in report["verdicts"].as_array().into_iter().flatten() {
        println!(
            "  {:<28} {:<9} {}",
            v["property"].as_str().unwrap_or(""),
            v["status"].as_str().unwrap_or(""),
            v["evidence"]["note"].as_str().unwrap_or("")
        );
    }

    let outcome = app.call_json("prover", json!({"type": "simulate_treatment_outcome", "patient": patient, "plan": optimized["plan"], "n": 100000, "seed": 1}), t).await?;
    println!(
        "\nsimulated: one patient's chance of {} is {:.3}; the probability itself is uncertain within {} (published estimates)",
        outcome["remission"]["endpoint"].as_str().unwrap_or(""),
        outcome["remission"]["probability"].as_f64().unwrap_or(0.0),
        outcome["remission"]["parameter_ci95"]
    );

    let health = app
        .call_json("self_healer", json!({"type": "monitor_system_health"}), t)
        .await?;
    println!(
        "\ntree: {} ({} finding(s))",
        health["diagnosis"]["status"],
        health["diagnosis"]["findings"]
            .as_array()
            .map_or(0, Vec::len)
    );
    println!("\n{}", report["disclaimer"].as_str().unwrap_or(""));
    app.shutdown().await;
    Ok(())
}
