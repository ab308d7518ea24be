//! Restart intensity: more than `max` restarts within `period` and the
//! supervisor gives up (OTP `add_restart/1`).

use std::collections::VecDeque;
use std::time::Duration;

use tokio::time::Instant;

pub(crate) struct Intensity {
    max: u32,
    period: Duration,
    restarts: VecDeque<Instant>,
}

impl Intensity {
    pub fn new(max: u32, period: Duration) -> Self {
        Self {
            max,
            period,
            restarts: VecDeque::new(),
        }
    }

    fn forget_old(&mut self, now: Instant) {
        while let Some(&t) = self.restarts.front() {
            if now.duration_since(t) >= self.period {
                self.restarts.pop_front();
            } else {
                break;
            }
        }
    }

    /// Records a restart now; `true` when that exceeds the intensity.
    pub fn add(&mut self, now: Instant) -> bool {
        self.forget_old(now);
        self.restarts.push_back(now);
        self.restarts.len() > self.max as usize
    }

    /// Restarts within the current window.
    pub fn in_window(&mut self, now: Instant) -> usize {
        self.forget_old(now);
        self.restarts.len()
    }

    pub fn period(&self) -> Duration {
        self.period
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exceeds_after_max_within_period() {
        let t0 = Instant::now();
        let mut i = Intensity::new(2, Duration::from_secs(5));
        assert!(!i.add(t0));
        assert!(!i.add(t0 + Duration::from_secs(1)));
        assert!(i.add(t0 + Duration::from_secs(2)));
    }

    #[test]
    fn old_restarts_leave_the_window() {
        let t0 = Instant::now();
        let mut i = Intensity::new(1, Duration::from_secs(5));
        assert!(!i.add(t0));
        assert!(!i.add(t0 + Duration::from_secs(5)));
        assert_eq!(i.in_window(t0 + Duration::from_secs(9)), 1);
        assert_eq!(i.in_window(t0 + Duration::from_secs(10)), 0);
    }

    #[test]
    fn zero_intensity_never_restarts() {
        let mut i = Intensity::new(0, Duration::from_secs(5));
        assert!(i.add(Instant::now()));
    }
}
