"""The embedded mode: the whole supervision tree runs in this process."""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import AsyncIterator, Generator, Mapping
from typing import Any

from . import _bridge, _native
from ._agents import Agent, Handler, Mailbox, RunIn
from ._client import JSON, Client, encode
from .errors import ShutdownError


def _config_text(config: str | os.PathLike[str] | None) -> str | None:
    """A TOML file path or TOML text; `None` is the embedded default."""
    if config is None:
        return None
    text = os.fspath(config)
    if "\n" not in text and "=" not in text and os.path.exists(text):
        with open(text, encoding="utf-8") as f:
            return f.read()
    return text


class _Starting:
    """What `Runtime.start()` returns: await it, or use it with `async with`."""

    def __init__(self, config: str | None) -> None:
        self._config = config
        self._runtime: Runtime | None = None

    def __await__(self) -> Generator[Any, None, Runtime]:
        return self._start().__await__()

    async def _start(self) -> Runtime:
        key = await _bridge.run(_native.NativeApp.start, self._config)
        return Runtime(_native.NativeApp.claim(key))

    async def __aenter__(self) -> Runtime:
        self._runtime = await self._start()
        return self._runtime

    async def __aexit__(self, *exc: object) -> None:
        if self._runtime is not None:
            await self._runtime.shutdown()


class Runtime(Client):
    """An application running in this process (`configs/default.toml` unless told otherwise).

    ```python
    async with hms.Runtime.start() as rt:
        report = await rt.verify_treatment_plan(plan, patient)
    ```
    """

    def __init__(self, native: _native.NativeApp) -> None:
        self._native = native
        self._agents: dict[str, Agent] = {}

    @classmethod
    def start(cls, config: str | os.PathLike[str] | None = None) -> _Starting:
        """Starts the tree from a TOML file path or TOML text (`None`: the embedded default)."""
        return _Starting(_config_text(config))

    async def call(self, actor: str, message: Mapping[str, Any], *, timeout: float | None = None) -> JSON:
        ms = max(1, int((timeout if timeout is not None else self.default_timeout) * 1000))
        return await _bridge.run(self._native.call, actor, encode(message), ms)

    async def cast(self, actor: str, message: Mapping[str, Any]) -> None:
        self._native.cast(actor, encode(message))

    async def health(self) -> JSON:
        return await _bridge.run(self._native.health)

    async def inject_fault(self, actor: str, fault: Mapping[str, Any]) -> None:
        self._native.inject_fault(actor, encode(fault, "fault"))

    async def clear_faults(self, actor: str) -> None:
        self._native.clear_faults(actor)

    async def events(self) -> AsyncIterator[JSON]:
        queue: asyncio.Queue[str] = asyncio.Queue()
        sub = self._native.subscribe(asyncio.get_running_loop(), queue.put_nowait)
        try:
            while True:
                yield json.loads(await queue.get())
        finally:
            sub.close()

    async def register_agent(
        self,
        name: str,
        handler: Handler,
        *,
        restart: str = "permanent",
        max_restarts: int = 3,
        within: float = 5.0,
        run_in: RunIn = "loop",
    ) -> None:
        """Opens mailbox `name` in the tree; each message is passed to `handler` (sync or async),
        whose return value is the reply. More than `max_restarts` crashes within `within` seconds
        and the agent is removed.

        A plain function runs on the event loop by default (`run_in="loop"`: fastest, but while it
        runs no other coroutine does); give `run_in="thread"` for one that may block, and it runs
        on the agent's own thread while the loop goes on. One message at a time either way."""
        agent = Agent(name, handler, asyncio.get_running_loop(), run_in=run_in)
        ch = _bridge.channel()
        agent_id = ch.new_id()
        ch.agents[agent_id] = agent
        try:
            await _bridge.run(self._native.register_agent, name, agent_id, restart, max_restarts, within)
        except BaseException:
            ch.agents.pop(agent_id, None)
            agent.close()
            raise
        self._agents[name] = agent

    async def mailbox(self, name: str) -> Mailbox:
        """A pull-style agent: `async for msg in await rt.mailbox("x"): await msg.reply(...)`."""
        box = Mailbox(name)
        await self.register_agent(name, box._handler)
        return box

    async def unregister_agent(self, name: str) -> None:
        await _bridge.run(self._native.unregister_agent, name)
        agent = self._agents.pop(name, None)
        if agent is not None:
            agent.close()

    def agent(self, name: str) -> Agent:
        """The agent registered under `name` (its `crashes` count, its handler)."""
        return self._agents[name]

    def names(self) -> list[str]:
        return self._native.names()

    @property
    def is_running(self) -> bool:
        return self._native.is_running()

    async def shutdown(self) -> None:
        """Stops the tree in reverse start order (also done at interpreter exit)."""
        if not self._native.is_running():
            return
        try:
            await _bridge.run(self._native.shutdown)
        except ShutdownError:
            pass
        for agent in self._agents.values():
            agent.close()
