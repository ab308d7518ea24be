"""The prover's case corpus (actors/tests/cases/prover.json) from Python, on
the embedded runtime and on a daemon: each case expanded as the corpus
describes and verified through the client API."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import hms

CORPUS = json.loads((Path(__file__).resolve().parents[2] / "actors/tests/cases/prover.json").read_text())
RANK = {"violated": 5, "unknown": 4, "timeout": 3, "error": 2, "proved": 1, "not_applicable": 0}


def expand(case: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """The plan, patient and options the case stands for."""
    items: list[Any] = []
    for name in case["plan"].get("regimens", []):
        items.extend(CORPUS["regimens"][name])
    items.extend(case["plan"].get("items", []))
    patient = dict(CORPUS["base_patient"])
    for key, value in case.get("patient", {}).items():
        if value is None:
            patient.pop(key, None)
        else:
            patient[key] = value
    options = {"as_of": CORPUS["as_of"], **case.get("options", {})}
    return {"treatment_plan": items}, patient, options


def mismatches(case: dict[str, Any], report: dict[str, Any]) -> list[str]:
    out = []
    if report["status"] != case["expect"]["status"]:
        out.append(f"status {report['status']} (expected {case['expect']['status']})")
    for prop, want in case["expect"].get("verdicts", {}).items():
        got = [v["status"] for v in report["verdicts"] if v["property"] == prop]
        worst = max(got, key=lambda s: RANK[s]) if got else None
        if worst != want:
            out.append(f"{prop}: {worst} (expected {want})")
    return out


async def test_every_case(client: hms.Client) -> None:
    failures = []
    for case in CORPUS["cases"]:
        plan, patient, options = expand(case)
        report = await client.verify_treatment_plan(plan, patient, **options)
        wrong = mismatches(case, report)
        if wrong:
            failures.append(f"{case['id']}: {'; '.join(wrong)}")
    assert len(CORPUS["cases"]) >= 150
    assert not failures, "\n".join(failures)
