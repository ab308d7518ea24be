"""Adaptive trials: define a design, simulate its operating characteristics,
run one trial step by step, and chart the results.

```python
import asyncio, hms
from hms import trial

design = trial.Design(
    arms=[trial.Arm("placebo", "placebo", control=True), trial.Arm("UPA", "upadacitinib"),
          trial.Arm("RZB", "risankizumab")],
    accrual_per_week=10, max_patients=300, interims=[100, 200], endpoint_week=12,
    randomization=trial.thall_wathen(power="n/2N", min=0.1, max=0.9),
    futility=0.05, superiority=0.99,
)

async def main():
    async with hms.Runtime.start() as rt:
        oc = await trial.operating_characteristics(
            rt, design, {"null": [0.2, 0.2, 0.2], "UPA works": [0.2, 0.4, 0.25]}, trials=2000, seed=1)
        print(oc.scenarios[1]["p_correct_selection"])

asyncio.run(main())
```

Every computation runs in the Rust engine behind the prover actor (the
embedded runtime or a daemon answer the same), so a seed gives the same
numbers from Python, HTTP, C and the dashboard. Results are plain data;
`to_dataframe()` gives pandas frames when pandas is installed, and
`plot_trial` / `plot_operating_characteristics` write PNG charts with
matplotlib (`pip install "hms[examples]"`).
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Union

from ._client import JSON, Client

if TYPE_CHECKING:
    import pandas  # type: ignore[import-untyped, unused-ignore]

__all__ = [
    "Arm",
    "Design",
    "OperatingCharacteristics",
    "Trial",
    "fixed",
    "minimization",
    "operating_characteristics",
    "plot_operating_characteristics",
    "plot_trial",
    "simulate_trial",
    "thall_wathen",
]


@dataclass
class Arm:
    """A trial arm: its id and the therapy it stands for (a formulary drug by any
    name it goes by, or "placebo"). At most one arm is the common control."""

    id: str
    therapy: str
    control: bool = False
    start_allocation: float | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "therapy": self.therapy, "control": self.control}
        if self.start_allocation is not None:
            out["start_allocation"] = self.start_allocation
        return out


def fixed() -> dict[str, Any]:
    """The start allocation throughout (equal unless arms say otherwise)."""
    return {"rule": "fixed"}


def thall_wathen(
    power: float | str = "n/2N",
    *,
    min: float | None = None,
    max: float | None = None,
    control_fixed: bool | None = None,
) -> dict[str, Any]:
    """Thall & Wathen response-adaptive randomization: shares proportional to
    P(best)^power, `"n/2N"` for their information-scaled power, each share in [min, max]."""
    rule: dict[str, Any] = {"rule": "thall_wathen", "power": power}
    for key, value in (("min", min), ("max", max), ("control_fixed", control_fixed)):
        if value is not None:
            rule[key] = value
    return rule


def minimization(factors: Mapping[str, Sequence[float]], p: float = 0.8) -> dict[str, Any]:
    """Pocock-Simon minimization over prognostic factors (name → level prevalences)."""
    return {
        "rule": "minimization",
        "factors": [{"name": k, "prevalence": list(v)} for k, v in factors.items()],
        "p": p,
    }


@dataclass
class Design:
    """An adaptive design; `to_json()` is the design language the engine reads
    (see docs/trials.md). The engine checks it and names the path of anything wrong."""

    arms: list[Arm]
    accrual_per_week: float
    max_patients: int
    interims: list[int] = field(default_factory=list)
    endpoint: str = "clinical remission"
    endpoint_week: float = 12.0
    higher_is_better: bool = True
    burn_in: int = 0
    prior: tuple[float, float] = (1.0, 1.0)
    randomization: dict[str, Any] = field(default_factory=fixed)
    futility: float | None = None
    superiority: float | None = None
    equivalence: tuple[float, float] | None = None
    """(difference, probability): stop (or drop an arm) when equivalence is this likely."""
    final_superiority: float | None = None
    name: str = ""

    def to_json(self) -> dict[str, Any]:
        stopping: dict[str, Any] = {}
        if self.futility is not None:
            stopping["futility"] = self.futility
        if self.superiority is not None:
            stopping["superiority"] = self.superiority
        if self.equivalence is not None:
            stopping["equivalence"] = {
                "difference": self.equivalence[0],
                "probability": self.equivalence[1],
            }
        out: dict[str, Any] = {
            "name": self.name,
            "arms": [a.to_json() for a in self.arms],
            "endpoint": {
                "name": self.endpoint,
                "week": self.endpoint_week,
                "higher_is_better": self.higher_is_better,
            },
            "accrual_per_week": self.accrual_per_week,
            "max_patients": self.max_patients,
            "interims": list(self.interims),
            "burn_in": self.burn_in,
            "prior": {"a": self.prior[0], "b": self.prior[1]},
            "randomization": dict(self.randomization),
            "stopping": stopping,
        }
        if self.final_superiority is not None:
            out["final_superiority"] = self.final_superiority
        return out


DesignLike = Union[Design, Mapping[str, Any]]


def _design(design: DesignLike) -> dict[str, Any]:
    return design.to_json() if isinstance(design, Design) else dict(design)


def _label(arm: Mapping[str, Any]) -> str:
    """An arm by the therapy it stands for (and its id when they differ)."""
    therapy, ident = str(arm["therapy"]), str(arm["id"])
    return therapy if therapy.lower() == ident.lower() else f"{therapy} ({ident})"


class OperatingCharacteristics:
    """The engine's answer: `scenarios` (one dict per scenario, with `arms`),
    `design`, `trials`, `seed`, `raw` (everything as sent)."""

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self.raw = dict(raw)
        self.design: dict[str, Any] = self.raw["design"]
        self.trials: int = self.raw["trials"]
        self.seed: int = self.raw["seed"]
        self.scenarios: list[dict[str, Any]] = self.raw["scenarios"]

    def rows(self) -> list[dict[str, Any]]:
        """One flat row per scenario and arm: the scenario's figures, then the arm's."""
        rows = []
        for s in self.scenarios:
            head = {
                "scenario": s["scenario"],
                "type_i_error": s["type_i_error"],
                "p_correct_selection": s["p_correct_selection"],
                "p_superiority": s["p_superiority"],
                "p_equivalence": s["p_equivalence"],
                "p_futility": s["p_futility"],
                "p_max": s["p_max"],
                "patients_mean": s["patients"]["mean"],
                "weeks_mean": s["weeks"]["mean"],
            }
            for design_arm, a in zip(self.design["arms"], s["arms"]):
                rows.append(
                    {
                        **head,
                        "arm": a["id"],
                        "therapy": _label(design_arm),
                        "true_rate": a["true_rate"],
                        "p_selected": a["p_selected"],
                        "p_superior": a["p_superior"],
                        "p_dropped": a["p_dropped"],
                        "patients": a["patients"]["mean"],
                        "bias": a["bias"],
                        "rmse": a["rmse"],
                        "coverage_95": a["coverage_95"],
                    }
                )
        return rows

    def to_dataframe(self) -> pandas.DataFrame:
        """`rows()` as a pandas DataFrame (pandas must be installed)."""
        try:
            import pandas  # type: ignore[import-untyped, unused-ignore]
        except ImportError as e:  # pragma: no cover - depends on the environment
            raise ImportError("to_dataframe needs pandas: pip install pandas") from e
        return pandas.DataFrame(self.rows())


async def operating_characteristics(
    client: Client,
    design: DesignLike,
    scenarios: Mapping[str, Sequence[float]] | Sequence[Mapping[str, Any]],
    *,
    trials: int = 1000,
    seed: int = 0,
    timeout: float = 300.0,
) -> OperatingCharacteristics:
    """Simulates `trials` trials per scenario (name → true rate per arm, in arm order)."""
    if isinstance(scenarios, Mapping):
        listed = [{"name": k, "rates": list(v)} for k, v in scenarios.items()]
    else:
        listed = [dict(s) for s in scenarios]
    raw = await client.call(
        "prover",
        {
            "type": "trial_operating_characteristics",
            "design": _design(design),
            "scenarios": listed,
            "trials": trials,
            "seed": seed,
        },
        timeout=timeout,
    )
    return OperatingCharacteristics(raw)


async def simulate_trial(
    client: Client, design: DesignLike, rates: Sequence[float], *, seed: int = 0, timeout: float = 120.0
) -> JSON:
    """One simulated trial under `rates`, with every analysis (`looks`) described."""
    return await client.call(
        "prover",
        {"type": "simulate_trial", "design": _design(design), "rates": list(rates), "seed": seed},
        timeout=timeout,
    )


class Trial:
    """One trial run step by step with the same engine: cohorts are allocated
    (through the A2A agent and the genetic engine while the open arms share
    equally, by the design's adaptive shares after), outcomes are recorded as
    they come in, and `analyse()` applies the design's rules.

    `allocator` is the agent asked to `allocate` (it forwards to the genetic
    engine), or `"genetic_engine"` to ask the engine directly.
    """

    def __init__(self, client: Client, design: DesignLike, *, seed: int = 0, allocator: str = "a2a") -> None:
        self.client = client
        self.design = _design(design)
        self.seed = seed
        self.allocator = allocator
        self.arms: list[dict[str, Any]] = list(self.design["arms"])
        self.ids = [str(a["id"]) for a in self.arms]
        n = len(self.arms)
        starts = [a.get("start_allocation") for a in self.arms]
        if all(s is not None for s in starts):
            total = float(sum(starts))  # type: ignore[arg-type]
            self.allocation = [float(s) / total for s in starts]  # type: ignore[arg-type]
        else:
            self.allocation = [1.0 / n] * n
        self.status: list[str] = ["control" if a.get("control") else "active" for a in self.arms]
        self.n = [0] * n
        self.responses = [0] * n
        self.randomized = 0
        self.assigned: dict[str, str] = {}
        self.looks: list[dict[str, Any]] = []
        self.decisions: list[dict[str, Any]] = []
        self.stopped: str | None = None
        self._rng = random.Random(seed)

    def open_arms(self) -> list[str]:
        return [i for i, s in zip(self.ids, self.status) if s in ("active", "control")]

    def _equal_shares(self) -> bool:
        shares = [p for p, s in zip(self.allocation, self.status) if s in ("active", "control")]
        return not shares or max(shares) - min(shares) < 1e-9

    async def enroll(self, cohort: Sequence[Mapping[str, Any]]) -> dict[str, str]:
        """Assigns each patient (with a `patient_id`) of `cohort` to an open arm; returns id → arm id."""
        if self.stopped:
            raise RuntimeError(f"the trial has stopped ({self.stopped})")
        if self.randomized + len(cohort) > int(self.design["max_patients"]):
            raise ValueError(
                f"cohort: {len(cohort)} more patients would exceed max_patients "
                f"({self.design['max_patients']}; {self.randomized} randomized)"
            )
        open_ids = self.open_arms()
        if self._equal_shares():
            protocol = {
                "trial_id": self.design.get("name") or "adaptive-trial",
                "arms": [{"armId": a["id"], "name": a["therapy"]} for a in self.arms if a["id"] in open_ids],
            }
            message = {
                "cohort": list(cohort),
                "protocol": protocol,
                "options": {"seed": self.seed + len(self.decisions)},
            }
            if self.allocator == "genetic_engine":
                answer = await self.client.call(
                    "genetic_engine", {"type": "optimize_allocation", **message}, timeout=120
                )
            else:
                answer = await self.client.call(self.allocator, {"type": "allocate", **message}, timeout=120)
            assignments = {a["patient_id"]: a["arm_id"] for a in answer["assignments"]}
            method = "genetic_engine"
        else:
            weights = [p if s in ("active", "control") else 0.0 for p, s in zip(self.allocation, self.status)]
            assignments = {
                str(p["patient_id"]): self._rng.choices(self.ids, weights=weights)[0] for p in cohort
            }
            method = "adaptive_randomization"
        self.assigned.update(assignments)
        self.randomized += len(assignments)
        self.decisions.append({"action": "enroll", "method": method, "patients": len(assignments)})
        return assignments

    def record(self, patient_id: str, response: bool) -> None:
        """A patient's outcome is known: `response` is whether the endpoint was met."""
        arm = self.ids.index(self.assigned[patient_id])
        self.n[arm] += 1
        self.responses[arm] += int(bool(response))

    async def analyse(self, *, final: bool = False, week: float = 0.0) -> dict[str, Any]:
        """Runs the design's rules on the outcomes so far; updates arm status and allocation."""
        look: dict[str, Any] = await self.client.call(
            "prover",
            {
                "type": "trial_interim",
                "design": self.design,
                "arms": [
                    {"n": n, "responses": r, "status": s}
                    for n, r, s in zip(self.n, self.responses, self.status)
                ],
                "randomized": self.randomized,
                "final": final,
                "analysis": len(self.looks) + 1,
                "week": week,
            },
        )
        self.looks.append(look)
        self.status = [a["status"] for a in look["arms"]]
        if look["stop"] is None:
            self.allocation = [a["allocation"] for a in look["arms"]]
        else:
            self.stopped = look["stop"]
        self.decisions.append(
            {
                "action": "analysis",
                "analysis": look["analysis"],
                "stop": look["stop"],
                "status": dict(zip(self.ids, self.status)),
                "allocation": dict(zip(self.ids, [a["allocation"] for a in look["arms"]])),
            }
        )
        return look

    def report(self) -> dict[str, Any]:
        """The trial as plain data, in the shape `simulate_trial` answers (for `plot_trial`)."""
        return {
            "design": self.design,
            "stop": self.stopped,
            "status": self.status,
            "randomized": [list(self.assigned.values()).count(i) for i in self.ids],
            "looks": self.looks,
            "decisions": self.decisions,
        }


def plot_trial(report: Mapping[str, Any], path: str) -> str:
    """PNG of one trial: each arm's posterior mean with its 95% credible interval at
    every analysis, and the allocation after each. Arms are named by therapy."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    arms = report["design"]["arms"]
    looks = report["looks"]
    x = [look["with_outcome"] for look in looks]
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(8, 7), sharex=True)
    for i, arm in enumerate(arms):
        means = [look["arms"][i]["mean"] for look in looks]
        lo = [look["arms"][i]["mean"] - look["arms"][i]["ci95"][0] for look in looks]
        hi = [look["arms"][i]["ci95"][1] - look["arms"][i]["mean"] for look in looks]
        offset = [v + (i - (len(arms) - 1) / 2) * 2.0 for v in x]
        top.errorbar(offset, means, yerr=[lo, hi], marker="o", capsize=3, label=_label(arm))
        # After the analysis that stops the trial nobody is allocated: not drawn.
        going = [look for look in looks if look["stop"] is None]
        bottom.plot(
            [look["with_outcome"] for look in going],
            [look["arms"][i]["allocation"] for look in going],
            marker="o",
            label=_label(arm),
        )
    endpoint = report["design"]["endpoint"]
    top.set_ylabel(f"{endpoint['name']} at week {endpoint['week']:g}\nposterior mean, 95% CrI")
    top.set_ylim(0, 1)
    top.legend(fontsize=8)
    stop = report.get("stop") or "ongoing"
    top.set_title(f"{report['design'].get('name') or 'adaptive trial'}: {stop}")
    bottom.set_ylabel("allocation after the analysis")
    bottom.set_xlabel("patients with outcome at the analysis")
    bottom.set_ylim(0, 1)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def plot_operating_characteristics(oc: OperatingCharacteristics, path: str) -> str:
    """PNG across scenarios: P(each arm is recommended) and P(declared superior), with
    the type I error under a null scenario and the expected sample size in the titles."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    arms = oc.design["arms"]
    names = [s["scenario"] for s in oc.scenarios]
    width = 0.8 / len(arms)
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.5))
    for i, arm in enumerate(arms):
        xs = [j + (i - (len(arms) - 1) / 2) * width for j in range(len(names))]
        left.bar(xs, [s["arms"][i]["p_selected"] for s in oc.scenarios], width, label=_label(arm))
        right.bar(xs, [s["arms"][i]["patients"]["mean"] for s in oc.scenarios], width, label=_label(arm))

    def caption(s: Mapping[str, Any]) -> str:
        extra = (
            f"type I {s['type_i_error']:.3f}"
            if s["type_i_error"] is not None
            else f"correct {s['p_correct_selection']:.2f}"
            if s["p_correct_selection"] is not None
            else ""
        )
        return f"{s['scenario']}\n{extra}\nE[N] {s['patients']['mean']:.0f}"

    for ax in (left, right):
        ax.set_xticks(range(len(names)))
        ax.set_xticklabels([caption(s) for s in oc.scenarios], fontsize=8)
    left.set_ylabel("P(arm recommended)")
    left.set_ylim(0, 1)
    left.legend(fontsize=8)
    right.set_ylabel("expected patients per arm")
    fig.suptitle(f"operating characteristics, {oc.trials} simulated trials per scenario (seed {oc.seed})")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path
