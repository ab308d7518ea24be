//! The faults armed on one actor, consulted on its hot path.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use super::Fault;
use crate::error::Error;
use crate::rng::SplitMix64;

/// What an armed actor does with the message at hand.
#[derive(Debug, PartialEq)]
pub(crate) enum MessageFault {
    Panic(String),
    Fail(Error),
    Hang,
}

#[derive(Default)]
struct Armed {
    panic_next: bool,
    panic_p: Option<(f64, SplitMix64)>,
    error: Option<(Error, Option<u32>)>,
    delay: Option<Duration>,
    hang: bool,
    fail_starts: u32,
}

impl Armed {
    fn is_empty(&self) -> bool {
        !self.panic_next
            && self.panic_p.is_none()
            && self.error.is_none()
            && self.delay.is_none()
            && !self.hang
            && self.fail_starts == 0
    }
}

/// Faults armed on one actor; survives restarts (it lives in the actor's slot).
#[derive(Default)]
pub(crate) struct FaultState {
    /// Fast check so unfaulted actors never touch the lock.
    armed: AtomicBool,
    /// Boxed on first use: most actors are never faulted.
    inner: Mutex<Option<Box<Armed>>>,
}

impl FaultState {
    fn with<R>(&self, f: impl FnOnce(&mut Armed) -> R) -> R {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let armed = inner.get_or_insert_with(Box::default);
        let r = f(armed);
        self.armed.store(!armed.is_empty(), Ordering::Release);
        r
    }

    /// Arms a fault (`Kill` is an action, not a state: the caller carries it out).
    pub(crate) fn arm(&self, fault: &Fault) {
        self.with(|a| match fault {
            Fault::PanicNext => a.panic_next = true,
            Fault::Panic { probability, seed } => {
                a.panic_p = Some((*probability, SplitMix64::new(*seed)))
            }
            Fault::Error {
                kind,
                message,
                count,
            } => a.error = Some((Error::new(*kind, message.clone()), *count)),
            Fault::Delay { ms } => a.delay = Some(Duration::from_millis(*ms)),
            Fault::Hang => a.hang = true,
            Fault::FailRestarts { count } => a.fail_starts += count,
            Fault::Kill => {}
        })
    }

    pub(crate) fn clear(&self) {
        self.with(|a| *a = Armed::default())
    }

    /// The faults still armed, for listings.
    pub(crate) fn armed(&self) -> Vec<Fault> {
        if !self.armed.load(Ordering::Acquire) {
            return Vec::new();
        }
        self.with(|a| {
            let mut out = Vec::new();
            if a.panic_next {
                out.push(Fault::PanicNext);
            }
            if let Some((p, _)) = &a.panic_p {
                out.push(Fault::Panic {
                    probability: *p,
                    seed: 0,
                });
            }
            if let Some((e, count)) = &a.error {
                out.push(Fault::Error {
                    kind: e.kind(),
                    message: e.message().to_string(),
                    count: *count,
                });
            }
            if let Some(d) = a.delay {
                out.push(Fault::Delay {
                    ms: d.as_millis() as u64,
                });
            }
            if a.hang {
                out.push(Fault::Hang);
            }
            if a.fail_starts > 0 {
                out.push(Fault::FailRestarts {
                    count: a.fail_starts,
                });
            }
            out
        })
    }

    #[inline]
    pub(crate) fn is_armed(&self) -> bool {
        self.armed.load(Ordering::Acquire)
    }

    /// Consulted before each message: an optional delay, then an optional fault.
    #[inline]
    pub(crate) fn on_message(&self) -> Option<(Option<Duration>, Option<MessageFault>)> {
        if !self.armed.load(Ordering::Acquire) {
            return None;
        }
        Some(self.with(|a| {
            let fault = if a.hang {
                a.hang = false;
                Some(MessageFault::Hang)
            } else if a.panic_next {
                a.panic_next = false;
                Some(MessageFault::Panic("injected fault: panic_next".into()))
            } else {
                None
            };
            let fault = fault
                .or_else(|| {
                    let (p, rng) = a.panic_p.as_mut()?;
                    (rng.next_f64() < *p)
                        .then(|| MessageFault::Panic(format!("injected fault: panic p={p}")))
                })
                .or_else(|| {
                    let (err, count) = a.error.as_mut()?;
                    let e = err.clone();
                    match count {
                        Some(1) => a.error = None,
                        Some(n) => *n -= 1,
                        None => {}
                    }
                    Some(MessageFault::Fail(e))
                });
            (a.delay, fault)
        }))
    }

    /// Consulted at each start: whether this start must fail.
    pub(crate) fn take_start_failure(&self) -> bool {
        if !self.armed.load(Ordering::Acquire) {
            return false;
        }
        self.with(|a| {
            let fail = a.fail_starts > 0;
            a.fail_starts = a.fail_starts.saturating_sub(1);
            fail
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn unarmed_is_silent() {
        let f = FaultState::default();
        assert!(f.on_message().is_none());
        assert!(!f.take_start_failure());
        assert!(f.armed().is_empty());
    }

    #[test]
    fn panic_next_fires_once() {
        let f = FaultState::default();
        f.arm(&Fault::PanicNext);
        assert!(matches!(
            f.on_message(),
            Some((None, Some(MessageFault::Panic(_))))
        ));
        assert!(f.on_message().is_none());
    }

    #[test]
    fn counted_errors_and_start_failures_run_out() {
        let f = FaultState::default();
        f.arm(&Fault::Error {
            kind: ErrorKind::Internal,
            message: "x".into(),
            count: Some(2),
        });
        f.arm(&Fault::FailRestarts { count: 1 });
        assert!(matches!(
            f.on_message(),
            Some((_, Some(MessageFault::Fail(_))))
        ));
        assert!(matches!(
            f.on_message(),
            Some((_, Some(MessageFault::Fail(_))))
        ));
        assert!(matches!(f.on_message(), Some((_, None))));
        assert!(f.take_start_failure());
        assert!(!f.take_start_failure());
        assert!(f.on_message().is_none());
    }

    #[test]
    fn probability_is_seeded() {
        let draw = |seed| {
            let f = FaultState::default();
            f.arm(&Fault::Panic {
                probability: 0.3,
                seed,
            });
            (0..200)
                .map(|_| matches!(f.on_message(), Some((_, Some(_)))))
                .collect::<Vec<_>>()
        };
        let a = draw(9);
        assert_eq!(a, draw(9));
        let hits = a.iter().filter(|x| **x).count();
        assert!((30..90).contains(&hits), "{hits}");
    }

    #[test]
    fn clear_disarms_everything() {
        let f = FaultState::default();
        f.arm(&Fault::Delay { ms: 5 });
        f.arm(&Fault::Hang);
        assert_eq!(f.armed().len(), 2);
        f.clear();
        assert!(f.on_message().is_none());
    }
}
