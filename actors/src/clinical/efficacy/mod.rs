//! The outcome model: the probability of clinical remission (CDAI < 150) at
//! week 52 from the start of treatment, for a plan and a patient's stratum.
//!
//! For an advanced therapy it is P(remission at the end of induction) x
//! P(remission at the maintenance endpoint among induction responders) (x the
//! combination effect where a trial measured one). Each factor is a placebo
//! rate moved by a published relative effect (the way health-technology
//! assessments combine a baseline with a network meta-analysis): the NMA's own
//! odds ratio where one was read for the stratum, else the trial's arms. That
//! keeps the endpoints comparable across drugs, which the trials' raw arm rates
//! are not (their placebo arms range from 7% to 41%). Where no figure exists for
//! the stratum (a drug that failed before, infliximab after another advanced
//! therapy) the factor is the placebo rate: missing evidence never flatters a plan.
//!
//! Shared by the optimizer's fitness and the outcome simulation.

pub mod evidence;
pub mod nma;
pub mod stratum;

use serde::Serialize;

use super::formulary::{Class, Drug};
use super::plan::{Frequency, Phase, Route};
use super::resolve::Resolved;
use crate::rng::Rng;
use crate::source::Source;
pub use stratum::{Activity, Exposure, Prior, Stratum};

/// A placebo rate a relative effect is applied to.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Baseline {
    pub rate: f64,
    pub what: &'static str,
    pub source: Source,
}

/// One trial arm: the share reaching the endpoint and its size.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Arm {
    pub share: f64,
    pub n: u32,
    /// `published`, or how the size was derived (e.g. "526 randomised 2:1").
    pub n_from: &'static str,
}

impl Arm {
    fn successes(&self) -> f64 {
        (self.share * self.n as f64).round()
    }

    /// A draw of the arm's rate: Beta(k + 1, n - k + 1).
    fn draw(&self, rng: &mut Rng) -> f64 {
        let k = self.successes();
        rng.beta(k + 1.0, self.n as f64 - k + 1.0)
    }
}

/// How a factor is obtained from its source.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Effect {
    /// An odds ratio against placebo with its 95% CI (an NMA), on the baseline.
    OddsRatio { ratio: f64, ci95: [f64; 2] },
    /// A relative risk of *not* reaching the endpoint with its 95% CI (an NMA), on the baseline.
    FailureRisk { ratio: f64, ci95: [f64; 2] },
    /// A trial's drug and placebo arms: their odds ratio, on the baseline.
    Arms { drug: Arm, placebo: Arm },
    /// A trial arm read as it is (treat-through trials of the whole course).
    Direct { arm: Arm },
    /// A multiplier: the combination arm's rate over the monotherapy arm's.
    Ratio { combination: Arm, monotherapy: Arm },
    /// No figure for this stratum: the baseline.
    NoData,
}

/// One factor of the model with its source.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Figure {
    pub endpoint: &'static str,
    pub effect: Effect,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Baseline>,
    pub source: Source,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub note: &'static str,
}

fn odds(p: f64) -> f64 {
    p / (1.0 - p)
}

fn on_odds(or: f64, base: f64) -> f64 {
    or * base / (1.0 - base + or * base)
}

impl Figure {
    fn base(&self) -> f64 {
        self.baseline.map_or(1.0, |b| b.rate)
    }

    /// The point estimate (a probability, or a multiplier for `Ratio`).
    pub fn point(&self) -> f64 {
        match self.effect {
            Effect::OddsRatio { ratio, .. } => on_odds(ratio, self.base()),
            Effect::FailureRisk { ratio, .. } => 1.0 - ratio * (1.0 - self.base()),
            Effect::Arms { drug, placebo } => {
                on_odds(odds(drug.share) / odds(placebo.share), self.base())
            }
            Effect::Direct { arm } => arm.share,
            Effect::Ratio {
                combination,
                monotherapy,
            } => combination.share / monotherapy.share,
            Effect::NoData => self.base(),
        }
    }

    /// A draw from the uncertainty of the published estimate (the baseline is held fixed).
    pub fn draw(&self, rng: &mut Rng) -> f64 {
        let log_normal = |ratio: f64, ci: [f64; 2], rng: &mut Rng| {
            let se = (ci[1].ln() - ci[0].ln()) / (2.0 * 1.959964);
            libm::exp(ratio.ln() + se * rng.normal())
        };
        match self.effect {
            Effect::OddsRatio { ratio, ci95 } => on_odds(log_normal(ratio, ci95, rng), self.base()),
            Effect::FailureRisk { ratio, ci95 } => {
                (1.0 - log_normal(ratio, ci95, rng) * (1.0 - self.base())).clamp(0.0, 1.0)
            }
            Effect::Arms { drug, placebo } => {
                let (d, p) = (drug.draw(rng), placebo.draw(rng));
                on_odds(odds(d) / odds(p), self.base())
            }
            Effect::Direct { arm } => arm.draw(rng),
            Effect::Ratio {
                combination,
                monotherapy,
            } => combination.draw(rng) / monotherapy.draw(rng),
            Effect::NoData => self.base(),
        }
    }
}

/// What a factor stands for in the product.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Induction,
    Maintenance,
    Combination,
    /// A treat-through figure of the whole course.
    Course,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Factor {
    pub role: Role,
    pub value: f64,
    #[serde(flatten)]
    pub figure: Figure,
}

/// The model's answer for a plan.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Estimate {
    /// P(clinical remission at week 52 from the start of treatment), point estimate.
    pub week_52_remission: f64,
    /// 95% interval of that probability from the uncertainty of the published
    /// estimates (parameter uncertainty, not the spread of patients' outcomes);
    /// filled by [`Estimate::with_interval`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ci95: Option<[f64; 2]>,
    pub stratum: Exposure,
    pub factors: Vec<Factor>,
    pub notes: Vec<String>,
}

impl Estimate {
    /// One draw of the week-52 probability.
    pub fn draw(&self, rng: &mut Rng) -> f64 {
        let mut p = 1.0;
        for f in &self.factors {
            p *= f.figure.draw(rng);
        }
        p.clamp(0.0, 1.0)
    }

    /// Adds the 95% interval from `draws` draws (deterministic for a seed).
    pub fn with_interval(mut self, seed: u64, draws: usize) -> Self {
        let mut rng = Rng::new(seed);
        let mut xs: Vec<f64> = (0..draws).map(|_| self.draw(&mut rng)).collect();
        xs.sort_by(f64::total_cmp);
        let at = |q: f64| xs[((q * (draws - 1) as f64).round() as usize).min(draws - 1)];
        self.ci95 = Some([round4(at(0.025)), round4(at(0.975))]);
        self
    }
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// The estimate for a plan's resolved items in a stratum.
pub fn estimate(items: &[Resolved], stratum: &Stratum) -> Estimate {
    let mut notes = Vec::new();
    let mut factors = Vec::new();
    let has = |c: Class| items.iter().any(|r| r.entry.class == c);
    let mut push = |role, figure: Figure| {
        factors.push(Factor {
            role,
            value: round4(figure.point()),
            figure,
        })
    };
    let advanced = items.iter().find(|r| r.entry.advanced);
    match advanced {
        Some(first) => {
            let drug = first.entry.drug;
            // The maintenance item: the one in the maintenance phase, else the last repeated one.
            let of_drug = || items.iter().filter(|r| r.entry.drug == drug);
            let maintenance = of_drug()
                .find(|r| r.phase == Some(Phase::Maintenance))
                .or_else(|| of_drug().rfind(|r| r.item.frequency != Frequency::Once));
            let failed = failure_note(drug, stratum);
            match &failed {
                Some(why) => {
                    notes.push(why.clone());
                    push(
                        Role::Induction,
                        evidence::no_data_induction(stratum.exposure),
                    );
                    push(Role::Maintenance, evidence::no_data_maintenance());
                }
                None if !of_drug().any(|r| r.phase == Some(Phase::Induction))
                    && !stratum.on(drug) =>
                {
                    notes.push(format!("the plan has no {} induction and the patient is not on it: the induction's effect is not counted", first.entry.name));
                    push(
                        Role::Induction,
                        evidence::no_data_induction(stratum.exposure),
                    );
                    let m = maintenance.map(|m| (m.mg, m.mg_per_kg, m.item.route));
                    push(Role::Maintenance, evidence::maintenance(drug, m));
                }
                None => {
                    push(Role::Induction, evidence::induction(drug, stratum.exposure));
                    let m = maintenance.map(|m| (m.mg, m.mg_per_kg, m.item.route));
                    push(Role::Maintenance, evidence::maintenance(drug, m));
                }
            }
            if (drug == Drug::Ustekinumab) && stratum.anti_tnf_primary_non_response().is_some() {
                notes.push("after primary non-response to an anti-TNF, ustekinumab fails more often (Gisbert & Chaparro 2021; not quantified, so not applied)".into());
            }
            if has(Class::Thiopurine) && failed.is_none() {
                if let Some(c) = evidence::combination(drug) {
                    push(Role::Combination, c);
                } else {
                    notes.push(format!("no trial of {} with a thiopurine measured remission against monotherapy: no combination effect applied", first.entry.name));
                }
            }
            if has(Class::Antimetabolite) && failed.is_none() {
                notes.push(format!(
                    "no trial of {} with methotrexate read: no combination effect applied",
                    first.entry.name
                ));
            }
        }
        None if has(Class::Thiopurine) => {
            if has(Class::Thiopurine) && items.iter().any(|r| r.entry.drug == Drug::Mercaptopurine)
            {
                notes.push("mercaptopurine: SONIC's azathioprine arm is used".into());
            }
            push(Role::Course, evidence::THIOPURINE_COURSE);
            notes.push(
                "SONIC's endpoint is corticosteroid-free remission at week 26, not week 52".into(),
            );
        }
        None if has(Class::Antimetabolite) => {
            push(Role::Induction, evidence::METHOTREXATE_INDUCTION);
            push(Role::Maintenance, evidence::METHOTREXATE_MAINTENANCE);
        }
        None => {
            if has(Class::Corticosteroid) {
                notes.push("budesonide: 51% remission at week 8 with 9 mg/day (Greenberg 1994), but 6 mg/day maintenance was no better than placebo at one year (Kuenzig 2018): the placebo rates are used for week 52".into());
            } else {
                notes.push("no active therapy: the placebo rates".into());
            }
            push(
                Role::Induction,
                evidence::no_data_induction(stratum.exposure),
            );
            push(Role::Maintenance, evidence::no_data_maintenance());
        }
    }
    let week_52_remission = round4(
        factors
            .iter()
            .map(|f| f.value)
            .product::<f64>()
            .clamp(0.0, 1.0),
    );
    Estimate {
        week_52_remission,
        ci95: None,
        stratum: stratum.exposure,
        factors,
        notes,
    }
}

/// Why the patient's history leaves no figure for `drug`: the drug itself
/// failed, or it is an anti-TNF after primary non-response to an anti-TNF.
pub fn failure_note(drug: Drug, stratum: &Stratum) -> Option<String> {
    if let Some(p) = stratum.failures_of(drug).first() {
        let how = match p.outcome {
            Some(crate::clinical::patient::Outcome::PrimaryNonResponse) => "primary non-response",
            Some(crate::clinical::patient::Outcome::LossOfResponse) => "loss of response",
            _ => "intolerance",
        };
        return Some(format!(
            "{} failed before ({how}, {}): no trial measured remission on re-treatment, so the placebo rates are used",
            p.medication,
            p.path()
        ));
    }
    let anti_tnf = super::formulary::entry(drug).class == Class::AntiTnf;
    match stratum.anti_tnf_primary_non_response() {
        Some(p) if anti_tnf => Some(format!(
            "primary non-response to {} ({}): a second anti-TNF works less often after primary failure (Gisbert & Chaparro 2021) and its trial (GAIN) excluded such patients, so the placebo rates are used",
            p.medication,
            p.path()
        )),
        _ => None,
    }
}

/// Whether a plan item is given subcutaneously (vedolizumab's two maintenance forms).
pub fn subcutaneous(route: Option<Route>) -> bool {
    route == Some(Route::Sc)
}
