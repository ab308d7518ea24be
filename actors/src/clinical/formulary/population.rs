//! Who a regimen is for: an age band and a weight band, each end inclusive
//! or exclusive as the label words it ("17 kg to < 40 kg", "more than 25 kg",
//! "6 years and older"). A patient whose age or weight is unknown may or may
//! not be in a band: the rules then name the missing field.

use serde::Serialize;

/// One end of a band.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct End {
    pub value: f64,
    pub inclusive: bool,
}

/// A range of ages (years) or weights (kg); `None` is unbounded.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Band {
    pub low: Option<End>,
    pub high: Option<End>,
}

impl Band {
    pub const ANY: Band = Band {
        low: None,
        high: None,
    };

    pub const fn at_least(value: f64) -> Band {
        Band {
            low: Some(End {
                value,
                inclusive: true,
            }),
            high: None,
        }
    }

    pub const fn more_than(value: f64) -> Band {
        Band {
            low: Some(End {
                value,
                inclusive: false,
            }),
            high: None,
        }
    }

    pub const fn below(self, value: f64) -> Band {
        Band {
            high: Some(End {
                value,
                inclusive: false,
            }),
            ..self
        }
    }

    pub const fn up_to(self, value: f64) -> Band {
        Band {
            high: Some(End {
                value,
                inclusive: true,
            }),
            ..self
        }
    }

    pub fn contains(&self, x: f64) -> bool {
        let above = self.low.is_none_or(|l| {
            if l.inclusive {
                x >= l.value
            } else {
                x > l.value
            }
        });
        let under = self.high.is_none_or(|h| {
            if h.inclusive {
                x <= h.value
            } else {
                x < h.value
            }
        });
        above && under
    }

    /// Whether some value lies in both bands.
    pub fn overlaps(&self, other: &Band) -> bool {
        let low = match (self.low, other.low) {
            (Some(a), Some(b)) => Some(
                if a.value > b.value || (a.value == b.value && !a.inclusive) {
                    a
                } else {
                    b
                },
            ),
            (a, b) => a.or(b),
        };
        let high = match (self.high, other.high) {
            (Some(a), Some(b)) => Some(
                if a.value < b.value || (a.value == b.value && !a.inclusive) {
                    a
                } else {
                    b
                },
            ),
            (a, b) => a.or(b),
        };
        match (low, high) {
            (Some(l), Some(h)) => {
                l.value < h.value || (l.value == h.value && l.inclusive && h.inclusive)
            }
            _ => true,
        }
    }

    pub fn is_any(&self) -> bool {
        self.low.is_none() && self.high.is_none()
    }

    /// The band in words, with `unit` ("6 to < 18 years", "≥ 40 kg").
    pub fn describe(&self, unit: &str) -> String {
        let num = |v: f64| {
            if v.fract() == 0.0 {
                format!("{v:.0}")
            } else {
                format!("{v}")
            }
        };
        match (self.low, self.high) {
            (None, None) => "any".into(),
            (Some(l), None) => {
                format!(
                    "{} {} {unit}",
                    if l.inclusive { ">=" } else { ">" },
                    num(l.value)
                )
            }
            (None, Some(h)) => {
                format!(
                    "{} {} {unit}",
                    if h.inclusive { "<=" } else { "<" },
                    num(h.value)
                )
            }
            (Some(l), Some(h)) => format!(
                "{}{} to {}{} {unit}",
                if l.inclusive { "" } else { "> " },
                num(l.value),
                if h.inclusive { "" } else { "< " },
                num(h.value)
            ),
        }
    }
}

/// The patients a regimen is for.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Population {
    pub age_years: Band,
    pub weight_kg: Band,
}

/// Whether a patient is in a population: `Some` when the record decides it,
/// `None` naming what is missing.
#[derive(Clone, Debug, PartialEq)]
pub enum Membership {
    In,
    Out(String),
    Undecided(Vec<&'static str>),
}

impl Population {
    /// Adults: 18 years and older, any weight.
    pub const ADULTS: Population = Population {
        age_years: Band::at_least(18.0),
        weight_kg: Band::ANY,
    };
    /// Anyone (labels that give one regimen for every age they license).
    pub const ANYONE: Population = Population {
        age_years: Band::ANY,
        weight_kg: Band::ANY,
    };

    pub const fn ages(age_years: Band) -> Population {
        Population {
            age_years,
            weight_kg: Band::ANY,
        }
    }

    pub const fn weighing(self, weight_kg: Band) -> Population {
        Population { weight_kg, ..self }
    }

    /// Whether a patient is in the population: `Some` when the record decides
    /// it (no allocation: the rules ask this of every regimen).
    pub fn admits(&self, age: Option<f64>, weight: Option<f64>) -> Option<bool> {
        let mut undecided = false;
        for (band, value) in [(&self.age_years, age), (&self.weight_kg, weight)] {
            if band.is_any() {
                continue;
            }
            match value {
                Some(v) if !band.contains(v) => return Some(false),
                Some(_) => {}
                None => undecided = true,
            }
        }
        (!undecided).then_some(true)
    }

    pub fn membership(&self, age: Option<f64>, weight: Option<f64>) -> Membership {
        let mut missing = Vec::new();
        for (band, value, field, unit) in [
            (&self.age_years, age, "demographics.age", "years"),
            (&self.weight_kg, weight, "demographics.weight", "kg"),
        ] {
            if band.is_any() {
                continue;
            }
            match value {
                Some(v) if !band.contains(v) => {
                    return Membership::Out(format!("{} {unit} is not {}", v, band.describe(unit)))
                }
                Some(_) => {}
                None => missing.push(field),
            }
        }
        if missing.is_empty() {
            Membership::In
        } else {
            Membership::Undecided(missing)
        }
    }

    /// Whether some patient is in both populations.
    pub fn overlaps(&self, other: &Population) -> bool {
        self.age_years.overlaps(&other.age_years) && self.weight_kg.overlaps(&other.weight_kg)
    }

    pub fn describe(&self) -> String {
        match (self.age_years.is_any(), self.weight_kg.is_any()) {
            (true, true) => "any age".into(),
            (false, true) => self.age_years.describe("years"),
            (true, false) => self.weight_kg.describe("kg"),
            (false, false) => format!(
                "{}, {}",
                self.age_years.describe("years"),
                self.weight_kg.describe("kg")
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_read_as_the_labels_word_them() {
        let child = Population::ages(Band::at_least(6.0).below(18.0))
            .weighing(Band::at_least(17.0).below(40.0));
        assert_eq!(child.membership(Some(10.0), Some(30.0)), Membership::In);
        assert!(matches!(
            child.membership(Some(10.0), Some(40.0)),
            Membership::Out(_)
        ));
        assert!(matches!(
            child.membership(Some(4.0), Some(16.0)),
            Membership::Out(_)
        ));
        assert_eq!(
            child.membership(None, Some(30.0)),
            Membership::Undecided(vec!["demographics.age"])
        );
        assert!(Band::more_than(25.0).contains(25.5) && !Band::more_than(25.0).contains(25.0));
        assert_eq!(
            Band::more_than(55.0).up_to(85.0).describe("kg"),
            "> 55 to 85 kg"
        );
        assert_eq!(Population::ADULTS.describe(), ">= 18 years");
    }
}
