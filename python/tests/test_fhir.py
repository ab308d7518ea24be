"""hms.fhir: FHIR R4 in and out from Python (the Rust mapping underneath)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import ROOT

import hms

BUNDLE = json.loads((ROOT / "tests" / "fhir" / "crohns-bundle.json").read_text())
TODAY = dt.date(2026, 11, 26)


def test_a_bundle_becomes_the_record_with_what_was_left_out() -> None:
    got = hms.fhir.to_record(BUNDLE, today=TODAY)
    assert got.patient["patient_id"] == "crohns-1"
    assert got.patient["clinical_data"]["crohns_type"] == "ileocolonic"
    assert got.sources["labs[0]"] == ["Observation/alc"]
    assert any(u.resource == "Encounter/enc" for u in got.unmapped)
    assert all(u.path and u.reason for u in got.unmapped if u.resource)


def test_not_fhir_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="resourceType"):
        hms.fhir.to_record({"patient_id": "P-1"})


async def test_verified_plan_back_as_fhir(rt: hms.Runtime) -> None:
    got = hms.fhir.to_record(BUNDLE, today=TODAY)
    plan = {
        "treatment_plan": [
            {"medication": "Adalimumab", "dosage": 160, "unit": "mg", "frequency": "once", "start_week": 0},
            {
                "medication": "Adalimumab",
                "dosage": 40,
                "unit": "mg",
                "frequency": "every 2 weeks",
                "start_week": 4,
            },
        ]
    }
    report = await rt.call("prover", {"type": "verify_treatment_plan", "plan": plan, "patient": got.patient})
    bundle = hms.fhir.from_plan(plan, report=report, imported=got)
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds[:3] == ["RequestGroup", "MedicationRequest", "MedicationRequest"]
    assert bundle["entry"][1]["resource"]["subject"] == {"reference": "Patient/crohns-1"}
    assert bundle["entry"][1]["resource"]["dosageInstruction"][0]["timing"]["repeat"] == {"count": 1}
    with pytest.raises(ValueError, match="plan"):
        hms.fhir.from_plan({"treatment_plan": [{"medication": "x"}]})
