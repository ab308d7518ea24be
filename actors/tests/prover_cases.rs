//! The case corpus, natively: every case verified as a client would send it
//! (through the JSON decoder), its status and its named verdicts as expected.
//! The same file runs through hmsd over HTTP (daemon/tests), the wasm build
//! (bridges/wasm/tests) and Python (python/tests).

#[path = "cases/expand.rs"]
mod expand;

use std::collections::BTreeSet;

use hms_actors::clinical::{Date, Patient, TreatmentPlan};
use hms_actors::error::decode;
use hms_actors::prover::{verify, VerifyOptions};
use serde_json::Value;

fn run(request: &Value) -> Value {
    let plan: TreatmentPlan = decode(request["plan"].clone()).expect("plan decodes");
    let patient: Patient = decode(request["patient"].clone()).expect("patient decodes");
    let options = VerifyOptions {
        as_of: None,
        lab_max_age_days: request["lab_max_age_days"].as_u64().map(|d| d as u32),
        jurisdiction: request
            .get("jurisdiction")
            .map(|j| serde_json::from_value(j.clone()).expect("a jurisdiction")),
    };
    let as_of = Date::parse(request["as_of"].as_str().expect("as_of")).expect("a date");
    serde_json::to_value(verify(&plan, &patient, options.settle(as_of))).unwrap()
}

#[test]
fn every_case_gets_its_expected_verdicts() {
    let mut failures = Vec::new();
    for case in expand::cases() {
        let report = run(&case.request);
        let wrong = expand::mismatches(&case, &report);
        if !wrong.is_empty() {
            failures.push(format!(
                "{}: {} [{}]",
                case.id,
                wrong.join("; "),
                case.source
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_corpus_covers_every_drug_and_rule_family() {
    let cases = expand::cases();
    assert!(cases.len() >= 400, "{} cases", cases.len());
    let safe = cases.iter().filter(|c| c.safe).count();
    assert!(safe >= 120, "{safe} safe cases");
    for c in &cases {
        assert!(
            c.source.len() > 20,
            "{}: every case rests on a sentence",
            c.id
        );
        assert!(
            !c.safe || c.status == "proved",
            "{}: a safe case is proved",
            c.id
        );
    }
    let drugs: BTreeSet<&str> = cases.iter().map(|c| c.drug.as_str()).collect();
    for d in [
        "infliximab",
        "adalimumab",
        "ustekinumab",
        "vedolizumab",
        "risankizumab",
        "upadacitinib",
        "azathioprine",
        "mercaptopurine",
        "methotrexate",
        "budesonide",
    ] {
        assert!(drugs.contains(d), "no case for {d}");
    }
    let covered: BTreeSet<&str> = cases
        .iter()
        .flat_map(|c| c.verdicts.keys().map(String::as_str))
        .collect();
    for rule in hms_actors::prover::rules::RULES {
        assert!(covered.contains(rule.id), "no case names {}", rule.id);
    }
}
