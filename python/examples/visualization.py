"""Visualization: PNG charts of an adaptive trial's results (matplotlib).

python examples/adaptive_trial.py && python examples/visualization.py trial_results.json out/
"""

from __future__ import annotations

import json
import pathlib
import sys
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt


def render(results: dict[str, Any], out: pathlib.Path) -> list[pathlib.Path]:
    out.mkdir(parents=True, exist_ok=True)
    arms = results["arms"]
    names = [a["arm"] for a in arms]
    written = []

    fig, ax = plt.subplots(figsize=(6, 4))
    ax.bar(names, [a["n"] for a in arms], color="#4c72b0")
    ax.set_title(f"{results['trial_id']}: patients per arm")
    ax.set_ylabel("patients")
    written.append(out / "allocation.png")
    fig.savefig(written[-1], dpi=100)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(6, 4))
    ax.bar(names, [a["posterior_mean"] for a in arms], color="#55a868")
    drop = next((d for d in results["decisions"] if d["action"] == "drop_arm"), None)
    if drop:
        ax.axhline(drop["threshold"], color="#c44e52", linestyle="--", label="drop threshold")
        ax.legend()
    ax.set_ylim(0, 1)
    ax.set_title("posterior mean remission (simulated)")
    written.append(out / "remission.png")
    fig.savefig(written[-1], dpi=100)
    plt.close(fig)

    rar = next((d for d in results["decisions"] if d["action"] == "response_adaptive_randomization"), None)
    if rar:
        fig, ax = plt.subplots(figsize=(6, 4))
        ax.bar(list(rar["allocation"]), list(rar["allocation"].values()), color="#8172b2")
        ax.set_title("stage 2 allocation after interim analysis 1")
        written.append(out / "adaptation.png")
        fig.savefig(written[-1], dpi=100)
        plt.close(fig)
    return written


def main() -> None:
    source = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "trial_results.json")
    out = pathlib.Path(sys.argv[2] if len(sys.argv) > 2 else "trial_charts")
    for path in render(json.loads(source.read_text()), out):
        print(path)


if __name__ == "__main__":
    main()
