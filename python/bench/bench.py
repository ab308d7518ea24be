"""The Python bridge's figures, in the bench line format, one run:

    bench: <name> ours=<v><unit> anchor=<v><unit> (<anchor>) ratio=<r> goal <op> <g> met|MISSED

- ask latency with one call in flight (a `ping` to a Rust actor) against a
  pure-asyncio actor ask (Queue + Future), measured here; goal <= 2x;
- calls/s with 1000 in flight; goal >= 50,000/s, shown against Ray's
  published 1:1-with-1000-in-flight figure (~8,300 calls/s);
- Rust -> Python mailbox delivery: messages cast from Rust to a Python agent;
  goal >= 200,000 msgs/s.

    python python/bench/bench.py        (HMS_BENCH_QUICK=1 for shorter runs)
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
from typing import Any

import hms
from hms import _bridge

QUICK = bool(os.environ.get("HMS_BENCH_QUICK"))
RAY_PUBLISHED = 8_300.0


def line(
    name: str, ours: float, anchor: float, unit: str, label: str, op: str | None, goal: float | None
) -> bool:
    ratio = ours / anchor
    if op is None or goal is None:
        verdict, met = "info", True
    else:
        met = ratio >= goal if op == ">=" else ratio <= goal
        verdict = f"goal {op} {goal:.2f} {'met' if met else 'MISSED'}"
    print(
        f"bench: {name} ours={ours:.1f}{unit} anchor={anchor:.1f}{unit} ({label}) ratio={ratio:.3f} {verdict}"
    )
    return met


class AsyncioActor:
    """The floor: an asyncio actor that answers asks through a Queue and Futures."""

    def __init__(self) -> None:
        self.queue: asyncio.Queue[tuple[Any, asyncio.Future[Any]]] = asyncio.Queue()
        self.task = asyncio.get_running_loop().create_task(self.run())

    async def run(self) -> None:
        while True:
            msg, fut = await self.queue.get()
            fut.set_result({"pong": True, "msg": msg})

    async def ask(self, msg: Any) -> Any:
        fut: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        await self.queue.put((msg, fut))
        return await fut


def quantiles(samples: list[float]) -> tuple[float, float]:
    samples.sort()
    return samples[len(samples) // 2], samples[int(len(samples) * 0.99)]


async def one_in_flight(ask: Any, n: int) -> tuple[float, float]:
    for _ in range(200):
        await ask()
    lat = []
    for _ in range(n):
        t = time.perf_counter()
        await ask()
        lat.append((time.perf_counter() - t) * 1e6)
    return quantiles(lat)


async def main() -> None:
    ping = {"type": "ping"}
    n = 2_000 if QUICK else 10_000
    async with hms.Runtime.start() as rt:
        actor = AsyncioActor()
        floor_p50, floor_p99 = await one_in_flight(lambda: actor.ask(ping), n)
        p50, p99 = await one_in_flight(lambda: rt.call("coordinator", ping), n)
        print(
            f"# one in flight: hms p50 {p50:.1f} us, p99 {p99:.1f} us; pure asyncio p50 {floor_p50:.1f} us, p99 {floor_p99:.1f} us"
        )
        results = [
            line("py_ask_p50", p50, floor_p50, "us", "pure-asyncio actor ask", "<=", 2.0),
            line("py_ask_p99", p99, floor_p99, "us", "pure-asyncio actor ask", None, None),
        ]

        rounds = 5 if QUICK else 20
        rates = []
        for _ in range(rounds):
            t = time.perf_counter()
            await asyncio.gather(*(rt.call("coordinator", ping) for _ in range(1000)))
            rates.append(1000 / (time.perf_counter() - t))
        results.append(
            line(
                "py_calls_per_s_1000_in_flight",
                statistics.median(rates),
                RAY_PUBLISHED,
                "/s",
                "Ray 2.50 published, 1:1 with 1000 in flight",
                ">=",
                50_000 / RAY_PUBLISHED,
            )
        )

        total = 20_000 if QUICK else 100_000
        got = 0
        done = asyncio.Event()

        def sink(msg: Any) -> None:
            nonlocal got
            got += 1
            if got == total:
                done.set()

        await rt.register_agent("sink", sink)
        t = time.perf_counter()
        await _bridge.run(rt._native.flood, "sink", '{"type": "tick"}', total)
        await asyncio.wait_for(done.wait(), 300)
        rate = total / (time.perf_counter() - t)
        results.append(
            line("rust_to_python_msgs_per_s", rate, 200_000, "/s", "goal 200,000 msgs/s", ">=", 1.0)
        )
        actor.task.cancel()
    print(f"# {len(results)} figures, {results.count(False)} goals missed")


if __name__ == "__main__":
    asyncio.run(main())
