//! A request-rate limit per client (an IPv4 address, or an IPv6 /64: what
//! one host can hold): a token bucket of `rate` tokens per second holding
//! at most `2 × rate`; a request without a token is answered
//! `429 overloaded` with `Retry-After`.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Clients tracked before full buckets are swept (at most once a second).
const SWEEP_AT: usize = 4096;
/// Clients tracked at most: past it, after a sweep, every bucket starts full again.
const MAX_CLIENTS: usize = 65_536;

pub struct RateLimit {
    rate: f64,
    burst: f64,
    /// A bucket idle this long is full again: it can be forgotten.
    refill: Duration,
    state: Mutex<Buckets>,
}

struct Buckets {
    by_client: HashMap<IpAddr, (f64, Instant)>,
    swept: Option<Instant>,
}

/// The key of a client: its IPv4 address, or the /64 of its IPv6 address.
fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6((u128::from(v6) & !((1u128 << 64) - 1)).into()),
        },
    }
}

impl RateLimit {
    /// `None` when `rate` is 0 (no limit).
    pub fn new(rate: f64) -> Option<Self> {
        let burst = (2.0 * rate).max(1.0);
        (rate > 0.0).then(|| Self {
            rate,
            burst,
            refill: Duration::try_from_secs_f64(burst / rate).unwrap_or(Duration::MAX),
            state: Mutex::new(Buckets {
                by_client: HashMap::new(),
                swept: None,
            }),
        })
    }

    /// Takes a token for `client`; `Err(wait)` when it has none.
    pub fn take(&self, client: IpAddr, now: Instant) -> Result<(), Duration> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let due = state
            .swept
            .is_none_or(|t| now.saturating_duration_since(t) >= Duration::from_secs(1));
        if state.by_client.len() >= SWEEP_AT && due {
            let refill = self.refill;
            state
                .by_client
                .retain(|_, (_, at)| now.saturating_duration_since(*at) < refill);
            if state.by_client.len() >= MAX_CLIENTS {
                state.by_client.clear();
            }
            state.swept = Some(now);
        }
        let (tokens, at) = state
            .by_client
            .entry(client_key(client))
            .or_insert((self.burst, now));
        *tokens = (*tokens + now.saturating_duration_since(*at).as_secs_f64() * self.rate)
            .min(self.burst);
        *at = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::try_from_secs_f64((1.0 - *tokens) / self.rate).unwrap_or(Duration::MAX))
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
        // One host's IPv6 addresses share a bucket.
        let limit = RateLimit::new(1.0).unwrap();
        limit.take("2001:db8::1".parse().unwrap(), t0).unwrap();
        limit.take("2001:db8::2".parse().unwrap(), t0).unwrap();
        assert!(limit.take("2001:db8::3".parse().unwrap(), t0).is_err());
        limit.take("2001:db8:0:1::1".parse().unwrap(), t0).unwrap();
    }
}
