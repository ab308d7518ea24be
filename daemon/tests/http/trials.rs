//! Published trial results: journaled behind the token, checked (PNG charts
//! only), and the latest read back for the dashboard.

use serde_json::json;

use crate::support::*;

const PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

#[test]
fn published_results_are_checked_journaled_and_read_back() {
    let dir = fresh_dir("trials");
    let d = Daemon::start(dir.clone(), config(&dir, ""));
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
    let id = r.json()["id"].as_i64().unwrap();
    let latest = get(&a, &d.url("/v1/trials/results/latest"), Some(TOKEN)).json();
    assert_eq!(latest["id"], id);
    assert_eq!(latest["kind"], "trial_results");
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
    ] {
        let r = post(&a, &url, Some(TOKEN), &body);
        assert_eq!(
            (r.status, r.json()["path"].clone()),
            (422, json!(path)),
            "{body}"
        );
    }
}
