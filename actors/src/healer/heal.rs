//! Healing: fixes what can be fixed without clinical judgement (numeric
//! strings, values in non-canonical units, exact duplicates), records each
//! change as a Provenance entry holding the original, and leaves the rest
//! (missing values, out-of-range values, outliers) as unresolved anomalies.
//! Missing clinical values are never invented.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::anomaly::{detect_anomalies, number, records, Anomaly, Kind, Severity};
use super::provenance::{record, Provenance};
use crate::clinical::Analyte;
use crate::prover::DISCLAIMER;
use crate::source;

#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(default)]
pub struct HealingContext {
    /// Who asked (recorded as the Provenance agent beside the healer).
    pub agent: Option<String>,
    /// Relabel a lab whose value is implausible in its stated unit but
    /// plausible in another (albumin 3.8 "g/L" read as g/dL). Off by default:
    /// it is an inference, not a conversion.
    pub assume_unit_confusion: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Healed {
    pub data: Value,
    pub provenance: Vec<Provenance>,
    /// Anomalies found before healing.
    pub detected: usize,
    /// Anomalies still present after healing.
    pub unresolved: Vec<Anomaly>,
    pub disclaimer: &'static str,
}

/// JSON pointer for a path like `records[0].labs[2].unit`.
fn pointer(path: &str) -> String {
    let mut out = String::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let mut rest = part;
        if let Some(i) = rest.find('[') {
            if i > 0 {
                out.push('/');
                out.push_str(&rest[..i]);
            }
            rest = &rest[i..];
            for idx in rest.split('[').filter(|s| !s.is_empty()) {
                out.push('/');
                out.push_str(idx.trim_end_matches(']'));
            }
        } else {
            out.push('/');
            out.push_str(rest);
        }
    }
    out
}

/// The record prefix of a path (`records[0]` of `records[0].labs[2].unit`).
fn record_of<'a>(path: &str, prefixes: &'a [(String, String)]) -> Option<&'a (String, String)> {
    prefixes
        .iter()
        .filter(|(p, _)| {
            path == p
                || path.starts_with(&format!("{p}."))
                || path.starts_with(&format!("{p}["))
                || p.is_empty()
        })
        .max_by_key(|(p, _)| p.len())
}

pub fn apply_healing(data: &Value, ctx: &HealingContext, recorded: &str) -> Healed {
    let anomalies = detect_anomalies(data);
    let prefixes: Vec<(String, String)> = records(data)
        .into_iter()
        .map(|(p, r)| {
            let reference = r.get("patient_id").and_then(Value::as_str).map_or_else(
                || {
                    if p.is_empty() {
                        "(record)".into()
                    } else {
                        p.clone()
                    }
                },
                |id| format!("Patient/{id}"),
            );
            (p, reference)
        })
        .collect();
    let agent = match &ctx.agent {
        Some(a) => format!("hms self_healer (on behalf of {a})"),
        None => "hms self_healer".to_string(),
    };
    let mut healed = data.clone();
    let mut provenance = Vec::new();
    let mut removals: Vec<(String, Anomaly)> = Vec::new();
    for a in &anomalies {
        let reference =
            record_of(&a.path, &prefixes).map_or_else(|| "(record)".to_string(), |r| r.1.clone());
        let prov = |code, display: String, role, original: Value, reason: String, policy| {
            record(
                reference.clone(),
                &a.path,
                recorded,
                code,
                display,
                &agent,
                role,
                original,
                reason,
                policy,
            )
        };
        match (a.kind, a.severity) {
            (Kind::Type, _) if a.healable => {
                let Some(slot) = healed.pointer_mut(&pointer(&a.path)) else {
                    continue;
                };
                let original = slot.clone();
                let Some(x) = original.as_str().and_then(|s| s.trim().parse::<f64>().ok()) else {
                    continue;
                };
                *slot = json!(x);
                provenance.push(prov(
                    "type_coercion",
                    format!("numeric text {original} read as the number {x}"),
                    "revision",
                    original,
                    a.message.clone(),
                    source::KAHN_DQ,
                ));
            }
            (Kind::UnitMismatch, Severity::Info) => {
                if a.path.ends_with("serum_markers.CRP") {
                    let Some(slot) = healed.pointer_mut(&pointer(&a.path)) else {
                        continue;
                    };
                    let original = slot.clone();
                    let Ok(x) = number(&original) else { continue };
                    let unit = a.evidence["unit"].as_str().unwrap_or("mg/dL").to_string();
                    let factor = Analyte::Crp.factor(&unit).unwrap_or(1.0);
                    *slot = json!(x * factor);
                    let units_path = a.path.replace("biomarkers.serum_markers.CRP", "units.CRP");
                    if let Some(u) = healed.pointer_mut(&pointer(&units_path)) {
                        *u = json!("mg/L");
                    }
                    provenance.push(prov(
                        "unit_conversion",
                        format!("CRP {x} {unit} -> {} mg/L", x * factor),
                        "revision",
                        json!({"value": original, "unit": unit}),
                        a.message.clone(),
                        source::UNIT_CONVERSIONS,
                    ));
                } else if let Some(lab_path) = a.path.strip_suffix(".unit") {
                    if let Some(p) = convert_lab(&mut healed, lab_path, None) {
                        provenance.push(prov(
                            "unit_conversion",
                            p.0,
                            "revision",
                            p.1,
                            a.message.clone(),
                            source::UNIT_CONVERSIONS,
                        ));
                    }
                }
            }
            (Kind::UnitMismatch, Severity::Warning) if ctx.assume_unit_confusion => {
                let (Some(lab_path), Some(likely)) = (
                    a.path.strip_suffix(".unit"),
                    a.evidence["likely_unit"].as_str(),
                ) else {
                    continue;
                };
                if let Some(p) = convert_lab(&mut healed, lab_path, Some(likely)) {
                    provenance.push(prov(
                        "unit_relabel",
                        format!("suspected unit confusion: {}", p.0),
                        "revision",
                        p.1,
                        a.message.clone(),
                        source::UNIT_CONVERSIONS,
                    ));
                }
            }
            (Kind::Duplicate, _) if a.healable => removals.push((a.path.clone(), a.clone())),
            _ => {}
        }
    }
    // Remove deepest paths first, and later indices before earlier ones, so indices stay valid.
    removals.sort_by(|a, b| {
        depth(&b.0)
            .cmp(&depth(&a.0))
            .then(index(&b.0).cmp(&index(&a.0)))
    });
    for (path, a) in removals {
        let ptr = pointer(&path);
        let Some((parent, idx)) = ptr.rsplit_once('/') else {
            continue;
        };
        let Ok(idx) = idx.parse::<usize>() else {
            continue;
        };
        let original = data.pointer(&ptr).cloned().unwrap_or(Value::Null);
        let removed = match healed.pointer_mut(parent).and_then(Value::as_array_mut) {
            Some(arr) if idx < arr.len() => {
                arr.remove(idx);
                true
            }
            _ => false,
        };
        if removed {
            let reference =
                record_of(&path, &prefixes).map_or_else(|| "(record)".to_string(), |r| r.1.clone());
            provenance.push(record(
                reference,
                &path,
                recorded,
                "deduplication",
                format!("removed duplicate ({})", a.message),
                &agent,
                "removal",
                original,
                a.message.clone(),
                source::KAHN_DQ,
            ));
        }
    }
    let unresolved = detect_anomalies(&healed);
    Healed {
        data: healed,
        provenance,
        detected: anomalies.len(),
        unresolved,
        disclaimer: DISCLAIMER,
    }
}

fn depth(path: &str) -> usize {
    pointer(path).matches('/').count()
}

fn index(path: &str) -> usize {
    pointer(path)
        .rsplit('/')
        .next()
        .and_then(|i| i.parse().ok())
        .unwrap_or(0)
}

/// Converts the lab at `lab_path` to its canonical unit (reading it as `as_unit`
/// when given). Returns what was done and the original `{value, unit}`.
fn convert_lab(doc: &mut Value, lab_path: &str, as_unit: Option<&str>) -> Option<(String, Value)> {
    let lab = doc.pointer_mut(&pointer(lab_path))?;
    let analyte = Analyte::parse(lab.get("test")?.as_str()?)?;
    let original = json!({"value": lab.get("value")?.clone(), "unit": lab.get("unit")?.clone()});
    let x = number(&original["value"]).ok()?;
    let unit = as_unit.unwrap_or(original["unit"].as_str()?);
    let factor = analyte.factor(unit)?;
    let value = (x * factor * 1e6).round() / 1e6;
    lab["value"] = json!(value);
    lab["unit"] = json!(analyte.canonical_unit());
    Some((
        format!(
            "{} {x} {unit} -> {value} {}",
            analyte.name(),
            analyte.canonical_unit()
        ),
        original,
    ))
}
