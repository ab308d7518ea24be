//! Replays every fuzz target's committed corpus (`fuzz/corpus/<target>/`) on
//! the stable toolchain: what libFuzzer found and what was fixed stays fixed.
//! A panic anywhere — also on an actor's thread, where the runtime would
//! catch it and restart the actor — fails the replay, as it crashes libFuzzer.

use std::sync::Mutex;

static PANICS: Mutex<Vec<String>> = Mutex::new(Vec::new());

#[test]
fn every_target_replays_its_corpus() {
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let thread = std::thread::current().name().unwrap_or("?").to_string();
        PANICS
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(format!("{thread}: {info}"));
        default_hook(info);
    }));
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    for (target, run) in hms_fuzz::TARGETS {
        let mut files: Vec<_> = std::fs::read_dir(root.join(target))
            .unwrap_or_else(|e| panic!("corpus/{target}: {e}"))
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        assert!(!files.is_empty(), "corpus/{target} is empty");
        for file in &files {
            let data = std::fs::read(file).unwrap();
            let name = file.file_name().unwrap().to_string_lossy().to_string();
            if std::panic::catch_unwind(|| run(&data)).is_err() {
                panic!("{target}/{name} failed");
            }
            let panics = PANICS.lock().unwrap_or_else(|e| e.into_inner()).clone();
            assert!(panics.is_empty(), "{target}/{name}: {panics:#?}");
        }
        eprintln!("fuzz corpus {target}: {} inputs replayed", files.len());
    }
}
