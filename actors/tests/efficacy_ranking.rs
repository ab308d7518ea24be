//! The model's ranking of the advanced monotherapies against the published
//! ones: Kendall's tau-b >= 0.6 against the Singh NMA's SUCRA for naive
//! patients and against AGA 2025's tiers for exposed patients, and no therapy
//! of AGA 2025's lower-efficacy group above one of its higher-efficacy group.
//! The ranking is the optimizer's score of each drug's best label regimen alone
//! for a patient with no other constraint. The table in `docs/domain.md` is
//! this test's output; `UPDATE_DOCS=1` rewrites it, and the test fails when stale.

use std::fmt::Write;

use hms_actors::clinical::efficacy::nma::{kendall_tau_b, Ranking, EXPOSED, NAIVE};
use hms_actors::clinical::formulary::{self, Drug};
use hms_actors::clinical::guideline::{aga_tier, Tier};
use hms_actors::clinical::{Date, Patient};
use hms_actors::error::decode;
use hms_actors::genetic::treatment::TreatmentProblem;
use hms_actors::genetic::Problem;
use hms_actors::prover::VerifyOptions;
use serde_json::{json, Value};

const DRUGS: [Drug; 6] = [
    Drug::Infliximab,
    Drug::Adalimumab,
    Drug::Ustekinumab,
    Drug::Vedolizumab,
    Drug::Risankizumab,
    Drug::Upadacitinib,
];

struct Row {
    drug: Drug,
    score: f64,
    p52: f64,
    ci95: [f64; 2],
    tier: Tier,
}

fn patient(history: Value) -> Patient {
    let panel: Value = serde_json::from_str(include_str!("cases/archetypes.json")).unwrap();
    let mut p = panel["base_patient"].clone();
    p["treatment_history"] = history;
    decode(p).unwrap()
}

/// Each drug's best label regimen alone, scored for the patient.
fn rows(patient: Patient) -> Vec<Row> {
    let settings = VerifyOptions::default().settle(Date::parse("2026-11-26").unwrap());
    let problem = TreatmentProblem::new(patient, settings);
    DRUGS
        .iter()
        .map(|&drug| {
            let best = (1..problem.options.arity()[0])
                .map(|a| [a, 0, 0])
                .filter(|g| {
                    let plan = problem.decode(g);
                    formulary::lookup(&plan.treatment_plan[0].medication).map(|e| e.drug)
                        == Some(drug)
                })
                .max_by(|a, b| problem.fitness(a).total_cmp(&problem.fitness(b)))
                .expect("a regimen of every drug");
            let (f, _) = problem.evaluate(&best);
            let estimate = f.efficacy.clone().with_interval(7, 4000);
            Row {
                drug,
                score: f.total,
                p52: f.efficacy.week_52_remission,
                ci95: estimate.ci95.unwrap(),
                tier: f.guideline.tier,
            }
        })
        .collect()
}

fn tau(rows: &[Row], reference: &Ranking) -> f64 {
    let (model, published): (Vec<f64>, Vec<f64>) = reference
        .scores
        .iter()
        .map(|(d, s)| (rows.iter().find(|r| r.drug == *d).unwrap().score, *s))
        .unzip();
    kendall_tau_b(&model, &published)
}

fn rank(rows: &[Row], drug: Drug) -> usize {
    let me = rows.iter().find(|r| r.drug == drug).unwrap().score;
    1 + rows.iter().filter(|r| r.score > me).count()
}

fn name(d: Drug) -> &'static str {
    formulary::entry(d).name
}

fn render(naive: &[Row], exposed: &[Row], tau_naive: f64, tau_exposed: f64) -> String {
    let mut out = String::new();
    writeln!(out, "| drug (best label regimen alone) | naive: P(remission, week 52) (95% CI) | naive: model rank | Singh NMA SUCRA, naive induction | AGA 2025 naive | exposed: P(remission, week 52) (95% CI) | exposed: model rank | AGA 2025 exposed |").unwrap();
    writeln!(out, "|---|---|---|---|---|---|---|---|").unwrap();
    for (n, e) in naive.iter().zip(exposed) {
        let sucra = NAIVE
            .scores
            .iter()
            .find(|(d, _)| *d == n.drug)
            .map_or("not in the NMA".to_string(), |(_, s)| format!("{s:.2}"));
        let tier =
            |t: Option<Tier>| t.map_or("not tiered".into(), |t| format!("{t:?}").to_lowercase());
        writeln!(
            out,
            "| {} | {:.3} ({:.3}-{:.3}) | {} | {} | {} | {:.3} ({:.3}-{:.3}) | {} | {} |",
            name(n.drug),
            n.p52,
            n.ci95[0],
            n.ci95[1],
            rank(naive, n.drug),
            sucra,
            tier(aga_tier(
                n.drug,
                hms_actors::clinical::efficacy::Exposure::Naive
            )),
            e.p52,
            e.ci95[0],
            e.ci95[1],
            rank(exposed, e.drug),
            tier(aga_tier(
                e.drug,
                hms_actors::clinical::efficacy::Exposure::Exposed
            )),
        )
        .unwrap();
    }
    writeln!(
        out,
        "\nKendall's tau-b of the model's ranking: **{tau_naive:.2}** against the Singh NMA (naive; infliximab, adalimumab, ustekinumab, vedolizumab), **{tau_exposed:.2}** against AGA 2025's tiers (exposed; adalimumab, risankizumab, upadacitinib, ustekinumab, vedolizumab). The naive patient is the archetype panel's base patient; the exposed one has lost response to certolizumab pegol (an anti-TNF outside the formulary), so no ranked drug failed before."
    )
    .unwrap();
    out
}

/// Every figure of the model, drug by drug.
fn evidence_table() -> String {
    use hms_actors::clinical::efficacy::{evidence, Effect, Exposure, Figure};
    let mut out = String::new();
    writeln!(
        out,
        "| drug | factor | value | how | source (section) | verified |"
    )
    .unwrap();
    writeln!(out, "|---|---|---|---|---|---|").unwrap();
    let mut row = |drug: &str, factor: &str, f: &Figure| {
        let how = match f.effect {
            Effect::OddsRatio { ratio, ci95 } => format!("NMA odds ratio {ratio} ({}-{}) on a {:.1}% placebo rate", ci95[0], ci95[1], f.baseline.map_or(0.0, |b| b.rate * 100.0)),
            Effect::FailureRisk { ratio, ci95 } => format!("NMA relative risk of no remission {ratio} ({}-{}) on a {:.1}% placebo rate", ci95[0], ci95[1], f.baseline.map_or(0.0, |b| b.rate * 100.0)),
            Effect::Arms { drug, placebo } => format!("trial arms {:.1}% (n {}, {}) vs placebo {:.1}% (n {}, {}), odds ratio on a {:.1}% placebo rate", drug.share * 100.0, drug.n, drug.n_from, placebo.share * 100.0, placebo.n, placebo.n_from, f.baseline.map_or(0.0, |b| b.rate * 100.0)),
            Effect::Direct { arm } => format!("trial arm {:.1}% (n {}, {})", arm.share * 100.0, arm.n, arm.n_from),
            Effect::Ratio { combination, monotherapy } => format!("combination {:.1}% (n {}) over monotherapy {:.1}% (n {})", combination.share * 100.0, combination.n, monotherapy.share * 100.0, monotherapy.n),
            Effect::NoData => format!("no figure: the {:.1}% placebo rate", f.baseline.map_or(0.0, |b| b.rate * 100.0)),
        };
        let note = if f.note.is_empty() {
            String::new()
        } else {
            format!("; {}", f.note)
        };
        writeln!(
            out,
            "| {drug} | {factor} | {:.3} | {how}{note} | {} ({}) | {} |",
            f.point(),
            f.source.citation.replace('|', "/"),
            f.source.section.unwrap_or("—").replace('|', "/"),
            f.source.verified
        )
        .unwrap();
    };
    for d in DRUGS {
        for (exposure, what) in [
            (Exposure::Naive, "induction, naive"),
            (Exposure::Exposed, "induction, exposed"),
        ] {
            row(name(d), what, &evidence::induction(d, exposure));
        }
    }
    use hms_actors::clinical::plan::Route;
    for (d, label, item) in [
        (
            Drug::Infliximab,
            "maintenance, 5 mg/kg every 8 weeks",
            (None, Some(5.0), Some(Route::Iv)),
        ),
        (
            Drug::Infliximab,
            "maintenance, 10 mg/kg every 8 weeks",
            (None, Some(10.0), Some(Route::Iv)),
        ),
        (
            Drug::Adalimumab,
            "maintenance, 40 mg every 2 weeks",
            (Some(40.0), None, Some(Route::Sc)),
        ),
        (
            Drug::Ustekinumab,
            "maintenance, 90 mg every 8 weeks",
            (Some(90.0), None, Some(Route::Sc)),
        ),
        (
            Drug::Vedolizumab,
            "maintenance, 300 mg IV every 8 weeks",
            (Some(300.0), None, Some(Route::Iv)),
        ),
        (
            Drug::Vedolizumab,
            "maintenance, 108 mg SC every 2 weeks",
            (Some(108.0), None, Some(Route::Sc)),
        ),
        (
            Drug::Risankizumab,
            "maintenance, 180 mg every 8 weeks",
            (Some(180.0), None, Some(Route::Sc)),
        ),
        (
            Drug::Risankizumab,
            "maintenance, 360 mg every 8 weeks",
            (Some(360.0), None, Some(Route::Sc)),
        ),
        (
            Drug::Upadacitinib,
            "maintenance, 15 mg daily",
            (Some(15.0), None, None),
        ),
        (
            Drug::Upadacitinib,
            "maintenance, 30 mg daily",
            (Some(30.0), None, None),
        ),
    ] {
        row(name(d), label, &evidence::maintenance(d, Some(item)));
    }
    for d in [Drug::Infliximab, Drug::Adalimumab] {
        row(
            name(d),
            "with a thiopurine",
            &evidence::combination(d).unwrap(),
        );
    }
    row(
        "Azathioprine or mercaptopurine",
        "the course, alone",
        &evidence::THIOPURINE_COURSE,
    );
    row(
        "Methotrexate",
        "induction, 25 mg weekly",
        &evidence::METHOTREXATE_INDUCTION,
    );
    row(
        "Methotrexate",
        "maintenance, 15 mg weekly",
        &evidence::METHOTREXATE_MAINTENANCE,
    );
    out
}

const START: &str =
    "<!-- efficacy-ranking:start (generated by actors/tests/efficacy_ranking.rs) -->\n";
const END: &str = "<!-- efficacy-ranking:end -->";

#[test]
fn the_model_ranks_monotherapies_as_the_published_rankings_do() {
    let naive = rows(patient(json!([])));
    let exposed = rows(patient(
        json!([{"medication": "Cimzia", "response": "loss of response", "status": "stopped", "start_date": "2022-01-10", "end_date": "2025-06-01"}]),
    ));
    let tau_naive = tau(&naive, &NAIVE);
    let tau_exposed = tau(&exposed, &EXPOSED);
    let table = format!(
        "{}\nThe figures behind it:\n\n{}",
        render(&naive, &exposed, tau_naive, tau_exposed),
        evidence_table()
    );
    println!("{table}");
    assert!(tau_naive >= 0.6, "tau naive {tau_naive:.2}");
    assert!(tau_exposed >= 0.6, "tau exposed {tau_exposed:.2}");
    // No lower-efficacy drug above a higher-efficacy one, in either line.
    for (rows, exposure) in [
        (&naive, hms_actors::clinical::efficacy::Exposure::Naive),
        (&exposed, hms_actors::clinical::efficacy::Exposure::Exposed),
    ] {
        for low in rows
            .iter()
            .filter(|r| aga_tier(r.drug, exposure) == Some(Tier::Lower))
        {
            for high in rows
                .iter()
                .filter(|r| aga_tier(r.drug, exposure) == Some(Tier::Higher))
            {
                assert!(
                    low.score < high.score,
                    "{exposure:?}: {} ({:.3}) above {} ({:.3})",
                    name(low.drug),
                    low.score,
                    name(high.drug),
                    high.score
                );
            }
        }
        assert!(rows.iter().all(|r| r.tier != Tier::Against));
    }
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/domain.md");
    let doc = std::fs::read_to_string(path).unwrap();
    let (Some(a), Some(b)) = (doc.find(START), doc.find(END)) else {
        panic!("docs/domain.md lacks the efficacy-ranking markers");
    };
    let current = &doc[a + START.len()..b];
    if current != table {
        if std::env::var_os("UPDATE_DOCS").is_some() {
            let updated = format!("{}{START}{table}{}", &doc[..a], &doc[b..]);
            std::fs::write(path, updated).unwrap();
        } else {
            panic!("docs/domain.md's ranking table is stale: UPDATE_DOCS=1 cargo test -p hms-actors --test efficacy_ranking");
        }
    }
}
