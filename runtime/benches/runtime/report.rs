//! Statistics and the bench line format.

use std::time::Duration;

pub enum Goal {
    AtLeast(f64),
    AtMost(f64),
}

pub struct Line {
    pub met: bool,
}

/// Prints one figure. `ratio` is ours / anchor.
pub fn line(
    name: &str,
    ours: f64,
    anchor: f64,
    unit: &str,
    anchor_label: &str,
    goal: Goal,
) -> Line {
    let ratio = ours / anchor;
    let (op, g, met) = match goal {
        Goal::AtLeast(g) => (">=", g, ratio >= g),
        Goal::AtMost(g) => ("<=", g, ratio <= g),
    };
    println!(
        "bench: {name} ours={}{unit} anchor={}{unit} ({anchor_label}) ratio={ratio:.3} goal {op} {g:.2} {}",
        fmt(ours),
        fmt(anchor),
        if met { "met" } else { "MISSED" }
    );
    Line { met }
}

fn fmt(v: f64) -> String {
    if v >= 100.0 {
        format!("{v:.0}")
    } else if v >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

pub fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// The `q` quantile of samples, in µs.
pub fn quantile_us(samples: &mut [Duration], q: f64) -> f64 {
    samples.sort();
    let i = ((samples.len() as f64 - 1.0) * q).round() as usize;
    samples[i].as_secs_f64() * 1e6
}
