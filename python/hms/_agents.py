"""Python agents: async handlers that own a mailbox in the supervision tree."""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
from collections.abc import Awaitable
from typing import Any, Callable, Union

log = logging.getLogger("hms.agents")

Handler = Callable[[Any], Union[Awaitable[Any], Any]]


class Agent:
    """Runs `handler` for each message; its return value is the reply. A
    handler that raises is reported as a crash: the caller gets
    `ActorDownError` and the supervisor restarts the agent's bridge."""

    def __init__(self, name: str, handler: Handler, loop: asyncio.AbstractEventLoop) -> None:
        self.name = name
        self.handler = handler
        self.loop = loop
        self.crashes = 0
        # Coroutine functions (and objects whose __call__ is one) run as tasks; plain functions in line.
        call = (
            type(handler).__call__
            if not inspect.isfunction(handler) and not inspect.ismethod(handler)
            else None
        )
        self._is_async = inspect.iscoroutinefunction(handler) or inspect.iscoroutinefunction(call)
        self._tasks: set[asyncio.Task[None]] = set()

    def _deliver(self, message: Any, reply: Any) -> None:
        if not self._is_async:
            # A plain function is answered in line: no task per message.
            self._finish(message, reply)
            return
        task = self.loop.create_task(self._handle(message, reply))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _finish(self, message: Any, reply: Any) -> None:
        try:
            result = self.handler(message)
        except Exception as e:  # noqa: BLE001 - any exception is a crash, by the supervision rules
            self._crashed(e, reply)
            return
        if inspect.isawaitable(result):
            # A plain function that returned an awaitable: finish it as a task.
            task = self.loop.create_task(self._settle_awaitable(result, reply))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
            return
        self._answer(result, reply)

    async def _settle_awaitable(self, awaitable: Awaitable[Any], reply: Any) -> None:
        try:
            result = await awaitable
        except Exception as e:  # noqa: BLE001
            self._crashed(e, reply)
            return
        self._answer(result, reply)

    def _crashed(self, e: Exception, reply: Any) -> None:
        self.crashes += 1
        log.warning("agent %s: handler raised %s: %s", self.name, type(e).__name__, e)
        reply.crash(f"{type(e).__name__}: {e}")

    def _answer(self, result: Any, reply: Any) -> None:
        if not reply.wanted():  # a cast: nobody reads the answer
            return
        try:
            text = json.dumps(result, allow_nan=False)
        except (TypeError, ValueError) as e:
            reply.fail("internal", f"the reply of agent {self.name} is not JSON-serializable: {e}")
            return
        reply.reply(text)

    async def _handle(self, message: Any, reply: Any) -> None:
        try:
            result = self.handler(message)
            if inspect.isawaitable(result):
                result = await result
        except asyncio.CancelledError:
            reply.crash("the handler was cancelled")
            raise
        except Exception as e:  # noqa: BLE001 - any exception is a crash, by the supervision rules
            self._crashed(e, reply)
            return
        self._answer(result, reply)


class Message:
    """One message of a pull-style mailbox: read `body`, then `await reply(value)`."""

    def __init__(self, body: Any, future: asyncio.Future[Any]) -> None:
        self.body = body
        self._future = future

    async def reply(self, value: Any) -> None:
        if not self._future.done():
            self._future.set_result(value)

    async def fail(self, error: BaseException) -> None:
        if not self._future.done():
            self._future.set_exception(error)


class Mailbox:
    """`async for msg in mailbox:` yields each message; answer it with `await msg.reply(...)`."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._queue: asyncio.Queue[Message | None] = asyncio.Queue()

    async def _handler(self, body: Any) -> Any:
        fut: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        await self._queue.put(Message(body, fut))
        return await fut

    def close(self) -> None:
        self._queue.put_nowait(None)

    def __aiter__(self) -> Mailbox:
        return self

    async def __anext__(self) -> Message:
        msg = await self._queue.get()
        if msg is None:
            raise StopAsyncIteration
        return msg
