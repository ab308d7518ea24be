"""Visualization: PNG charts of an adaptive trial's results (matplotlib), arms
named by therapy: the trial's posterior means with 95% credible intervals and
its allocation at every analysis, and the design's operating characteristics
across scenarios.

python examples/adaptive_trial.py && python examples/visualization.py trial_results.json out/

With ``--publish URL`` the results and the charts go to hmsd (``POST
/v1/trials/results``, the token from ``$HMS_TOKEN``), where the dashboard shows
them:

python examples/visualization.py trial_results.json out/ --publish http://127.0.0.1:7878
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import pathlib
import urllib.request
from typing import Any

from hms import trial


def render(results: dict[str, Any], out: pathlib.Path) -> list[pathlib.Path]:
    out.mkdir(parents=True, exist_ok=True)
    return [
        pathlib.Path(trial.plot_trial(results["trial"], str(out / "trial.png"))),
        pathlib.Path(
            trial.plot_operating_characteristics(
                trial.OperatingCharacteristics(results["operating_characteristics"]),
                str(out / "operating_characteristics.png"),
            )
        ),
    ]


def publish(url: str, token: str, results: dict[str, Any], charts: list[pathlib.Path]) -> int:
    """Sends the results and their charts to hmsd; returns the journal record's id."""
    name = str(results["trial"]["design"].get("name", "trial"))
    body = {
        "name": name,
        "results": results,
        "charts": [{"name": p.name, "png_base64": base64.b64encode(p.read_bytes()).decode()} for p in charts],
    }
    request = urllib.request.Request(
        f"{url.rstrip('/')}/v1/trials/results",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return int(json.loads(answer.read())["id"])


def main() -> None:
    parser = argparse.ArgumentParser(description="PNG charts of an adaptive trial's results")
    parser.add_argument("results", nargs="?", type=pathlib.Path, default=pathlib.Path("trial_results.json"))
    parser.add_argument("out", nargs="?", type=pathlib.Path, default=pathlib.Path("trial_charts"))
    parser.add_argument("--publish", metavar="URL", help="send results and charts to hmsd, for its dashboard")
    args = parser.parse_args()
    results = json.loads(args.results.read_text())
    charts = render(results, args.out)
    for path in charts:
        print(path)
    if args.publish:
        record = publish(args.publish, os.environ.get("HMS_TOKEN", ""), results, charts)
        print(f"published to {args.publish} (journal record {record})")


if __name__ == "__main__":
    main()
