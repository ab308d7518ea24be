"""Python agents in the tree: called from Python and from Rust actors,
restarted when their handler raises, pull-style mailboxes, cancellation."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
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


async def _ticks_during(call: Any) -> tuple[Any, int]:
    """Runs `call` while a 10 ms ticker counts its turns on the same loop."""
    ticks = 0
    stop = asyncio.Event()

    async def ticker() -> None:
        nonlocal ticks
        while not stop.is_set():
            await asyncio.sleep(0.01)
            ticks += 1

    task = asyncio.create_task(ticker())
    await asyncio.sleep(0)
    try:
        result = await call
    finally:
        stop.set()
        await task
    return result, ticks


async def test_a_blocking_handler_on_a_thread_lets_other_coroutines_run(
    rt: hms.Runtime, caplog: pytest.LogCaptureFixture
) -> None:
    def blocking(msg: Any) -> Any:
        time.sleep(msg["s"])  # a dataframe transform, a model call
        return {"thread": threading.current_thread().name}

    await rt.register_agent("threaded", blocking, run_in="thread")
    answer, ticks = await _ticks_during(rt.call("threaded", {"s": 1.0}))
    assert answer["thread"].startswith("hms-agent-threaded")
    assert ticks >= 30, f"a 10 ms ticker ran {ticks} times during a 1 s handler on a thread"

    # The default runs a plain handler on the loop itself: the ticker stops, and the agent says why once.
    await rt.register_agent("inline", blocking)
    with caplog.at_level(logging.WARNING, logger="hms.agents"):
        answer, ticks = await _ticks_during(rt.call("inline", {"s": 0.5}))
    assert answer["thread"] == threading.current_thread().name
    assert ticks <= 3, f"the ticker ran {ticks} times while the loop was blocked"
    assert any("run_in='thread'" in r.getMessage() for r in caplog.records)


async def test_a_threaded_agent_handles_one_message_at_a_time_in_order(rt: hms.Runtime) -> None:
    running = 0
    most = 0
    seen: list[int] = []
    lock = threading.Lock()

    def counted(msg: Any) -> Any:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.01)
        seen.append(msg["i"])
        with lock:
            running -= 1
        return msg["i"]

    await rt.register_agent("one", counted, run_in="thread")
    for i in range(5):
        await rt.cast("one", {"i": i})
    answers = await asyncio.gather(*(rt.call("one", {"i": i}) for i in range(5, 12)))
    assert answers == list(range(5, 12))
    assert seen[:5] == list(range(5)), "casts sent one after another are handled in that order"
    assert most == 1, "an agent handles one message at a time, on a thread too"


async def test_a_handler_raising_on_a_thread_is_a_crash_and_restarts(rt: hms.Runtime) -> None:
    def flaky(msg: Any) -> Any:
        if msg.get("fail"):
            raise RuntimeError("threaded bug")
        return "ok"

    await rt.register_agent("tflaky", flaky, run_in="thread", max_restarts=5, within=10.0)
    with pytest.raises(hms.ActorDownError, match="threaded bug"):
        await rt.call("tflaky", {"fail": True})
    assert await rt.call("tflaky", {}) == "ok"
    assert rt.agent("tflaky").crashes == 1
    await rt.unregister_agent("tflaky")


async def test_bad_run_in_options_are_named(rt: hms.Runtime) -> None:
    async def coro(msg: Any) -> Any:
        return msg

    with pytest.raises(hms.ValidationError, match="run_in"):
        await rt.register_agent("a", coro, run_in="thread")
    with pytest.raises(hms.ValidationError, match="run_in"):
        await rt.register_agent("b", lambda m: m, run_in="process")  # type: ignore[arg-type]
    assert "a" not in rt.names() and "b" not in rt.names()
