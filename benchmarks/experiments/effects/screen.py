#!/usr/bin/env python3
"""The screen that chose the effects layer (model version 26; docs/method.md, "Effects layer").

On a committed offline run (version 25's: `git show c023054:predictions/<gpu>/offline-2026-12-07.json > run.json`),
each pair's residuals r = log(measured / base) of both sides, base being the lopo record's solo-profile prediction
(`--on solo`, the `noProbes` baseline) or its full prediction (`--on coloc`). For every lopo / lomo record, an
additive fit r(victim, aggressor) = mu + v[victim] + a[aggressor] (ridge `--lam` on v and a) on what that split
leaves (lopo: every other pair; lomo: no pair of either workload but their co-runs next to a probe), then the
record predicted three ways: `add` base x exp(fit) alone, `blend` the geometric mean of that and the record's own
prediction, and the record's own (`cur`). Prints MAPE (max) per split, and per class of pair (Pv: a probe is
the one slowed, Pa: the one slowing). Approximate: the lopo bases of the training pairs come from fits that saw
the held-out workloads. Usage: python3 screen.py RUN.json [--mode mps] [--lam 1] [--on solo|coloc]
"""
import json
import math
import statistics
import sys

import numpy as np


def arg(name, default):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


def lopo_entries(recs, base):
    """(victim, aggressor, pair a, pair b, r) for both sides of every lopo record, r = log(measured / base)."""
    return [(v, g, a, b, math.log(r["measured"][i] / base(r, i))) for (split, a, b), r in recs.items() if split == "lopo"
            for i, (v, g) in enumerate(((a, b), (b, a)))]


def training_rows(entries, split, a, b, probes):
    """What a split leaves to fit the record (a, b) on: lopo every other pair; lomo no pair of either workload but
    their co-runs next to a probe."""
    return [(v, g, val) for v, g, pa, pb, val in entries if (pa, pb) != (a, b)
            and not (split == "lomo" and (pa in (a, b) or pb in (a, b)) and not (pa in probes or pb in probes))]


def ridge_fit(rows, lam, extra=None):
    """mu + v[victim] + a[aggressor] (ridge lam on every term but mu) over rows (victim, aggressor, r); `extra`, a
    pair (keys(v, g), value(v, g)), adds one more column per key, its value value(v, g). Returns f(v, g)."""
    keys, value = extra or (lambda v, g: [], None)
    ids = sorted({x for v, g, _ in rows for x in (v, g)})
    at = {w: k for k, w in enumerate(ids)}
    n = len(ids)
    xk = sorted({k for v, g, _ in rows for k in keys(v, g)})
    ak = {k: j for j, k in enumerate(xk)}
    m = 1 + 2 * n + len(xk)
    x = np.zeros((len(rows), m))
    y = np.array([val for _, _, val in rows])
    for j, (v, g, _) in enumerate(rows):
        x[j, 0] = 1
        x[j, 1 + at[v]] = 1
        x[j, 1 + n + at[g]] = 1
        for k in keys(v, g):
            x[j, 1 + 2 * n + ak[k]] = value(v, g)
    pen = lam * np.eye(m)
    pen[0, 0] = 0
    coef = np.linalg.solve(x.T @ x + pen + 1e-12 * np.eye(m), x.T @ y)

    def f(v, g):
        out = coef[0] + (coef[1 + at[v]] if v in at else 0) + (coef[1 + n + at[g]] if g in at else 0)
        return out + sum(coef[1 + 2 * n + ak[k]] * value(v, g) for k in keys(v, g) if k in ak)
    return f


def main():
    run = json.load(open(sys.argv[1]))
    mode, lam, on = arg("--mode", "mps"), float(arg("--lam", "1")), arg("--on", "solo")
    probes = set(json.load(open("models/catalog.json")).get("probes", []))
    recs = {(r["split"], r["a"], r["b"]): r for r in run["records"] if r["mode"] == mode}
    base = (lambda r, i: r["baselines"]["noProbes"][i]) if on == "solo" else (lambda r, i: r["predicted"][i])
    entries = lopo_entries(recs, base)
    for split in ("lopo", "lomo"):
        err = {"cur": [], "add": [], "blend": []}
        cls = {}
        for (s, a, b), r in recs.items():
            if s != split:
                continue
            f = ridge_fit(training_rows(entries, split, a, b, probes), lam)
            for i, (v, g) in enumerate(((a, b), (b, a))):
                m = r["measured"][i]
                add = base(r, i) * math.exp(f(v, g))
                preds = {"cur": r["predicted"][i], "add": add, "blend": math.sqrt(add * r["predicted"][i])}
                c = ("Pv" if v in probes else "") + ("Pa" if g in probes else "") or "none"
                for k, p in preds.items():
                    e = abs(p / m - 1)
                    err[k].append(e)
                    cls.setdefault((c, k), []).append(e)
        print(f"{run['gpu']} {mode} {split} (λ {lam}, on {on}): " + ", ".join(f"{k} {100 * statistics.mean(v):.2f} % ({100 * max(v):.1f} %)" for k, v in err.items()))
        for c in ("none", "Pa", "Pv", "PvPa"):
            if (c, "cur") in cls:
                print(f"    {c:5s} {len(cls[(c, 'cur')]):3d} values: " + ", ".join(f"{k} {100 * statistics.mean(cls[(c, k)]):.2f} %" for k in err))


if __name__ == "__main__":
    main()
