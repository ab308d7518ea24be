"""The seed's three flows, driven from Python with the example agents."""

from __future__ import annotations

import json
import pathlib
import sys

from conftest import TOKEN

import hms

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "examples"))

import a2a_agent
import adaptive_trial
import data_transform

FHIR_BUNDLE = (
    pathlib.Path(__file__).resolve().parents[2] / "tests" / "fhir" / "crohns-bundle.json"
).read_text()


async def test_treatment_optimization_flow(rt: hms.Runtime) -> None:
    agent = a2a_agent.A2AAgent(rt)
    await rt.register_agent("a2a", agent.handle)
    profile = data_transform.to_profile(data_transform.SAMPLE_EHR)
    result = await rt.call("a2a", {"type": "treat", "patient": profile}, timeout=60)
    assert result["verification"]["status"] != "violated"
    assert result["plan"]["treatment_plan"]
    assert result["verification"]["verdicts"]


async def test_ehr_fhir_to_plan_to_ehr(rt: hms.Runtime) -> None:
    """EHR -> data transformation (FHIR in) -> the agent's plan -> back to the EHR as FHIR."""
    bundle = json.loads(FHIR_BUNDLE)
    # Without the findings that leave no safe plan (low lymphocytes, a live vaccine due).
    bundle["entry"] = [e for e in bundle["entry"] if e["resource"].get("id") not in ("alc", "rec")]
    profile, unmapped = data_transform.from_fhir(bundle)
    assert any(u.resource == "Encounter/enc" for u in unmapped)
    agent = a2a_agent.A2AAgent(rt)
    await rt.register_agent("a2a", agent.handle)
    result = await rt.call("a2a", {"type": "treat", "patient": profile}, timeout=60)
    assert result["plan"]["treatment_plan"], result
    back = hms.fhir.from_plan(
        result["plan"], report=result["verification"], imported=hms.fhir.to_record(bundle)
    )
    kinds = [e["resource"]["resourceType"] for e in back["entry"]]
    assert kinds[0] == "RequestGroup" and "MedicationRequest" in kinds


async def test_treatment_flow_against_the_daemon(daemon: str) -> None:
    client = hms.connect(daemon, token=TOKEN)
    agent = a2a_agent.A2AAgent(client)
    result = await agent.handle(
        {"type": "treat", "patient": data_transform.to_profile(data_transform.SAMPLE_EHR)}
    )
    assert result["verification"]["status"] != "violated"


async def test_adaptive_trial_flow(rt: hms.Runtime) -> None:
    agent = a2a_agent.A2AAgent(rt)
    await rt.register_agent("a2a", agent.handle)
    results = await adaptive_trial.run_trial(rt, patients_per_stage=30, seed=4, trials=300)
    report = results["trial"]
    # The burn-in stage is allocated by the genetic engine through the agent.
    assert report["decisions"][0] == {"action": "enroll", "method": "genetic_engine", "patients": 30}
    first = report["looks"][0]
    assert first["with_outcome"] == 30 and len(first["arms"]) == 3
    if first["stop"] is None:
        assert abs(sum(a["allocation"] for a in first["arms"]) - 1) < 1e-9
        assert min(a["allocation"] for a in first["arms"] if a["status"] == "active") >= 0.1 - 1e-9
    null, model = results["operating_characteristics"]["scenarios"]
    assert null["type_i_error"] is not None and model["scenario"] == "outcome model"
    assert len(results["model_rates"]) == 3 and all(0 < r < 1 for r in results["model_rates"])


async def test_self_healing_flow(rt: hms.Runtime) -> None:
    agent = a2a_agent.A2AAgent(rt)
    await rt.register_agent("a2a", agent.handle)
    await rt.inject_fault(
        "genetic_engine", {"fault": "error", "kind": "internal", "message": "optimizer down"}
    )
    record = await adaptive_trial.report_failure(rt, "genetic_engine", "allocation failed")
    assert record["decided_by"].startswith("agent:a2a")
    assert record["confirmed"] is True
    assert agent.recoveries == 1


async def test_visualization_writes_pngs(rt: hms.Runtime, tmp_path: pathlib.Path) -> None:
    import visualization

    await rt.register_agent("a2a", a2a_agent.A2AAgent(rt).handle)
    results = await adaptive_trial.run_trial(rt, patients_per_stage=12, seed=2, trials=200)
    written = visualization.render(results, tmp_path)
    assert [p.name for p in written] == ["trial.png", "operating_characteristics.png"]
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in written)


def test_coverage_leaves_denied_and_unmentioned_arms_out_and_marks_review() -> None:
    arms, out, provisional = adaptive_trial.covered(
        {"coverage": {"UPA": {"decision": "denied"}, "UST": {"decision": "review"}}}
    )
    assert arms == ["UST"]
    assert out == {"UPA": "UHC: denied", "BUD": "UHC: no decision"}
    assert provisional == {"UST": "UHC: review"}
    assert adaptive_trial.covered(None) == (["UPA", "UST", "BUD"], {}, {})
