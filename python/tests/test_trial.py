"""hms.trial: designs checked with paths, operating characteristics the same
embedded and over HTTP, a trial run step by step (allocation through an A2A
agent and the genetic engine, then the design's adaptive shares), charts."""

from __future__ import annotations

import pathlib
import random
from typing import Any

import pytest

import hms
from hms import trial

DESIGN = trial.Design(
    name="three-arm remission trial",
    arms=[
        trial.Arm("placebo", "placebo", control=True),
        trial.Arm("UPA", "Rinvoq"),
        trial.Arm("RZB", "risankizumab"),
    ],
    accrual_per_week=10,
    max_patients=240,
    interims=[60, 120, 180],
    endpoint_week=12,
    randomization=trial.thall_wathen("n/2N", min=0.1, max=0.9),
    futility=0.05,
    superiority=0.99,
)
SCENARIOS = {"null": [0.2, 0.2, 0.2], "UPA works": [0.2, 0.45, 0.2]}


async def test_a_bad_design_names_the_path(client: hms.Client) -> None:
    bad = DESIGN.to_json()
    bad["arms"][1]["therapy"] = "aspirin"
    with pytest.raises(hms.ValidationError) as e:
        await trial.operating_characteristics(client, bad, SCENARIOS, trials=10)
    assert e.value.path == "design.arms[1].therapy"
    with pytest.raises(hms.ValidationError) as e:
        await trial.operating_characteristics(client, DESIGN, {"null": [0.2, 0.2]}, trials=10)
    assert e.value.path == "scenarios[0].rates"


async def test_operating_characteristics_are_the_same_embedded_and_over_http(daemon: str) -> None:
    remote = hms.connect(daemon, token="python-test-token")
    async with hms.Runtime.start() as rt:
        here = await trial.operating_characteristics(rt, DESIGN, SCENARIOS, trials=400, seed=5)
    there = await trial.operating_characteristics(remote, DESIGN, SCENARIOS, trials=400, seed=5)
    assert here.scenarios == there.scenarios
    null, works = here.scenarios
    assert null["type_i_error"] is not None and null["type_i_error"] < 0.2
    assert works["p_correct_selection"] > 0.5
    assert works["arms"][1]["patients"]["mean"] > works["arms"][2]["patients"]["mean"]


async def test_results_as_rows_and_a_dataframe(rt: hms.Runtime) -> None:
    oc = await trial.operating_characteristics(rt, DESIGN, SCENARIOS, trials=200, seed=1)
    rows = oc.rows()
    assert len(rows) == 6
    assert rows[1]["therapy"] == "Rinvoq (UPA)"
    import pandas

    frame = oc.to_dataframe()
    assert isinstance(frame, pandas.DataFrame)
    assert frame.shape[0] == 6
    assert set(frame["scenario"]) == set(SCENARIOS)


async def test_one_trial_step_by_step(rt: hms.Runtime) -> None:
    asked: list[dict[str, Any]] = []

    async def a2a(msg: dict[str, Any]) -> Any:
        # The A2A agent forwards allocation to the genetic engine.
        asked.append(msg)
        return await rt.optimize_allocation(msg["cohort"], msg["protocol"], msg.get("options"))

    await rt.register_agent("a2a", a2a)
    rng = random.Random(3)
    truth = {"placebo": 0.2, "UPA": 0.35, "RZB": 0.0}
    run = trial.Trial(rt, DESIGN, seed=3)

    def cohort(start: int) -> list[dict[str, Any]]:
        return [
            {
                "patient_id": f"T-{start + i:03d}",
                "demographics": {"age": rng.randint(18, 75), "sex": rng.choice(["female", "male"])},
            }
            for i in range(60)
        ]

    seen = dict.fromkeys(truth, 0)

    def outcome(arm: str) -> bool:
        # Deterministic outcomes at the true rates: the first 20 x rate of every 20 respond.
        seen[arm] += 1
        return (seen[arm] - 1) % 20 < truth[arm] * 20

    first = await run.enroll(cohort(0))
    assert len(asked) == 1 and asked[0]["type"] == "allocate"
    counts = [list(first.values()).count(a) for a in run.ids]
    assert max(counts) - min(counts) <= 2, counts  # the genetic engine balances the arms
    for pid, arm in first.items():
        run.record(pid, outcome(arm))
    look = await run.analyse()
    assert look["analysis"] == 1 and look["with_outcome"] == 60
    assert look["stop"] is None, look
    assert abs(sum(a["allocation"] for a in look["arms"]) - 1) < 1e-9
    assert run.status[2] == "futile"  # nobody responds on RZB here
    # A hopeless arm is dropped; the next cohort follows the adaptive shares and skips it.
    second = await run.enroll(cohort(60))
    assert "RZB" not in second.values()
    assert run.decisions[-1]["method"] == "adaptive_randomization"
    for pid, arm in second.items():
        run.record(pid, outcome(arm))
    await run.analyse()
    assert run.looks[1]["with_outcome"] == 120
    assert run.looks[0]["arms"][1]["mean"] > run.looks[0]["arms"][2]["mean"]
    assert run.report()["looks"] == run.looks


def png(path: str) -> bytes:
    return pathlib.Path(path).read_bytes()


async def test_charts_are_written(rt: hms.Runtime, tmp_path: pathlib.Path) -> None:
    one = await trial.simulate_trial(rt, DESIGN, [0.2, 0.45, 0.2], seed=2)
    assert one["looks"] and one["looks"][0]["with_outcome"] == 60
    oc = await trial.operating_characteristics(rt, DESIGN, SCENARIOS, trials=200, seed=1)
    for path in (
        trial.plot_trial(one, str(tmp_path / "trial.png")),
        trial.plot_operating_characteristics(oc, str(tmp_path / "oc.png")),
    ):
        data = png(path)
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
