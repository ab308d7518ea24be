//! Published trial results: journaled behind the token, checked (PNG charts
//! only), and the latest read back for the dashboard.

use serde_json::json;

use crate::support::*;

const PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

#[test]
fn published_results_are_checked_journaled_and_read_back() {
    let dir = fresh_dir("trials");
    // A body limit above the results cap (256 KiB), so that the cap is what answers.
    let cfg = dir.join("hmsd.toml");
    std::fs::write(
        &cfg,
        format!("[daemon.auth]\ntoken = \"{TOKEN}\"\ntoken_env = \"HMSD_TEST_NO_SUCH_VAR\"\n[daemon.limits]\nbody_bytes = 1048576\n"),
    )
    .unwrap();
    let d = Daemon::start(dir.clone(), cfg);
    let a = agent();
    let url = d.url("/v1/trials/results");
    let good = json!({"name": "CROHNS-001", "results": {"trial": {"stop": "max"}},
                      "charts": [{"name": "trial.png", "png_base64": PNG}]});
    assert_eq!(post(&a, &url, None, &good).status, 401, "behind the token");
    assert_eq!(
        get(&a, &d.url("/v1/trials/results/latest"), None).status,
        401
    );
    assert_eq!(
        get(&a, &d.url("/v1/trials/results/latest"), Some(TOKEN)).status,
        404
    );
    let r = post(&a, &url, Some(TOKEN), &good);
    assert_eq!(r.status, 201, "{}", r.body);
    let first = r.json()["id"].as_i64().unwrap();
    let mut second = good.clone();
    second["name"] = json!("CROHNS-002");
    let id = post(&a, &url, Some(TOKEN), &second).json()["id"]
        .as_i64()
        .unwrap();
    assert!(id > first);
    let latest = get(&a, &d.url("/v1/trials/results/latest"), Some(TOKEN)).json();
    assert_eq!(latest["id"], id);
    assert_eq!(latest["kind"], "trial_results");
    assert_eq!(latest["subject"], "CROHNS-002", "the latest, not the first");
    assert_eq!(latest["data"]["charts"][0]["png_base64"], PNG);
    for (body, path) in [
        (json!({"results": {}}), "name"),
        (json!({"name": "x"}), "results"),
        (
            json!({"name": "x", "results": {}, "charts": [{"name": "a.svg", "png_base64": PNG}]}),
            "charts[0].name",
        ),
        (
            json!({"name": "x", "results": {}, "charts": [{"name": "a.png", "png_base64": "PHN2Zz4="}]}),
            "charts[0].png_base64",
        ),
        (
            json!({"name": "x", "results": {}, "charts": vec![json!({"name": "a.png", "png_base64": PNG}); 9]}),
            "charts",
        ),
        (
            json!({"name": "x", "results": {"pad": "x".repeat(300 * 1024)}}),
            "results",
        ),
    ] {
        let r = post(&a, &url, Some(TOKEN), &body);
        assert_eq!(
            (r.status, r.json()["path"].clone()),
            (422, json!(path)),
            "{path}"
        );
    }
}
