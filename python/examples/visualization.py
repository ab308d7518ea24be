"""Visualization: PNG charts of an adaptive trial's results (matplotlib), arms
named by therapy: the trial's posterior means with 95% credible intervals and
its allocation at every analysis, and the design's operating characteristics
across scenarios.

python examples/adaptive_trial.py && python examples/visualization.py trial_results.json out/
"""

from __future__ import annotations

import json
import pathlib
import sys
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


def main() -> None:
    source = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "trial_results.json")
    out = pathlib.Path(sys.argv[2] if len(sys.argv) > 2 else "trial_charts")
    for path in render(json.loads(source.read_text()), out):
        print(path)


if __name__ == "__main__":
    main()
