"""hms: an Erlang/OTP-style supervision runtime hosting treatment-research
actors, from Python.

```python
import asyncio, hms

async def main():
    async with hms.Runtime.start() as rt:          # embedded; or hms.connect("http://127.0.0.1:7878")
        print((await rt.health())["status"])

asyncio.run(main())
```

Research and simulation software, not a medical device: outputs are decision
support with their sources shown, never orders.
"""

from __future__ import annotations

import atexit

from . import (
    _bridge,  # noqa: F401  (installs the native callbacks)
    _native,
    fhir,
    trial,
)
from ._agents import Agent, Mailbox, Message
from ._client import Client
from ._embedded import Runtime
from ._remote import RemoteClient, connect
from .errors import (
    ActorDownError,
    HmsError,
    InternalError,
    NotFoundError,
    OverloadedError,
    ShutdownError,
    TimeoutError,
    UnauthorizedError,
    UnavailableError,
    ValidationError,
)

__all__ = [
    "ActorDownError",
    "Agent",
    "Client",
    "HmsError",
    "InternalError",
    "Mailbox",
    "Message",
    "NotFoundError",
    "OverloadedError",
    "RemoteClient",
    "Runtime",
    "ShutdownError",
    "TimeoutError",
    "UnauthorizedError",
    "UnavailableError",
    "ValidationError",
    "connect",
    "fhir",
    "trial",
]

# Stop the native runtime's threads before the interpreter finalizes, so no
# worker touches a dead interpreter; pending calls are dropped.
atexit.register(_native.shutdown_runtime, 2.0)
