"""Python agents in the tree: called from Python and from Rust actors,
restarted when their handler raises, pull-style mailboxes, cancellation."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from conftest import PATIENT, PLAN

import hms


async def test_agent_answers_calls(rt: hms.Runtime) -> None:
    async def echo(msg: Any) -> Any:
        await asyncio.sleep(0)
        return {"echo": msg}

    await rt.register_agent("echo", echo)
    assert await rt.call("echo", {"type": "ping", "n": 1}) == {"echo": {"type": "ping", "n": 1}}
    await rt.register_agent("sync", lambda msg: msg["n"] * 2)
    assert await rt.call("sync", {"n": 21}) == 42
    with pytest.raises(hms.ValidationError):
        await rt.register_agent("echo", echo)
    await rt.unregister_agent("echo")
    with pytest.raises((hms.NotFoundError, hms.ActorDownError)):
        await rt.call("echo", {"type": "ping"}, timeout=0.5)
    # The name can be taken again.
    await rt.register_agent("echo", lambda msg: "again")
    assert await rt.call("echo", {}) == "again"


async def test_a_raising_handler_is_restarted_and_shows_in_health(rt: hms.Runtime) -> None:
    async def flaky(msg: Any) -> Any:
        if msg.get("fail"):
            raise RuntimeError("handler bug")
        return "ok"

    await rt.register_agent("flaky", flaky, max_restarts=5, within=10.0)
    with pytest.raises(hms.ActorDownError) as e:
        await rt.call("flaky", {"fail": True})
    assert "handler bug" in str(e.value)
    assert await rt.call("flaky", {}) == "ok"
    health = await rt.health()
    agents = next(n for n in health["root"]["children"] if n["name"] == "agents")
    node = agents["children"][0]["children"][0]
    assert node["name"] == "flaky"
    assert node["restarts"]["total"] == 1
    assert rt.agent("flaky").crashes == 1


async def test_too_many_crashes_remove_the_agent(rt: hms.Runtime) -> None:
    def broken(msg: Any) -> Any:
        raise ValueError("always")

    await rt.register_agent("broken", broken, max_restarts=1, within=10.0)
    for _ in range(2):
        with pytest.raises(hms.ActorDownError):
            await rt.call("broken", {})
    await asyncio.sleep(0.2)
    with pytest.raises((hms.NotFoundError, hms.ActorDownError)):
        await rt.call("broken", {}, timeout=0.5)


async def test_self_healer_calls_the_python_agent(rt: hms.Runtime) -> None:
    asked: list[Any] = []

    async def a2a(msg: Any) -> Any:
        asked.append(msg)
        return {"strategy": "reconfigure", "reason": "python agent decided"}

    await rt.register_agent("a2a", a2a)
    await rt.inject_fault(
        "genetic_engine", {"fault": "error", "kind": "internal", "message": "broken optimizer"}
    )
    with pytest.raises(hms.InternalError):
        await rt.optimize_treatment(PATIENT)
    record = await rt.report_error("genetic_engine", "optimize_treatment fails")
    assert record["decided_by"].startswith("agent:a2a")
    assert record["strategy"] == "reconfigure"
    assert record["confirmed"] is True
    assert asked[0]["type"] == "recovery_request" and asked[0]["component"] == "genetic_engine"
    assert (await rt.optimize_treatment(PATIENT))["plan"]["treatment_plan"]


async def test_pull_mailbox(rt: hms.Runtime) -> None:
    box = await rt.mailbox("puller")

    async def serve() -> None:
        async for msg in box:
            await msg.reply({"got": msg.body["n"]})

    server = asyncio.create_task(serve())
    replies = await asyncio.gather(*(rt.call("puller", {"n": i}) for i in range(5)))
    assert [r["got"] for r in replies] == list(range(5))
    box.close()
    await server


async def test_cancelling_a_call_cancels_the_rust_side(rt: hms.Runtime) -> None:
    started = asyncio.Event()

    async def slow(msg: Any) -> Any:
        started.set()
        await asyncio.sleep(30)
        return "late"

    await rt.register_agent("slow", slow)
    call = asyncio.create_task(rt.call("slow", {}, timeout=60))
    await started.wait()
    call.cancel()
    with pytest.raises(asyncio.CancelledError):
        await call
    # The runtime keeps serving.
    assert (await rt.verify_treatment_plan(PLAN, PATIENT))["status"] == "proved"
