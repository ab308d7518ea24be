"""Python agents: async handlers that own a mailbox in the supervision tree."""

from __future__ import annotations

import asyncio
import contextvars
import inspect
import json
import logging
import time
from collections.abc import Awaitable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Literal, Union

from .errors import ValidationError

log = logging.getLogger("hms.agents")

Handler = Callable[[Any], Union[Awaitable[Any], Any]]
RunIn = Literal["loop", "thread"]

# A plain handler run on the loop that takes longer than this stops every other
# coroutine for that long: said once per agent, with the way out.
SLOW_ON_LOOP_S = 0.1


class Agent:
    """Runs `handler` for each message; its return value is the reply. A
    handler that raises is reported as a crash: the caller gets
    `ActorDownError` and the supervisor restarts the agent's bridge.

    Where it runs: a coroutine function always runs as a task on the loop. A
    plain function runs in line on the loop with `run_in="loop"` (the default:
    no thread hop, the fastest path, for handlers that return quickly), or on
    the agent's own thread with `run_in="thread"` (for handlers that block: a
    dataframe transform, a model call), so the loop keeps running meanwhile.
    Either way an agent handles one message at a time, in arrival order, as
    every actor of the tree does (its mailbox waits for each answer)."""

    def __init__(
        self,
        name: str,
        handler: Handler,
        loop: asyncio.AbstractEventLoop,
        *,
        run_in: RunIn = "loop",
    ) -> None:
        if run_in not in ("loop", "thread"):
            raise ValidationError(f"run_in: expected 'loop' or 'thread', got {run_in!r}")
        self.name = name
        self.handler = handler
        self.loop = loop
        self.crashes = 0
        self.run_in: RunIn = run_in
        call = (
            type(handler).__call__
            if not inspect.isfunction(handler) and not inspect.ismethod(handler)
            else None
        )
        self._is_async = inspect.iscoroutinefunction(handler) or inspect.iscoroutinefunction(call)
        if self._is_async and run_in == "thread":
            raise ValidationError(
                f"run_in: agent {name!r} has a coroutine handler, which runs on the event loop; "
                "'thread' is for plain functions that block"
            )
        self._pool = (
            ThreadPoolExecutor(1, thread_name_prefix=f"hms-agent-{name}") if run_in == "thread" else None
        )
        self._warned_slow = False
        self._tasks: set[asyncio.Task[None]] = set()

    def close(self) -> None:
        """Lets the agent's thread end once its current message is handled."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)

    def _deliver(self, message: Any, reply: Any) -> None:
        if self._pool is not None:
            ctx = contextvars.copy_context()
            try:
                done = self.loop.run_in_executor(self._pool, ctx.run, self.handler, message)
            except RuntimeError:  # the pool is shut down: the agent was unregistered
                reply.fail("not_found", f"agent {self.name} is gone")
                return
            done.add_done_callback(lambda f: self._threaded_done(f, reply))
            return
        if not self._is_async:
            # A plain function is answered in line: no task per message.
            self._finish(message, reply)
            return
        task = self.loop.create_task(self._handle(message, reply))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _finish(self, message: Any, reply: Any) -> None:
        started = time.perf_counter()
        try:
            result = self.handler(message)
        except Exception as e:  # noqa: BLE001 - any exception is a crash, by the supervision rules
            self._crashed(e, reply)
            return
        finally:
            self._note_time_on_loop(time.perf_counter() - started)
        self._settle(result, reply)

    def _note_time_on_loop(self, seconds: float) -> None:
        if seconds > SLOW_ON_LOOP_S and not self._warned_slow:
            self._warned_slow = True
            log.warning(
                "agent %s: a plain handler held the event loop for %.0f ms, stopping every other "
                "coroutine meanwhile; register it with run_in='thread' if it blocks",
                self.name,
                seconds * 1000,
            )

    def _threaded_done(self, done: asyncio.Future[Any], reply: Any) -> None:
        if done.cancelled():  # the pool was shut down before the message's turn
            reply.crash("the agent was stopped before the handler ran")
            return
        e = done.exception()
        if e is not None:
            if isinstance(e, Exception):
                self._crashed(e, reply)
            else:  # KeyboardInterrupt, SystemExit in a pool thread: still this message's crash
                reply.crash(f"{type(e).__name__}: {e}")
            return
        self._settle(done.result(), reply)

    def _settle(self, result: Any, reply: Any) -> None:
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
