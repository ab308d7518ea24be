//! Liveness limits of a worker: beyond OTP, which only sees a process that
//! exits. A worker stuck in one handler (a deadlock, a lost reply it awaits)
//! never exits, so its supervisor never acts; these limits let the health
//! snapshot name it, and a watchdog (hms's self-healer) restart it.

use std::time::Duration;

use serde::Serialize;

/// When a running worker counts as unresponsive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Liveness {
    /// One message handled for longer than this.
    #[serde(rename = "handler_limit_ms", serialize_with = "millis")]
    pub handler_limit: Duration,
    /// This many calls ended at their deadline while the worker finished no
    /// message (0, the default: not checked). Calls that time out behind a
    /// legitimately long handler count too, so set it only where handlers
    /// are short.
    pub timeouts_in_a_row: u64,
}

fn millis<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(d.as_millis() as u64)
}

impl Liveness {
    /// A handler limit; timeouts are not checked.
    pub fn new(handler_limit: Duration) -> Self {
        Self {
            handler_limit,
            timeouts_in_a_row: 0,
        }
    }

    /// Sets how many calls may time out while the worker finishes nothing (0: not checked).
    pub fn timeouts_in_a_row(mut self, n: u64) -> Self {
        self.timeouts_in_a_row = n;
        self
    }

    /// Why a worker busy for `busy` (if handling a message), whose last
    /// `timeouts` calls timed out, is unresponsive; `None` if it is not.
    pub fn judge(&self, busy: Option<Duration>, timeouts: u64) -> Option<String> {
        if let Some(busy) = busy.filter(|b| *b > self.handler_limit) {
            return Some(format!(
                "one message has been handled for {:.1} s, past its limit of {:.1} s",
                busy.as_secs_f64(),
                self.handler_limit.as_secs_f64()
            ));
        }
        (self.timeouts_in_a_row > 0 && timeouts >= self.timeouts_in_a_row).then(|| {
            format!("{timeouts} calls ended at their deadline while it finished no message")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn judges_a_long_handler_and_timeouts_in_a_row() {
        let l = Liveness::new(Duration::from_secs(2)).timeouts_in_a_row(3);
        assert_eq!(l.judge(None, 0), None);
        assert_eq!(l.judge(Some(Duration::from_secs(1)), 2), None);
        let long = l.judge(Some(Duration::from_millis(2500)), 0).unwrap();
        assert!(long.contains("2.5 s") && long.contains("2.0 s"), "{long}");
        assert!(l.judge(None, 3).unwrap().contains("3 calls ended"));
        assert_eq!(Liveness::new(Duration::from_secs(1)).judge(None, 100), None);
        assert_eq!(l.timeouts_in_a_row(0).judge(None, 100), None);
    }
}
