"""The adaptive trial framework on `hms.trial`: one trial run step by step —
allocation through the A2A agent (genetic engine) during the burn-in,
outcomes from the prover's outcome model, analyses by the design's rules
(Thall & Wathen randomization, arm dropping, stopping for superiority) —
then the design's operating characteristics under a null scenario and the
outcome model's rates; failures are reported to the self-healer.

Coverage comes from the payer's side: `--arms-out` writes each arm's regimen
for the Ruby UHC check (`bin/uhc --arms arms.json --json`), and `--coverage`
reads its decisions back: an arm the payer denies (or does not decide on) is
left out of the trial, an arm under review runs provisionally, and the results
say which.

    python examples/adaptive_trial.py                  # embedded runtime; writes trial_results.json
    python examples/adaptive_trial.py --arms-out arms.json
    python examples/adaptive_trial.py --coverage coverage.json --patients-per-stage 12 --trials 200
"""

from __future__ import annotations

import argparse
import asyncio
import json
import pathlib
import random
from typing import Any

from a2a_agent import A2AAgent

import hms
from hms import trial

# What each arm gives, as the prover's outcome model reads it.
REGIMENS: dict[str, list[dict[str, Any]]] = {
    "UPA": [
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
    "UST": [
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
    "BUD": [{"medication": "Budesonide", "dosage": 9, "unit": "mg", "frequency": "daily"}],
}

# Three arms, no common control: Thall-Wathen randomization on P(best) after a
# burn-in of one stage, arms dropped when P(best) < 1%, stop when one arm's
# P(best) > 99%; remission at week 52.
DESIGN = trial.Design(
    name="CROHNS-001",
    arms=[
        trial.Arm("UPA", "upadacitinib"),
        trial.Arm("UST", "ustekinumab"),
        trial.Arm("BUD", "budesonide"),
    ],
    endpoint="clinical remission (CDAI < 150)",
    endpoint_week=52,
    accrual_per_week=6,
    max_patients=180,
    interims=[60, 120],
    burn_in=60,
    randomization=trial.thall_wathen("n/2N", min=0.1),
    futility=0.01,
    superiority=0.99,
)


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


async def simulate(client: hms.Client, patient: dict[str, Any], arm: str, seed: int) -> bool:
    """One patient's outcome from the prover's outcome model (one simulated patient)."""
    out = await client.simulate_treatment_outcome(patient, {"treatment_plan": REGIMENS[arm]}, n=1, seed=seed)
    return bool(out["remission"]["probability"] == 1.0)


async def model_rates(client: hms.Client, patient: dict[str, Any], arms: list[str]) -> list[float]:
    """Each arm's remission probability from the outcome model, for a scenario."""
    rates = []
    for arm in arms:
        out = await client.simulate_treatment_outcome(
            patient, {"treatment_plan": REGIMENS[arm]}, n=4000, seed=1
        )
        rates.append(round(float(out["remission"]["probability"]), 3))
    return rates


def covered(coverage: dict[str, Any] | None) -> tuple[list[str], dict[str, str], dict[str, str]]:
    """The arms the trial may run, the arms left out and why, and the arms run provisionally.

    ``coverage`` is the UHC check's answer for the arms (``bin/uhc --arms ... --json``):
    ``{"coverage": {"UPA": {"decision": "denied", ...}, ...}}``. An arm the payer denies,
    or that the answer does not mention (coverage unknown is not coverage given), is left
    out; an arm under review (undecided for missing data) runs, marked provisional.
    """
    arms = [a.id for a in DESIGN.arms]
    if coverage is None:
        return arms, {}, {}
    decisions = coverage.get("coverage", {})
    out: dict[str, str] = {}
    provisional: dict[str, str] = {}
    for arm in arms:
        decision = decisions.get(arm, {}).get("decision")
        if decision == "review":
            provisional[arm] = "UHC: review"
        elif decision != "approved":
            out[arm] = f"UHC: {decision or 'no decision'}"
    return [a for a in arms if a not in out], out, provisional


async def run_trial(
    client: hms.Client,
    patients_per_stage: int = 60,
    seed: int = 1,
    trials: int = 2000,
    coverage: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One trial step by step (allocation through the A2A agent, outcomes from the
    prover, analyses by the design's rules), then the design's operating characteristics.
    With ``coverage`` (the UHC check's answer), arms the payer denies are left out."""
    rng = random.Random(seed)
    arms, left_out, provisional = covered(coverage)
    if len(arms) < 2:
        raise ValueError(f"fewer than two arms are covered: {left_out}")
    design = DESIGN.to_json()
    design["arms"] = [a for a in design["arms"] if a["id"] in arms]
    design["max_patients"] = 3 * patients_per_stage
    design["interims"] = [patients_per_stage, 2 * patients_per_stage]
    design["burn_in"] = patients_per_stage
    run = trial.Trial(client, design, seed=seed)
    for stage in range(3):
        cohort = [synthetic_patient(rng, stage * patients_per_stage + i) for i in range(patients_per_stage)]
        patients = {p["patient_id"]: p for p in cohort}
        assignments = await run.enroll(cohort)
        for i, (pid, arm) in enumerate(assignments.items()):
            outcome_seed = seed * 100_000 + stage * patients_per_stage + i
            run.record(pid, await simulate(client, patients[pid], arm, outcome_seed))
        await run.analyse(
            final=stage == 2, week=(stage + 1) * patients_per_stage / design["accrual_per_week"]
        )
        if run.stopped:
            break
    rates = await model_rates(client, synthetic_patient(random.Random(0), 0), arms)
    oc = await trial.operating_characteristics(
        client,
        design,
        {"null": [rates[0]] * len(arms), "outcome model": rates},
        trials=trials,
        seed=seed,
    )
    return {
        "trial": run.report(),
        "model_rates": rates,
        "operating_characteristics": oc.raw,
        "arms_left_out": left_out,
        "arms_provisional": provisional,
    }


async def report_failure(client: hms.Client, component: str, error: str) -> dict[str, Any]:
    """The framework reports a failure; the self-healer diagnoses, asks the A2A agent, recovers and confirms."""
    record: dict[str, Any] = await client.report_error(component, error)
    return record


async def main(args: argparse.Namespace) -> dict[str, Any]:
    coverage = json.loads(args.coverage.read_text()) if args.coverage else None
    async with hms.Runtime.start() as rt:
        await rt.register_agent("a2a", A2AAgent(rt).handle)
        return await run_trial(rt, args.patients_per_stage, trials=args.trials, coverage=coverage)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="the adaptive trial framework on hms.trial")
    parser.add_argument(
        "--arms-out", type=pathlib.Path, help="write each arm's regimen (for bin/uhc --arms) and stop"
    )
    parser.add_argument(
        "--coverage", type=pathlib.Path, help="the UHC check's decisions (bin/uhc --arms ... --json)"
    )
    parser.add_argument("--patients-per-stage", type=int, default=60)
    parser.add_argument(
        "--trials", type=int, default=2000, help="simulated trials for the operating characteristics"
    )
    parser.add_argument("--out", type=pathlib.Path, default=pathlib.Path("trial_results.json"))
    cli = parser.parse_args()
    if cli.arms_out:
        cli.arms_out.write_text(
            json.dumps({arm: {"treatment_plan": plan} for arm, plan in REGIMENS.items()}, indent=1)
        )
        raise SystemExit(0)
    results = asyncio.run(main(cli))
    cli.out.write_text(json.dumps(results, indent=2))
    for arm, why in results["arms_left_out"].items():
        print(f"arm {arm} left out: {why}")
    for arm, why in results["arms_provisional"].items():
        print(f"arm {arm} runs provisionally: {why}")
    report = results["trial"]
    for look in report["looks"]:
        shares = ", ".join(
            f"{arm['id']} {a['mean']:.2f} [{a['ci95'][0]:.2f}, {a['ci95'][1]:.2f}] {a['status']}"
            for arm, a in zip(report["design"]["arms"], look["arms"])
        )
        print(f"analysis {look['analysis']} ({look['with_outcome']} outcomes): {shares}")
    print(f"stopped: {report['stop']}")
    for s in results["operating_characteristics"]["scenarios"]:
        print(
            f"{s['scenario']}: P(superiority) {s['p_superiority']:.3f}, "
            f"E[N] {s['patients']['mean']:.0f}, selected {[round(a['p_selected'], 3) for a in s['arms']]}"
        )
