"""FHIR R4 in and out, the same mapping every bridge and hmsd's CDS Hooks
service use (Rust, ``hms_actors::fhir``).

``to_record`` reads a Bundle (or one resource) into the patient record the
actors take, listing every element it did not map; ``from_plan`` writes a plan,
its verification report and the healing done to the record as a FHIR
collection Bundle (RequestGroup, MedicationRequests, DetectedIssues,
Provenance)::

    imported = hms.fhir.to_record(bundle)
    report = await client.call("prover", {"type": "verify_treatment_plan",
                                          "plan": plan, "patient": imported.patient})
    fhir_bundle = hms.fhir.from_plan(plan, report=report, imported=imported)
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass, field
from typing import Any

from . import _native


@dataclass(frozen=True)
class Unmapped:
    """An element of the FHIR document that the record does not hold."""

    path: str
    resource: str
    reason: str


@dataclass(frozen=True)
class Imported:
    """The record read from FHIR, what was left out, and where each field came from."""

    patient: dict[str, Any]
    unmapped: list[Unmapped]
    sources: dict[str, list[str]] = field(default_factory=dict)


def to_record(bundle: dict[str, Any], today: _dt.date | None = None) -> Imported:
    """Reads a FHIR R4 Bundle or resource; ``today`` dates the age (default: today).

    Raises ``ValueError`` when ``bundle`` is not a FHIR resource.
    """
    raw = json.loads(_native.fhir_import(json.dumps(bundle), today.isoformat() if today else None))
    return Imported(
        patient=raw["patient"],
        unmapped=[Unmapped(**u) for u in raw["unmapped"]],
        sources=raw["sources"],
    )


def from_plan(
    plan: dict[str, Any],
    *,
    report: dict[str, Any] | None = None,
    imported: Imported | None = None,
    patient_id: str | None = None,
    provenance: list[dict[str, Any]] | None = None,
    timestamp: _dt.datetime | None = None,
) -> dict[str, Any]:
    """A plan (``{"treatment_plan": [...]}``), its report and healing as a FHIR R4 Bundle."""
    when = (timestamp or _dt.datetime.now(_dt.timezone.utc)).isoformat(timespec="seconds")
    pid = patient_id or (imported.patient.get("patient_id") if imported else None)
    bundle: dict[str, Any] = json.loads(
        _native.fhir_export(
            json.dumps(plan),
            when,
            json.dumps(report) if report is not None else None,
            pid,
            json.dumps(provenance) if provenance is not None else None,
            json.dumps(imported.sources) if imported else None,
        )
    )
    return bundle


__all__ = ["Imported", "Unmapped", "from_plan", "to_record"]
