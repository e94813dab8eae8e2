#!/usr/bin/env python3
"""How far can a model go that gives each workload one number? Fits, in-sample, one 'strength' per workload
(log(S_B / S_A) = s_A - s_B for every non-self pair, least squares) and takes each pair's combined
normalised throughput 1/S_A + 1/S_B as the mean of the two self-pairs'. Whatever MAPE that leaves is
pair-specific: no per-workload feature can explain it. Needs numpy.
Usage: python3 benchmarks/experiments/mps-asymmetry/bradley-terry.py [mode] [calibration dir]"""
import json
import os
import sys

import numpy as np

mode = sys.argv[1] if len(sys.argv) > 1 else "mps"
cal = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "..", "..", "..", "calibration", "h200")
pairs = [e for e in json.load(open(os.path.join(cal, "pairs.json")))["entries"] if e["mode"] == mode and e["status"] == "ok"]
ws = sorted({e["a"]["id"] for e in pairs} | {e["b"]["id"] for e in pairs})
ix = {w: i for i, w in enumerate(ws)}
self_e = {e["a"]["id"]: 1 / e["slowdown"][0] + 1 / e["slowdown"][1] for e in pairs if e["a"]["id"] == e["b"]["id"]}
rows, y = [], []
for e in pairs:
    a, b = e["a"]["id"], e["b"]["id"]
    if a == b:
        continue
    r = np.zeros(len(ws))
    r[ix[a]], r[ix[b]] = 1, -1
    rows.append(r)
    y.append(np.log(e["slowdown"][1] / e["slowdown"][0]))
X = np.vstack(rows + [np.ones(len(ws))])  # strengths sum to 0
s = np.linalg.lstsq(X, np.array(y + [0.0]), rcond=None)[0]
errs = []
for e in pairs:
    a, b = e["a"]["id"], e["b"]["id"]
    if a == b or a not in self_e or b not in self_e:
        continue
    r = np.exp(s[ix[a]] - s[ix[b]])  # predicted S_B / S_A
    sa = (1 + 1 / r) / ((self_e[a] + self_e[b]) / 2)
    errs += [abs(sa / e["slowdown"][0] - 1), abs(r * sa / e["slowdown"][1] - 1)]
for w in ws:
    print(f"{w:24s} strength {s[ix[w]]:+.3f}  self-pair throughput {self_e.get(w, float('nan')):.3f}")
print(f"{mode}: {len(errs) // 2} non-self pairs, in-sample MAPE {100 * np.mean(errs):.2f} %")
