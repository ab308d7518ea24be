use serde_json::{json, Value};

use super::*;

fn record(id: &str, age: Value, crp: f64) -> Value {
    json!({
        "patient_id": id,
        "demographics": {"age": age, "sex": "female", "weight": 65.5, "height": 170.0},
        "biomarkers": {"serum_markers": {"CRP": crp}},
        "labs": [{"test": "albumin", "value": 38, "unit": "g/L"}]
    })
}

fn kinds_at(anomalies: &[Anomaly], kind: Kind) -> Vec<String> {
    anomalies
        .iter()
        .filter(|a| a.kind == kind)
        .map(|a| a.path.clone())
        .collect()
}

#[test]
fn lab_units_are_detected_explicit_and_suspected() {
    let data = json!({
        "patient_id": "P-1",
        "demographics": {"age": 42, "sex": "female", "weight": 65.5},
        "units": {"CRP": "mg/dL"},
        "biomarkers": {"serum_markers": {"CRP": 1.25}},
        "labs": [
            {"test": "CRP", "value": 1.2, "unit": "mg/dL"},
            {"test": "albumin", "value": 3.8, "unit": "g/dL"},
            {"test": "hemoglobin", "value": 135, "unit": "g/L"},
            {"test": "albumin", "value": 3.6, "unit": "g/L"},
            {"test": "hemoglobin", "value": 128, "unit": "g/dL"}
        ]
    });
    let found = detect_anomalies(&data);
    let units = kinds_at(&found, Kind::UnitMismatch);
    for p in [
        "biomarkers.serum_markers.CRP",
        "labs[0].unit",
        "labs[1].unit",
        "labs[2].unit",
        "labs[3].unit",
        "labs[4].unit",
    ] {
        assert!(units.contains(&p.to_string()), "{p} in {units:?}");
    }
    let suspected = found.iter().find(|a| a.path == "labs[3].unit").unwrap();
    assert_eq!(suspected.evidence["likely_unit"], "g/dL");
    let hb = found.iter().find(|a| a.path == "labs[4].unit").unwrap();
    assert_eq!(hb.evidence["likely_unit"], "g/L");
}

#[test]
fn missing_type_range_and_implausible() {
    let data = json!({
        "demographics": {"age": "42", "weight": "heavy", "height": 170},
        "clinical_data": {"disease_activity": {"CDAI": 720, "HBI": 3}},
        "treatment_history": [{"medication": "Infliximab", "start_date": "2020-05-01", "end_date": "2019-02-15"}],
        "labs": [{"test": "hemoglobin", "value": 13.1}]
    });
    let found = detect_anomalies(&data);
    assert_eq!(
        kinds_at(&found, Kind::Missing),
        vec!["patient_id", "demographics.sex", "labs[0].unit"]
    );
    let types = kinds_at(&found, Kind::Type);
    assert_eq!(types, vec!["demographics.age", "demographics.weight"]);
    assert!(
        found
            .iter()
            .find(|a| a.path == "demographics.age")
            .unwrap()
            .healable
    );
    assert!(
        !found
            .iter()
            .find(|a| a.path == "demographics.weight")
            .unwrap()
            .healable
    );
    assert_eq!(
        kinds_at(&found, Kind::OutOfRange),
        vec!["clinical_data.disease_activity.CDAI"]
    );
    let implausible = kinds_at(&found, Kind::Implausible);
    assert!(
        implausible.contains(&"treatment_history[0].end_date".to_string()),
        "{implausible:?}"
    );
}

#[test]
fn cohort_outliers_and_duplicates() {
    let mut cohort: Vec<Value> = (0..9)
        .map(|i| record(&format!("P-{i}"), json!(30 + i), 5.0 + i as f64))
        .collect();
    cohort.push(record("P-9", json!(34), 480.0));
    cohort.push(cohort[2].clone());
    let mut conflicting = record("P-3", json!(70), 6.0);
    conflicting["labs"] = json!([]);
    cohort.push(conflicting);
    let found = detect_anomalies(&json!({"records": cohort}));
    let outliers = kinds_at(&found, Kind::Outlier);
    // P-9's CRP of 480 and the conflicting P-3's age of 70 stand out.
    assert_eq!(
        outliers,
        vec![
            "records[11].demographics.age",
            "records[9].biomarkers.serum_markers.CRP"
        ]
    );
    let o = found
        .iter()
        .find(|a| a.kind == Kind::Outlier && a.path.starts_with("records[9]"))
        .unwrap();
    assert!(o.evidence["modified_z"].as_f64().unwrap() > 3.5);
    let dups: Vec<(String, bool)> = found
        .iter()
        .filter(|a| a.kind == Kind::Duplicate)
        .map(|a| (a.path.clone(), a.healable))
        .collect();
    assert_eq!(
        dups,
        vec![
            ("records[10]".to_string(), true),
            ("records[11]".to_string(), false)
        ]
    );
}

/// Every original value that healing replaced or removed is in the provenance.
fn assert_originals_kept(before: &Value, healed: &Healed) {
    for p in &healed.provenance {
        assert_eq!(p.resource_type, "Provenance");
        let e = &p.entity[0];
        assert!(e.role == "revision" || e.role == "removal");
        assert!(!e.what.value.is_null(), "{p:?}");
        assert!(!p.policy.is_empty() && !p.recorded.is_empty());
        if e.role == "removal" {
            let ptr = e
                .what
                .path
                .replace("records[", "/records/")
                .replace("].", "/")
                .replace('[', "/")
                .replace(']', "")
                .replace('.', "/");
            let ptr = if ptr.starts_with('/') {
                ptr
            } else {
                format!("/{ptr}")
            };
            assert_eq!(before.pointer(&ptr), Some(&e.what.value), "{ptr}");
        }
    }
}

#[test]
fn healing_converts_coerces_dedups_and_keeps_originals() {
    let data = json!({
        "patient_id": "P-1",
        "demographics": {"age": "42", "sex": "female", "weight": 65.5},
        "units": {"CRP": "mg/dL"},
        "biomarkers": {"serum_markers": {"CRP": 1.25}},
        "labs": [
            {"test": "CRP", "value": 1.2, "unit": "mg/dL", "date": "2026-10-01"},
            {"test": "albumin", "value": 3.8, "unit": "g/dL"},
            {"test": "hemoglobin", "value": 135, "unit": "g/L"},
            {"test": "CRP", "value": 1.2, "unit": "mg/dL", "date": "2026-10-01"},
            {"test": "albumin", "value": 3.6, "unit": "g/L"}
        ]
    });
    let healed = apply_healing(
        &data,
        &HealingContext::default(),
        "2026-11-24T00:00:00.000Z",
    );
    let d = &healed.data;
    assert_eq!(d["demographics"]["age"], json!(42.0));
    assert_eq!(d["biomarkers"]["serum_markers"]["CRP"], json!(12.5));
    assert_eq!(d["units"]["CRP"], "mg/L");
    assert_eq!(
        d["labs"].as_array().unwrap().len(),
        4,
        "the duplicate CRP lab is removed"
    );
    assert_eq!(
        d["labs"][0],
        json!({"test": "CRP", "value": 12.0, "unit": "mg/L", "date": "2026-10-01"})
    );
    assert_eq!(
        d["labs"][1],
        json!({"test": "albumin", "value": 38.0, "unit": "g/L"})
    );
    assert_eq!(
        d["labs"][2],
        json!({"test": "hemoglobin", "value": 13.5, "unit": "g/dL"})
    );
    // The suspected confusion is reported, not fixed, without permission.
    assert_eq!(
        d["labs"][3],
        json!({"test": "albumin", "value": 3.6, "unit": "g/L"})
    );
    assert_eq!(
        healed
            .unresolved
            .iter()
            .map(|a| a.path.as_str())
            .collect::<Vec<_>>(),
        vec!["labs[3].unit"]
    );
    let originals: Vec<&Value> = healed
        .provenance
        .iter()
        .map(|p| &p.entity[0].what.value)
        .collect();
    assert!(originals.contains(&&json!("42")));
    assert!(originals.contains(&&json!({"value": 1.25, "unit": "mg/dL"})));
    assert!(originals.contains(&&json!({"value": 3.8, "unit": "g/dL"})));
    assert!(originals.contains(&&json!({"value": 135, "unit": "g/L"})));
    assert_eq!(
        healed
            .provenance
            .iter()
            .filter(|p| p.entity[0].role == "removal")
            .count(),
        1
    );
    assert_eq!(healed.provenance[0].target[0].reference, "Patient/P-1");
    assert_originals_kept(&data, &healed);

    let allowed = HealingContext {
        assume_unit_confusion: true,
        agent: Some("a2a".into()),
    };
    let healed = apply_healing(&data, &allowed, "2026-11-24T00:00:00.000Z");
    assert_eq!(
        healed.data["labs"][3],
        json!({"test": "albumin", "value": 36.0, "unit": "g/L"})
    );
    assert!(healed.unresolved.is_empty(), "{:?}", healed.unresolved);
    assert!(healed
        .provenance
        .iter()
        .any(|p| p.activity.code == "unit_relabel" && p.agent[0].who.contains("a2a")));
}

#[test]
fn healing_a_cohort_removes_identical_duplicates_only() {
    let a = record("P-1", json!(40), 3.0);
    let b = record("P-2", json!(50), 4.0);
    let mut conflict = record("P-2", json!(51), 4.0);
    conflict["labs"] = json!([]);
    let data = json!([a, b, a.clone(), conflict]);
    let healed = apply_healing(&data, &HealingContext::default(), "t");
    assert_eq!(healed.data.as_array().unwrap().len(), 3);
    assert!(healed
        .unresolved
        .iter()
        .any(|x| x.kind == Kind::Duplicate && !x.healable));
    assert_originals_kept(&data, &healed);
}

#[test]
fn not_a_record_is_one_clear_anomaly() {
    let found = detect_anomalies(&json!(42));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].kind, Kind::Type);
}

#[test]
fn extreme_but_real_values_are_findings_not_errors() {
    let data = json!({"patient_id": "P-X", "demographics": {"age": 30, "sex": "male", "weight": 70},
    "labs": [
        {"test": "WBC", "value": 0.1, "unit": "10^9/L"},
        {"test": "platelets", "value": 1, "unit": "10^9/L"},
        {"test": "hemoglobin", "value": 2, "unit": "g/dL"},
        {"test": "albumin", "value": 5, "unit": "g/L"}
    ]});
    let found = detect_anomalies(&data);
    assert!(kinds_at(&found, Kind::OutOfRange).is_empty(), "{found:#?}");
    assert!(
        kinds_at(&found, Kind::UnitMismatch).is_empty(),
        "{found:#?}"
    );
}

#[test]
fn pounds_are_converted_before_bmi_and_outliers() {
    let mut cohort: Vec<Value> = (0..8)
        .map(|i| json!({"patient_id": format!("P-{i}"), "demographics": {"age": 40, "sex": "female", "weight": 55 + 5 * i, "height": 165}}))
        .collect();
    // 176 lb is 79.8 kg: an ordinary BMI and weight, once converted.
    cohort.push(json!({"patient_id": "P-LB", "units": {"weight": "lb"}, "demographics": {"age": 40, "sex": "female", "weight": 176, "height": 165}}));
    let found = detect_anomalies(&json!(cohort));
    assert!(kinds_at(&found, Kind::Outlier).is_empty(), "{found:#?}");
    assert!(kinds_at(&found, Kind::Implausible).is_empty(), "{found:#?}");
    // The same number in kg is an outlier.
    cohort.pop();
    cohort.push(json!({"patient_id": "P-KG", "demographics": {"age": 40, "sex": "female", "weight": 176, "height": 165}}));
    assert_eq!(
        kinds_at(&detect_anomalies(&json!(cohort)), Kind::Outlier),
        ["[8].demographics.weight"]
    );
}

#[test]
fn an_ambiguous_unit_is_left_unresolved() {
    // Hb "5 g/L" is plausible as 5 g/dL and as 5 mmol/L (8.1 g/dL): which was meant is a judgement.
    let data = json!({"patient_id": "P-A", "demographics": {"age": 50, "sex": "female", "weight": 60},
        "labs": [{"test": "hemoglobin", "value": 5, "unit": "g/L"}]});
    let found = detect_anomalies(&data);
    let a = found
        .iter()
        .find(|a| a.path == "labs[0].unit")
        .expect("a unit anomaly");
    assert!(!a.healable);
    assert_eq!(a.evidence["candidate_units"], json!(["g/dL", "mmol/L"]));
    let healed = apply_healing(
        &data,
        &HealingContext {
            assume_unit_confusion: true,
            agent: None,
        },
        "t",
    );
    assert_eq!(
        healed.data["labs"][0], data["labs"][0],
        "nothing relabelled"
    );
    assert!(healed.unresolved.iter().any(|x| x.path == "labs[0].unit"));
}

#[test]
fn dates_are_parsed() {
    let data = json!({"patient_id": "P-D", "demographics": {"age": 50, "sex": "female", "weight": 60},
    "clinical_data": {"diagnosis_date": "2019-02-30"},
    "labs": [{"test": "CRP", "value": 3, "unit": "mg/L", "date": "yesterday"}],
    "treatment_history": [
        {"medication": "Infliximab", "start_date": "2020-05-01", "end_date": "2020-4-30"},
        {"medication": "Adalimumab", "start_date": "2021-01-10T09:00:00Z", "end_date": "2020-12-01"}
    ]});
    let found = detect_anomalies(&data);
    let types = kinds_at(&found, Kind::Type);
    for p in [
        "clinical_data.diagnosis_date",
        "labs[0].date",
        "treatment_history[0].end_date",
    ] {
        assert!(types.contains(&p.to_string()), "{p} in {types:?}");
    }
    // Compared as dates, not strings: the second course ends before it starts.
    assert_eq!(
        kinds_at(&found, Kind::Implausible),
        ["treatment_history[1].end_date"]
    );
}

#[test]
fn a_differential_larger_than_the_white_count_is_a_unit_error() {
    // Lymphocytes in cells/uL recorded as 10^9/L: under the 500 ceiling, above the white count.
    let data = json!({"patient_id": "P-W", "demographics": {"age": 50, "sex": "female", "weight": 60},
    "labs": [
        {"test": "WBC", "value": 6.1, "unit": "10^9/L"},
        {"test": "neutrophils", "value": 3.9, "unit": "10^9/L"},
        {"test": "lymphocytes", "value": 180, "unit": "10^9/L"}
    ]});
    let found = detect_anomalies(&data);
    assert_eq!(
        kinds_at(&found, Kind::Implausible),
        ["labs[2]"],
        "{found:#?}"
    );
}
