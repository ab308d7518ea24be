//! Shared by the integration tests: an application on the default config
//! with smaller GA runs, patients, and a Rust agent standing in for the
//! Python A2A agent until the Python bridge lands.

use std::time::Duration;

use hms_actors::app::{App, AppConfig, Mailbox};
use serde_json::{json, Value};

pub const T: Duration = Duration::from_secs(30);

pub async fn app() -> App {
    let mut config = AppConfig::default();
    config.genetic_engine.defaults.generations = 20;
    config.self_healer.agent_timeout_ms = 300;
    config.self_healer.circuit_break_ms = 100;
    App::start(config).await.expect("the application starts")
}

/// An EHR record as it arrives: numbers as text, CRP in mg/dL, a duplicate lab.
pub fn ehr_record() -> Value {
    json!({
        "patient_id": "P-001",
        "demographics": {"age": "42", "sex": "female", "weight": 65.5, "height": 170.0},
        "clinical_data": {
            "crohns_type": "ileocolonic", "diagnosis_date": "2019-03-15",
            "disease_activity": {"CDAI": 280, "HBI": 9, "SES_CD": 12, "fecal_calprotectin": 280}
        },
        "units": {"CRP": "mg/dL"},
        "biomarkers": {
            "genetic_markers": [
                {"gene": "NOD2", "variant": "variant", "zygosity": "heterozygous"},
                {"gene": "TPMT", "variant": "*1/*3A", "phenotype": "intermediate"},
                {"gene": "NUDT15", "phenotype": "normal"},
                {"gene": "HLA-DQA1", "variant": "*05"}
            ],
            "serum_markers": {"CRP": 1.25, "ESR": 22}
        },
        "treatment_history": [{"medication": "Infliximab", "response": "loss of response", "start_date": "2019-05-01", "end_date": "2020-02-15", "adverse_events": ["infusion reaction"]}],
        "comorbidities": ["asthma"],
        "pregnancy": {"status": "not_pregnant"},
        "infections": {"tb": "negative", "hbv": "negative", "serious_active_infection": false},
        "heart_failure": {"nyha_class": 1},
        "labs": [
            {"test": "neutrophils", "value": 3.1, "unit": "10^9/L", "date": "2026-10-01"},
            {"test": "lymphocytes", "value": 1400, "unit": "/mm3", "date": "2026-10-01"},
            {"test": "hemoglobin", "value": 128, "unit": "g/L", "date": "2026-10-01"},
            {"test": "hemoglobin", "value": 128, "unit": "g/L", "date": "2026-10-01"}
        ],
        "concomitant_medications": [],
        "planned_vaccines": [{"name": "Influenza", "live": false}]
    })
}

/// Runs `agent` on every message of `mailbox` until it closes.
pub fn serve<F, Fut>(mut mailbox: Mailbox, agent: F) -> tokio::task::JoinHandle<()>
where
    F: Fn(Value) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Value> + Send,
{
    tokio::spawn(async move {
        while let Some(d) = mailbox.recv().await {
            let reply = agent(d.message.clone()).await;
            d.reply(reply);
        }
    })
}
