"""Clean life cycle: interpreter exit with a running runtime and pending calls."""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys
import textwrap
from typing import Any

import pytest

import hms


def run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], check=False, capture_output=True, text=True, timeout=60
    )


def test_exit_with_a_running_runtime_and_pending_calls() -> None:
    p = run(
        """
        import asyncio, hms
        async def main():
            rt = await hms.Runtime.start()
            async def slow(msg):
                await asyncio.sleep(60)
            await rt.register_agent("slow", slow)
            for _ in range(10):
                asyncio.ensure_future(rt.call("slow", {}, timeout=60))
            asyncio.ensure_future(rt.optimize_treatment({}, {"generations": 2000}))
            await asyncio.sleep(0.2)
            print("leaving with calls pending")
        asyncio.run(main())
        """
    )
    assert p.returncode == 0, p.stderr
    assert "leaving with calls pending" in p.stdout
    assert "panic" not in p.stderr.lower() and "fatal" not in p.stderr.lower(), p.stderr


def test_asyncio_run_and_explicit_shutdown() -> None:
    p = run(
        """
        import asyncio, hms
        async def main():
            async with hms.Runtime.start() as rt:
                assert (await rt.health())["status"] == "healthy"
            assert not rt.is_running
            rt2 = await hms.Runtime.start()
            await rt2.shutdown()
            await rt2.shutdown()
        asyncio.run(main())
        asyncio.run(main())
        print("ok")
        """
    )
    assert p.returncode == 0 and p.stdout.strip() == "ok", p.stderr


def read_lines(path: pathlib.Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


async def test_an_embedded_runtime_journals_what_the_domain_keeps(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "journal.jsonl"
    plan = {
        "treatment_plan": [
            {"medication": "Adalimumab", "dosage": 40, "unit": "mg", "frequency": "every 2 weeks"}
        ]
    }
    async with hms.Runtime.start(f'[journal]\nfile = "{path}"\n') as rt:
        report = await rt.verify_treatment_plan(plan, {"patient_id": "P-9"})
        await rt.call("coordinator", {"type": "ping"})  # changes nothing: not journaled
    lines = read_lines(path)
    assert [(line["kind"], line["subject"]) for line in lines] == [("verification", "P-9")]
    assert lines[0]["data"]["status"] == report["status"]
    with pytest.raises(hms.ValidationError) as e:
        await hms.Runtime.start('[journal]\nfile = "/nonexistent-dir/hms/j.jsonl"\n')
    assert e.value.path == "journal.file"
