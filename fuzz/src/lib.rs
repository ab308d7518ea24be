//! The bodies of hms's fuzz targets. Each `run` takes any bytes and must
//! neither panic nor hang: bad input is an error that names what was wrong.
//! libFuzzer drives them (`fuzz/libfuzzer`, `fuzz/run`); `tests/corpus.rs`
//! replays the committed corpus on the stable toolchain in `tests/run`.

pub mod c_abi;
pub mod config;
pub mod http;
pub mod messages;

/// A target's body.
pub type Target = fn(&[u8]);

/// The targets by name, as the corpus folders are named.
pub const TARGETS: [(&str, Target); 4] = [
    ("messages", messages::run),
    ("config", config::run),
    ("c_abi", c_abi::run),
    ("http", http::run),
];
