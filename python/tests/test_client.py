"""Every client method, embedded and remote."""

from __future__ import annotations

import asyncio

import pytest
from conftest import PATIENT, PLAN

import hms


async def test_domain_methods(client: hms.Client) -> None:
    plan = await client.optimize_treatment(PATIENT, {"seed": 3})
    assert plan["verification"]["status"] != "violated"
    phases = [item["phase"] for item in plan["plan"]["treatment_plan"]]
    assert "induction" in phases and "maintenance" in phases  # a regimen, not one item
    assert len(plan["alternatives"]) == 3 and plan["excluded"]

    fitness = await client.evaluate_fitness(PLAN, PATIENT)
    assert fitness["fitness"]["total"] > 0
    assert fitness["verification"]["status"] == "proved"

    cohort = [
        {
            **PATIENT,
            "patient_id": f"P-{i}",
            "demographics": {"age": 20 + i, "sex": "female" if i % 2 else "male"},
        }
        for i in range(12)
    ]
    protocol = {"trial_id": "T", "arms": [{"armId": "A"}, {"armId": "B"}]}
    allocation = await client.optimize_allocation(cohort, protocol, {"seed": 1})
    assert len(allocation["assignments"]) == 12
    assert allocation["imbalance"]["total"] <= allocation["minimization_imbalance"]

    report = await client.verify_treatment_plan(PLAN, PATIENT)
    assert report["status"] == "proved"
    decided = [
        v for v in report["verdicts"] if v["status"] != "not_applicable" and v["property"] != "formulary"
    ]
    assert decided and all(v["sources"] for v in decided)

    outcome = await client.simulate_treatment_outcome(PATIENT, PLAN, n=20_000, seed=5)
    remission = outcome["remission"]
    model = remission["model"]["week_52_remission"]  # adalimumab, naive: induction x maintenance
    assert abs(remission["probability"] - model) < 0.02
    assert remission["parameter_ci95"][0] < model < remission["parameter_ci95"][1]
    assert [r["drug"] for r in outcome["risks"]] == ["Adalimumab"]
    assert outcome == await client.simulate_treatment_outcome(PATIENT, PLAN, n=20_000, seed=5)

    anomalies = (
        await client.detect_anomalies(
            {"patient_id": "X", "labs": [{"test": "CRP", "value": 1.2, "unit": "mg/dL"}]}
        )
    )["anomalies"]
    assert any(a["kind"] == "unit_mismatch" for a in anomalies)
    healed = await client.apply_healing({"patient_id": "X", "demographics": {"age": "42"}})
    assert healed["data"]["demographics"]["age"] == 42.0
    assert healed["provenance"][0]["entity"][0]["what"]["value"] == "42"

    diagnosis = await client.monitor_system_health()
    assert diagnosis["diagnosis"]["status"] == "healthy"
    listed = await client.coordinate_components("list_children", {"supervisor": "prover_pool"})
    assert len(listed["children"]) == 4
    health = await client.health()
    assert health["status"] == "healthy"


async def test_generic_call_cast_and_faults(client: hms.Client) -> None:
    reply = await client.call("prover", {"type": "verify_treatment_plan", "plan": PLAN, "patient": PATIENT})
    assert reply["status"] == "proved"
    await client.cast("self_healer", {"type": "detect_anomalies", "data": {"patient_id": "P"}})
    await client.inject_fault("prover", {"fault": "panic_next"})
    # The crash is survived: the call is retried on the restarted prover.
    assert (await client.verify_treatment_plan(PLAN, PATIENT))["status"] == "proved"
    await client.inject_fault("self_healer", {"fault": "error", "kind": "overloaded", "message": "busy"})
    with pytest.raises(hms.OverloadedError):
        await client.monitor_system_health()
    await client.clear_faults("self_healer")
    await client.monitor_system_health()
    health = await client.health()
    prover = next(n for n in health["root"]["children"] if n["name"] == "prover")
    assert prover["restarts"]["total"] >= 1


async def test_events(client: hms.Client) -> None:
    events = client.events()
    first = asyncio.ensure_future(events.__anext__())
    await asyncio.sleep(0.3)
    await client.inject_fault("prover", {"fault": "kill"})
    seen = []
    try:
        item = await asyncio.wait_for(first, 5)
        seen.append(item)
        while not any(e["event"].get("event") == "restarted" for e in seen):
            seen.append(await asyncio.wait_for(events.__anext__(), 5))
    finally:
        await events.aclose()  # type: ignore[attr-defined]
    assert seen[0]["source"] in ("supervision", "healing")
    assert any(e["event"].get("child") == "prover" for e in seen)


async def test_errors_name_what_was_wrong(client: hms.Client) -> None:
    with pytest.raises(hms.ValidationError) as e:
        await client.verify_treatment_plan(
            {"treatment_plan": [{"medication": "ADA", "dosage": "forty", "unit": "mg", "frequency": "q2w"}]},
            {},
        )
    assert e.value.path == "plan.treatment_plan[0].dosage"
    with pytest.raises(hms.ValidationError) as e:
        await client.verify_treatment_plan(PLAN, 42)  # type: ignore[arg-type]
    assert e.value.path == "patient"
    with pytest.raises(hms.ValidationError) as e:
        await client.optimize_treatment(PATIENT, {"generatoins": 5})
    assert e.value.path == "options.generatoins"
    with pytest.raises(hms.ValidationError) as e:
        await client.call("prover", {"type": "verify_treatment_plan", "plan": {1, 2}})
    with pytest.raises(hms.ValidationError):
        await client.detect_anomalies({"blob": "x" * (17 * 1024 * 1024)})
    with pytest.raises(hms.NotFoundError):
        await client.call("nobody", {"type": "x"})
    with pytest.raises(hms.TimeoutError) as t:
        await client.optimize_treatment(PATIENT, {"generations": 20_000}, timeout=0.05)
    assert isinstance(t.value, TimeoutError) and isinstance(t.value, hms.HmsError)
    with pytest.raises(hms.ValidationError):
        await client.inject_fault("prover", {"fault": "explode"})
