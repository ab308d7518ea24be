//! Seeded chaos schedules: the same seed gives the same sequence of faults.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::Fault;
use crate::rng::{mix, SplitMix64};

/// A recipe for random faults: which actors, which faults, how often.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChaosSchedule {
    /// Seed of the plan: the same seed gives the same steps.
    pub seed: u64,
    /// Registered names of the actors to hit.
    pub targets: Vec<String>,
    /// The faults to draw from, uniformly.
    pub faults: Vec<Fault>,
    /// Mean time between faults; each gap is drawn in `[0.5, 1.5] ×` this.
    #[serde(with = "millis")]
    pub mean_interval: Duration,
    /// How many faults to inject.
    pub steps: usize,
}

/// One planned fault: when (from the schedule's start), where, what.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChaosStep {
    /// When, from the schedule's start.
    #[serde(with = "millis")]
    pub at: Duration,
    /// The actor hit.
    pub target: String,
    /// The fault injected.
    pub fault: Fault,
}

impl ChaosSchedule {
    /// The full, deterministic plan of this schedule.
    pub fn plan(&self) -> Vec<ChaosStep> {
        if self.targets.is_empty() || self.faults.is_empty() {
            return Vec::new();
        }
        let mut rng = SplitMix64::new(mix(self.seed, "chaos"));
        let mut at = Duration::ZERO;
        (0..self.steps)
            .map(|_| {
                at += self.mean_interval.mul_f64(0.5 + rng.next_f64());
                let target = self.targets[rng.below(self.targets.len() as u64) as usize].clone();
                let fault = self.faults[rng.below(self.faults.len() as u64) as usize].clone();
                ChaosStep { at, target, fault }
            })
            .collect()
    }
}

mod millis {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(d.as_millis() as u64)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        u64::deserialize(d).map(Duration::from_millis)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schedule(seed: u64) -> ChaosSchedule {
        ChaosSchedule {
            seed,
            targets: vec!["a".into(), "b".into(), "c".into()],
            faults: vec![Fault::PanicNext, Fault::Kill, Fault::Delay { ms: 5 }],
            mean_interval: Duration::from_millis(10),
            steps: 50,
        }
    }

    #[test]
    fn same_seed_same_plan_other_seed_other_plan() {
        assert_eq!(schedule(42).plan(), schedule(42).plan());
        assert_ne!(schedule(42).plan(), schedule(43).plan());
    }

    #[test]
    fn plan_is_ordered_and_covers_choices() {
        let plan = schedule(7).plan();
        assert_eq!(plan.len(), 50);
        assert!(plan.windows(2).all(|w| w[0].at < w[1].at));
        for t in ["a", "b", "c"] {
            assert!(plan.iter().any(|s| s.target == t));
        }
        assert!(plan.iter().any(|s| s.fault == Fault::Kill));
    }

    #[test]
    fn json_round_trip() {
        let s = schedule(1);
        let json = serde_json::to_string(&s).unwrap();
        let back: ChaosSchedule = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s);
    }
}
