//! Per-child restart backoff (beyond OTP, as in Akka's BackoffSupervisor):
//! exponential delay with jitter, reset after the child ran for a stable period.

use std::time::Duration;

use serde::Serialize;

use crate::rng::SplitMix64;

/// Delay before restarting a child that keeps failing.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Backoff {
    /// Delay before the first restart.
    pub initial: Duration,
    /// Upper bound of the delay.
    pub max: Duration,
    /// Growth factor per consecutive failure (≥ 1).
    pub multiplier: f64,
    /// Random spread, as a fraction of the delay, in `[0, 1]`: 0.2 gives ±20 %.
    pub jitter: f64,
    /// A child that ran this long before failing starts over at `initial`.
    pub reset_after: Duration,
}

impl Backoff {
    /// Doubling from `initial` up to `max`, ±10 % jitter, reset after 30 s of stable running.
    pub fn exponential(initial: Duration, max: Duration) -> Self {
        Self {
            initial,
            max,
            multiplier: 2.0,
            jitter: 0.1,
            reset_after: Duration::from_secs(30),
        }
    }

    /// Growth of the delay per consecutive restart (2 by default).
    pub fn multiplier(mut self, multiplier: f64) -> Self {
        self.multiplier = multiplier;
        self
    }

    /// Random spread of each delay, as a fraction of it (0.1 by default).
    pub fn jitter(mut self, jitter: f64) -> Self {
        self.jitter = jitter;
        self
    }

    /// Running this long resets the delay to its minimum (30 s by default).
    pub fn reset_after(mut self, reset_after: Duration) -> Self {
        self.reset_after = reset_after;
        self
    }

    /// The delay before restart number `attempt` (0 for the first restart after
    /// a stable run); `seed` makes the jitter reproducible.
    pub fn delay(&self, attempt: u32, seed: u64) -> Duration {
        let base = self.initial.as_secs_f64() * self.multiplier.powi(attempt.min(64) as i32);
        let capped = base.min(self.max.as_secs_f64());
        let spread = if self.jitter > 0.0 {
            let mut rng = SplitMix64::new(seed ^ u64::from(attempt));
            1.0 + self.jitter * (2.0 * rng.next_f64() - 1.0)
        } else {
            1.0
        };
        Duration::from_secs_f64((capped * spread).clamp(0.0, self.max.as_secs_f64()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_and_caps_without_jitter() {
        let b =
            Backoff::exponential(Duration::from_millis(10), Duration::from_millis(100)).jitter(0.0);
        let ms: Vec<u128> = (0..6).map(|a| b.delay(a, 1).as_millis()).collect();
        assert_eq!(ms, vec![10, 20, 40, 80, 100, 100]);
    }

    #[test]
    fn jitter_stays_in_band_and_is_seeded() {
        let b =
            Backoff::exponential(Duration::from_millis(100), Duration::from_secs(10)).jitter(0.2);
        for seed in 0..200 {
            let d = b.delay(0, seed).as_secs_f64();
            assert!((0.08..=0.12).contains(&d), "{d}");
            assert_eq!(b.delay(3, seed), b.delay(3, seed));
        }
        assert_ne!(b.delay(0, 1), b.delay(0, 2));
    }
}
