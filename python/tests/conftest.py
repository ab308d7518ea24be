"""Fixtures: an embedded runtime per test, and one real `hmsd` per session
for the remote mode (built by `cargo build -p hmsd`; `HMSD` overrides the path)."""

from __future__ import annotations

import os
import pathlib
import subprocess
import tempfile
from collections.abc import AsyncIterator, Iterator

import pytest

import hms

ROOT = pathlib.Path(__file__).resolve().parents[2]
TOKEN = "python-test-token"
CONFIG = """
[genetic_engine.defaults]
generations = 5
[self_healer]
agent_timeout_ms = 400
circuit_break_ms = 100
"""


@pytest.fixture
async def rt() -> AsyncIterator[hms.Runtime]:
    async with hms.Runtime.start(CONFIG) as runtime:
        yield runtime


@pytest.fixture(scope="session")
def daemon() -> Iterator[str]:
    binary = os.environ.get("HMSD", str(ROOT / "target" / "debug" / "hmsd"))
    if not os.path.exists(binary):
        subprocess.run(["cargo", "build", "--quiet", "-p", "hmsd"], cwd=ROOT, check=True)
    with tempfile.TemporaryDirectory() as data:
        config = pathlib.Path(data) / "hmsd.toml"
        config.write_text(
            CONFIG + f'\n[daemon.auth]\ntoken = "{TOKEN}"\ntoken_env = "HMS_PY_TEST_NO_SUCH_VAR"\n'
        )
        proc = subprocess.Popen(
            [binary, "--listen", "127.0.0.1:0", "--config", str(config), "--data-dir", data],
            stdout=subprocess.PIPE,
            env={**os.environ, "RUST_LOG": "error"},
            text=True,
        )
        assert proc.stdout is not None
        line = proc.stdout.readline()
        url = line.split("listening on ")[1].split()[0]
        try:
            yield url
        finally:
            proc.terminate()
            assert proc.wait(timeout=30) == 0


@pytest.fixture(params=["embedded", "remote"])
async def client(request: pytest.FixtureRequest) -> AsyncIterator[hms.Client]:
    if request.param == "embedded":
        async with hms.Runtime.start(CONFIG) as runtime:
            yield runtime
    else:
        yield hms.connect(request.getfixturevalue("daemon"), token=TOKEN)


PATIENT = {
    "patient_id": "P-001",
    "demographics": {"age": 42, "sex": "female", "weight": 65.5, "height": 170.0},
    "clinical_data": {"crohns_type": "ileocolonic", "disease_activity": {"CDAI": 280, "HBI": 9}},
    "biomarkers": {
        "genetic_markers": [
            {"gene": "TPMT", "phenotype": "normal"},
            {"gene": "NUDT15", "phenotype": "normal"},
            {"gene": "HLA-DQA1", "variant": "negative"},
        ],
        "serum_markers": {"CRP": 12.5},
    },
    "pregnancy": {"status": "not_pregnant"},
    "infections": {"tb": "negative", "hbv": "negative", "hcv": "negative", "serious_active_infection": False},
    "heart_failure": {"present": False},
    "hepatic_impairment": {"child_pugh": "none"},
    "labs": [
        {"test": "neutrophils", "value": 3.1, "unit": "10^9/L"},
        {"test": "lymphocytes", "value": 1400, "unit": "/mm3"},
        {"test": "hemoglobin", "value": 128, "unit": "g/L"},
    ],
    "comorbidities": [],
    "concomitant_medications": [],
    "planned_vaccines": [],
    "vaccination_history": [],
    "allergies": [],
    "lactation": {"breastfeeding": False},
    "treatment_history": [],
}

# The label's adalimumab regimen: 160 mg, 80 mg two weeks later, then 40 mg every other week.
PLAN = {
    "treatment_plan": [
        {
            "medication": "Adalimumab",
            "dosage": 160,
            "unit": "mg",
            "frequency": "once",
            "phase": "induction",
            "start_week": 0,
        },
        {
            "medication": "Adalimumab",
            "dosage": 80,
            "unit": "mg",
            "frequency": "once",
            "phase": "induction",
            "start_week": 2,
        },
        {
            "medication": "Adalimumab",
            "dosage": 40,
            "unit": "mg",
            "frequency": "every 2 weeks",
            "phase": "maintenance",
            "start_week": 4,
        },
    ]
}
