"""How much memory hmsd keeps after large requests, per allocator.

Starts hmsd once per allocator (the binary as built; with the system
allocator: glibc's malloc, glibc with two arenas, and jemalloc and mimalloc
preloaded from Debian's packages), measures its RSS idle, sends large requests (an 11 MB
cohort to detect_anomalies, a few at once), then measures RSS again after
a pause. Prints one line per allocator with peak and retained memory; the
retained/baseline ratio is the figure to choose by.

    python3 daemon/benches/memory.py [--hmsd target/release/hmsd] [--rounds 5]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import subprocess
import tempfile
import threading
import time
from pathlib import Path

LIBS = Path("/usr/lib/x86_64-linux-gnu")


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def cohort_body(mb: float) -> bytes:
    record = {
        "patient_id": "P-0",
        "demographics": {"age": "42", "sex": "female", "weight": 65.5, "height": 170.0},
        "units": {"CRP": "mg/dL"},
        "biomarkers": {"serum_markers": {"CRP": 1.25, "ESR": 22}},
        "labs": [{"test": "CRP", "value": 1.25, "unit": "mg/dL", "date": "2026-11-01"}],
    }
    one = len(json.dumps(record)) + 2
    n = int(mb * 1e6 / one)
    data = [dict(record, patient_id=f"P-{i}") for i in range(n)]
    return json.dumps({"type": "detect_anomalies", "data": data}).encode()


def post(port: int, body: bytes) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    conn.request(
        "POST",
        "/v1/actors/self_healer/call?timeout_ms=300000",
        body=body,
        headers={"Content-Type": "application/json"},
    )
    res = conn.getresponse()
    res.read()
    conn.close()
    return res.status


def measure(hmsd: str, env: dict[str, str], body: bytes, rounds: int) -> dict[str, float]:
    work = Path(tempfile.mkdtemp(prefix="hms-mem-"))
    proc = subprocess.Popen(
        [hmsd, "--listen", "127.0.0.1:0", "--data-dir", str(work)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=dict(os.environ, RUST_LOG="error", **env),
    )
    line = proc.stdout.readline() if proc.stdout else ""
    port = int(line.split("listening on http://")[1].split()[0].rsplit(":", 1)[1])
    for _ in range(20):
        post(port, b'{"type": "monitor_system_health"}')
    time.sleep(1)
    baseline = rss_kb(proc.pid)
    peak = baseline
    for _ in range(rounds):
        # Two at once, as two clients would send them.
        threads = [threading.Thread(target=post, args=(port, body)) for _ in range(2)]
        for t in threads:
            t.start()
        while any(t.is_alive() for t in threads):
            peak = max(peak, rss_kb(proc.pid))
            time.sleep(0.05)
    time.sleep(3)
    soon = rss_kb(proc.pid)
    time.sleep(12)
    retained = rss_kb(proc.pid)
    proc.terminate()
    proc.wait()
    return {
        "baseline_mb": baseline / 1024,
        "peak_mb": peak / 1024,
        "after_3s_mb": soon / 1024,
        "retained_mb": retained / 1024,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--hmsd", default="target/release/hmsd")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--mb", type=float, default=11)
    ap.add_argument(
        "--system", action="store_true", help="the binary uses the system allocator: compare several"
    )
    args = ap.parse_args()
    body = cohort_body(args.mb)
    # The preloads and tunables act only on a binary built with the system allocator
    # (`--system-alloc`: `cargo build -p hmsd --no-default-features`).
    variants: list[tuple[str, dict[str, str]]] = [("as built", {})]
    if args.system:
        variants = [
            ("glibc malloc", {}),
            ("glibc, 2 arenas", {"GLIBC_TUNABLES": "glibc.malloc.arena_max=2"}),
        ]
        for name, lib, conf in (
            ("jemalloc", "libjemalloc.so.2", {}),
            (
                "jemalloc, background purge 1 s",
                "libjemalloc.so.2",
                {"MALLOC_CONF": "background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0"},
            ),
            ("mimalloc", "libmimalloc.so.2", {}),
            ("mimalloc, purge at once", "libmimalloc.so.2", {"MIMALLOC_PURGE_DELAY": "0"}),
        ):
            if (LIBS / lib).exists():
                variants.append((name + " (preloaded)", {"LD_PRELOAD": str(LIBS / lib), **conf}))
    print(f"{len(body) / 1e6:.1f} MB bodies, {args.rounds} rounds of 2 at once")
    for name, env in variants:
        m = measure(args.hmsd, env, body, args.rounds)
        print(
            f"bench: hmsd_memory allocator={name!r} baseline={m['baseline_mb']:.0f}MB "
            f"peak={m['peak_mb']:.0f}MB after_3s={m['after_3s_mb']:.0f}MB retained_15s={m['retained_mb']:.0f}MB "
            f"ratio={m['retained_mb'] / m['baseline_mb']:.2f} (retained / baseline)"
        )


if __name__ == "__main__":
    main()
