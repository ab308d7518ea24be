//! Anomaly detection over patient records (one record, an array, or
//! `{"records": [...]}`), along Kahn's data-quality dimensions: conformance
//! (type, unit), completeness (missing), plausibility (range, implausible
//! combinations, outliers, duplicates). Each anomaly names its JSON path.

use serde::Serialize;
use serde_json::{json, Map, Value};

use super::limits::{known_units, lab_limits, FIELDS};
use crate::clinical::{Analyte, Date};
use crate::source::{self, Source};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Missing,
    Type,
    OutOfRange,
    Implausible,
    UnitMismatch,
    Outlier,
    Duplicate,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Normalizable without judgement (a value in a non-canonical unit).
    Info,
    Warning,
    Error,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Anomaly {
    pub kind: Kind,
    pub path: String,
    pub severity: Severity,
    pub message: String,
    pub evidence: Value,
    /// Whether `apply_healing` can fix it (with the context's permission where needed).
    pub healable: bool,
    pub source: Source,
}

/// The records of a document with the path prefix of each.
pub fn records(data: &Value) -> Vec<(String, &Map<String, Value>)> {
    match data {
        Value::Object(m) if m.get("records").is_some_and(Value::is_array) => m["records"]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
            .filter_map(|(i, r)| r.as_object().map(|o| (format!("records[{i}]"), o)))
            .collect(),
        Value::Object(m) => vec![(String::new(), m)],
        Value::Array(a) => a
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.as_object().map(|o| (format!("[{i}]"), o)))
            .collect(),
        _ => Vec::new(),
    }
}

pub(crate) fn at(prefix: &str, rest: &str) -> String {
    crate::error::join(prefix, rest)
}

fn get<'a>(record: &'a Map<String, Value>, path: &[&str]) -> Option<&'a Value> {
    let (first, rest) = path.split_first()?;
    rest.iter().try_fold(record.get(*first)?, |v, k| v.get(k))
}

/// A number, or a numeric string (`Err(true)`), or something else (`Err(false)`).
pub(crate) fn number(v: &Value) -> Result<f64, bool> {
    match v {
        Value::Number(n) => n.as_f64().ok_or(false),
        Value::String(s) => Err(s.trim().parse::<f64>().is_ok_and(f64::is_finite)),
        _ => Err(false),
    }
}

fn anomaly(
    kind: Kind,
    path: String,
    severity: Severity,
    message: String,
    evidence: Value,
    healable: bool,
    source: Source,
) -> Anomaly {
    Anomaly {
        kind,
        path,
        severity,
        message,
        evidence,
        healable,
        source,
    }
}

/// Finds every anomaly in `data`. Not a record or list of records: one `type` anomaly at the root.
pub fn detect_anomalies(data: &Value) -> Vec<Anomaly> {
    let recs = records(data);
    if recs.is_empty() {
        return vec![anomaly(
            Kind::Type,
            String::new(),
            Severity::Error,
            "expected a patient record, an array of records or {\"records\": [...]}".into(),
            json!({"found": type_name(data)}),
            false,
            source::KAHN_DQ,
        )];
    }
    let mut out = Vec::new();
    for (prefix, rec) in &recs {
        record_anomalies(prefix, rec, &mut out);
    }
    if recs.len() > 1 {
        duplicates(&recs, &mut out);
        outliers(&recs, &mut out);
    }
    out
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

const REQUIRED: [(&[&str], Severity); 4] = [
    (&["patient_id"], Severity::Error),
    (&["demographics", "age"], Severity::Warning),
    (&["demographics", "sex"], Severity::Warning),
    (&["demographics", "weight"], Severity::Warning),
];

fn record_anomalies(prefix: &str, rec: &Map<String, Value>, out: &mut Vec<Anomaly>) {
    for (path, severity) in REQUIRED {
        if get(rec, path).is_none_or(Value::is_null) {
            out.push(anomaly(
                Kind::Missing,
                at(prefix, &path.join(".")),
                severity,
                format!("{} is missing", path.join(".")),
                json!({"expected": "a value"}),
                false,
                source::KAHN_DQ,
            ));
        }
    }
    let weight_lb = weight_in_pounds(rec);
    let crp_unit = get(rec, &["units", "CRP"])
        .and_then(Value::as_str)
        .map(str::to_string);
    for f in FIELDS {
        let Some(v) = get(rec, f.path).filter(|v| !v.is_null()) else {
            continue;
        };
        let path = at(prefix, &f.path.join("."));
        let x = match number(v) {
            Ok(x) => x,
            Err(numeric_text) => {
                out.push(anomaly(
                    Kind::Type,
                    path,
                    if numeric_text {
                        Severity::Warning
                    } else {
                        Severity::Error
                    },
                    format!("expected a number, found a {}", type_name(v)),
                    json!({"value": v}),
                    numeric_text,
                    source::KAHN_DQ,
                ));
                continue;
            }
        };
        let mut canonical = x;
        if f.path == ["demographics", "weight"] && weight_lb {
            canonical = x * 0.453_592_37;
        }
        if f.path.last() == Some(&"CRP") {
            if let Some(unit) = crp_unit.as_deref() {
                match Analyte::Crp.factor(unit) {
                    Some(1.0) => {}
                    Some(factor) => {
                        canonical = x * factor;
                        out.push(anomaly(Kind::UnitMismatch, path.clone(), Severity::Info, format!("CRP recorded in {unit}; canonical unit is mg/L (x{factor})"), json!({"value": x, "unit": unit, "canonical": {"value": canonical, "unit": "mg/L"}}), true, source::UNIT_CONVERSIONS));
                    }
                    None => out.push(anomaly(
                        Kind::UnitMismatch,
                        at(prefix, "units.CRP"),
                        Severity::Error,
                        format!("{unit:?} is not a unit for CRP"),
                        json!({"unit": unit, "expected": ["mg/L", "mg/dL"]}),
                        false,
                        source::UNIT_CONVERSIONS,
                    )),
                }
            }
        }
        if canonical < f.min || canonical > f.max {
            out.push(anomaly(
                Kind::OutOfRange,
                path,
                Severity::Error,
                format!(
                    "{canonical} {} is outside the plausible {}-{} {}",
                    f.unit, f.min, f.max, f.unit
                ),
                json!({"value": x, "limits": [f.min, f.max], "unit": f.unit}),
                false,
                source::PHYSIOLOGICAL_LIMITS,
            ));
        }
    }
    labs(prefix, rec, out);
    differential(prefix, rec, out);
    dates(prefix, rec, out);
    implausible(prefix, rec, out);
}

fn labs(prefix: &str, rec: &Map<String, Value>, out: &mut Vec<Anomaly>) {
    let Some(labs) = rec.get("labs").and_then(Value::as_array) else {
        return;
    };
    // Each distinct lab's first index, by its JSON text (linear in the labs).
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, lab) in labs.iter().enumerate() {
        let path = at(prefix, &format!("labs[{i}]"));
        if let Some(j) = seen.get(&lab.to_string()).copied() {
            out.push(anomaly(
                Kind::Duplicate,
                path.clone(),
                Severity::Warning,
                format!("same test, value, unit and date as labs[{j}]"),
                json!({"duplicate_of": at(prefix, &format!("labs[{j}]")), "value": lab}),
                true,
                source::KAHN_DQ,
            ));
            continue;
        }
        seen.insert(lab.to_string(), i);
        let Some(analyte) = lab
            .get("test")
            .and_then(Value::as_str)
            .and_then(Analyte::parse)
        else {
            continue;
        };
        let x = match lab.get("value").map(number) {
            Some(Ok(x)) => x,
            Some(Err(numeric_text)) => {
                out.push(anomaly(
                    Kind::Type,
                    format!("{path}.value"),
                    if numeric_text {
                        Severity::Warning
                    } else {
                        Severity::Error
                    },
                    "expected a number".into(),
                    json!({"value": lab["value"]}),
                    numeric_text,
                    source::KAHN_DQ,
                ));
                continue;
            }
            None => {
                out.push(anomaly(
                    Kind::Missing,
                    format!("{path}.value"),
                    Severity::Error,
                    "lab without a value".into(),
                    json!({}),
                    false,
                    source::KAHN_DQ,
                ));
                continue;
            }
        };
        let (lo, hi) = lab_limits(analyte);
        let plausible_in: Vec<&str> = known_units(analyte)
            .iter()
            .copied()
            .filter(|u| {
                analyte
                    .factor(u)
                    .is_some_and(|f| (lo..=hi).contains(&(x * f)))
            })
            .collect();
        let Some(unit) = lab.get("unit").and_then(Value::as_str) else {
            out.push(anomaly(
                Kind::Missing,
                format!("{path}.unit"),
                Severity::Error,
                format!(
                    "{} without a unit: lab units are read, not assumed",
                    analyte.name()
                ),
                json!({"value": x, "plausible_in": plausible_in}),
                false,
                source::UNIT_CONVERSIONS,
            ));
            continue;
        };
        let Some(factor) = analyte.factor(unit) else {
            out.push(anomaly(
                Kind::UnitMismatch,
                format!("{path}.unit"),
                Severity::Error,
                format!("{unit:?} is not a unit for {}", analyte.name()),
                json!({"unit": unit, "expected": known_units(analyte)}),
                false,
                source::UNIT_CONVERSIONS,
            ));
            continue;
        };
        let canonical = x * factor;
        if (lo..=hi).contains(&canonical) {
            if factor != 1.0 {
                out.push(anomaly(Kind::UnitMismatch, format!("{path}.unit"), Severity::Info, format!("{} recorded in {unit}; canonical unit is {} (x{factor})", analyte.name(), analyte.canonical_unit()), json!({"value": x, "unit": unit, "canonical": {"value": canonical, "unit": analyte.canonical_unit()}}), true, source::UNIT_CONVERSIONS));
            }
        } else if let [likely] = plausible_in.as_slice() {
            out.push(anomaly(Kind::UnitMismatch, format!("{path}.unit"), Severity::Warning, format!("{} {x} {unit} is implausible; plausible if the unit is {likely}", analyte.name()), json!({"value": x, "unit": unit, "likely_unit": likely, "limits": [lo, hi], "canonical_unit": analyte.canonical_unit()}), true, source::UNIT_CONVERSIONS));
        } else if plausible_in.len() > 1 {
            // More than one unit makes it plausible: which was meant is a judgement, left unresolved.
            out.push(anomaly(Kind::UnitMismatch, format!("{path}.unit"), Severity::Warning, format!("{} {x} {unit} is implausible; plausible in {}: the unit is ambiguous", analyte.name(), plausible_in.join(" or ")), json!({"value": x, "unit": unit, "candidate_units": plausible_in, "limits": [lo, hi], "canonical_unit": analyte.canonical_unit()}), false, source::UNIT_CONVERSIONS));
        } else {
            out.push(anomaly(
                Kind::OutOfRange,
                format!("{path}.value"),
                Severity::Error,
                format!(
                    "{} {canonical} {} is outside the plausible {lo}-{hi}",
                    analyte.name(),
                    analyte.canonical_unit()
                ),
                json!({"value": x, "unit": unit, "limits": [lo, hi]}),
                false,
                source::PHYSIOLOGICAL_LIMITS,
            ));
        }
    }
}

fn weight_in_pounds(rec: &Map<String, Value>) -> bool {
    get(rec, &["units", "weight"])
        .and_then(Value::as_str)
        .is_some_and(|u| u.eq_ignore_ascii_case("lb") || u.eq_ignore_ascii_case("lbs"))
}

/// The record's weight in kg, converting `units.weight: "lb"`.
fn weight_kg(rec: &Map<String, Value>) -> Option<f64> {
    let w = get(rec, &["demographics", "weight"]).and_then(|v| number(v).ok())?;
    Some(if weight_in_pounds(rec) {
        w * 0.453_592_37
    } else {
        w
    })
}

/// Every date of the record is a calendar date (`YYYY-MM-DD` or a dateTime).
fn dates(prefix: &str, rec: &Map<String, Value>, out: &mut Vec<Anomaly>) {
    let mut check = |path: String, v: Option<&Value>| {
        let Some(v) = v.filter(|v| !v.is_null()) else {
            return;
        };
        let problem = match v.as_str() {
            Some(t) => Date::parse(t).err(),
            None => Some(format!("expected a date, found a {}", type_name(v))),
        };
        if let Some(message) = problem {
            out.push(anomaly(
                Kind::Type,
                path,
                Severity::Error,
                message,
                json!({"value": v, "expected": "YYYY-MM-DD"}),
                false,
                source::KAHN_DQ,
            ));
        }
    };
    check(
        at(prefix, "clinical_data.diagnosis_date"),
        get(rec, &["clinical_data", "diagnosis_date"]),
    );
    for (list, keys) in [
        ("labs", &["date"][..]),
        ("treatment_history", &["start_date", "end_date"][..]),
    ] {
        for (i, item) in rec
            .get(list)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            for k in keys {
                check(at(prefix, &format!("{list}[{i}].{k}")), item.get(*k));
            }
        }
    }
}

/// Lymphocytes and neutrophils are parts of the white count: more than the whole
/// means a unit error (a count in cells/uL recorded as 10^9/L gets past any ceiling).
fn differential(prefix: &str, rec: &Map<String, Value>, out: &mut Vec<Anomaly>) {
    let Some(labs) = rec.get("labs").and_then(Value::as_array) else {
        return;
    };
    // The latest value of each count, in 10^9/L, with its path.
    let latest = |a: Analyte| {
        labs.iter()
            .enumerate()
            .filter(|(_, l)| {
                l.get("test")
                    .and_then(Value::as_str)
                    .and_then(Analyte::parse)
                    == Some(a)
            })
            .filter_map(|(i, l)| {
                let x = l.get("value").and_then(|v| number(v).ok())?;
                let f = l
                    .get("unit")
                    .and_then(Value::as_str)
                    .and_then(|u| a.factor(u))?;
                Some((
                    l.get("date").and_then(Value::as_str).unwrap_or(""),
                    i,
                    x * f,
                ))
            })
            .max_by(|a, b| a.0.cmp(b.0).then(a.1.cmp(&b.1)))
    };
    let (Some(wbc), Some(lym), Some(neu)) = (
        latest(Analyte::Wbc),
        latest(Analyte::Lymphocytes),
        latest(Analyte::Neutrophils),
    ) else {
        return;
    };
    // 2% tolerance for rounding in reported differentials.
    if lym.2 + neu.2 > wbc.2 * 1.02 {
        out.push(anomaly(
            Kind::Implausible,
            at(prefix, &format!("labs[{}]", if lym.2 >= neu.2 { lym.1 } else { neu.1 })),
            Severity::Error,
            format!("lymphocytes {} + neutrophils {} x10^9/L exceed WBC {} x10^9/L: a count in cells/uL recorded as 10^9/L?", lym.2, neu.2, wbc.2),
            json!({"lymphocytes": lym.2, "neutrophils": neu.2, "wbc": wbc.2, "unit": "10^9/L", "paths": [at(prefix, &format!("labs[{}]", lym.1)), at(prefix, &format!("labs[{}]", neu.1)), at(prefix, &format!("labs[{}]", wbc.1))]}),
            false,
            source::PHYSIOLOGICAL_LIMITS,
        ));
    }
}

fn implausible(prefix: &str, rec: &Map<String, Value>, out: &mut Vec<Anomaly>) {
    if let Some(history) = rec.get("treatment_history").and_then(Value::as_array) {
        for (i, h) in history.iter().enumerate() {
            let date = |k: &str| {
                h.get(k)
                    .and_then(Value::as_str)
                    .and_then(|t| Date::parse(t).ok().map(|d| (t, d)))
            };
            let (Some((s, start)), Some((e, end))) = (date("start_date"), date("end_date")) else {
                continue;
            };
            if end < start {
                out.push(anomaly(
                    Kind::Implausible,
                    at(prefix, &format!("treatment_history[{i}].end_date")),
                    Severity::Error,
                    format!("ends ({e}) before it starts ({s})"),
                    json!({"start_date": s, "end_date": e}),
                    false,
                    source::KAHN_DQ,
                ));
            }
        }
    }
    let num = |p: &[&str]| get(rec, p).and_then(|v| number(v).ok());
    // HBI <= 4 corresponds to CDAI <= 150 (Vermeire, CGH 2010); remission by one and severe by the other is a contradiction.
    if let (Some(hbi), Some(cdai)) = (
        num(&["clinical_data", "disease_activity", "HBI"]),
        num(&["clinical_data", "disease_activity", "CDAI"]),
    ) {
        if (hbi < 5.0 && cdai > 450.0) || (hbi > 16.0 && cdai < 150.0) {
            out.push(anomaly(
                Kind::Implausible,
                at(prefix, "clinical_data.disease_activity"),
                Severity::Warning,
                format!("HBI {hbi} and CDAI {cdai} disagree (HBI <= 4 corresponds to CDAI <= 150)"),
                json!({"HBI": hbi, "CDAI": cdai}),
                false,
                source::CDAI,
            ));
        }
    }
    if let (Some(w), Some(h)) = (weight_kg(rec), num(&["demographics", "height"])) {
        let bmi = w / (h / 100.0).powi(2);
        if h > 0.0 && !(8.0..=100.0).contains(&bmi) {
            out.push(anomaly(
                Kind::Implausible,
                at(prefix, "demographics"),
                Severity::Warning,
                format!("weight {w} kg and height {h} cm give a BMI of {bmi:.1}"),
                json!({"weight": w, "height": h, "bmi": bmi, "plausible_bmi": [8, 100]}),
                false,
                source::PHYSIOLOGICAL_LIMITS,
            ));
        }
    }
}

fn duplicates(recs: &[(String, &Map<String, Value>)], out: &mut Vec<Anomaly>) {
    // The first record of each patient_id (by its JSON text): one pass, so a
    // cohort of any size the daemon accepts is checked in linear time.
    let mut first_of: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, (path, rec)) in recs.iter().enumerate() {
        let Some(id) = rec.get("patient_id").filter(|v| !v.is_null()) else {
            continue;
        };
        let j = *first_of.entry(id.to_string()).or_insert(i);
        if j < i {
            let (first, other) = &recs[j];
            let identical = other == rec;
            out.push(anomaly(
                Kind::Duplicate,
                path.clone(),
                if identical {
                    Severity::Warning
                } else {
                    Severity::Error
                },
                if identical {
                    format!("identical to {first}")
                } else {
                    format!("same patient_id as {first} with different content")
                },
                json!({"patient_id": id, "duplicate_of": first, "identical": identical}),
                identical,
                source::KAHN_DQ,
            ));
        }
    }
}

/// Modified z-scores across the cohort (Iglewicz & Hoaglin), with Tukey's fences as evidence.
fn outliers(recs: &[(String, &Map<String, Value>)], out: &mut Vec<Anomaly>) {
    let mut columns: Vec<(String, Vec<(String, f64)>)> = FIELDS
        .iter()
        .filter(|f| f.cohort_outliers)
        .map(|f| {
            let values = recs
                .iter()
                .filter_map(|(p, r)| {
                    let x = if f.path == ["demographics", "weight"] {
                        weight_kg(r)
                    } else {
                        get(r, f.path).and_then(|v| number(v).ok())
                    };
                    x.map(|x| (at(p, &f.path.join(".")), x))
                })
                .collect();
            (f.path.join("."), values)
        })
        .collect();
    for analyte in Analyte::ALL {
        let mut values = Vec::new();
        for (p, r) in recs {
            for (i, lab) in r
                .get("labs")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                if lab
                    .get("test")
                    .and_then(Value::as_str)
                    .and_then(Analyte::parse)
                    != Some(analyte)
                {
                    continue;
                }
                let factor = lab
                    .get("unit")
                    .and_then(Value::as_str)
                    .and_then(|u| analyte.factor(u));
                if let (Some(Ok(x)), Some(f)) = (lab.get("value").map(number), factor) {
                    values.push((at(p, &format!("labs[{i}].value")), x * f));
                }
            }
        }
        columns.push((format!("labs[{}]", analyte.name()), values));
    }
    for (name, values) in columns {
        if values.len() < 5 {
            continue;
        }
        let mut xs: Vec<f64> = values.iter().map(|v| v.1).collect();
        xs.sort_by(f64::total_cmp);
        let median = quantile(&xs, 0.5);
        let mut dev: Vec<f64> = xs.iter().map(|x| (x - median).abs()).collect();
        dev.sort_by(f64::total_cmp);
        let mad = quantile(&dev, 0.5);
        let (q1, q3) = (quantile(&xs, 0.25), quantile(&xs, 0.75));
        let iqr = q3 - q1;
        for (path, x) in values {
            let m = if mad > 0.0 {
                0.6745 * (x - median) / mad
            } else {
                0.0
            };
            if m.abs() > 3.5 {
                out.push(anomaly(Kind::Outlier, path, Severity::Warning, format!("{name} {x} is an outlier in this cohort (modified z-score {m:.1})"), json!({"value": x, "median": median, "mad": mad, "modified_z": m, "threshold": 3.5, "tukey_far_out_fences": [q1 - 3.0 * iqr, q3 + 3.0 * iqr]}), false, source::IGLEWICZ_HOAGLIN));
            }
        }
    }
}

fn quantile(sorted: &[f64], q: f64) -> f64 {
    let pos = q * (sorted.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}
