//! Numbers that HMS agents sometimes send as numeric strings ("15").

use serde::{Deserialize, Deserializer};

/// Deserializes a number or a numeric string.
pub fn lenient<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Num(f64),
        Text(String),
    }
    let value = match Raw::deserialize(d)
        .map_err(|_| serde::de::Error::custom("expected a number or a numeric string"))?
    {
        Raw::Num(n) => n,
        Raw::Text(s) => s.trim().parse::<f64>().map_err(|_| {
            serde::de::Error::custom(format!("expected a number or a numeric string, got {s:?}"))
        })?,
    };
    if value.is_finite() {
        Ok(value)
    } else {
        Err(serde::de::Error::custom("expected a finite number"))
    }
}

/// As [`lenient`], for optional fields (`null` or absent is `None`).
pub fn lenient_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    #[derive(Deserialize)]
    struct Wrap(#[serde(deserialize_with = "lenient")] f64);
    Option::<Wrap>::deserialize(d).map(|o| o.map(|w| w.0))
}

/// A week of the plan: a number of 0 or more (or a numeric string).
pub fn week_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    match lenient_opt(d)? {
        Some(w) if w < 0.0 => Err(serde::de::Error::custom(format!(
            "a week of the plan is 0 or more, got {w}"
        ))),
        w => Ok(w),
    }
}
