"""How calls share the event loop: calls answered while the loop waits in
place (nothing else ready) still give the loop a turn every millisecond."""

from __future__ import annotations

import asyncio

import pytest

import hms
from hms import _bridge


async def test_calls_answered_in_place_still_let_timers_run(
    rt: hms.Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every call answered in place (a generous wait): a timer due now must
    # still fire within a few YIELD_EVERY_S of calls, not only when a call is slow.
    monkeypatch.setattr(_bridge, "SPIN_US", 100_000)
    loop = asyncio.get_running_loop()
    for i in range(5):
        fired: list[int] = []
        start = loop.time()
        loop.call_later(0, fired.append, i)
        calls = 0
        while not fired and calls < 2000:
            await rt.call("coordinator", {"type": "ping"})
            calls += 1
        took = loop.time() - start
        assert fired, f"round {i}: a due timer did not run during {calls} calls"
        assert took < 20 * _bridge.YIELD_EVERY_S, f"round {i}: the timer ran after {took:.4f} s"


async def test_answers_match_their_calls_in_both_paths(rt: hms.Runtime) -> None:
    # One at a time (answered in place) and many at once (through the pipe).
    for i in range(50):
        assert await rt.call("coordinator", {"type": "ping"}) == {"pong": True}, i
    replies = await asyncio.gather(*(rt.call("coordinator", {"type": "ping"}) for _ in range(200)))
    assert replies == [{"pong": True}] * 200
