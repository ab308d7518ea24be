"""Data transformation: what an EHR sends -> the standard patient profile
the runtime reads (see `docs/data-formats.md`), then healed by the
self-healer with provenance. Two inputs: a FHIR R4 Bundle, what hospital
systems send (read by `hms.fhir`, every element it does not map listed), or a
hospital's ad-hoc export (mapped here by hand).

    python examples/data_transform.py                     # the ad-hoc export, embedded runtime
    python examples/data_transform.py --fhir bundle.json  # a FHIR R4 Bundle
"""

from __future__ import annotations

import argparse
import asyncio
import json
import pathlib
from typing import Any

import hms

#: An EHR export as a hospital system might produce it: pounds and inches,
#: LOINC-coded labs in mixed units, genotype strings, a duplicated lab.
SAMPLE_EHR: dict[str, Any] = {
    "mrn": "P-001",
    "gender": "F",
    "age_years": "42",
    "weight_lb": 144.4,
    "height_in": 66.9,
    "problems": [
        {"code": "K50.80", "text": "Crohn's disease of both small and large intestine", "onset": "2019-03-15"}
    ],
    "scores": {"CDAI": 280, "HBI": 9},
    "labs": [
        {"loinc": "1988-5", "name": "CRP", "value": 1.25, "unit": "mg/dL", "date": "2026-10-01"},
        {"loinc": "751-8", "name": "neutrophils", "value": 3.1, "unit": "10^9/L", "date": "2026-10-01"},
        {"loinc": "731-0", "name": "lymphocytes", "value": 1400, "unit": "/mm3", "date": "2026-10-01"},
        {"loinc": "718-7", "name": "hemoglobin", "value": 128, "unit": "g/L", "date": "2026-10-01"},
        {"loinc": "718-7", "name": "hemoglobin", "value": 128, "unit": "g/L", "date": "2026-10-01"},
    ],
    "genotypes": {"TPMT": "intermediate", "NUDT15": "normal", "HLA-DQA1": "*05"},
    "medication_history": [{"drug": "Infliximab", "outcome": "loss of response"}],
    "screening": {"tb": "negative", "hbv": "negative", "active_infection": False},
    "nyha_class": 1,
    "pregnancy": "not_pregnant",
    "current_medications": [],
    "planned_vaccines": [],
}

LOCATIONS = {"K50.0": "ileal", "K50.1": "colonic", "K50.8": "ileocolonic"}


def to_profile(ehr: dict[str, Any]) -> dict[str, Any]:
    """Maps an EHR export to the patient profile; units stay as recorded (the self-healer converts)."""
    code = ehr["problems"][0]["code"] if ehr.get("problems") else ""
    labs: list[dict[str, Any]] = [
        {"test": lab["name"], "value": lab["value"], "unit": lab.get("unit"), "date": lab.get("date")}
        for lab in ehr.get("labs", [])
    ]
    crp = next((lab for lab in ehr.get("labs", []) if lab["name"] == "CRP"), None)
    markers: list[dict[str, Any]] = []
    for gene, value in ehr.get("genotypes", {}).items():
        markers.append(
            {"gene": gene, "variant": value} if gene == "HLA-DQA1" else {"gene": gene, "phenotype": value}
        )
    screening = ehr.get("screening", {})
    return {
        "patient_id": ehr["mrn"],
        "demographics": {
            "age": ehr.get("age_years"),
            "sex": {"F": "female", "M": "male"}.get(ehr.get("gender", ""), "unknown"),
            "weight": round(ehr["weight_lb"] * 0.45359237, 1) if "weight_lb" in ehr else None,
            "height": round(ehr["height_in"] * 2.54, 1) if "height_in" in ehr else None,
        },
        "clinical_data": {
            "crohns_type": LOCATIONS.get(code[:5], "unknown"),
            "diagnosis_date": ehr["problems"][0].get("onset") if ehr.get("problems") else None,
            "disease_activity": ehr.get("scores", {}),
        },
        "units": {"CRP": crp["unit"]} if crp else {},
        "biomarkers": {"genetic_markers": markers, "serum_markers": {"CRP": crp["value"]} if crp else {}},
        "treatment_history": [
            {"medication": m["drug"], "response": m.get("outcome")} for m in ehr.get("medication_history", [])
        ],
        "pregnancy": {"status": ehr["pregnancy"]} if "pregnancy" in ehr else None,
        "infections": {
            "tb": screening.get("tb"),
            "hbv": screening.get("hbv"),
            "serious_active_infection": screening.get("active_infection"),
        },
        "heart_failure": {"nyha_class": ehr.get("nyha_class")},
        "labs": labs,
        "concomitant_medications": ehr.get("current_medications", []),
        "planned_vaccines": ehr.get("planned_vaccines", []),
    }


def from_fhir(bundle: dict[str, Any]) -> tuple[dict[str, Any], list[hms.fhir.Unmapped]]:
    """A FHIR R4 Bundle -> the patient profile, and what was not mapped (path and why)."""
    imported = hms.fhir.to_record(bundle)
    return imported.patient, imported.unmapped


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--fhir", type=pathlib.Path, help="a FHIR R4 Bundle (JSON) instead of the ad-hoc export"
    )
    args = parser.parse_args()
    async with hms.Runtime.start() as rt:
        if args.fhir:
            profile, unmapped = from_fhir(json.loads(args.fhir.read_text()))
            for u in unmapped:
                print(f"not mapped: {u.path or u.resource}: {u.reason}")
        else:
            profile = to_profile(SAMPLE_EHR)
        healed = await rt.apply_healing(profile, {"agent": "data_transform"})
        print(json.dumps(healed["data"].get("labs", []), indent=2))
        for p in healed["provenance"]:
            print(p["activity"]["display"], "| original:", json.dumps(p["entity"][0]["what"]["value"]))


if __name__ == "__main__":
    asyncio.run(main())
