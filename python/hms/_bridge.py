"""The Python half of the native bridge. Each event loop gets one completion
channel: the Rust side queues outcomes (and agent messages) and wakes the
loop through a pipe only when the queue was idle; the loop then settles
everything queued at once."""

from __future__ import annotations

import asyncio
import json
import os
import time
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
        # When a call last gave the loop a turn (see `run`).
        self.yielded_at = 0.0
        os.set_blocking(self.fd, False)
        loop.add_reader(self.fd, self.drain)

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id

    def drain(self) -> None:
        self.yielded_at = time.monotonic()
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
# The last loop and its channel: most programs have one loop, and this skips the weak-dict lookup.
_last: list[Any] = [None, None]


def channel() -> Channel:
    loop = asyncio.get_running_loop()
    if _last[0] is loop:
        return _last[1]  # type: ignore[no-any-return]
    ch = _channels.get(loop)
    if ch is None:
        ch = _channels[loop] = Channel(loop)
    _last[0], _last[1] = loop, ch
    return ch


class _Future(asyncio.Future):  # type: ignore[type-arg]
    """A future whose cancellation aborts the Rust task (cheaper than a done-callback per call)."""

    _hms_task: Any = None

    def cancel(self, msg: Any = None) -> bool:
        if self._hms_task is not None:
            self._hms_task.abort()
        return super().cancel(msg)


# How long the loop may wait in place for a call when it has nothing else to
# do: a short call answers well within it, and waiting in place (without the
# GIL) spares a cross-thread wake-up through the pipe. HMS_SPIN_US=0 turns
# it off.
SPIN_US = int(os.environ.get("HMS_SPIN_US", "50"))
YIELD_EVERY_S = 0.001


def _idle(ch: Channel) -> bool:
    """No other hms operation in flight and no callback ready to run. asyncio's
    ready queue is private (`_ready`); a loop without one (uvloop) never waits."""
    return not ch.futures and not getattr(ch.loop, "_ready", True)


def _settle_here(ch: Channel, fut: asyncio.Future[Any], got: tuple[bool, Any]) -> None:
    """Settles an outcome taken on the loop's own thread: at once (its await returns
    without a loop turn, like a ready Queue.get), except that a run of such calls still
    lets timers and I/O run at least every YIELD_EVERY_S."""
    now = time.monotonic()
    if now - ch.yielded_at < YIELD_EVERY_S:
        settle(fut, *got)
    else:
        ch.yielded_at = now
        ch.loop.call_soon(settle, fut, *got)


def run(op: Callable[..., Any], *args: Any) -> asyncio.Future[Any]:
    """Starts a native operation and returns the future it completes; cancelling the
    future aborts the Rust task (whose completion then only removes the entry). An
    operation answered on this thread (a call to an idle actor runs its handler here)
    hands back `(ok, payload)` instead of a task."""
    ch = channel()
    fut = _Future(loop=ch.loop)
    ch.next_id += 1
    fid = ch.next_id
    alone = _idle(ch)
    ch.futures[fid] = fut
    try:
        task = op(ch.native, fid, *args)
    except BaseException:
        del ch.futures[fid]
        raise
    if type(task) is tuple:
        del ch.futures[fid]
        _settle_here(ch, fut, task)
        return fut
    fut._hms_task = task
    if alone and SPIN_US > 0:
        got = ch.native.wait_alone(fid, SPIN_US)
        if got is not None:
            del ch.futures[fid]
            _settle_here(ch, fut, got)
    return fut


_native.install(make_error)
