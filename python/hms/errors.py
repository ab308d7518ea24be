"""One exception class per error kind of the runtime, under `HmsError`.

The kinds are the same in Rust, HTTP (problem `kind`), C (status codes) and here.
"""

from __future__ import annotations

import builtins


class HmsError(Exception):
    """Any error from the runtime: `kind`, `message`, and for bad input the JSON `path`."""

    kind = "internal"

    def __init__(self, message: str, path: str | None = None) -> None:
        self.message = message
        self.path = path or None
        super().__init__(f"{path}: {message}" if path else message)


class ValidationError(HmsError, ValueError):
    """The input was malformed or broke a rule; `path` says where."""

    kind = "validation"


class NotFoundError(HmsError, LookupError):
    """No actor, child or resource answers to that name."""

    kind = "not_found"


class TimeoutError(HmsError, builtins.TimeoutError):
    """The deadline passed before a reply arrived (also a builtin `TimeoutError`)."""

    kind = "timeout"


class ActorDownError(HmsError):
    """The target died or was stopped and the message could not be retried."""

    kind = "actor_down"


class OverloadedError(HmsError):
    """The target's in-flight bound is reached; retry later."""

    kind = "overloaded"


class UnauthorizedError(HmsError, PermissionError):
    """The caller lacks the token for this operation."""

    kind = "unauthorized"


class ShutdownError(HmsError):
    """The runtime is shutting down."""

    kind = "shutdown"


class InternalError(HmsError):
    """A bug or an unexpected failure inside the runtime."""

    kind = "internal"


class UnavailableError(HmsError):
    """A resource the call needs (the daemon's journal: disk full) cannot be used now.

    Nothing was acknowledged; retry once it is back.
    """

    kind = "unavailable"


_BY_KIND: dict[str, type[HmsError]] = {
    cls.kind: cls
    for cls in (
        ValidationError,
        NotFoundError,
        TimeoutError,
        ActorDownError,
        OverloadedError,
        UnauthorizedError,
        ShutdownError,
        InternalError,
        UnavailableError,
    )
}


def make_error(kind: str, message: str, path: str | None = None) -> HmsError:
    """The exception for an error of `kind`."""
    return _BY_KIND.get(kind, InternalError)(message, path)
