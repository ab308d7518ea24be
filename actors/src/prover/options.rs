//! How a verification reads the record: the date it is made at (lab ages are
//! taken then, so an answer is reproducible), how old a lab may be, and whose
//! labels apply.

use serde::{Deserialize, Serialize};

use crate::clinical::{Date, Jurisdiction};

/// Labs older than this count as missing, unless the request says otherwise.
pub const DEFAULT_LAB_MAX_AGE_DAYS: u32 = 90;

/// The optional fields of a `verify_treatment_plan` request.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct VerifyOptions {
    /// The date the verification is made at (default: today, UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<Date>,
    /// Days after which a dated lab counts as missing (default 90).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lab_max_age_days: Option<u32>,
    /// `us`, `eu` or `both` (default: both, the stricter rule).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jurisdiction: Option<Jurisdiction>,
}

/// The options with every default filled in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Settings {
    pub as_of: Date,
    pub lab_max_age_days: u32,
    pub jurisdiction: Jurisdiction,
}

impl VerifyOptions {
    /// Fills the defaults; `today` is the date when `as_of` is absent.
    pub fn settle(self, today: Date) -> Settings {
        Settings {
            as_of: self.as_of.unwrap_or(today),
            lab_max_age_days: self.lab_max_age_days.unwrap_or(DEFAULT_LAB_MAX_AGE_DAYS),
            jurisdiction: self.jurisdiction.unwrap_or_default(),
        }
    }

    /// Options given in a request override these defaults (from the config).
    pub fn or(self, defaults: VerifyOptions) -> Self {
        Self {
            as_of: self.as_of.or(defaults.as_of),
            lab_max_age_days: self.lab_max_age_days.or(defaults.lab_max_age_days),
            jurisdiction: self.jurisdiction.or(defaults.jurisdiction),
        }
    }
}
