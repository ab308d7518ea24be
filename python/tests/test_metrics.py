"""hmsd's /metrics read by an independent parser (the Prometheus project's
Python client), in both formats it serves, against the series documented in
docs/operations.md."""

from __future__ import annotations

import re
import urllib.request

from conftest import ROOT
from prometheus_client.openmetrics.parser import (
    text_string_to_metric_families as parse_openmetrics,
)
from prometheus_client.parser import text_string_to_metric_families as parse_prometheus

OPENMETRICS = "application/openmetrics-text; version=1.0.0"


def documented() -> dict[str, str]:
    """Series name -> type, from the table under "## Metrics"."""
    text = (ROOT / "docs" / "operations.md").read_text()
    section = text.split("## Metrics", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `(hms_[a-z0-9_]+)` \| (\w+) \|", section, re.M)
    assert len(rows) > 15, "the table was not found"
    return dict(rows)


def scrape(url: str, accept: str | None) -> tuple[str, str]:
    req = urllib.request.Request(f"{url}/metrics", headers={"Accept": accept} if accept else {})
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.headers["Content-Type"], r.read().decode()


def family_name(series: str, kind: str) -> str:
    """The family a documented series belongs to, as the parsers name it."""
    return series.removesuffix("_total") if kind == "counter" else series


def test_every_documented_series_parses_in_both_formats(daemon: str) -> None:
    # Traffic first, so the per-request series have samples.
    urllib.request.urlopen(f"{daemon}/v1/health", timeout=10).read()
    docs = documented()
    content_type, text = scrape(daemon, None)
    assert content_type.startswith("text/plain; version=0.0.4")
    prometheus = {f.name: f for f in parse_prometheus(text)}
    content_type, text = scrape(daemon, OPENMETRICS)
    assert content_type.startswith("application/openmetrics-text")
    assert text.endswith("# EOF\n")
    openmetrics = {f.name: f for f in parse_openmetrics(text)}
    for series, kind in docs.items():
        name = family_name(series, kind)
        for fmt, families in (("0.0.4", prometheus), ("OpenMetrics", openmetrics)):
            assert name in families, f"{series} missing from the {fmt} scrape"
            assert families[name].type == kind, f"{series} is {families[name].type} in {fmt}"
    # Nothing undocumented either.
    served = set(openmetrics)
    assert served == {family_name(s, k) for s, k in docs.items()}, served ^ set(docs)


def test_values_are_what_the_daemon_did(daemon: str) -> None:
    urllib.request.urlopen(f"{daemon}/v1/health", timeout=10).read()
    _, text = scrape(daemon, OPENMETRICS)
    families = {f.name: f for f in parse_openmetrics(text)}
    up = {s.labels["actor"]: s.value for s in families["hms_actor_up"].samples}
    assert up["prover"] == 1 and up["self_healer"] == 1
    health = [s for s in families["hms_http_requests"].samples if s.labels["route"] == "/v1/health"]
    assert health and all(s.labels["method"] == "GET" for s in health)
    assert sum(s.value for s in health if s.labels["status"] == "200") >= 1
    buckets = [
        s
        for s in families["hms_http_request_duration_seconds"].samples
        if s.name.endswith("_bucket") and s.labels["route"] == "/v1/health"
    ]
    assert buckets[-1].labels["le"] == "+Inf" and buckets[-1].value >= 1
    (writable,) = families["hms_journal_writable"].samples
    assert writable.value == 1
    (build,) = families["hms_build_info"].samples
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", build.labels["version"])
