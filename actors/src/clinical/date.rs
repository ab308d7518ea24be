//! Calendar dates as the records write them (`2026-10-01`, or a FHIR dateTime
//! whose date part is read), counted in days so that a lab has an age and a
//! course an end. Proleptic Gregorian, no time zones: a day is the unit.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A day, as days since 1970-01-01.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i64);

impl Date {
    /// Reads `YYYY-MM-DD`, the date part of `YYYY-MM-DDThh:mm...`, or a FHIR
    /// partial date (`YYYY-MM`, `YYYY`), which is read as the first day of its
    /// period: the earliest it can be, so a lab of a partial date is never
    /// taken as more recent than it may be.
    pub fn parse(text: &str) -> Result<Self, String> {
        let t = text.trim();
        let day = t.split(['T', ' ']).next().unwrap_or("");
        let parts: Vec<&str> = day.split('-').collect();
        let bad = || format!("{text:?} is not a date (expected YYYY-MM-DD)");
        let (y, m, d) = match parts.as_slice() {
            [y, m, d] => (*y, *m, *d),
            [y, m] => (*y, *m, "01"),
            [y] => (*y, "01", "01"),
            _ => return Err(bad()),
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(bad());
        }
        let (y, m, d): (i64, u32, u32) = (
            y.parse().map_err(|_| bad())?,
            m.parse().map_err(|_| bad())?,
            d.parse().map_err(|_| bad())?,
        );
        if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
            return Err(format!("{text:?} is not a calendar date"));
        }
        Ok(Self(days_from_civil(y, m, d)))
    }

    pub fn from_days(days: i64) -> Self {
        Self(days)
    }

    /// Today in UTC, from the system clock. Not available in the browser:
    /// the wasm bridge passes the day it reads from JavaScript instead.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn today() -> Self {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        Self(secs.div_euclid(86_400))
    }

    pub fn days(self) -> i64 {
        self.0
    }

    /// Whole days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later.0 - self.0
    }

    pub fn plus_days(self, days: i64) -> Self {
        Self(self.0 + days)
    }

    fn civil(self) -> (i64, u32, u32) {
        civil_from_days(self.0)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.civil();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Date::parse(&text).map_err(serde::de::Error::custom)
    }
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_counts_days() {
        let a = Date::parse("1970-01-01").unwrap();
        assert_eq!(a.days(), 0);
        let b = Date::parse("2024-02-29").unwrap();
        assert_eq!(b.to_string(), "2024-02-29");
        assert_eq!(
            Date::parse("2026-08-28")
                .unwrap()
                .days_until(Date::parse("2026-11-26").unwrap()),
            90
        );
        assert_eq!(
            Date::parse("2026-10-01T08:30:00Z").unwrap().to_string(),
            "2026-10-01"
        );
        for days in [-700_000, -1, 0, 59, 60, 20_000, 2_900_000] {
            let d = Date::from_days(days);
            assert_eq!(Date::parse(&d.to_string()).unwrap(), d);
        }
    }

    #[test]
    fn rejects_what_is_not_a_date() {
        for bad in [
            "2026-02-30",
            "2025-02-29",
            "2026-13-01",
            "26-10-01",
            "yesterday",
            "",
            "2026/10/01",
        ] {
            assert!(Date::parse(bad).is_err(), "{bad}");
        }
    }
}
