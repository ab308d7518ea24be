"""The anchor of the trial-simulation benchmark (run by `cargo bench -p hms-actors`):
a straightforward NumPy implementation of the same adaptive design as
`trials.rs`, one trial at a time, the posterior computations vectorized
over the same quadrature grid. Prints one JSON line: trials, seconds, and
the operating characteristics it found (to show it is the same design).

    python3 numpy_trial.py [trials] [seed]
"""

import json
import sys
import time

import numpy as np

K = 4  # arm 0 is the control
N = 500
INTERIMS = [100, 200, 300, 400]
# Accrual 10/week, outcome at week 12: patients randomized ahead of the outcomes.
LAG = 10 * 12
FUTILITY, SUPERIORITY = 0.05, 0.99
LO, HI = 0.1, 0.9  # Thall-Wathen shares restricted to [0.1, 0.9], power n/2N
POINTS, SPAN = 144, 9.0  # ours uses 96 to 192 cells over the same span
RATES = np.array([0.2, 0.4, 0.25, 0.2])


def posteriors(n, s):
    a, b = 1.0 + s, 1.0 + n - s
    mean = a / (a + b)
    sd = np.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
    lo, hi = max(0.0, (mean - SPAN * sd).min()), min(1.0, (mean + SPAN * sd).max())
    h = (hi - lo) / POINTS
    x = lo + (np.arange(POINTS) + 0.5) * h
    logpdf = (a[:, None] - 1) * np.log(x) + (b[:, None] - 1) * np.log1p(-x)
    w = np.exp(logpdf - logpdf.max(axis=1, keepdims=True))
    w /= w.sum(axis=1, keepdims=True)
    cdf = np.cumsum(w, axis=1) - 0.5 * w
    return x, w, cdf


def p_best(w, cdf, open_arms):
    out = np.zeros(K)
    for k in open_arms:
        others = [j for j in open_arms if j != k]
        out[k] = (w[k] * np.prod(cdf[others], axis=0)).sum()
    return out


def restrict(open_arms, weights, control_share):
    shares = {0: control_share} if 0 in open_arms else {}
    while True:
        free = [k for k in open_arms if k not in shares]
        mass = 1.0 - sum(shares.values())
        if not free:
            total = sum(shares.values())
            return {k: v / total for k, v in shares.items()}
        total = sum(weights[k] for k in free)
        tmp = {
            k: mass * weights[k] / total if total > 0 else mass / len(free)
            for k in free
        }
        changed = False
        for k, v in tmp.items():
            if v < LO:
                shares[k], changed = LO, True
            elif v > HI:
                shares[k], changed = HI, True
        if not changed:
            shares.update(tmp)
            return shares


def run_trial(rng):
    alloc = np.full(K, 1.0 / K)
    status = ["control"] + ["active"] * (K - 1)
    arms = np.empty(N, dtype=np.int64)
    resp = np.empty(N, dtype=bool)
    enrolled = 0
    selected, stop = 0, "max"
    for known in INTERIMS + [N]:
        target = min(N, known + LAG)
        if target > enrolled:
            new = target - enrolled
            arms[enrolled:target] = rng.choice(K, size=new, p=alloc / alloc.sum())
            resp[enrolled:target] = rng.random(new) < RATES[arms[enrolled:target]]
            enrolled = target
        n = np.bincount(arms[:known], minlength=K).astype(float)
        s = np.bincount(arms[:known], weights=resp[:known], minlength=K)
        x, w, cdf = posteriors(n, s)
        beats = (w * cdf[0]).sum(axis=1)
        for k in range(1, K):
            if status[k] == "active" and beats[k] < FUTILITY:
                status[k] = "futile"
        experimental = [k for k in range(1, K) if status[k] == "active"]
        if experimental and max(beats[k] for k in experimental) > SUPERIORITY:
            selected = max(experimental, key=lambda k: beats[k])
            status[selected] = "superior"
            stop = "superiority"
            break
        if not experimental:
            stop = "futility"
            break
        if known == N:
            break
        open_arms = [k for k in range(K) if status[k] in ("active", "control")]
        best = p_best(w, cdf, open_arms)
        c = enrolled / (2.0 * N)
        shares = restrict(open_arms, {k: best[k] ** c for k in open_arms}, 1.0 / K)
        alloc = np.array([shares.get(k, 0.0) for k in range(K)])
    # Final estimates on every randomized patient: posterior medians and 95% intervals.
    n = np.bincount(arms[:enrolled], minlength=K).astype(float)
    s = np.bincount(arms[:enrolled], weights=resp[:enrolled], minlength=K)
    x, w, cdf = posteriors(n, s)
    medians = np.array([np.interp(0.5, cdf[k], x) for k in range(K)])
    covered = [
        np.interp(0.025, cdf[k], x) <= RATES[k] <= np.interp(0.975, cdf[k], x)
        for k in range(K)
    ]
    return stop, selected, enrolled, medians, covered


def main() -> None:
    trials = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    rng = np.random.default_rng(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    start = time.perf_counter()
    results = [run_trial(rng) for _ in range(trials)]
    seconds = time.perf_counter() - start
    print(
        json.dumps(
            {
                "trials": trials,
                "seconds": seconds,
                "p_superiority": sum(r[0] == "superiority" for r in results) / trials,
                "p_correct_selection": sum(r[1] == 1 for r in results) / trials,
                "patients_mean": sum(r[2] for r in results) / trials,
            }
        )
    )


if __name__ == "__main__":
    main()
