//! The TOML configuration as hmsd reads it (the tree, the actors and the
//! `[daemon]` section), and the supervision tree a valid one builds.

use hms_actors::healer::actor::HealerShared;

pub fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(config) = hmsd::config::Config::from_toml(text, "fuzz.toml") else {
        return;
    };
    // A configuration that parses builds a tree whose specs are checked, not a panic.
    let spec = hms_actors::app::tree::build(
        &config.app,
        &HealerShared::default(),
        &hms_actors::genetic::placement::Placement::default(),
    );
    let _ = spec.check();
}
