"""The Python half of the native bridge: settles asyncio futures that the
Rust side completes, and hands agent messages to their handlers."""

from __future__ import annotations

import asyncio
import json
from typing import Any, Callable

from . import _native
from .errors import make_error


def settle(fut: asyncio.Future[Any], ok: bool, payload: Any) -> None:
    """Runs on the future's loop (scheduled by Rust with `call_soon_threadsafe`)."""
    if fut.done():
        return
    if ok:
        fut.set_result(None if payload is None else json.loads(payload))
    else:
        kind, message, path = payload
        fut.set_exception(make_error(kind, message, path))


def dispatch(agent: Any, message: str, reply: Any) -> None:
    """Runs on the agent's loop: one message for one agent."""
    agent._deliver(json.loads(message), reply)


def run(op: Callable[..., Any], *args: Any) -> asyncio.Future[Any]:
    """Starts a native operation and returns the future it settles; cancelling the future cancels it."""
    loop = asyncio.get_running_loop()
    fut: asyncio.Future[Any] = loop.create_future()
    task = op(loop, fut, *args)
    fut.add_done_callback(task)
    return fut


_native.install(settle, dispatch, make_error)
