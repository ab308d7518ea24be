//! The latency of one call (the coordinator's `ping`, on an embedded
//! runtime) through the C ABI from Rust, Go and Ruby, in one run; the Rust
//! caller is the anchor (goals: Go ≤ Rust + 2 µs, Ruby ≤ Rust + 10 µs at
//! p50). Go and Ruby link the release library this bench builds first.
//! Rounds alternate the languages so that machine noise falls on all three.
#![allow(unsafe_code)] // calls the C functions as C callers do

#[path = "../../../runtime/benches/runtime/report.rs"]
#[allow(dead_code)]
mod report;

use std::ffi::{CStr, CString};
use std::os::raw::c_char;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// `hms_runtime_t`, opaque here as in C.
#[repr(C)]
struct Runtime {
    _private: [u8; 0],
}
use report::Goal;
// Links the library whose C functions are declared below.
use hms as _;

extern "C" {
    fn hms_runtime_start(
        config: *const c_char,
        timeout_ms: u32,
        rt: *mut *mut Runtime,
        err: *mut *mut c_char,
    ) -> i32;
    fn hms_runtime_free(rt: *mut Runtime);
    fn hms_call(
        rt: *const Runtime,
        actor: *const c_char,
        message: *const c_char,
        timeout_ms: u32,
        reply: *mut *mut c_char,
        err: *mut *mut c_char,
    ) -> i32;
    fn hms_string_free(s: *mut c_char);
    fn hms_abi_version() -> i32;
}

const N: usize = 20_000;
const WARMUP: usize = 2_000;
const ROUNDS: usize = 5;
const NOOPS: u32 = 1_000_000;
/// Other work between two calls, about what the Ruby wrapper does per call.
const GAP: Duration = Duration::from_micros(5);

struct Figures {
    p50: f64,
    p99: f64,
    /// Mean of a call that does no work (`hms_abi_version`): the binding alone.
    noop: f64,
}

/// The same call from Rust, through the exported C functions, with `gap`
/// of other work (a busy wait) between calls.
fn rust(gap: Duration) -> Figures {
    let (actor, ping) = (
        CString::new("coordinator").unwrap(),
        CString::new(r#"{"type":"ping"}"#).unwrap(),
    );
    let mut samples = Vec::with_capacity(N);
    // SAFETY: the pointers are valid C strings and out-parameters; the
    // runtime is freed once, after its last call.
    unsafe {
        let mut rt = std::ptr::null_mut();
        let mut err = std::ptr::null_mut();
        let empty = CString::new("").unwrap();
        assert_eq!(
            hms_runtime_start(empty.as_ptr(), 30_000, &mut rt, &mut err),
            0
        );
        for i in 0..WARMUP + N {
            let mut reply = std::ptr::null_mut();
            let start = Instant::now();
            let status = hms_call(
                rt,
                actor.as_ptr(),
                ping.as_ptr(),
                30_000,
                &mut reply,
                &mut err,
            );
            let text = CStr::from_ptr(reply).to_bytes().len();
            hms_string_free(reply);
            let took = start.elapsed();
            assert!(status == 0 && text > 0);
            if i >= WARMUP {
                samples.push(took);
            }
            let until = Instant::now() + gap;
            while Instant::now() < until {
                std::hint::spin_loop();
            }
        }
        hms_runtime_free(rt);
    }
    let start = Instant::now();
    for _ in 0..NOOPS {
        // SAFETY: no arguments, no state.
        std::hint::black_box(unsafe { hms_abi_version() });
    }
    Figures {
        p50: report::quantile_us(&mut samples, 0.5),
        p99: report::quantile_us(&mut samples, 0.99),
        noop: start.elapsed().as_secs_f64() * 1e6 / NOOPS as f64,
    }
}

fn foreign(cmd: &mut Command) -> Figures {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON percentiles");
    Figures {
        p50: v["p50_us"].as_f64().unwrap(),
        p99: v["p99_us"].as_f64().unwrap(),
        noop: v["noop_us"].as_f64().unwrap(),
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap();
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let release = target.join("release");
    // The static and shared libraries Go and Ruby load (cargo bench builds only the rlib).
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let built = Command::new(cargo)
        .args(["build", "--release", "--quiet", "-p", "hms-c"])
        .current_dir(&root)
        .status();
    assert!(
        built.is_ok_and(|s| s.success()),
        "cargo build --release -p hms-c failed"
    );
    let go_bin = target.join("hms-go-latency");
    // Go's cache does not see libhms.a change: a stamp in the link flags makes it relink.
    let lib = std::fs::metadata(release.join("libhms.a")).expect("libhms.a");
    let stamp = format!(
        "-ldflags=-X=hms.libraryStamp={}-{}",
        lib.modified()
            .unwrap()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos(),
        lib.len()
    );
    let go = Command::new("go")
        .args(["build", &stamp, "-o"])
        .arg(&go_bin)
        .arg("./cmd/latency")
        .current_dir(root.join("bridges/c/go"))
        .env("CGO_LDFLAGS", format!("-L{}", release.display()))
        .status();
    assert!(
        go.is_ok_and(|s| s.success()),
        "go build ./cmd/latency failed (apt-get install golang-go)"
    );

    let (n, warm) = (N.to_string(), WARMUP.to_string());
    let (mut r, mut spaced, mut g, mut rb) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        r.push(rust(Duration::ZERO));
        spaced.push(rust(GAP));
        g.push(foreign(
            Command::new(&go_bin).args(["-n", &n, "-warmup", &warm]),
        ));
        rb.push(foreign(
            Command::new("ruby")
                .arg(root.join("bridges/c/ruby/bench/latency.rb"))
                .args([&n, &warm])
                .env("HMS_LIB", release.join("libhms.so")),
        ));
        std::thread::sleep(Duration::from_millis(200));
    }
    let med = |v: &[Figures], f: fn(&Figures) -> f64| report::median(v.iter().map(f).collect());
    let rust50 = med(&r, |f| f.p50);
    println!(
        "# {N} calls after {WARMUP} warm-up, median of {ROUNDS} rounds; Rust calls the C functions directly"
    );
    // What a caller pays when its calls are apart: the runtime's workers
    // park in between, and waking one costs more than any binding does.
    report::line(
        &format!("ffi_call_p50_rust_{}us_apart", GAP.as_micros()),
        med(&spaced, |f| f.p50),
        rust50,
        "us",
        "rust via the C ABI, back to back",
        Goal::Info,
    );
    for (lang, figures, allowance) in [("go", &g, 2.0), ("ruby", &rb, 10.0)] {
        let ours = med(figures, |f| f.p50);
        report::line(
            &format!("ffi_call_p50_{lang}"),
            ours,
            rust50,
            "us",
            &format!("rust via the C ABI; goal: rust + {allowance} us"),
            Goal::AtMost((rust50 + allowance) / rust50),
        );
        report::line(
            &format!("ffi_noop_{lang}"),
            med(figures, |f| f.noop),
            med(&r, |f| f.noop),
            "us",
            "rust calling hms_abi_version: the binding alone",
            Goal::Info,
        );
        report::line(
            &format!("ffi_call_p99_{lang}"),
            med(figures, |f| f.p99),
            med(&r, |f| f.p99),
            "us",
            "rust via the C ABI",
            Goal::Info,
        );
    }
}
