//! Which messages need the caller's authority, decided by what they do, not
//! by the door they came through: a command that changes the tree or injects
//! faults (restart, stop, start, inject_fault, clear_faults), a message to an
//! agent (agents answer for the tree: recovery decisions), and a `route`
//! carrying either. Reading and computing (verify, optimize, heal a record,
//! health, list_children) do not. A daemon asks this for every message it
//! receives on any door; an embedded runtime has no doors.

use serde_json::Value;

use super::coordinator::Coordinator;
use crate::genetic::actor::GeneticEngine;
use crate::healer::actor::SelfHealer;
use crate::prover::actor::Prover;

/// Coordinator commands that change the tree or its faults.
const TREE_CHANGING: [&str; 5] = ["restart", "stop", "start", "inject_fault", "clear_faults"];

/// Whether sending `message` to the actor named `to` needs the caller's
/// authority; `is_agent` says which names are agent mailboxes (a name that
/// is neither is refused later as not found).
pub fn needs_authority(to: &str, message: &Value, is_agent: &dyn Fn(&str) -> bool) -> bool {
    match to {
        GeneticEngine::NAME | Prover::NAME | SelfHealer::NAME => false,
        Coordinator::NAME => {
            if message.get("type").and_then(Value::as_str) != Some("coordinate_components") {
                return false;
            }
            let payload = message.get("payload").unwrap_or(&Value::Null);
            match message.get("command").and_then(Value::as_str) {
                Some("route") => {
                    let target = payload.get("to").and_then(Value::as_str).unwrap_or("");
                    needs_authority(
                        target,
                        payload.get("message").unwrap_or(&Value::Null),
                        is_agent,
                    )
                }
                Some(command) => TREE_CHANGING.contains(&command),
                // Malformed: it will be refused, but not before the check.
                None => true,
            }
        }
        other => is_agent(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn coordinate(command: &str, payload: Value) -> Value {
        json!({"type": "coordinate_components", "command": command, "payload": payload})
    }

    fn needs_authority(to: &str, message: &Value) -> bool {
        super::needs_authority(to, message, &|name| name == "a2a")
    }

    #[test]
    fn tree_changes_faults_and_agents_need_authority_wherever_they_go() {
        let verify = json!({"type": "verify_treatment_plan"});
        assert!(!needs_authority("prover", &verify));
        assert!(!needs_authority(
            "self_healer",
            &json!({"type": "apply_healing"})
        ));
        assert!(!needs_authority("coordinator", &json!({"type": "ping"})));
        assert!(!needs_authority(
            "coordinator",
            &coordinate("list_children", json!({}))
        ));
        for command in TREE_CHANGING {
            assert!(needs_authority(
                "coordinator",
                &coordinate(command, json!({"name": "prover"}))
            ));
        }
        assert!(needs_authority("a2a", &json!({"type": "treat"})));
        assert!(!needs_authority("nobody", &json!({"type": "treat"})));
        // A route is what it carries.
        let route =
            |to: &str, message: Value| coordinate("route", json!({"to": to, "message": message}));
        assert!(!needs_authority(
            "coordinator",
            &route("prover", verify.clone())
        ));
        assert!(needs_authority("coordinator", &route("a2a", json!({}))));
        let nested = route("coordinator", coordinate("stop", json!({"name": "prover"})));
        assert!(needs_authority("coordinator", &nested));
        assert!(needs_authority(
            "coordinator",
            &json!({"type": "coordinate_components"})
        ));
    }
}
