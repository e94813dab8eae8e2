#!/usr/bin/env python3
"""Would a third probe workload help the probe layer? A proxy on the committed offline validation (needs numpy).

  python3 benchmarks/experiments/probe-layer/third-probe.py [mode]

Each workload's residual next to each other one is taken from the leave-one-model-out predictions without the
probe layer (the run's `baselines.noProbes`): log(measured / predicted). For each workload X of the calibration
pairs other than the two probes, the pairs that include none of bert@b16s128, llama@b1s256 and X are predicted by
a ridge regression of that residual on the probe features (the victim's residuals next to each probe, the
neighbour's as aggressor on each; src/predictor/probes.ts), fitted leave-one-model-out on the same pairs, with the
two probes and with X as a third. Prints MAPE / max / values above 10 % for both (docs/accuracy.md, fourth session
of 2026-12-03: no gain).
"""
import json
import math
import sys

import numpy as np

RUN = "predictions/h200/offline-2026-12-03c.json"
PROBES = ["bert@b16s128", "llama@b1s256"]


def load(mode):
    rec = {}
    for r in json.load(open(RUN))["records"]:
        if r["split"] != "lomo" or r["mode"] != mode:
            continue
        for i in range(2):
            a, b = (r["a"], r["b"]) if i == 0 else (r["b"], r["a"])
            rec[(a, b)] = (r["measured"][i], r["baselines"]["noProbes"][i])
    return rec


def ridge(x, y, lam):
    x, y = np.array(x), np.array(y)
    mu, sd = x.mean(0), x.std(0) + 1e-9
    z = (x - mu) / sd
    w = np.linalg.solve(z.T @ z + lam * np.eye(z.shape[1]), z.T @ (y - y.mean()))
    return lambda f: float(y.mean() + ((np.array(f) - mu) / sd) @ w)


def lomo_errors(rec, res, probes, pairs, lam):
    rows = []
    for a, b in pairs:
        f = [res.get((a, q)) for q in probes] + [res.get((q, b)) for q in probes]
        m, n = rec[(a, b)]
        rows.append((a, b, m, n, f))
    errs = []
    for a, b, m, n, f in rows:
        train = [r for r in rows if not {r[0], r[1]} & {a, b}]
        g = ridge([r[4] for r in train], [math.log(r[2] / r[3]) for r in train], lam)
        errs.append(abs(n * math.exp(g(f)) / m - 1))
    return np.array(errs) * 100


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else "mps"
    rec = load(mode)
    res = {k: math.log(m / n) for k, (m, n) in rec.items()}
    paired = sorted({a for a, _ in rec if sum(1 for x, _ in rec if x == a) > 5})
    for x in [w for w in paired if w not in PROBES]:
        use = PROBES + [x]
        pairs = [(a, b) for (a, b) in rec if a in paired and b in paired and a not in use and b not in use]
        for lam in (1, 5):
            two, three = lomo_errors(rec, res, PROBES, pairs, lam), lomo_errors(rec, res, use, pairs, lam)
            print(f"{x:24s} ridge {lam}  n {len(pairs)}  two probes {two.mean():.2f} % (max {two.max():.1f}, {(two > 10).sum()} > 10 %)"
                  f"  three {three.mean():.2f} % (max {three.max():.1f}, {(three > 10).sum()} > 10 %)")


if __name__ == "__main__":
    main()
