"""The remote mode: the same client API over a daemon's HTTP API. Standard
library only; blocking HTTP runs in worker threads."""

from __future__ import annotations

import asyncio
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import AsyncIterator, Mapping
from typing import Any

from ._client import JSON, Client, encode
from .errors import HmsError, make_error


class RemoteClient(Client):
    """A connection to `hmsd` (see `hms.connect`)."""

    def __init__(self, url: str, token: str | None = None, node: str | None = None) -> None:
        self.url = url.rstrip("/")
        self.token = token
        self.node = node

    def _request(
        self, method: str, path: str, body: str | None = None, timeout: float = 60.0
    ) -> tuple[int, Any]:
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        data = body.encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as res:
                text = res.read().decode()
                status = res.status
        except urllib.error.HTTPError as e:
            text = e.read().decode()
            status = e.code
        except OSError as e:
            raise make_error("actor_down", f"cannot reach {self.url}: {e}") from None
        value = json.loads(text) if text else None
        if status >= 400:
            raise self._problem(status, value)
        return status, value

    @staticmethod
    def _problem(status: int, p: Any) -> HmsError:
        if isinstance(p, dict) and "kind" in p:
            return make_error(p["kind"], p.get("detail", ""), p.get("path"))
        return make_error("internal", f"HTTP {status}: {p}")

    async def _http(self, method: str, path: str, body: str | None = None, timeout: float = 60.0) -> Any:
        return (await asyncio.to_thread(self._request, method, path, body, timeout))[1]

    async def call(self, actor: str, message: Mapping[str, Any], *, timeout: float | None = None) -> JSON:
        t = timeout if timeout is not None else self.default_timeout
        path = f"/v1/actors/{urllib.parse.quote(actor, safe='')}/call?timeout_ms={max(1, int(t * 1000))}"
        if self.node is not None:
            path += f"&node={urllib.parse.quote(self.node, safe='')}"
        return await self._http("POST", path, encode(message), timeout=t + 5)

    async def cast(self, actor: str, message: Mapping[str, Any]) -> None:
        await self._http("POST", f"/v1/actors/{urllib.parse.quote(actor, safe='')}/cast", encode(message))

    async def health(self) -> JSON:
        return await self._http("GET", "/v1/health")

    async def inject_fault(self, actor: str, fault: Mapping[str, Any]) -> None:
        await self._http("POST", "/v1/faults", encode({"actor": actor, "fault": dict(fault)}, "fault"))

    async def clear_faults(self, actor: str) -> None:
        await self._http("DELETE", f"/v1/faults?actor={urllib.parse.quote(actor)}")

    async def coordinate_components(self, command: str, payload: Mapping[str, Any] | None = None) -> JSON:
        return await self._http(
            "POST", "/v1/coordinate", encode({"command": command, "payload": dict(payload or {})})
        )

    async def events(self) -> AsyncIterator[JSON]:
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[Any] = asyncio.Queue()
        headers = {"Accept": "text/event-stream"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.url + "/v1/events", headers=headers)
        opened: list[Any] = []

        def read() -> None:
            event = "message"
            try:
                res = urllib.request.urlopen(request, timeout=3600)
                opened.append(res)
                for raw in res:
                    line = raw.decode().rstrip("\n")
                    if line.startswith("event:"):
                        event = line[6:].strip()
                    elif line.startswith("data:"):
                        loop.call_soon_threadsafe(
                            queue.put_nowait, {"source": event, "event": json.loads(line[5:])}
                        )
            except (OSError, ValueError):
                pass
            finally:
                loop.call_soon_threadsafe(queue.put_nowait, None)

        reader = loop.run_in_executor(None, read)
        try:
            while (item := await queue.get()) is not None:
                yield item
        finally:
            for res in opened:
                res.close()
            await asyncio.wait([reader], timeout=1)

    async def close(self) -> None:
        """Nothing to release: each request has its own connection."""


def connect(url: str, token: str | None = None, *, node: str | None = None) -> RemoteClient:
    """A client for the daemon at `url` (`http://127.0.0.1:7878`); `token` for protected endpoints.
    With `node`, every call runs on that node of the daemon's cluster (`?node=`): an error of the
    call's own deadline at the latest if that node is lost."""
    return RemoteClient(url, token, node)
