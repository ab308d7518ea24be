//! Audit records modelled on FHIR `Provenance`: what was changed (target),
//! when (recorded), by whom (agent), from what (entity: the original value,
//! role `revision` or `removal`), why (reason) and under which rule (policy).
//! The original value always travels in `entity`, so nothing is lost.

use serde::Serialize;
use serde_json::Value;

use crate::source::Source;

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Provenance {
    pub resource_type: &'static str,
    pub target: Vec<Target>,
    /// RFC 3339 time of the change.
    pub recorded: String,
    pub activity: Coding,
    pub agent: Vec<Agent>,
    pub entity: Vec<Entity>,
    pub reason: String,
    /// Citation of the rule that justified the change.
    pub policy: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Target {
    /// `Patient/{patient_id}` when the record has one, else the record's path.
    pub reference: String,
    /// JSON path of the changed element in the original document.
    pub path: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Coding {
    pub code: &'static str,
    pub display: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Agent {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub who: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Entity {
    /// `revision` (a value replaced) or `removal` (an element removed).
    pub role: &'static str,
    pub what: Original,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Original {
    pub path: String,
    pub value: Value,
}

#[allow(clippy::too_many_arguments)]
pub fn record(
    reference: String,
    path: &str,
    recorded: &str,
    code: &'static str,
    display: String,
    agent: &str,
    role: &'static str,
    original: Value,
    reason: String,
    policy: Source,
) -> Provenance {
    Provenance {
        resource_type: "Provenance",
        target: vec![Target {
            reference,
            path: path.to_string(),
        }],
        recorded: recorded.to_string(),
        activity: Coding { code, display },
        agent: vec![Agent {
            kind: "assembler",
            who: agent.to_string(),
        }],
        entity: vec![Entity {
            role,
            what: Original {
                path: path.to_string(),
                value: original,
            },
        }],
        reason,
        policy: vec![policy.citation.to_string()],
    }
}

/// RFC 3339 UTC time for milliseconds since the Unix epoch (no clock read here: pure).
pub fn rfc3339(ms: u64) -> String {
    let secs = ms / 1000;
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        ms % 1000
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn formats_times() {
        assert_eq!(super::rfc3339(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(
            super::rfc3339(1_795_000_000_123),
            "2026-11-18T11:06:40.123Z"
        );
    }
}
