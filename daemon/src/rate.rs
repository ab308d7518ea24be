//! A request-rate limit per client (IP address): a token bucket of
//! `rate` tokens per second holding at most `2 × rate`; a request without a
//! token is answered `429 overloaded` with `Retry-After`.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Buckets idle this long are forgotten (they would be full again anyway).
const FORGET: Duration = Duration::from_secs(60);
/// Clients tracked before idle ones are swept.
const SWEEP_AT: usize = 4096;

pub struct RateLimit {
    rate: f64,
    burst: f64,
    buckets: Mutex<HashMap<IpAddr, (f64, Instant)>>,
}

impl RateLimit {
    /// `None` when `rate` is 0 (no limit).
    pub fn new(rate: f64) -> Option<Self> {
        (rate > 0.0).then(|| Self {
            rate,
            burst: (2.0 * rate).max(1.0),
            buckets: Mutex::new(HashMap::new()),
        })
    }

    /// Takes a token for `client`; `Err(wait)` when it has none.
    pub fn take(&self, client: IpAddr, now: Instant) -> Result<(), Duration> {
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.len() >= SWEEP_AT {
            buckets.retain(|_, (_, at)| now.saturating_duration_since(*at) < FORGET);
        }
        let (tokens, at) = buckets.entry(client).or_insert((self.burst, now));
        *tokens = (*tokens + now.saturating_duration_since(*at).as_secs_f64() * self.rate)
            .min(self.burst);
        *at = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - *tokens) / self.rate))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_then_the_rate_per_client() {
        let limit = RateLimit::new(10.0).unwrap();
        let (a, b): (IpAddr, IpAddr) = ("10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap());
        let t0 = Instant::now();
        for _ in 0..20 {
            limit.take(a, t0).unwrap();
        }
        let wait = limit.take(a, t0).unwrap_err();
        assert!(
            wait > Duration::ZERO && wait <= Duration::from_millis(100),
            "{wait:?}"
        );
        // Another client has its own bucket.
        limit.take(b, t0).unwrap();
        // A tenth of a second later, one more token.
        limit.take(a, t0 + Duration::from_millis(100)).unwrap();
        assert!(limit.take(a, t0 + Duration::from_millis(100)).is_err());
        assert!(RateLimit::new(0.0).is_none());
    }
}
