//! Statistics and the bench line format.

use std::time::Duration;

pub enum Goal {
    AtLeast(f64),
    AtMost(f64),
    /// A figure recorded without a goal.
    #[allow(dead_code)]
    Info,
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
    let (verdict, met) = match goal {
        Goal::AtLeast(g) => (
            format!("goal >= {g:.2} {}", met_or_missed(ratio >= g)),
            ratio >= g,
        ),
        Goal::AtMost(g) => (
            format!("goal <= {g:.2} {}", met_or_missed(ratio <= g)),
            ratio <= g,
        ),
        Goal::Info => ("info".to_string(), true),
    };
    println!(
        "bench: {name} ours={}{unit} anchor={}{unit} ({anchor_label}) ratio={ratio:.3} {verdict}",
        fmt(ours),
        fmt(anchor),
    );
    Line { met }
}

fn met_or_missed(met: bool) -> &'static str {
    if met {
        "met"
    } else {
        "MISSED"
    }
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
