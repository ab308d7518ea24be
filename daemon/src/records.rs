//! Which journal records a request produces: verification results, healing
//! provenance, faults and coordination. Written before the request is answered.

use serde_json::{json, Value};

use crate::journal::NewRecord;

fn patient_of(msg: &Value) -> String {
    msg.pointer("/patient/patient_id")
        .and_then(Value::as_str)
        .unwrap_or("(no patient_id)")
        .to_string()
}

/// Records for a call to actor `name` with `msg` that answered `reply`.
pub fn for_call(name: &str, msg: &Value, reply: &Value) -> Vec<NewRecord> {
    match (name, msg.get("type").and_then(Value::as_str)) {
        ("prover", Some("verify_treatment_plan")) => vec![NewRecord {
            kind: "verification",
            subject: patient_of(msg),
            data: json!({"plan": msg.get("plan"), "status": reply.get("status"), "report": reply}),
        }],
        ("genetic_engine", Some("optimize_treatment")) => vec![NewRecord {
            kind: "verification",
            subject: patient_of(msg),
            data: json!({"plan": reply.get("plan"), "status": reply.pointer("/verification/status"), "report": reply.get("verification"), "by": "genetic_engine"}),
        }],
        ("self_healer", Some("apply_healing")) => reply
            .get("provenance")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|p| NewRecord {
                kind: "healing",
                subject: p
                    .pointer("/target/0/reference")
                    .and_then(Value::as_str)
                    .unwrap_or("(record)")
                    .to_string(),
                data: p.clone(),
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Records for a coordination command and its reply (a routed call counts as that call).
pub fn for_coordination(command: &Value, reply: &Value) -> Vec<NewRecord> {
    let cmd = command.get("command").and_then(Value::as_str).unwrap_or("");
    let payload = command.get("payload").cloned().unwrap_or(Value::Null);
    let name = payload
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    match cmd {
        "route" => {
            let to = payload.get("to").and_then(Value::as_str).unwrap_or("");
            let message = payload.get("message").cloned().unwrap_or(Value::Null);
            for_call(to, &message, reply.get("reply").unwrap_or(&Value::Null))
        }
        "inject_fault" => vec![NewRecord {
            kind: "fault",
            subject: name,
            data: json!({"fault": payload.get("fault"), "via": "coordinate"}),
        }],
        "clear_faults" => vec![NewRecord {
            kind: "fault_cleared",
            subject: name,
            data: json!({"via": "coordinate"}),
        }],
        "restart" | "stop" | "start" => vec![NewRecord {
            kind: "coordination",
            subject: name,
            data: json!({"command": cmd, "reply": reply}),
        }],
        _ => Vec::new(),
    }
}
