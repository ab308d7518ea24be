//! The optimizer's answer: the plan the search found, verified again, what
//! must happen before it starts, the three best alternatives of other drug
//! combinations, and for each drug class left out, why. When no plan is
//! allowed, the answer says so, with the reasons and what must happen first:
//! a valid answer, not an error.
//!
//! Alternatives and exclusions come from a fixed candidate set (every
//! advanced regimen with every immunomodulator, and budesonide alone), scored
//! through the problem's memo, so they do not depend on the search's path.

use serde::Serialize;

use super::archipelago::{IslandParams, RunResult};
use super::problem::Problem;
use super::treatment::{Fitness, TreatmentProblem};
use crate::clinical::efficacy::failure_note;
use crate::clinical::formulary::{self, Class, Drug, FORMULARY};
use crate::clinical::guideline::Tier;
use crate::clinical::TreatmentPlan;
use crate::par;
use crate::prover::{Overall, Report, Status, DISCLAIMER};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    /// A plan to start (after what `before_starting` lists).
    Plan,
    /// No plan the patient's situation allows now: see `excluded` and `before_starting`.
    NothingSafe,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OptimizedPlan {
    pub status: Answer,
    pub plan: TreatmentPlan,
    pub fitness: Fitness,
    pub verification: Report,
    /// What must be done or known first: contraindications left unknown, and
    /// when nothing is safe, what would make a plan possible.
    pub before_starting: Vec<String>,
    pub alternatives: Vec<Alternative>,
    pub excluded: Vec<Exclusion>,
    pub run: RunSummary,
    pub disclaimer: &'static str,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Alternative {
    pub plan: TreatmentPlan,
    pub score: f64,
    pub week_52_remission: f64,
    pub guideline: Tier,
    pub verification: Overall,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// Every plan with the class breaks a safety rule for this patient.
    Violated,
    /// The class's drugs failed before.
    PriorFailure,
    /// Allowed, but its best plan scores below the chosen one.
    LowerScore,
    /// No label course of the class is for this patient (age, weight) under
    /// the labels in force: nothing of it could be proposed.
    NotLicensed,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Exclusion {
    pub class: Class,
    pub reason: Reason,
    pub detail: Vec<String>,
    /// The best score of a plan with this class (-1: violated).
    pub best_score: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RunSummary {
    pub seed: u64,
    pub islands: usize,
    pub generations: u64,
    pub evaluations: u64,
    /// Island that found the plan.
    pub island: usize,
}

const CLASSES: [Class; 8] = [
    Class::AntiTnf,
    Class::AntiIl12_23,
    Class::AntiIntegrin,
    Class::AntiIl23,
    Class::JakInhibitor,
    Class::Thiopurine,
    Class::Antimetabolite,
    Class::Corticosteroid,
];

/// What would make a plan possible, for the rules that exclude whole classes.
fn remedy(property: &str) -> Option<&'static str> {
    Some(match property {
        "tuberculosis" => "tuberculosis: treat active tuberculosis, or start treatment of latent tuberculosis, before the first dose (the labels' tuberculosis sections)",
        "serious_infection" => "serious infection: start once the infection is controlled (the labels' infection sections)",
        "live_vaccines" => "live vaccine: give it first and start after the interval its label requires, or postpone it",
        "viral_hepatitis" => "hepatitis B or C: assess with a hepatologist (antiviral prophylaxis or treatment) before starting",
        "heart_failure" => "heart failure: no anti-TNF at NYHA class III or IV; other classes remain",
        _ => return None,
    })
}

/// Every advanced regimen with every immunomodulator (and neither), no
/// budesonide; then budesonide alone.
fn candidates(problem: &TreatmentProblem) -> Vec<[u8; 3]> {
    let arity = *problem.options.arity();
    let mut out: Vec<[u8; 3]> = (0..arity[0])
        .flat_map(|a| (0..arity[1]).map(move |i| [a, i, 0]))
        .collect();
    out.push([0, 0, 1]);
    out
}

/// Why a class has no candidate: none of its drugs' label courses in force
/// is for a patient of this age and weight (`None` when the class has
/// candidates or is not an advanced one).
fn not_licensed(problem: &TreatmentProblem, class: Class) -> Option<Vec<String>> {
    let jurisdiction = problem.settings.jurisdiction;
    let age = problem.patient.demographics.age;
    let weight = problem.patient.weight_kg().and_then(Result::ok);
    let mut detail = Vec::new();
    for e in FORMULARY.iter().filter(|e| e.class == class && e.advanced) {
        let mut bands: Vec<String> = formulary::course::courses(e)
            .iter()
            .filter(|c| c.in_force(jurisdiction))
            .map(|c| c.population().describe())
            .collect();
        bands.dedup();
        let who = match (age, weight) {
            (Some(a), Some(w)) => format!("{a} years, {w} kg"),
            (Some(a), None) => format!("{a} years"),
            (None, Some(w)) => format!("{w} kg"),
            (None, None) => "age and weight unknown".into(),
        };
        detail.push(format!(
            "{}: no label course for this patient ({who}) in the {} label(s); its courses are for {}",
            e.name,
            jurisdiction.as_str(),
            if bands.is_empty() { "no one in this jurisdiction".to_string() } else { bands.join("; ") }
        ));
    }
    (!detail.is_empty()).then_some(detail)
}

fn drugs(plan: &TreatmentPlan) -> Vec<Drug> {
    let mut out: Vec<Drug> = plan
        .treatment_plan
        .iter()
        .filter_map(|i| formulary::lookup(&i.medication).map(|e| e.drug))
        .collect();
    out.dedup();
    out
}

fn classes(plan: &TreatmentPlan) -> Vec<Class> {
    drugs(plan)
        .into_iter()
        .map(|d| formulary::entry(d).class)
        .collect()
}

/// What makes an alternative different: its advanced therapy, or without
/// one, its drugs (a partner immunomodulator or a budesonide bridge alone
/// does not make another alternative).
fn signature(plan: &TreatmentPlan) -> Vec<Drug> {
    let drugs = drugs(plan);
    match drugs.iter().find(|d| formulary::entry(**d).advanced) {
        Some(&advanced) => vec![advanced],
        None => drugs,
    }
}

fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// The run's best genome, improved one gene at a time while that helps
/// (every value of a gene, the others fixed): the search's last step is
/// exhaustive along each gene, so plans that score alike settle on the same
/// one whatever the island and thread count.
fn polish(problem: &TreatmentProblem, genome: &[u8]) -> Vec<u8> {
    let mut best = genome.to_vec();
    let mut score = problem.fitness(&best);
    for _ in 0..4 {
        let before = best.clone();
        for gene in 0..best.len() {
            for value in 0..problem.options.arity()[gene] {
                let mut g = best.clone();
                g[gene] = value;
                let f = problem.fitness(&g);
                if f > score {
                    (best, score) = (g, f);
                }
            }
        }
        if best == before {
            break;
        }
    }
    best
}

/// Turns the best genome of a run into the answer, verifying it again.
pub fn finish(
    problem: &TreatmentProblem,
    params: &IslandParams,
    result: &RunResult,
) -> OptimizedPlan {
    let pool = candidates(problem);
    let scores = par::map_slice(&pool, 1, |g| problem.fitness(g));
    let plans: Vec<TreatmentPlan> = pool.iter().map(|g| problem.decode(g)).collect();
    let pool_classes: Vec<Vec<Class>> = plans.iter().map(classes).collect();
    let mut genome = polish(problem, &result.genome);
    let (mut fitness, mut report) = problem.evaluate(&genome);
    if report.is_violated() {
        genome = vec![0, 0, 0];
        (fitness, report) = problem.evaluate(&genome);
    }
    let mut plan = problem.decode(&genome);
    let chosen = signature(&plan);
    let status = if plan.treatment_plan.is_empty() {
        Answer::NothingSafe
    } else {
        Answer::Plan
    };

    let mut order: Vec<usize> = (0..pool.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    let mut seen = vec![chosen.clone(), Vec::new()];
    let mut alternatives = Vec::new();
    for &i in &order {
        if alternatives.len() == 3 || scores[i] <= -1.0 {
            break;
        }
        let candidate = plans[i].clone();
        let sig = signature(&candidate);
        if seen.contains(&sig) {
            continue;
        }
        seen.push(sig);
        let (f, r) = problem.evaluate(&pool[i]);
        let mut candidate = candidate;
        candidate.fitness = Some(round(f.total));
        alternatives.push(Alternative {
            plan: candidate,
            score: round(f.total),
            week_52_remission: f.efficacy.week_52_remission,
            guideline: f.guideline.tier,
            verification: r.status,
        });
    }

    let chosen_classes = classes(&plan);
    let mut excluded = Vec::new();
    let mut remedies: Vec<String> = Vec::new();
    for class in CLASSES {
        if chosen_classes.contains(&class) {
            continue;
        }
        let with: Vec<usize> = (0..pool.len())
            .filter(|&i| pool_classes[i].contains(&class))
            .collect();
        let Some(&best) = with
            .iter()
            .max_by(|&&a, &&b| scores[a].total_cmp(&scores[b]).then(b.cmp(&a)))
        else {
            if let Some(detail) = not_licensed(problem, class) {
                excluded.push(Exclusion {
                    class,
                    reason: Reason::NotLicensed,
                    detail,
                    best_score: -1.0,
                });
            }
            continue;
        };
        let class_drugs: Vec<Drug> = FORMULARY
            .iter()
            .filter(|e| e.class == class)
            .map(|e| e.drug)
            .collect();
        let failures: Vec<String> = class_drugs
            .iter()
            .filter_map(|&d| failure_note(d, &problem.stratum))
            .collect();
        let (reason, detail) = if scores[best] <= -1.0 {
            // The class alone: its own reasons, not a partner's.
            let alone = with
                .iter()
                .copied()
                .find(|&i| pool_classes[i] == [class])
                .unwrap_or(best);
            let (_, r) = problem.evaluate(&pool[alone]);
            let mut detail = Vec::new();
            for v in r.verdicts.iter().filter(|v| {
                v.status == Status::Violated
                    && v.severity == crate::prover::Severity::Contraindication
            }) {
                let bound = v
                    .evidence
                    .counterexample
                    .as_ref()
                    .map(|c| format!("{} = {} breaks {}", c.field, c.value, c.bound))
                    .unwrap_or_default();
                let line = format!("{}: {bound}", v.property);
                if !detail.contains(&line) {
                    detail.push(line);
                }
                if let Some(fix) = remedy(v.property) {
                    if !remedies.iter().any(|x| x == fix) {
                        remedies.push(fix.to_string());
                    }
                }
            }
            (Reason::Violated, detail)
        } else if !failures.is_empty() && failures.len() == class_drugs.len() {
            (Reason::PriorFailure, failures)
        } else {
            let (f, _) = problem.evaluate(&pool[best]);
            let described: Vec<String> = plans[best]
                .treatment_plan
                .iter()
                .map(|i| i.medication.clone())
                .collect::<Vec<_>>();
            let mut names = described.clone();
            names.dedup();
            let mut detail = vec![format!(
                "best plan with it ({}) scores {} against {}: week-52 remission {:.3} against {:.3}; guideline: {}",
                names.join(" + "),
                round(f.total),
                round(fitness.total),
                f.efficacy.week_52_remission,
                fitness.efficacy.week_52_remission,
                f.guideline.says
            )];
            if f.safety.value < 1.0 {
                let mut why = f.safety.unknown.clone();
                why.extend(f.safety.advisories.iter().map(|a| format!("advisory {a}")));
                detail.push(format!(
                    "its safety term is {:.2}: {}",
                    f.safety.value,
                    why.join("; ")
                ));
            }
            detail.extend(failures);
            (Reason::LowerScore, detail)
        };
        excluded.push(Exclusion {
            class,
            reason,
            detail,
            best_score: round(scores[best]),
        });
    }

    let mut before_starting: Vec<String> = fitness.safety.unknown.clone();
    if status == Answer::NothingSafe {
        before_starting.extend(remedies);
    }
    plan.fitness = Some(round(fitness.total));
    plan.confidence = Some(round(fitness.confidence));
    OptimizedPlan {
        status,
        plan,
        fitness,
        verification: report,
        before_starting,
        alternatives,
        excluded,
        run: RunSummary {
            seed: params.seed,
            islands: params.islands,
            generations: params.generations,
            evaluations: result.evaluations,
            island: result.island,
        },
        disclaimer: DISCLAIMER,
    }
}
