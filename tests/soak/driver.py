"""The seeded soak: hmsd with Python agents, Python, Go, Ruby and HTTP clients
calling the three domain actors while a seeded schedule injects panics, hangs,
delays, kills and failing restarts, and SIGKILLs and restarts the daemon once.

Checks, printed and written to the report: every call ended with a reply or an
error of the taxonomy within its deadline (plus a slack); no acknowledged
journal record was lost; the daemon's RSS and open files stayed bounded; the
same seed plans the same faults. Exit 0 when all hold.

    python tests/soak/driver.py --seconds 600 --seed 2026 --hmsd target/debug/hmsd \
        --go-client DIR/soak --report target/soak/report.json [--totals]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import http.client
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "soak-token-0123456789"
KINDS = {
    "validation",
    "not_found",
    "timeout",
    "actor_down",
    "overloaded",
    "unauthorized",
    "shutdown",
    "internal",
    "unavailable",
}
SLACK_S = 2.0
DOMAIN = ["prover", "genetic_engine", "self_healer"]

CONFIG = f"""
[supervisor]
max_restarts = 100000      # the soak kills and crashes on purpose: escalation is not what it tests
period_ms = 1000
[children.prover]
handler_limit_ms = 3000
[children.genetic_engine]
handler_limit_ms = 5000
[children.self_healer]
backoff = {{ initial_ms = 10, max_ms = 200 }}
[children.prover_pool]
max_restarts = 100000
period_ms = 1000
[children.islands]
max_restarts = 100000
period_ms = 1000
[genetic_engine.defaults]
generations = 3
islands = 2
population = 12
[self_healer]
liveness_check_ms = 500
agent_timeout_ms = 300
circuit_break_ms = 300
[daemon.auth]
token = "{TOKEN}"
token_env = "HMS_SOAK_NO_SUCH_VAR"
[daemon.logging]
level = "error"
"""


def workload() -> list[dict[str, Any]]:
    """The calls every client makes, in turn: all three domain actors."""
    cases = json.loads((ROOT / "actors/tests/cases/prover.json").read_text())
    patient = cases["base_patient"]
    plan = {"treatment_plan": cases["regimens"]["adalimumab"]}
    record = {
        "patient_id": "S-1",
        "demographics": {"age": "42", "weight": 65.5, "height": 170.0},
        "units": {"CRP": "mg/dL"},
        "biomarkers": {"serum_markers": {"CRP": 1.25}},
    }
    return [
        {
            "actor": "prover",
            "timeout_ms": 5000,
            "journaled": True,
            "message": {
                "type": "verify_treatment_plan",
                "plan": plan,
                "patient": patient,
                "as_of": cases["as_of"],
            },
        },
        {"actor": "self_healer", "timeout_ms": 5000, "message": {"type": "detect_anomalies", "data": record}},
        {
            "actor": "prover",
            "timeout_ms": 5000,
            "message": {
                "type": "simulate_treatment_outcome",
                "plan": plan,
                "patient": patient,
                "n": 200,
                "seed": 1,
            },
        },
        {
            "actor": "self_healer",
            "timeout_ms": 5000,
            "journaled": True,
            "message": {"type": "apply_healing", "data": record, "context": {}},
        },
        {
            "actor": "genetic_engine",
            "timeout_ms": 10000,
            "message": {
                "type": "optimize_treatment",
                "patient": patient,
                "options": {"generations": 2, "seed": 7},
            },
        },
        {"actor": "self_healer", "timeout_ms": 5000, "message": {"type": "monitor_system_health"}},
    ]


def plan_faults(seed: int, seconds: float) -> list[dict[str, Any]]:
    """The fault schedule: the same seed plans the same faults at the same offsets."""
    rng = random.Random(seed)
    steps: list[dict[str, Any]] = []
    t = 1.0
    while t < seconds - 2:
        actor = rng.choice([*DOMAIN, "checker-0", "island-0"])
        kind = rng.choices(
            ["panic_next", "panic", "hang", "delay", "kill", "fail_restarts", "error"],
            weights=[4, 2, 1, 2, 3, 1, 2],
        )[0]
        fault: dict[str, Any] = {"fault": kind}
        if kind == "panic":
            fault.update(probability=round(rng.uniform(0.05, 0.5), 2), seed=rng.randrange(1 << 32))
        elif kind == "delay":
            fault["ms"] = rng.randrange(20, 400)
        elif kind == "fail_restarts":
            fault["count"] = rng.randrange(1, 3)
        elif kind == "error":
            fault.update(kind="internal", message="injected by the soak", count=rng.randrange(1, 5))
        steps.append({"at": round(t, 3), "actor": actor, "fault": fault})
        if kind in ("panic", "delay", "fail_restarts"):
            # Persistent faults are cleared again; a failing restart needs a kill to show.
            follow = {"panic": "clear", "delay": "clear", "fail_restarts": "kill"}[kind]
            steps.append(
                {
                    "at": round(t + rng.uniform(0.5, 3.0), 3),
                    "actor": actor,
                    "fault": {"fault": "kill"} if follow == "kill" else None,
                }
            )
        t += rng.expovariate(2.5)
    return sorted(steps, key=lambda s: s["at"])


def digest(steps: list[dict[str, Any]]) -> str:
    return hashlib.sha256(json.dumps(steps, sort_keys=True).encode()).hexdigest()[:16]


@dataclass
class Tally:
    calls: int = 0
    replies: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    late: int = 0
    unknown: list[str] = field(default_factory=list)
    max_ms: float = 0.0
    acked: set[int] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, took: float, deadline: float, kind: str | None, ids: list[int] | None = None) -> None:
        with self.lock:
            self.calls += 1
            self.max_ms = max(self.max_ms, took * 1000)
            if took > deadline + SLACK_S:
                self.late += 1
            if kind is None:
                self.replies += 1
                self.acked.update(ids or [])
            elif kind in KINDS:
                self.errors[kind] = self.errors.get(kind, 0) + 1
            else:
                self.unknown.append(kind)

    def summary(self) -> dict[str, Any]:
        return {
            "calls": self.calls,
            "replies": self.replies,
            "errors": self.errors,
            "late": self.late,
            "unknown": self.unknown[:10],
            "max_ms": round(self.max_ms, 1),
        }


class Daemon:
    def __init__(self, hmsd: str, port: int, data: Path, config: Path) -> None:
        self.args = [hmsd, "--listen", f"127.0.0.1:{port}", "--data-dir", str(data), "--config", str(config)]
        self.base = f"127.0.0.1:{port}"
        self.proc: subprocess.Popen[str] | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(self.args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline() if self.proc.stdout else ""
        if "listening on" not in line:
            raise SystemExit(f"hmsd did not start: {line!r}")

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> int:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=60)


def request(
    base: str, method: str, path: str, body: Any = None, timeout: float = 30.0, token: bool = False
) -> tuple[int, Any, dict[str, str]]:
    conn = http.client.HTTPConnection(base, timeout=timeout)
    headers = {"Content-Type": "application/json"} if body is not None else {}
    if token:
        headers["Authorization"] = f"Bearer {TOKEN}"
    try:
        conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        res = conn.getresponse()
        raw = res.read()
        value = json.loads(raw) if raw and res.getheader("content-type", "").endswith("json") else raw
        return res.status, value, {k.lower(): v for k, v in res.getheaders()}
    finally:
        conn.close()


# Set while the soak has the daemon down (between its SIGKILL and the restart's first line):
# only then is a refused or reset connection the expected answer.
DAEMON_DOWN = threading.Event()
RESTARTED_AT = [0.0]


def http_client(base: str, steps: list[dict[str, Any]], until: float, offset: int, tally: Tally) -> None:
    i = offset
    while time.monotonic() < until:
        step = steps[i % len(steps)]
        i += 1
        deadline = step["timeout_ms"] / 1000
        start = time.monotonic()
        try:
            status, value, headers = request(
                base,
                "POST",
                f"/v1/actors/{step['actor']}/call?timeout_ms={step['timeout_ms']}",
                step["message"],
                timeout=deadline + SLACK_S + 5,
            )
            took = time.monotonic() - start
            if status == 200:
                ids = headers.get("hms-journal-ids")
                if step.get("journaled") and not ids:
                    tally.add(took, deadline, "unknown: a journaled call came back without journal ids")
                else:
                    tally.add(took, deadline, None, [int(x) for x in ids.split(",")] if ids else [])
            else:
                kind = value.get("kind") if isinstance(value, dict) else None
                tally.add(took, deadline, kind if kind in KINDS else f"unknown: HTTP {status} {value!r:.200}")
        except (ConnectionError, socket.timeout, OSError) as e:
            took = time.monotonic() - start
            # Refused or reset while the daemon restarts: the call was not taken.
            refused = isinstance(
                e, (ConnectionRefusedError, ConnectionResetError, BrokenPipeError)
            ) or isinstance(e, http.client.RemoteDisconnected)
            # Any other connection error, or one while the daemon runs, is outside the taxonomy.
            restarting = DAEMON_DOWN.is_set() or time.monotonic() - RESTARTED_AT[0] < 1.0
            tally.add(took, deadline, "actor_down" if refused and restarting else f"unknown: {e!r}")
            time.sleep(0.02)


async def python_clients(url: str, steps: list[dict[str, Any]], until: float, n: int, tally: Tally) -> None:
    import hms

    client = hms.connect(url, token=TOKEN)

    async def one(offset: int) -> None:
        i = offset
        while time.monotonic() < until:
            step = steps[i % len(steps)]
            i += 1
            deadline = step["timeout_ms"] / 1000
            start = time.monotonic()
            try:
                await client.call(step["actor"], step["message"], timeout=deadline)
                tally.add(time.monotonic() - start, deadline, None)
            except hms.HmsError as e:
                tally.add(time.monotonic() - start, deadline, e.kind)
                await asyncio.sleep(0.02)
            except Exception as e:  # noqa: BLE001 - anything else is outside the taxonomy
                tally.add(time.monotonic() - start, deadline, f"unknown: {e!r}")

    await asyncio.gather(*(one(k) for k in range(n)))
    await client.close()


def python_agent(base: str, until: float, tally: Tally) -> None:
    """The A2A agent the self-healer asks for a recovery strategy, over hmsd's agent API."""
    rng = random.Random(1)
    opened = False
    while time.monotonic() < until:
        try:
            if not opened:
                status, _, _ = request(base, "POST", "/v1/agents/a2a", {}, token=True)
                opened = status in (201, 422)  # 422: still open from before
                if not opened:
                    time.sleep(0.2)
                    continue
            status, letter, _ = request(base, "GET", "/v1/agents/a2a/next?timeout_ms=1000", token=True)
            if status == 204:
                continue
            if status != 200:
                opened = False
                time.sleep(0.1)
                continue
            strategy = rng.choice(["restart", "restart", "reconfigure"])
            start = time.monotonic()
            status, _, _ = request(
                base,
                "POST",
                f"/v1/agents/a2a/answers/{letter['id']}",
                {"reply": {"strategy": strategy, "reason": "soak agent"}},
                token=True,
            )
            tally.add(time.monotonic() - start, 5.0, None if status == 200 else "not_found")
        except (ConnectionError, socket.timeout, OSError):
            opened = False
            time.sleep(0.2)


def inject(base: str, steps: list[dict[str, Any]], t0: float, until: float, applied: list[Any]) -> None:
    for step in steps:
        wait = t0 + step["at"] - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        if time.monotonic() >= until:
            return
        try:
            if step["fault"] is None:
                status, _, _ = request(base, "DELETE", f"/v1/faults?actor={step['actor']}", token=True)
            else:
                status, _, _ = request(
                    base, "POST", "/v1/faults", {"actor": step["actor"], "fault": step["fault"]}, token=True
                )
        except OSError:
            status = 0
        applied.append((step["at"], step["actor"], step["fault"] and step["fault"]["fault"], status))


def sample(pid_of: Any, until: float, samples: list[tuple[float, int, int, int]], t0: float) -> None:
    while time.monotonic() < until:
        pid = pid_of()
        try:
            rss = next(
                int(line.split()[1])
                for line in Path(f"/proc/{pid}/status").read_text().splitlines()
                if line.startswith("VmRSS:")
            )
            fds = len(os.listdir(f"/proc/{pid}/fd"))
            samples.append((round(time.monotonic() - t0, 1), pid, rss, fds))
        except (FileNotFoundError, ProcessLookupError, StopIteration):
            pass
        time.sleep(2)


def journal_ids(base: str) -> set[int]:
    ids: set[int] = set()
    for kind in ("verification", "healing"):
        after = 0
        while True:
            status, page, _ = request(
                base, "GET", f"/v1/journal?kind={kind}&limit=10000&after_id={after}", token=True
            )
            assert status == 200, page
            if not page["records"]:
                break
            for r in page["records"]:
                ids.add(r["id"])
                after = r["id"]
    return ids


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=600)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--hmsd", default=str(ROOT / "target/debug/hmsd"))
    ap.add_argument("--go-client", required=True)
    ap.add_argument("--report", default=str(ROOT / "target/soak/report.json"))
    ap.add_argument("--totals", action="store_true", help="also require >= 100,000 calls and >= 1,000 faults")
    args = ap.parse_args()

    steps = plan_faults(args.seed, args.seconds)
    assert digest(plan_faults(args.seed, args.seconds)) == digest(steps), (
        "the same seed plans the same faults"
    )
    assert digest(plan_faults(args.seed + 1, args.seconds)) != digest(steps)
    work = Path(tempfile.mkdtemp(prefix="hms-soak-"))
    (work / "hmsd.toml").write_text(CONFIG)
    load = workload()
    (work / "workload.json").write_text(json.dumps(load))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    daemon = Daemon(args.hmsd, port, work / "data", work / "hmsd.toml")
    daemon.start()
    base, url = daemon.base, f"http://{daemon.base}"
    t0 = time.monotonic()
    until = t0 + args.seconds
    tallies = {name: Tally() for name in ("http", "python", "python_agent", "go", "ruby")}
    applied: list[Any] = []
    samples: list[tuple[float, int, int, int]] = []
    threads = [
        threading.Thread(target=http_client, args=(base, load, until, k, tallies["http"])) for k in range(4)
    ]
    threads.append(threading.Thread(target=python_agent, args=(base, until, tallies["python_agent"])))
    threads.append(threading.Thread(target=inject, args=(base, steps, t0, until, applied)))
    threads.append(threading.Thread(target=sample, args=(lambda: daemon.proc.pid, until, samples, t0)))
    threads.append(
        threading.Thread(target=lambda: asyncio.run(python_clients(url, load, until, 4, tallies["python"])))
    )
    env = dict(os.environ, HMS_LIB=str(Path(args.hmsd).parent / "libhms.so"))
    go = subprocess.Popen(
        [
            args.go_client,
            "-url",
            url,
            "-token",
            TOKEN,
            "-seconds",
            str(args.seconds),
            "-workload",
            str(work / "workload.json"),
            "-workers",
            "4",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    ruby = subprocess.Popen(
        [
            "ruby",
            str(ROOT / "tests/soak/client.rb"),
            url,
            TOKEN,
            str(args.seconds),
            str(work / "workload.json"),
            "2",
        ],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    for t in threads:
        t.start()
    # Halfway, the daemon dies without warning and comes back on the same port and data.
    time.sleep(args.seconds / 2)
    killed_pid = daemon.proc.pid if daemon.proc else 0
    DAEMON_DOWN.set()
    daemon.kill()
    daemon.start()
    RESTARTED_AT[0] = time.monotonic()
    DAEMON_DOWN.clear()
    for t in threads:
        t.join()
    for name, proc in (("go", go), ("ruby", ruby)):
        out, _ = proc.communicate(timeout=120)
        got = json.loads(out.strip().splitlines()[-1])
        tally = tallies[name]
        tally.calls, tally.replies, tally.late = got["calls"], got["replies"], got["late"]
        tally.errors, tally.max_ms = dict(got["errors"] or {}), got["max_ms"]
        tally.unknown = list(got["unknown"] or [])
        for kind in list(tally.errors):
            if kind not in KINDS:
                tally.unknown.append(kind)

    acked = set().union(*(t.acked for t in tallies.values()))
    stored = journal_ids(base)
    lost = sorted(acked - stored)
    code = daemon.stop()
    after = [s for s in samples if s[1] != killed_pid]  # the incarnation after the SIGKILL
    quarter = max(1, len(after) // 4)
    rss_start = statistics.median(s[2] for s in after[:quarter]) if after else 0
    rss_end = statistics.median(s[2] for s in after[-quarter:]) if after else 0
    faults = sum(1 for a in applied if a[2] is not None and a[3] == 201)
    calls = sum(t.calls for t in tallies.values())
    report = {
        "seed": args.seed,
        "seconds": args.seconds,
        "schedule_digest": digest(steps),
        "faults_planned": sum(1 for s in steps if s["fault"] is not None),
        "faults_injected": faults,
        "faults_by_kind": {
            k: sum(1 for a in applied if a[2] == k and a[3] == 201)
            for k in sorted({a[2] for a in applied if a[2]})
        },
        "calls": calls,
        "clients": {n: t.summary() for n, t in tallies.items()},
        "late": sum(t.late for t in tallies.values()),
        "unknown": sum(len(t.unknown) for t in tallies.values()),
        "acknowledged_records": len(acked),
        "lost_records": len(lost),
        "lost_examples": lost[:5],
        "daemon_killed_and_restarted": 1,
        "exit_code_after_sigterm": code,
        "rss_kb": {
            "max": max((s[2] for s in samples), default=0),
            "start_median": rss_start,
            "end_median": rss_end,
        },
        "fds": {"max": max((s[3] for s in samples), default=0)},
        "samples": samples,
    }
    checks = {
        "no call outlived its deadline": report["late"] == 0,
        "every error is of the taxonomy": report["unknown"] == 0,
        "no acknowledged record lost": not lost and len(acked) > 0,
        "RSS bounded (below 1 GiB; end within 1.5x of the start after the restart + 64 MB)": report["rss_kb"][
            "max"
        ]
        < 1 << 20
        and rss_end <= 1.5 * rss_start + 65536,
        "open files bounded (below 512)": 0 < report["fds"]["max"] < 512,
        "every client made calls": all(t.calls > 0 for n, t in tallies.items() if n != "python_agent"),
        "hmsd exits 0 on SIGTERM after the soak": code == 0,
    }
    if args.totals:
        checks["at least 100,000 calls"] = calls >= 100_000
        checks["at least 1,000 injected faults"] = faults >= 1000
    report["checks"] = checks
    Path(args.report).parent.mkdir(parents=True, exist_ok=True)
    Path(args.report).write_text(json.dumps(report, indent=1))
    print(json.dumps({k: v for k, v in report.items() if k != "samples"}, indent=1))
    failed = [k for k, ok in checks.items() if not ok]
    for k, ok in checks.items():
        print(f"{'ok  ' if ok else 'FAIL'} {k}")
    if failed:
        print(f"the daemon's data and config are kept in {work}")
        return 1
    shutil.rmtree(work, ignore_errors=True)  # a journal of hundreds of MB per run otherwise piles up in /tmp
    return 0


if __name__ == "__main__":
    sys.exit(main())
