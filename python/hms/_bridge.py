"""The Python half of the native bridge. Each event loop gets one completion
channel: the Rust side queues outcomes (and agent messages) and wakes the
loop through a pipe only when the queue was idle; the loop then settles
everything queued at once."""

from __future__ import annotations

import asyncio
import json
import os
import weakref
from typing import Any, Callable

from . import _native
from .errors import make_error


def settle(fut: asyncio.Future[Any], ok: bool, payload: Any) -> None:
    if fut.done():
        return
    if ok:
        fut.set_result(None if payload is None else json.loads(payload))
    else:
        kind, message, path = payload
        fut.set_exception(make_error(kind, message, path))


class Channel:
    """The completion channel of one event loop."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.native = _native.Completions()
        self.fd = self.native.fileno()
        self.futures: dict[int, asyncio.Future[Any]] = {}
        self.agents: dict[int, Any] = {}
        self.next_id = 0
        os.set_blocking(self.fd, False)
        loop.add_reader(self.fd, self.drain)

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id

    def drain(self) -> None:
        try:
            os.read(self.fd, 65536)
        except BlockingIOError:
            pass
        done, deliveries = self.native.take()
        for fid, ok, payload in done:
            fut = self.futures.pop(fid, None)
            if fut is not None:
                settle(fut, ok, payload)
        for agent_id, message, reply in deliveries:
            agent = self.agents.get(agent_id)
            if agent is None:
                reply.fail("not_found", "the agent is gone")
            else:
                agent._deliver(json.loads(message), reply)


_channels: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Channel] = weakref.WeakKeyDictionary()


def channel() -> Channel:
    loop = asyncio.get_running_loop()
    ch = _channels.get(loop)
    if ch is None:
        ch = _channels[loop] = Channel(loop)
    return ch


def run(op: Callable[..., Any], *args: Any) -> asyncio.Future[Any]:
    """Starts a native operation and returns the future it completes; cancelling the future cancels it."""
    ch = channel()
    fut: asyncio.Future[Any] = ch.loop.create_future()
    fid = ch.new_id()
    ch.futures[fid] = fut
    task = op(ch.native, fid, *args)

    def done(f: asyncio.Future[Any]) -> None:
        if f.cancelled():
            ch.futures.pop(fid, None)
            task.abort()

    fut.add_done_callback(done)
    return fut


_native.install(make_error)
