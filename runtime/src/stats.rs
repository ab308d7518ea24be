//! Per-actor counters and a compact latency histogram.
//!
//! Counters live in the actor's slot, so they survive restarts. Whoever holds
//! the worker's lock (its task, or a caller running a turn in place) is the
//! only writer of the handling counters, which therefore use a relaxed
//! load+store instead of a locked read-modify-write: the hot path stays cheap.

use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::OnceLock;
use std::time::Duration;

use serde::Serialize;

/// Adds one to a counter that has a single writer.
#[inline]
fn bump(counter: &AtomicU64) {
    counter.store(counter.load(Relaxed) + 1, Relaxed);
}

/// Counters of one actor across all its incarnations.
#[derive(Debug, Default)]
pub struct ActorStats {
    messages: AtomicU64,
    errors: AtomicU64,
    restarts: AtomicU64,
    timeouts: AtomicU64,
    /// Calls that timed out since the actor last finished a message: reset
    /// by the actor (on a line it writes anyway), so a run of them means no
    /// progress, not callers with short deadlines.
    timeouts_in_a_row: AtomicU64,
    rejected: AtomicU64,
    /// Allocated on the first handled message: idle dynamic children pay nothing.
    latency: OnceLock<Box<Histogram>>,
}

impl ActorStats {
    /// Records one handled message (whoever holds the worker's lock: its
    /// task, or a caller running the turn in place).
    #[inline]
    pub(crate) fn record_handled(&self, took: Duration, failed: bool) {
        bump(&self.messages);
        if self.timeouts_in_a_row.load(Relaxed) != 0 {
            self.timeouts_in_a_row.store(0, Relaxed);
        }
        if failed {
            bump(&self.errors);
        }
        self.latency
            .get_or_init(|| Box::new(Histogram::default()))
            .record(took);
    }

    pub(crate) fn record_restart(&self) {
        self.restarts.fetch_add(1, Relaxed);
    }

    pub(crate) fn record_timeout(&self) {
        self.timeouts.fetch_add(1, Relaxed);
        self.timeouts_in_a_row.fetch_add(1, Relaxed);
    }

    pub(crate) fn reset_timeouts_in_a_row(&self) {
        self.timeouts_in_a_row.store(0, Relaxed);
    }

    pub(crate) fn timeouts_in_a_row(&self) -> u64 {
        self.timeouts_in_a_row.load(Relaxed)
    }

    pub(crate) fn record_rejected(&self) {
        self.rejected.fetch_add(1, Relaxed);
    }

    /// A copy of the counters and latency quantiles now.
    pub fn snapshot(&self) -> StatsSnapshot {
        let (p50, p99) = match self.latency.get() {
            Some(h) => (h.quantile(0.50), h.quantile(0.99)),
            None => (None, None),
        };
        StatsSnapshot {
            messages: self.messages.load(Relaxed),
            errors: self.errors.load(Relaxed),
            restarts: self.restarts.load(Relaxed),
            timeouts: self.timeouts.load(Relaxed),
            rejected: self.rejected.load(Relaxed),
            timeouts_in_a_row: self.timeouts_in_a_row.load(Relaxed),
            latency_p50_us: p50.map(|d| d.as_secs_f64() * 1e6),
            latency_p99_us: p99.map(|d| d.as_secs_f64() * 1e6),
        }
    }

    /// The latency histogram, once a call has been timed.
    pub fn latency(&self) -> Option<&Histogram> {
        self.latency.get().map(|b| &**b)
    }
}

/// A point-in-time copy of an actor's counters.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct StatsSnapshot {
    /// Messages handled (calls and casts).
    pub messages: u64,
    /// Messages whose handler returned an error or panicked.
    pub errors: u64,
    /// Restarts of the actor.
    pub restarts: u64,
    /// Calls whose caller gave up at the deadline.
    pub timeouts: u64,
    /// Messages refused as `overloaded`.
    pub rejected: u64,
    /// Calls that ended at their deadline since the actor last finished a message.
    pub timeouts_in_a_row: u64,
    /// Median handling latency, in microseconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latency_p50_us: Option<f64>,
    /// 99th percentile handling latency, in microseconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latency_p99_us: Option<f64>,
}

const BUCKETS: usize = 64;
/// Two buckets per power of two, starting at 2^8 ns: 256 ns .. ~18 min.
const FIRST_OCTAVE: u32 = 8;

/// Log-linear histogram of handling time: 2 buckets per octave, ±25 % resolution.
#[derive(Debug)]
pub struct Histogram {
    buckets: [AtomicU64; BUCKETS],
}

impl Default for Histogram {
    fn default() -> Self {
        Self {
            buckets: std::array::from_fn(|_| AtomicU64::new(0)),
        }
    }
}

impl Histogram {
    fn index(ns: u64) -> usize {
        let ns = ns.max(1);
        let octave = 63 - ns.leading_zeros();
        if octave < FIRST_OCTAVE {
            return 0;
        }
        let half = ((ns >> (octave - 1)) & 1) as u32;
        (((octave - FIRST_OCTAVE) * 2 + half) as usize).min(BUCKETS - 1)
    }

    /// Midpoint of a bucket, in ns.
    fn midpoint(idx: usize) -> u64 {
        let octave = FIRST_OCTAVE + idx as u32 / 2;
        let half = idx as u64 % 2;
        let width = 1u64 << (octave - 1);
        (1u64 << octave) + half * width + width / 2
    }

    /// Counts one duration.
    #[inline]
    pub fn record(&self, took: Duration) {
        bump(&self.buckets[Self::index(took.as_nanos() as u64)]);
    }

    /// Durations counted.
    pub fn count(&self) -> u64 {
        self.buckets.iter().map(|b| b.load(Relaxed)).sum()
    }

    /// The `q` quantile (0..=1), as the midpoint of its bucket.
    pub fn quantile(&self, q: f64) -> Option<Duration> {
        let counts: Vec<u64> = self.buckets.iter().map(|b| b.load(Relaxed)).collect();
        let total: u64 = counts.iter().sum();
        if total == 0 {
            return None;
        }
        let rank = ((q.clamp(0.0, 1.0) * total as f64).ceil() as u64).max(1);
        let mut seen = 0;
        for (i, c) in counts.iter().enumerate() {
            seen += c;
            if seen >= rank {
                return Some(Duration::from_nanos(Self::midpoint(i)));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_monotonic_and_within_25_percent() {
        let mut last = 0;
        for ns in [300u64, 700, 1_000, 5_000, 80_000, 1_000_000, 3_000_000_000] {
            let i = Histogram::index(ns);
            assert!(i >= last);
            last = i;
            let mid = Histogram::midpoint(i) as f64;
            assert!((mid / ns as f64 - 1.0).abs() <= 0.25, "{ns} -> {mid}");
        }
        assert_eq!(Histogram::index(1), 0);
        assert_eq!(Histogram::index(u64::MAX), BUCKETS - 1);
    }

    #[test]
    fn quantiles_follow_the_data() {
        let h = Histogram::default();
        for _ in 0..99 {
            h.record(Duration::from_micros(10));
        }
        h.record(Duration::from_millis(10));
        let p50 = h.quantile(0.5).unwrap().as_secs_f64() * 1e6;
        let p99 = h.quantile(0.99).unwrap().as_secs_f64() * 1e6;
        let p100 = h.quantile(1.0).unwrap().as_secs_f64() * 1e6;
        assert!((7.5..=12.5).contains(&p50), "{p50}");
        assert!((7.5..=12.5).contains(&p99), "{p99}");
        assert!((7_500.0..=12_500.0).contains(&p100), "{p100}");
        assert_eq!(h.count(), 100);
    }

    #[test]
    fn stats_count_messages_and_errors() {
        let s = ActorStats::default();
        assert!(s.latency().is_none());
        s.record_handled(Duration::from_micros(3), false);
        s.record_handled(Duration::from_micros(3), true);
        s.record_timeout();
        let snap = s.snapshot();
        assert_eq!((snap.messages, snap.errors, snap.timeouts), (2, 1, 1));
        assert!(snap.latency_p50_us.is_some());
    }
}
