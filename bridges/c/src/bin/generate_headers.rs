//! Regenerates `bridges/c/include/hms.h`; tests/run fails when the
//! committed header differs from what this writes.

fn main() -> std::io::Result<()> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/include/hms.h").to_string());
    hms::generate_headers(&path)
}
