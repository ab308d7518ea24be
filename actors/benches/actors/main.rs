//! `cargo bench -p hms-actors`: the domain's figures, each against an anchor
//! measured in the same run, one line per figure in the runtime's format:
//!
//! `bench: <name> ours=<v><unit> anchor=<v><unit> (<anchor>) ratio=<r> goal <op> <g> met|MISSED`
//!
//! The OneMax anchor is DEAP itself (`pip install deap`), run from
//! `deap_onemax.py`. `HMS_BENCH_QUICK=1` runs fewer rounds; `HMS_BENCH_ONLY=a,b`
//! runs the named sections (onemax, treatment, simulation, verification, islands,
//! trials). The trial anchor is NumPy, from `numpy_trial.py`.

// The runtime bench's report module, shared so both print the same format.
#[path = "../../../runtime/benches/runtime/report.rs"]
#[allow(dead_code)]
mod report;

mod islands;
mod onemax;
mod simulation;
mod treatment;
mod trials;
mod verification;

/// A bench section: quick or not, the lines it printed.
type Section = fn(bool) -> Vec<report::Line>;

fn main() {
    let quick = std::env::var_os("HMS_BENCH_QUICK").is_some();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "# hms-actors benchmarks ({cores} cores{})",
        if quick { ", quick" } else { "" }
    );
    // HMS_BENCH_ONLY=treatment,islands runs those sections only (the device
    // script runs without Python, so without DEAP's anchor).
    let only = std::env::var("HMS_BENCH_ONLY").ok();
    let wanted = |name: &str| {
        only.as_deref()
            .is_none_or(|o| o.split(',').any(|x| x == name))
    };
    let mut lines = Vec::new();
    let sections: [(&str, Section); 6] = [
        ("onemax", onemax::run),
        ("treatment", treatment::run),
        ("simulation", simulation::run),
        ("verification", verification::run),
        ("islands", islands::run),
        ("trials", trials::run),
    ];
    for (name, section) in sections {
        if wanted(name) {
            lines.extend(section(quick));
        }
    }
    let missed = lines.iter().filter(|l| !l.met).count();
    println!("# {} figures, {} goals missed", lines.len(), missed);
}

/// Runs `f` on a rayon pool of `threads` threads.
pub fn on_threads<R: Send>(threads: usize, f: impl FnOnce() -> R + Send) -> R {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool")
        .install(f)
}
