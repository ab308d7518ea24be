"""Writes the seed corpus of each fuzz target from the project's own fixtures.

Run once when a message type is added (`python3 fuzz/seed_corpus.py`); libFuzzer
grows the corpus from these, and `fuzz/run --merge` folds what it found back in.
"""

import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"
cases = json.loads((ROOT / "actors/tests/cases/prover.json").read_text())
design = json.loads((ROOT / "actors/tests/cases/four_arm_design.json").read_text())
patient = cases["base_patient"]
plan = {"treatment_plan": cases["regimens"]["adalimumab"]}
record = {
    "patient_id": "P-001",
    "demographics": {"age": "42", "sex": "female", "weight": 65.5, "height": 170.0},
    "units": {"CRP": "mg/dL"},
    "biomarkers": {"serum_markers": {"CRP": 1.25, "ESR": 22}},
    "labs": [{"test": "CRP", "value": 1.25, "unit": "mg/dL", "date": "2026-11-01"}],
}
messages = {
    "verify": {"type": "verify_treatment_plan", "plan": plan, "patient": patient, "as_of": cases["as_of"]},
    "verify_eu": {
        "type": "verify_treatment_plan",
        "plan": {"treatment_plan": cases["regimens"]["upadacitinib"]},
        "patient": patient,
        "jurisdiction": "eu",
        "lab_max_age_days": 30,
    },
    "simulate": {"type": "simulate_treatment_outcome", "plan": plan, "patient": patient, "n": 100, "seed": 3},
    "optimize": {
        "type": "optimize_treatment",
        "patient": patient,
        "options": {"generations": 2, "islands": 2},
    },
    "allocate": {
        "type": "optimize_allocation",
        "patients": [patient, patient],
        "arms": ["adalimumab", "placebo"],
    },
    "detect": {"type": "detect_anomalies", "data": record},
    "heal": {"type": "apply_healing", "data": [record, record], "context": {}},
    "monitor": {"type": "monitor_system_health"},
    "report": {"type": "report_error", "component": "prover", "error": "x"},
    "coordinate": {
        "type": "coordinate_components",
        "command": "route",
        "payload": {
            "to": "prover",
            "message": {"type": "verify_treatment_plan", "plan": plan, "patient": patient},
        },
    },
    "list": {"type": "coordinate_components", "command": "list_children", "payload": {}},
    "trial_oc": {
        "type": "trial_operating_characteristics",
        "design": design,
        "scenarios": [{"name": "null", "rates": [0.2, 0.2, 0.2, 0.2]}],
        "trials": 10,
        "seed": 1,
    },
    "trial_run": {"type": "simulate_trial", "design": design, "rates": [0.2, 0.3, 0.35, 0.25], "seed": 1},
    "trial_interim": {
        "type": "trial_interim",
        "design": design,
        "outcomes": [{"arm": "UPA", "responders": 3, "patients": 10}],
    },
}


def write(target: str, name: str, data: bytes) -> None:
    (CORPUS / target).mkdir(parents=True, exist_ok=True)
    (CORPUS / target / name).write_bytes(data)


for name, m in messages.items():
    write("messages", name, json.dumps(m).encode())
# hmsd's own bodies: a fault, a coordination command, an agent's answer.
write(
    "messages", "body_fault", json.dumps({"actor": "prover", "fault": {"fault": "delay", "ms": 5}}).encode()
)
write(
    "messages", "body_coordinate", json.dumps({"command": "restart", "payload": {"child": "prover"}}).encode()
)
write("messages", "body_answer", json.dumps({"reply": {"strategy": "restart"}}).encode())

default = (ROOT / "configs/default.toml").read_text()
write("config", "default", default.encode())
write(
    "config",
    "daemon",
    (
        default
        + """
[daemon]
listen = "127.0.0.1:7878"
[daemon.auth]
token = "x"
[daemon.limits]
header_timeout_ms = 1000
requests_per_s_per_client = 5.5
[daemon.http]
allowed_origins = ["https://emr.example.org"]
cors = true
"""
    ).encode(),
)
write(
    "config",
    "children",
    b'[supervisor]\nstrategy = "one_for_all"\n[children.prover]\nhandler_limit_ms = 10\nbackoff = { initial_ms = 1, max_ms = 2 }\nshutdown = "brutal_kill"\n',
)


def fields(selector: int, *strings: str) -> bytes:
    return bytes([selector]) + b"\0".join(s.encode() for s in strings)


write("c_abi", "start", fields(0, "[prover]\ncheckers = 2\n"))
write("c_abi", "connect", fields(0x80 + 7, "http://127.0.0.1:1", "a-token"))
write("c_abi", "call", fields(1, "prover", json.dumps(messages["verify"])))
write("c_abi", "cast", fields(2, "self_healer", json.dumps(messages["monitor"])))
write("c_abi", "coordinate", fields(3, "list_children", "{}"))
write("c_abi", "verify", fields(4, json.dumps(plan), json.dumps(patient)))
write("c_abi", "simulate", fields(5, json.dumps(patient), json.dumps(plan)))
write("c_abi", "health", fields(6))
write("c_abi", "reply", fields(7, "fuzz-agent", '{"ok": true}', "\x01"))
write("c_abi", "fail", fields(8, "fuzz-agent", "it failed", "\x01", "\x03"))

HOST = "127.0.0.1:7878"


def request(method: str, path: str, body: dict | None = None, extra: str = "") -> bytes:
    data = json.dumps(body).encode() if body is not None else b""
    head = f"{method} {path} HTTP/1.1\r\nHost: {HOST}\r\n{extra}"
    if body is not None:
        head += f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n"
    return head.encode() + b"\r\n" + data


write("http", "health", request("GET", "/v1/health"))
write("http", "tree_metrics", request("GET", "/v1/tree") + request("GET", "/metrics"))
write("http", "call", request("POST", "/v1/actors/prover/call?timeout_ms=5000", messages["verify"]))
write("http", "cast", request("POST", "/v1/actors/self_healer/cast", messages["monitor"]))
write("http", "detect", request("POST", "/v1/actors/self_healer/call", messages["detect"]))
write("http", "trial", request("POST", "/v1/actors/prover/call", messages["trial_run"]))
write("http", "optimize", request("POST", "/v1/actors/genetic_engine/call", messages["optimize"]))
write("http", "openapi", request("GET", "/openapi.json"))
write(
    "http",
    "origin",
    request("POST", "/v1/actors/prover/call", messages["verify"], "Origin: http://evil.example\r\n"),
)
write("http", "events", request("GET", "/v1/events"))
write(
    "http",
    "journal",
    request("GET", "/v1/journal?kind=verification&limit=3", extra="Authorization: Bearer wrong\r\n"),
)
write(
    "http",
    "chunked",
    f'POST /v1/actors/prover/call HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{{"a":\r\n2\r\n1}}\r\n0\r\n\r\n'.encode(),
)
