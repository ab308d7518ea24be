"""Clients at a surviving node: three hmsd nodes in a cluster on loopback, one
killed with SIGKILL while a Python client (hms.connect) keeps calling the
prover and the self-healer at another node; then the Go EMR (cmd/emr) and the
Ruby UHC (bin/uhc) get their answers there too, and a call routed to the lost
node ends with actor_down at once.

    python tests/cluster/clients.py --hmsd target/debug/hmsd --emr EMR_BINARY --uhc bridges/c/ruby/bin/uhc

Called by tests/c-abi (which builds the Go binary and sets HMS_LIB for Ruby).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import hms

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "cluster-clients-token"


def free_port() -> int:
    """A port below the kernel's ephemeral range, free now."""
    for port in range(21000 + os.getpid() % 4000, 32000):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port")


class Node:
    def __init__(self, hmsd: str, work: Path, name: str, port: int, seeds: list[int]) -> None:
        here = work / name
        here.mkdir(parents=True)
        (here / "cookie").write_text("cluster-clients-cookie\n")
        seed_list = ", ".join(f'"127.0.0.1:{p}"' for p in seeds)
        (here / "hmsd.toml").write_text(
            f'[daemon.auth]\ntoken = "{TOKEN}"\n\n[cluster]\nnode = "{name}"\n'
            f'listen = "127.0.0.1:{port}"\ncookie_file = "{here / "cookie"}"\nseeds = [{seed_list}]\n'
        )
        self.name = name
        self.log = open(here / "hmsd.log", "w")  # closed in stop()
        self.proc = subprocess.Popen(
            [
                hmsd,
                "--listen",
                "127.0.0.1:0",
                "--config",
                str(here / "hmsd.toml"),
                "--data-dir",
                str(here / "data"),
            ],
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
            env=dict(os.environ, RUST_LOG="warn"),
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        assert "listening on " in line, f"{name} did not start: {line!r}"
        self.url = line.split("listening on ")[1].split()[0]

    def cluster(self) -> dict[str, Any]:
        with urllib.request.urlopen(f"{self.url}/v1/cluster", timeout=5) as r:
            return dict(json.load(r))

    def state_of(self, peer: str) -> str | None:
        return next((n["state"] for n in self.cluster()["nodes"] if n["node"] == peer), None)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=30)
        self.log.close()


def wait_until(what: str, done: Any, within: float = 20.0) -> None:
    until = time.monotonic() + within
    while not done():
        if time.monotonic() > until:
            raise AssertionError(f"not within {within} s: {what}")
        time.sleep(0.05)


PLAN = {"treatment_plan": [{"medication": "Budesonide", "dosage": 9, "unit": "mg", "frequency": "daily"}]}
PATIENT = {"patient_id": "CL-1", "demographics": {"age": 40, "sex": "female", "weight": 65}}


async def python_client(url: str, seconds: float) -> tuple[int, list[str]]:
    """Calls the prover and the self-healer at `url` for `seconds`; the answers and the errors."""
    answers, errors = 0, []
    client = hms.connect(url, token=TOKEN)
    try:
        until = time.monotonic() + seconds
        while time.monotonic() < until:
            try:
                report = await client.verify_treatment_plan(PLAN, PATIENT)
                assert report["status"] in ("proved", "violated", "unknown"), report
                health = await client.monitor_system_health()
                assert "diagnosis" in health, health
                answers += 2
            except hms.HmsError as e:
                errors.append(f"{type(e).__name__}: {e}")
            await asyncio.sleep(0.02)
    finally:
        await client.close()
    return answers, errors


def run(cmd: list[str], want: int, needle: str, cwd: Path | None = None) -> str:
    out = subprocess.run(cmd, check=False, capture_output=True, text=True, cwd=cwd, timeout=120)
    text = out.stdout + out.stderr
    assert out.returncode == want and needle in text, f"{cmd} exited {out.returncode} (want {want}):\n{text}"
    return text


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--hmsd", default=str(ROOT / "target/debug/hmsd"))
    ap.add_argument("--emr", required=True, help="the Go cmd/emr binary")
    ap.add_argument("--uhc", default=str(ROOT / "bridges/c/ruby/bin/uhc"))
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="hms-cluster-clients-"))
    nodes: list[Node] = []
    try:
        ports = [free_port()]
        nodes.append(Node(args.hmsd, work, "a", ports[0], []))
        for name in ("b", "c"):
            ports.append(free_port())
            nodes.append(Node(args.hmsd, work, name, ports[-1], [ports[0]]))
        a, _, c = nodes
        for n in nodes:
            wait_until(f"{n.name} sees a, b and c up", lambda n=n: all(n.state_of(x) == "up" for x in "abc"))

        # SIGKILL c while the Python client calls at a.
        async def across_the_kill() -> tuple[int, list[str]]:
            calls = asyncio.create_task(python_client(a.url, 4.0))
            await asyncio.sleep(1.0)
            c.proc.send_signal(signal.SIGKILL)
            return await calls

        answers, errors = asyncio.run(across_the_kill())
        assert not errors, f"the Python client at a got errors while c died: {errors[:3]}"
        assert answers > 20, answers
        wait_until("a declares c down", lambda: a.state_of("c") == "down", within=10)
        print(f"Python at a: {answers} answers, no error, across the SIGKILL of c")

        out = run([args.emr, "-url", a.url, "-token", TOKEN], 1, f"hmsd at {a.url}")
        print("Go EMR at a:", out.splitlines()[0])
        out = run([args.emr, "-url", a.url, "-token", TOKEN, "-node", "b"], 1, f"hmsd at {a.url}, node b")
        print("Go EMR through a, on b:", out.splitlines()[0])
        run([args.emr, "-url", a.url, "-token", TOKEN, "-node", "c"], 2, "actor_down")
        print("Go EMR through a, on the lost c: actor_down, exit 2")
        ruby_dir = Path(args.uhc).parent.parent
        out = run(["ruby", args.uhc, "--url", a.url, "--token", TOKEN], 0, f"hmsd at {a.url}", cwd=ruby_dir)
        print("Ruby UHC at a:", out.splitlines()[0])
        out = run(
            ["ruby", args.uhc, "--url", a.url, "--token", TOKEN, "--node", "b"], 0, "node b", cwd=ruby_dir
        )
        print("Ruby UHC through a, on b:", out.splitlines()[0])

        # A Python client bound to node b through a: its calls run on b.
        async def on_b() -> None:
            client = hms.connect(a.url, token=TOKEN, node="b")
            try:
                report = await client.verify_treatment_plan(PLAN, PATIENT)
                assert report["status"] in ("proved", "violated", "unknown"), report
                bound_to_c = hms.connect(a.url, token=TOKEN, node="c")
                try:
                    await bound_to_c.monitor_system_health()
                    raise AssertionError("a call bound to the lost node answered")
                except hms.ActorDownError:
                    pass
            finally:
                await client.close()

        asyncio.run(on_b())
        print("Python bound to b through a: answered; bound to c: ActorDownError")

        # A call routed to the lost node ends at once, named.
        req = urllib.request.Request(
            f"{a.url}/v1/actors/prover/call?node=c&timeout_ms=5000",
            data=json.dumps({"type": "verify_treatment_plan", "plan": PLAN, "patient": PATIENT}).encode(),
            headers={"Content-Type": "application/json"},
        )
        start = time.monotonic()
        try:
            urllib.request.urlopen(req, timeout=10)
            raise AssertionError("a call to the lost node answered")
        except urllib.error.HTTPError as e:
            body = json.load(e)
            assert e.code == 503 and body["kind"] == "actor_down", (e.code, body)
        assert time.monotonic() - start < 1.0
        print("a call routed to c: 503 actor_down at once")
    finally:
        for n in nodes:
            n.stop()
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
