"""The client API, the same for an embedded runtime and a daemon connection:
each domain method is one message to one actor."""

from __future__ import annotations

import abc
import json
from collections.abc import AsyncIterator, Mapping, Sequence
from typing import Any

from .errors import ValidationError

JSON = Any
"""A JSON value: dict, list, str, int, float, bool or None."""

#: Largest message a client sends (the daemon's default body limit is the same).
MAX_MESSAGE_BYTES = 16 * 1024 * 1024


_ENCODER = json.JSONEncoder(allow_nan=False, separators=(",", ":"))


def encode(message: Mapping[str, Any], what: str = "message") -> str:
    """JSON text of a message, or `ValidationError` naming what could not be encoded."""
    try:
        text = _ENCODER.encode(message)
    except (TypeError, ValueError) as e:
        raise ValidationError(f"{what} is not JSON-serializable: {e}") from None
    if len(text) > MAX_MESSAGE_BYTES:
        raise ValidationError(f"{what} is {len(text)} bytes; at most {MAX_MESSAGE_BYTES}")
    return text


class Client(abc.ABC):
    """What both `hms.Runtime` (embedded) and `hms.connect(url)` (daemon) offer."""

    default_timeout: float = 30.0

    @abc.abstractmethod
    async def call(self, actor: str, message: Mapping[str, Any], *, timeout: float | None = None) -> JSON:
        """Sends `message` (with its `type`) to `actor` and returns the reply."""

    @abc.abstractmethod
    async def cast(self, actor: str, message: Mapping[str, Any]) -> None:
        """Sends without waiting for a reply (bad input still raises at once)."""

    @abc.abstractmethod
    async def health(self) -> JSON:
        """The tree's health: `status`, the `rule` that decided it, and every node."""

    @abc.abstractmethod
    async def inject_fault(self, actor: str, fault: Mapping[str, Any]) -> None:
        """Injects a fault, e.g. `{"fault": "panic_next"}` or `{"fault": "delay", "ms": 200}`."""

    @abc.abstractmethod
    async def clear_faults(self, actor: str) -> None:
        """Clears an actor's injected faults."""

    @abc.abstractmethod
    def events(self) -> AsyncIterator[JSON]:
        """Supervision and healing events as they happen (`{"source": ..., "event": ...}`)."""

    async def optimize_treatment(
        self, patient: Mapping[str, Any], options: Mapping[str, Any] | None = None, *, timeout: float = 120.0
    ) -> JSON:
        return await self.call(
            "genetic_engine",
            {"type": "optimize_treatment", "patient": patient, "options": dict(options or {})},
            timeout=timeout,
        )

    async def evaluate_fitness(self, plan: Mapping[str, Any], patient: Mapping[str, Any]) -> JSON:
        return await self.call(
            "genetic_engine", {"type": "evaluate_fitness", "plan": plan, "patient": patient}
        )

    async def optimize_allocation(
        self,
        cohort: Sequence[Mapping[str, Any]],
        protocol: Mapping[str, Any],
        options: Mapping[str, Any] | None = None,
        *,
        timeout: float = 120.0,
    ) -> JSON:
        message = {
            "type": "optimize_allocation",
            "cohort": list(cohort),
            "protocol": protocol,
            "options": dict(options or {}),
        }
        return await self.call("genetic_engine", message, timeout=timeout)

    async def verify_treatment_plan(
        self,
        plan: Mapping[str, Any],
        patient: Mapping[str, Any],
        *,
        as_of: str | None = None,
        lab_max_age_days: int | None = None,
        jurisdiction: str | None = None,
    ) -> JSON:
        """Verifies `plan` for `patient`. `as_of` (YYYY-MM-DD) is the date labs are aged at
        (default today), `lab_max_age_days` when a dated lab counts as missing (default 90),
        `jurisdiction` whose labels apply: "us", "eu" or "both" (default, the stricter rule)."""
        message: dict[str, Any] = {"type": "verify_treatment_plan", "plan": plan, "patient": patient}
        for key, value in (
            ("as_of", as_of),
            ("lab_max_age_days", lab_max_age_days),
            ("jurisdiction", jurisdiction),
        ):
            if value is not None:
                message[key] = value
        return await self.call("prover", message)

    async def simulate_treatment_outcome(
        self, patient: Mapping[str, Any], plan: Mapping[str, Any], n: int = 10_000, seed: int = 0
    ) -> JSON:
        return await self.call(
            "prover",
            {"type": "simulate_treatment_outcome", "patient": patient, "plan": plan, "n": n, "seed": seed},
        )

    async def detect_anomalies(self, data: Any) -> JSON:
        return await self.call("self_healer", {"type": "detect_anomalies", "data": data})

    async def apply_healing(self, data: Any, context: Mapping[str, Any] | None = None) -> JSON:
        return await self.call(
            "self_healer", {"type": "apply_healing", "data": data, "context": dict(context or {})}
        )

    async def monitor_system_health(self) -> JSON:
        return await self.call("self_healer", {"type": "monitor_system_health"})

    async def report_error(self, component: str, error: str) -> JSON:
        """Reports a failure: the self-healer runs its recovery flow and answers with the record."""
        return await self.call(
            "self_healer", {"type": "report_error", "component": component, "error": error}
        )

    async def coordinate_components(self, command: str, payload: Mapping[str, Any] | None = None) -> JSON:
        return await self.call(
            "coordinator",
            {"type": "coordinate_components", "command": command, "payload": dict(payload or {})},
        )
