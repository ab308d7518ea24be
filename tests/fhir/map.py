"""Maps HL7's published FHIR R4 examples and round-trips a Crohn's patient.

usage: map.py EXAMPLES_DIR OUT_DIR

Each example Patient, with every example resource whose subject or patient is
that Patient, goes through ``hms.fhir.to_record``: no error, and every resource
is either read (a field's source) or listed as not mapped with its path and
why. Every example file is also read alone (no error on any resource type).
Then the Crohn's patient in tests/fhir/crohns-bundle.json is read, healed and
verified by an embedded runtime, and its plan written back as FHIR to
OUT_DIR/roundtrip.json for validate.py.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import pathlib
import sys
from typing import Any

import hms

TODAY = dt.date(2026, 11, 26)
HERE = pathlib.Path(__file__).resolve().parent


def about(resource: dict[str, Any]) -> str | None:
    for key in ("subject", "patient"):
        ref = resource.get(key)
        if isinstance(ref, dict) and isinstance(ref.get("reference"), str):
            return ref["reference"]
    return None


def examples(folder: pathlib.Path) -> None:
    resources = [json.loads(p.read_text()) for p in sorted(folder.glob("*.json")) if p.name != "package.json"]
    resources = [r for r in resources if isinstance(r, dict) and "resourceType" in r]
    alone_errors = []
    for r in resources:
        try:
            hms.fhir.to_record(r, today=TODAY)
        except Exception as e:  # noqa: BLE001 - every failure is reported
            alone_errors.append(f"{r['resourceType']}/{r.get('id')}: {e!r}")
    assert not alone_errors, alone_errors[:5]
    patients = [r for r in resources if r["resourceType"] == "Patient"]
    rows = []
    for p in patients:
        ref = f"Patient/{p['id']}"
        related = [r for r in resources if about(r) == ref]
        bundle = {
            "resourceType": "Bundle",
            "type": "collection",
            "entry": [{"resource": x} for x in [p, *related]],
        }
        got = hms.fhir.to_record(bundle, today=TODAY)
        assert got.patient.get("patient_id") == p["id"], ref
        read = {src for refs in got.sources.values() for src in refs}
        listed = {u.path.split(".resource")[0] for u in got.unmapped}
        for i, x in enumerate(bundle["entry"]):
            name = f"{x['resource']['resourceType']}/{x['resource'].get('id')}"
            assert name in read or f"entry[{i}]" in listed or any(u.resource == name for u in got.unmapped), (
                f"{ref}: {name} neither read nor listed"
            )
        assert all(u.reason for u in got.unmapped)
        fields = sum(1 for _ in got.sources)
        rows.append((p["id"], 1 + len(related), fields, len(got.unmapped)))
    assert len(rows) >= 10, f"only {len(rows)} Patients"
    print(
        f"{len(resources)} example resources read alone without an error; {len(rows)} Patients with their resources:"
    )
    print(f"  {'patient':<24} {'resources':>9} {'fields':>6} {'unmapped':>8}")
    for pid, n, f, u in rows:
        print(f"  {pid:<24} {n:>9} {f:>6} {u:>8}")


PLAN = {
    "treatment_plan": [
        {
            "medication": "Upadacitinib",
            "dosage": 45,
            "unit": "mg",
            "frequency": "daily",
            "route": "oral",
            "phase": "induction",
            "duration": 84,
            "start_week": 0,
        },
        {
            "medication": "Upadacitinib",
            "dosage": 15,
            "unit": "mg",
            "frequency": "daily",
            "route": "oral",
            "phase": "maintenance",
            "start_week": 12,
        },
    ]
}


async def roundtrip(out: pathlib.Path) -> None:
    bundle = json.loads((HERE / "crohns-bundle.json").read_text())
    imported = hms.fhir.to_record(bundle, today=TODAY)
    async with hms.Runtime.start() as rt:
        healed = await rt.call(
            "self_healer", {"type": "apply_healing", "data": imported.patient, "context": {"agent": "fhir"}}
        )
        report = await rt.call(
            "prover",
            {
                "type": "verify_treatment_plan",
                "plan": PLAN,
                "patient": healed["data"],
                "as_of": TODAY.isoformat(),
            },
        )
    assert report["status"] == "violated", report["status"]
    provenance = healed.get("provenance", [])
    result = hms.fhir.from_plan(PLAN, report=report, imported=imported, provenance=provenance)
    kinds = [e["resource"]["resourceType"] for e in result["entry"]]
    assert kinds.count("MedicationRequest") == 2 and kinds[0] == "RequestGroup", kinds
    assert "DetectedIssue" in kinds, kinds
    targets = [
        t.get("reference")
        for e in result["entry"]
        if e["resource"]["resourceType"] == "Provenance"
        for t in e["resource"]["target"]
    ]
    ids = {f"{e['resource']['resourceType']}/{e['resource']['id']}" for e in bundle["entry"]}
    assert all(t in ids for t in targets if t), targets
    (out / "roundtrip.json").write_text(json.dumps(result, indent=1))
    print(
        f"round trip: {len(kinds)} resources ({', '.join(sorted(set(kinds)))}); "
        f"{len(provenance)} healings, their Provenance pointing at {sorted(set(t for t in targets if t))}"
    )


def main() -> None:
    examples(pathlib.Path(sys.argv[1]))
    asyncio.run(roundtrip(pathlib.Path(sys.argv[2])))


if __name__ == "__main__":
    main()
