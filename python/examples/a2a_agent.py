"""The A2A coordination agent: drives treatment optimization (heal ->
optimize -> verify), trial allocation, and answers the self-healer's
recovery requests. Registered as the mailbox `a2a`.

    python examples/a2a_agent.py                 # embedded runtime, one patient end to end
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from data_transform import SAMPLE_EHR, to_profile

import hms


class A2AAgent:
    def __init__(self, client: hms.Client) -> None:
        self.client = client
        self.recoveries = 0

    async def handle(self, msg: dict[str, Any]) -> Any:
        kind = msg.get("type")
        if kind == "treat":
            return await self.treat(msg["patient"])
        if kind == "allocate":
            return await self.client.optimize_allocation(msg["cohort"], msg["protocol"], msg.get("options"))
        if kind == "recovery_request":
            return self.recovery(msg)
        raise ValueError(f"unknown request type {kind!r}")

    async def treat(self, profile: dict[str, Any]) -> dict[str, Any]:
        healed = await self.client.apply_healing(profile, {"agent": "a2a"})
        patient = healed["data"]
        optimized = await self.client.optimize_treatment(patient, {"seed": 7})
        verification = await self.client.verify_treatment_plan(optimized["plan"], patient)
        return {
            "patient": patient,
            "plan": optimized["plan"],
            "fitness": optimized["fitness"],
            "verification": verification,
        }

    def recovery(self, request: dict[str, Any]) -> dict[str, Any]:
        """A restart storm is broken for a while; a reported failure is reconfigured (faults cleared, restarted)."""
        self.recoveries += 1
        if request.get("trigger") == "restart_storm":
            return {"strategy": "circuit_break", "duration_ms": 500, "reason": "storm: let it cool down"}
        return {"strategy": "reconfigure", "reason": f"a2a: {request.get('diagnosis', '')[:60]}"}


async def main() -> None:
    async with hms.Runtime.start() as rt:
        agent = A2AAgent(rt)
        await rt.register_agent("a2a", agent.handle)
        result = await rt.call("a2a", {"type": "treat", "patient": to_profile(SAMPLE_EHR)}, timeout=120)
        print("plan:", json.dumps(result["plan"]["treatment_plan"]))
        print("verification:", result["verification"]["status"])


if __name__ == "__main__":
    asyncio.run(main())
