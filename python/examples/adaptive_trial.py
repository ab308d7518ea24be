"""The adaptive trial framework: allocation through the A2A agent (genetic
engine), outcomes simulated by the prover, two interim analyses —
response-adaptive randomization (Thall & Wathen 2007) with an allocation
floor, then arm dropping — and failures reported to the self-healer.

    python examples/adaptive_trial.py            # embedded runtime; writes trial_results.json
"""

from __future__ import annotations

import asyncio
import json
import random
from typing import Any

from a2a_agent import A2AAgent

import hms

PROTOCOL: dict[str, Any] = {
    "trial_id": "CROHNS-001",
    "phase": 2,
    "arms": [
        {
            "armId": "ARM-001",
            "name": "Upadacitinib 45 mg induction, 15 mg maintenance",
            "treatment": [
                {
                    "medication": "Upadacitinib",
                    "dosage": 45,
                    "unit": "mg",
                    "frequency": "daily",
                    "phase": "induction",
                    "duration": 84,
                    "start_week": 0,
                },
                {
                    "medication": "Upadacitinib",
                    "dosage": 15,
                    "unit": "mg",
                    "frequency": "daily",
                    "phase": "maintenance",
                    "start_week": 12,
                },
            ],
            "biomarkerStratification": [{"biomarker": "NOD2", "criteria": "variant"}],
        },
        {
            "armId": "ARM-002",
            "name": "Ustekinumab IV induction, 90 mg every 8 weeks",
            "treatment": [
                {
                    "medication": "Ustekinumab",
                    "dosage": 390,
                    "unit": "mg",
                    "frequency": "once",
                    "route": "iv",
                    "phase": "induction",
                    "start_week": 0,
                },
                {
                    "medication": "Ustekinumab",
                    "dosage": 90,
                    "unit": "mg",
                    "frequency": "q8w",
                    "route": "sc",
                    "phase": "maintenance",
                    "start_week": 8,
                },
            ],
        },
        {
            "armId": "ARM-003",
            "name": "Budesonide 3mg",
            "treatment": {"medication": "Budesonide", "dosage": 3, "unit": "mg", "frequency": "daily"},
        },
    ],
    "adaptiveRules": [
        {
            "triggerCondition": "interim_analysis_1",
            "action": "response_adaptive_randomization",
            "parameters": {"min_allocation": 0.1},
        },
        {
            "triggerCondition": "interim_analysis_2",
            "action": "drop_arm",
            "parameters": {"efficacy_threshold": 0.1},
        },
    ],
    "primaryEndpoints": [{"name": "Clinical Remission", "metric": "CDAI < 150", "timepoint": "Week 52"}],
}


def synthetic_patient(rng: random.Random, i: int) -> dict[str, Any]:
    return {
        "patient_id": f"T-{i:04d}",
        "demographics": {
            "age": rng.randint(18, 75),
            "sex": rng.choice(["female", "male"]),
            "weight": rng.randint(48, 110),
        },
        "clinical_data": {
            "crohns_type": rng.choice(["ileal", "colonic", "ileocolonic"]),
            "disease_activity": {"CDAI": rng.randint(220, 450)},
        },
        "biomarkers": {
            "genetic_markers": [{"gene": "NOD2", "variant": "variant"}] if rng.random() < 0.4 else []
        },
    }


def prob_best(
    tallies: list[dict[str, int]], active: list[bool], rng: random.Random, draws: int = 4000
) -> list[float]:
    """P(each arm has the highest remission rate) under Beta(1 + s, 1 + f) posteriors."""
    wins = [0] * len(tallies)
    for _ in range(draws):
        samples = [
            rng.betavariate(1 + t["remissions"], 1 + t["n"] - t["remissions"]) if active[a] else -1.0
            for a, t in enumerate(tallies)
        ]
        wins[max(range(len(samples)), key=samples.__getitem__)] += 1
    return [w / draws for w in wins]


def floored(p: list[float], floor: float) -> list[float]:
    """Allocation proportional to `p`, with every arm at least `floor` (the rest shared in proportion)."""
    weights = list(p)
    fixed: set[int] = set()
    while True:
        free = [i for i in range(len(p)) if i not in fixed]
        mass = 1.0 - floor * len(fixed)
        total = sum(p[i] for i in free)
        for i in free:
            weights[i] = mass * p[i] / total if total > 0 else mass / len(free)
        low = [i for i in free if weights[i] < floor]
        if not low:
            return weights
        for i in low:
            fixed.add(i)
            weights[i] = floor


async def simulate(client: hms.Client, patient: dict[str, Any], arm: dict[str, Any], seed: int) -> bool:
    # An arm's treatment is a regimen (a list of items) or a single item.
    treatment = arm["treatment"]
    items = treatment if isinstance(treatment, list) else [treatment]
    out = await client.simulate_treatment_outcome(patient, {"treatment_plan": items}, n=1, seed=seed)
    return bool(out["remission"]["probability"] == 1.0)


async def run_trial(client: hms.Client, patients_per_stage: int = 60, seed: int = 1) -> dict[str, Any]:
    rng = random.Random(seed)
    arms = PROTOCOL["arms"]
    tallies = [{"n": 0, "remissions": 0} for _ in arms]
    stage1 = [synthetic_patient(rng, i) for i in range(patients_per_stage)]
    allocation = await client.call(
        "a2a",
        {"type": "allocate", "cohort": stage1, "protocol": PROTOCOL, "options": {"seed": seed}},
        timeout=120,
    )
    ids = [a["armId"] for a in arms]
    for i, assignment in enumerate(allocation["assignments"]):
        a = ids.index(assignment["arm_id"])
        tallies[a]["n"] += 1
        tallies[a]["remissions"] += await simulate(client, stage1[i], arms[a], seed * 100_000 + i)

    decisions: list[dict[str, Any]] = []
    floor = PROTOCOL["adaptiveRules"][0]["parameters"]["min_allocation"]
    best = prob_best(tallies, [True] * len(arms), rng)
    weights = floored(best, floor)
    decisions.append(
        {
            "action": "response_adaptive_randomization",
            "p_best": dict(zip(ids, best)),
            "allocation": dict(zip(ids, weights)),
        }
    )

    for i in range(patients_per_stage, 2 * patients_per_stage):
        a = rng.choices(range(len(arms)), weights=weights)[0]
        tallies[a]["n"] += 1
        tallies[a]["remissions"] += await simulate(
            client, synthetic_patient(rng, i), arms[a], seed * 100_000 + i
        )

    threshold = PROTOCOL["adaptiveRules"][1]["parameters"]["efficacy_threshold"]
    means = [(1 + t["remissions"]) / (2 + t["n"]) for t in tallies]
    dropped = [ids[a] for a, m in enumerate(means) if m < threshold]
    decisions.append({"action": "drop_arm", "threshold": threshold, "dropped": dropped})
    return {
        "trial_id": PROTOCOL["trial_id"],
        "arms": [
            {"arm": ids[a], "name": arms[a]["name"], **tallies[a], "posterior_mean": means[a]}
            for a in range(len(arms))
        ],
        "decisions": decisions,
        "allocation_imbalance": allocation["imbalance"]["total"],
        "minimization_imbalance": allocation["minimization_imbalance"],
    }


async def report_failure(client: hms.Client, component: str, error: str) -> dict[str, Any]:
    """The framework reports a failure; the self-healer diagnoses, asks the A2A agent, recovers and confirms."""
    record: dict[str, Any] = await client.report_error(component, error)
    return record


async def main() -> dict[str, Any]:
    async with hms.Runtime.start() as rt:
        await rt.register_agent("a2a", A2AAgent(rt).handle)
        return await run_trial(rt)


if __name__ == "__main__":
    results = asyncio.run(main())
    with open("trial_results.json", "w", encoding="utf-8") as f:
        json.dump(results, f, indent=2)
    for arm in results["arms"]:
        print(
            f"{arm['arm']} {arm['name']:<24} n={arm['n']:>3} remissions={arm['remissions']:>3} posterior mean={arm['posterior_mean']:.2f}"
        )
    print(json.dumps(results["decisions"], indent=2))
