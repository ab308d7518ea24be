//! Reading a verdict of the prover's report (JSON), as the DetectedIssues and
//! the CDS cards both show it.

use serde_json::Value;

/// The fields the verdict names as missing from the record.
pub fn missing(v: &Value) -> Vec<&str> {
    v["evidence"]["missing"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

/// A source as one line: its citation, the section, and `(verified: false)`
/// where the statement was not read in the source itself.
pub fn source_line(s: &Value) -> String {
    let mut text = s["citation"].as_str().unwrap_or("?").to_string();
    if let Some(section) = s["section"].as_str() {
        text.push_str(&format!(", {section}"));
    }
    if s["verified"] == Value::Bool(false) {
        text.push_str(" (verified: false)");
    }
    text
}
