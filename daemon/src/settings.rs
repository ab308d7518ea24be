//! What may change while hmsd runs (`SIGHUP`, see `reload.rs`): the token,
//! the limits and the per-client rate. Each check reads one snapshot, so it
//! never sees half of an old and half of a new configuration.

use std::sync::{Arc, RwLock};

use crate::auth::Auth;
use crate::config::Limits;
use crate::rate::RateLimit;

pub struct Settings {
    pub auth: Auth,
    pub limits: Limits,
    /// The per-client request rate, when limited.
    pub rate: Option<Arc<RateLimit>>,
}

pub struct Live(RwLock<Arc<Settings>>);

impl Live {
    pub fn new(auth: Auth, limits: Limits) -> Self {
        let rate = RateLimit::new(limits.requests_per_s_per_client).map(Arc::new);
        Self(RwLock::new(Arc::new(Settings { auth, limits, rate })))
    }

    pub fn get(&self) -> Arc<Settings> {
        self.0.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Puts new settings in force at once. The clients' rate buckets are
    /// kept when the rate did not change.
    pub fn replace(&self, auth: Auth, limits: Limits) {
        let mut current = self.0.write().unwrap_or_else(|e| e.into_inner());
        let rate = if limits.requests_per_s_per_client == current.limits.requests_per_s_per_client {
            current.rate.clone()
        } else {
            RateLimit::new(limits.requests_per_s_per_client).map(Arc::new)
        };
        *current = Arc::new(Settings { auth, limits, rate });
    }
}
