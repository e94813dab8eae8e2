#!/usr/bin/env python3
"""Would a pair term beside the effects layer's victim and aggressor terms help? (ninth 2026-12-07 session)

The MPS misses that stay in leave-one-pair-out too (H200: bert@b16s128 next to deepseek -12 %, yolo@b1s640 next to
it +11 %; H100: llama@b1s256 next to gpt2@b32s512 -11 %, bert@b16s128 next to it +9 %) are pair-specific: two
small victims next to one neighbour err in opposite directions. On a committed offline run
(`predictions/<gpu>/offline-2026-12-07.json`, model version 26), as screen.py does: residuals r = log(measured /
solo-profile prediction) of the lopo records; each lopo / lomo record predicted from an additive fit
mu + v[victim] + a[aggressor] (`add`) and from that fit with one more kind of term (`addX`), and each blended with
the record's own prediction (`blend`, `blendX`). The extra term:
  --family                one term per (victim's model, aggressor's model): other sizes of the two models inform
                          a pair (lomo holds out workloads, not models);
  --main-family           two terms per model family, as the one slowed and the one slowing, under each
                          workload's own (a new size of a calibrated model would start from its siblings'; tenth
                          2026-12-07 session, not kept: lomo 2.75 -> 2.82 % on the H200, 2.63 -> 2.70 % on the H100);
  --feature FV FA         one weight on z(FV of the victim) x z(FA of the aggressor), features per workload from
                          calibration/<gpu>/kernels.json (below); --scan: the |correlation| of every such product
                          with the lopo residuals of the full prediction, the largest eight.
Usage: python3 interaction.py RUN.json (--family | --main-family | --feature manyblk persist | --scan) [--lam 1]
"""
import json
import math
import os
import statistics
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from screen import arg, lopo_entries, ridge_fit, training_rows  # noqa: E402


def features(gpu):
    """Per workload: log mean / p90 kernel time, log kernels per ms, share of kernels over 100 us, ncu SM / DRAM
    throughput and achieved occupancy, and the time shares in kernels with > 100 KiB shared memory (bigsmem), more
    than 8 blocks per SM (manyblk) and one wave of > 50 us (persist)."""
    out = {}
    for e in json.load(open(f"calibration/{gpu}/kernels.json"))["entries"]:
        d, ncu = e["durationUs"], e.get("ncu") or {}
        f = {"meanDur": math.log(d["mean"]), "p90Dur": math.log(d["p90"]), "over100": e["longKernelFraction"]["over100us"],
             "kpm": math.log(e["kernelCount"] / e["gpuTimeMs"]), "sm": ncu.get("smThroughputPct", 0) / 100,
             "dram": ncu.get("dramThroughputPct", 0) / 100, "occ": ncu.get("achievedOccupancyPct", 0) / 100}
        cf = ncu.get("configs", [])
        tot = sum(c["durUs"] for c in cf) or 1
        f["bigsmem"] = sum(c["durUs"] for c in cf if c["smem"] > 100000) / tot
        f["manyblk"] = sum(c["durUs"] for c in cf if c["grid"] > 132 * 8) / tot
        f["persist"] = sum(c["durUs"] for c in cf if c["grid"] <= 132 and c["durUs"] > 50) / tot
        out[e["workload"]["id"]] = f
    return out


def zscores(feats, name):
    vals = [f[name] for f in feats.values()]
    mu, sd = statistics.mean(vals), statistics.pstdev(vals) or 1
    return {w: (f[name] - mu) / sd for w, f in feats.items()}


def scan(run, recs, feats):
    rows = [(v, g, math.log(r["measured"][i] / r["predicted"][i])) for (s, a, b), r in recs.items() if s == "lopo"
            for i, (v, g) in enumerate(((a, b), (b, a))) if v in feats and g in feats]
    y = np.array([t for _, _, t in rows])
    names = list(next(iter(feats.values())))
    z = {n: zscores(feats, n) for n in names}
    found = []
    for fv in names:
        for fa in names:
            x = np.array([z[fv][v] * z[fa][g] for v, g, _ in rows])
            if x.std() > 0:
                c = float(np.corrcoef(x, y)[0, 1])
                found.append((abs(c), c, fv, fa))
    print(f"{run['gpu']} MPS lopo residuals ({len(rows)} values, sd {y.std():.3f}) against victim x aggressor products:")
    for _, c, fv, fa in sorted(found, reverse=True)[:8]:
        print(f"    {c:+.2f}  victim {fv} x aggressor {fa}")


def main():
    run = json.load(open(sys.argv[1]))
    lam = float(arg("--lam", "1"))
    probes = set(json.load(open("models/catalog.json")).get("probes", []))
    recs = {(r["split"], r["a"], r["b"]): r for r in run["records"] if r["mode"] == "mps"}
    feats = features(run["gpu"])
    if "--scan" in sys.argv:
        return scan(run, recs, feats)
    if "--main-family" in sys.argv:
        keys = lambda v, g: ["v:" + v.split("@")[0], "a:" + g.split("@")[0]]  # noqa: E731
        value = lambda v, g: 1.0  # noqa: E731
        label = "main-family"
    elif "--family" in sys.argv:
        keys = lambda v, g: [(v.split("@")[0], g.split("@")[0])]  # noqa: E731
        value = lambda v, g: 1.0  # noqa: E731
        label = "family"
    else:
        fv, fa = sys.argv[sys.argv.index("--feature") + 1: sys.argv.index("--feature") + 3]
        zv, za = zscores(feats, fv), zscores(feats, fa)
        keys = lambda v, g: ["x"]  # noqa: E731
        value = lambda v, g: zv.get(v, 0) * za.get(g, 0)  # noqa: E731
        label = f"{fv} x {fa}"
    base = lambda r, i: r["baselines"]["noProbes"][i]  # noqa: E731
    entries = lopo_entries(recs, base)
    for split in ("lopo", "lomo"):
        err = {"cur": [], "add": [], "addX": [], "blend": [], "blendX": []}
        for (s, a, b), r in recs.items():
            if s != split:
                continue
            rows = training_rows(entries, split, a, b, probes)
            f0, f1 = ridge_fit(rows, lam), ridge_fit(rows, lam, (keys, value))
            for i, (v, g) in enumerate(((a, b), (b, a))):
                m, cur = r["measured"][i], r["predicted"][i]
                add, addx = base(r, i) * math.exp(f0(v, g)), base(r, i) * math.exp(f1(v, g))
                for k, p in {"cur": cur, "add": add, "addX": addx, "blend": math.sqrt(add * cur), "blendX": math.sqrt(addx * cur)}.items():
                    err[k].append(abs(p / m - 1))
        print(f"{run['gpu']} mps {split} (X: {label}, λ {lam}): " + ", ".join(f"{k} {100 * statistics.mean(e):.2f} % ({100 * max(e):.1f} %)" for k, e in err.items()))


if __name__ == "__main__":
    main()
