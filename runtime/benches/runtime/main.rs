//! `cargo bench -p hms-runtime`: the runtime against bare ractor actors doing
//! the same work, measured in the same run, one line per figure:
//!
//! `bench: <name> ours=<v><unit> anchor=<v><unit> (<anchor>) ratio=<r> goal <op> <g> met|MISSED`
//!
//! Each side runs several rounds, interleaved, and the median round counts:
//! the machines are shared and noisy. `HMS_BENCH_QUICK=1` runs fewer rounds.

mod alloc;
mod call_round_trip;
mod cast_flood;
mod dynamic_children;
mod outside_call;
mod report;
mod restart;
mod workers;

#[global_allocator]
static ALLOC: alloc::Counting = alloc::Counting;

fn main() {
    // Both sides panic on purpose in the restart bench; printing each panic
    // would time the terminal, not the runtime.
    std::panic::set_hook(Box::new(|_| {}));
    let quick = std::env::var_os("HMS_BENCH_QUICK").is_some();
    let rounds = if quick { 3 } else { 7 };
    println!(
        "# hms-runtime benchmarks ({rounds} rounds each, median; {} cores)",
        num_cpus()
    );
    let mut lines = Vec::new();
    if let Ok(only) = std::env::var("HMS_BENCH_ONLY") {
        match only.as_str() {
            "flood" => lines.extend(cast_flood::run(rounds)),
            "call" => lines.extend(call_round_trip::run(rounds)),
            "call_ct" => lines.extend(call_round_trip::run_current_thread(rounds)),
            "outside" => lines.extend(outside_call::run(rounds)),
            "restart" => lines.extend(restart::run(rounds)),
            _ => lines.extend(dynamic_children::run(1)),
        }
        return;
    }
    lines.extend(cast_flood::run(rounds));
    lines.extend(call_round_trip::run(rounds));
    lines.extend(outside_call::run(rounds));
    lines.extend(restart::run(rounds));
    lines.extend(dynamic_children::run(if quick { 1 } else { 3 }));
    let missed = lines.iter().filter(|l| !l.met).count();
    println!("# {} figures, {} goals missed", lines.len(), missed);
}

fn num_cpus() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}
