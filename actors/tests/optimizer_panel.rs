//! The optimizer on a panel of archetype patients (`cases/archetypes.json`),
//! each with the guideline or label sentence that decides it and what the
//! plan must and must not contain. Also: the panel gets varied plans, and the
//! same patient and seed give the same plan at any thread and island count.

use std::collections::BTreeSet;

use hms_actors::clinical::{Date, Patient};
use hms_actors::error::decode;
use hms_actors::genetic::explain::{Answer, OptimizedPlan};
use hms_actors::genetic::{optimize_treatment_at, IslandParams};
use hms_actors::prover::{Settings, Status, VerifyOptions};
use serde_json::{Map, Value};

const PANEL: &str = include_str!("cases/archetypes.json");

struct Archetype {
    id: String,
    guideline: String,
    patient: Patient,
    expect: Value,
    /// The prover's options for this patient (`jurisdiction`).
    options: VerifyOptions,
}

fn panel() -> (Vec<Archetype>, Settings) {
    let panel: Value = serde_json::from_str(PANEL).expect("archetypes.json is JSON");
    let as_of = Date::parse(panel["as_of"].as_str().unwrap()).unwrap();
    let base = panel["base_patient"].as_object().unwrap();
    let archetypes = panel["archetypes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let mut patient: Map<String, Value> = base.clone();
            for (k, v) in a["patient"].as_object().unwrap() {
                if v.is_null() {
                    patient.remove(k);
                } else {
                    patient.insert(k.clone(), v.clone());
                }
            }
            Archetype {
                id: a["id"].as_str().unwrap().to_string(),
                guideline: a["guideline"].as_str().unwrap().to_string(),
                patient: decode(Value::Object(patient)).expect("the patient decodes"),
                expect: a["expect"].clone(),
                options: a
                    .get("options")
                    .map(|o| decode(o.clone()).expect("options decode"))
                    .unwrap_or_default(),
            }
        })
        .collect();
    (archetypes, VerifyOptions::default().settle(as_of))
}

fn optimize(patient: &Patient, settings: Settings, islands: usize) -> OptimizedPlan {
    let params = IslandParams {
        seed: 7,
        islands,
        ..IslandParams::default()
    };
    optimize_treatment_at(patient, &params, settings).expect("optimizes")
}

fn drugs(out: &OptimizedPlan) -> BTreeSet<String> {
    out.plan
        .treatment_plan
        .iter()
        .map(|i| {
            hms_actors::clinical::formulary::lookup(&i.medication)
                .map(|e| e.name.to_ascii_lowercase())
                .unwrap_or_else(|| i.medication.to_ascii_lowercase())
        })
        .collect()
}

fn names(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| a.iter().map(|s| s.as_str().unwrap().to_string()).collect())
        .unwrap_or_default()
}

/// What is wrong with an answer, against the archetype's expectations.
fn check(a: &Archetype, out: &OptimizedPlan) -> Vec<String> {
    let mut wrong = Vec::new();
    let has = drugs(out);
    let e = &a.expect;
    let status = match out.status {
        Answer::Plan => "plan",
        Answer::NothingSafe => "nothing_safe",
    };
    if e["status"].as_str() != Some(status) {
        wrong.push(format!("status {status}, want {}", e["status"]));
    }
    if out.verification.is_violated() {
        wrong.push("the returned plan is violated".into());
    }
    let any = names(&e["any_of"]);
    if !any.is_empty() && !any.iter().any(|d| has.contains(d)) {
        wrong.push(format!("none of {any:?} in {has:?}"));
    }
    for d in names(&e["none_of"]) {
        if has.contains(&d) {
            wrong.push(format!("{d} in the plan"));
        }
    }
    if let Some(rules) = e["if_has"].as_object() {
        for (drug, partners) in rules {
            let partners = names(partners);
            if has.contains(drug) && !partners.iter().any(|p| has.contains(p)) {
                wrong.push(format!("{drug} without any of {partners:?}"));
            }
        }
    }
    if e["induction"].as_bool() == Some(true) {
        let phases: Vec<_> = out.plan.treatment_plan.iter().map(|i| i.phase).collect();
        if !phases.contains(&Some(hms_actors::clinical::Phase::Induction))
            || !phases.contains(&Some(hms_actors::clinical::Phase::Maintenance))
        {
            wrong.push(format!("not induction then maintenance: {phases:?}"));
        }
    }
    if let Some(word) = e["before_starting"].as_str() {
        if !out.before_starting.iter().any(|b| b.contains(word)) {
            wrong.push(format!(
                "before_starting {:?} does not mention {word}",
                out.before_starting
            ));
        }
    }
    if status == "nothing_safe" {
        if !out.plan.treatment_plan.is_empty() {
            wrong.push("nothing_safe with items".into());
        }
        if out.excluded.iter().all(|x| x.detail.is_empty()) {
            wrong.push("nothing_safe without reasons".into());
        }
    }
    if let Some(rules) = e["flagged_if"].as_object() {
        for (property, when) in rules {
            if names(when).iter().any(|d| has.contains(d))
                && !out.verification.verdicts.iter().any(|v| {
                    v.property == property
                        && v.status != Status::Proved
                        && v.status != Status::NotApplicable
                })
            {
                wrong.push(format!("{property} is not flagged"));
            }
        }
    }
    if let Some(word) = e["excluded_mentions"].as_str() {
        if !out
            .excluded
            .iter()
            .any(|x| x.detail.iter().any(|d| d.contains(word)))
        {
            wrong.push(format!("no exclusion mentions {word}"));
        }
    }
    // Doses the patient's band or function allows, per drug (any item, or maintenance items).
    for (key, maintenance_only) in [("max_mg", false), ("max_mg_maintenance", true)] {
        for (drug, limit) in e[key].as_object().into_iter().flatten() {
            let limit = limit.as_f64().unwrap();
            for i in &out.plan.treatment_plan {
                let same = hms_actors::clinical::formulary::lookup(&i.medication)
                    .is_some_and(|x| x.name.eq_ignore_ascii_case(drug));
                let counts =
                    !maintenance_only || i.phase == Some(hms_actors::clinical::Phase::Maintenance);
                if same && counts && i.dosage > limit {
                    wrong.push(format!("{drug} {} mg above {limit} ({key})", i.dosage));
                }
            }
        }
    }
    if let Some(limit) = e["thiopurine_at_most_mg_per_kg"].as_f64() {
        for i in &out.plan.treatment_plan {
            let m = i.medication.to_ascii_lowercase();
            if (m == "azathioprine" || m == "mercaptopurine") && i.dosage > limit {
                wrong.push(format!("{m} {} mg/kg above {limit}", i.dosage));
            }
        }
    }
    wrong
}

#[test]
fn every_archetype_gets_a_guideline_shaped_answer() {
    let (panel, settings) = panel();
    assert!(panel.len() >= 30, "{} archetypes", panel.len());
    let mut failures = Vec::new();
    let mut plans = BTreeSet::new();
    for a in &panel {
        let settings = a
            .options
            .or(VerifyOptions::default())
            .settle(settings.as_of);
        let out = optimize(&a.patient, settings, 4);
        let wrong = check(a, &out);
        let summary: Vec<String> = out
            .plan
            .treatment_plan
            .iter()
            .map(|i| {
                format!(
                    "{} {} {:?} wk{:?}",
                    i.medication, i.dosage, i.frequency, i.start_week
                )
            })
            .collect();
        println!("{:28} {:?} {}", a.id, out.status, summary.join(" | "));
        if !wrong.is_empty() {
            failures.push(format!(
                "{}: {}\n    guideline: {}",
                a.id,
                wrong.join("; "),
                a.guideline
            ));
        }
        plans.insert(serde_json::to_string(&out.plan.treatment_plan).unwrap());
        // Every answer explains itself.
        assert!(out.alternatives.len() <= 3);
        assert!(!out.excluded.is_empty(), "{}: no exclusions", a.id);
    }
    assert!(
        failures.is_empty(),
        "{} archetype(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        plans.len() >= 8,
        "only {} distinct plans across the panel",
        plans.len()
    );
}

#[test]
fn same_plan_at_any_thread_and_island_count() {
    let (panel, settings) = panel();
    for a in &panel {
        let settings = a
            .options
            .or(VerifyOptions::default())
            .settle(settings.as_of);
        let reference = serde_json::to_value(&optimize(&a.patient, settings, 4).plan).unwrap();
        for threads in [1, 2] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            for islands in [1, 2, 8] {
                let out = pool.install(|| optimize(&a.patient, settings, islands));
                assert_eq!(
                    serde_json::to_value(&out.plan).unwrap(),
                    reference,
                    "{} at {threads} thread(s), {islands} island(s)",
                    a.id
                );
            }
        }
    }
}
