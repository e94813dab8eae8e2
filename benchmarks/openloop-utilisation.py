#!/usr/bin/env python3
"""Open-loop p99 error against how close each run is to its pair's capacity.

The runner offers each workload load/2 of its solo throughput, so a run's combined load is relative to the two
solo throughputs, not to what the pair achieves together. Its utilisation of the pair's capacity is
u = load / (nA + nB), nX the normalised closed-loop co-run throughputs of the same pair, mode and session (time
slicing's add to 0.9-0.97, so its runs at load 0.9 sit at u = 0.93-0.99; MPS's add to more than 1). Near u = 1
the p99 multiplies any error of the closed-loop speed (benchmarks/openloop-elasticity.mjs). This prints the p99
MAPE of a committed validation run by utilisation band: the offline run's leave-one-model-out values
(calibration's open-loop runs against the calibration's pairs) and the fresh run's values (each against its own
set's pairs). Usage: python3 benchmarks/openloop-utilisation.py h200 [offline.json] [fresh.json]
"""
import glob
import json
import os
import sys

BANDS = [(0.0, 0.7), (0.7, 0.85), (0.85, 0.92), (0.92, 0.96), (0.96, 2.0)]


def key(e):
    return (e["mode"], e["a"]["id"], e["b"]["id"])


def norm_sums(folder):
    """(mode, a, b) -> nA + nB of a folder's pairs.json, and (mode, a, b, load) of its open-loop runs."""
    sums = {}
    for p in json.load(open(os.path.join(folder, "pairs.json")))["entries"]:
        if p.get("status", "ok") == "ok":
            sums[key(p)] = sum(p["normThroughput"])
            sums[(p["mode"], p["b"]["id"], p["a"]["id"])] = sum(p["normThroughput"])
    path = os.path.join(folder, "openloop.json")
    runs = {(*key(o), o["load"]) for o in json.load(open(path))["entries"]} if os.path.exists(path) else set()
    return sums, runs


def newest(gpu, prefix):
    runs = sorted(f for f in glob.glob(f"predictions/{gpu}/{prefix}*.json") if os.path.basename(f)[len(prefix)].isdigit())
    return runs[-1] if runs else None


def table(title, values):
    print(title)
    print("| mode | u | values | p99 MAPE | max |")
    print("| --- | --- | --- | --- | --- |")
    for mode in ("timeslice", "mps"):
        for lo, hi in BANDS:
            errs = [e for m, u, e in values if m == mode and lo <= u < hi]
            if errs:
                label = f"{lo:.2f}-{hi:.2f}" if hi < 2 else f">= {lo:.2f}"
                print(f"| {mode} | {label} | {len(errs)} | {100 * sum(errs) / len(errs):.1f} % | {100 * max(errs):.1f} % |")


def main():
    gpu = sys.argv[1] if len(sys.argv) > 1 else "h200"
    offline = sys.argv[2] if len(sys.argv) > 2 else newest(gpu, "offline-")
    fresh = sys.argv[3] if len(sys.argv) > 3 else newest(gpu, "")
    cal_sums, _ = norm_sums(f"calibration/{gpu}")
    sets = [norm_sums(f) for f in sorted(glob.glob(f"predictions/{gpu}/fresh-*")) if os.path.isdir(f)]

    def values(run, split, sums_of):
        out = []
        for o in json.load(open(run))["openLoop"]:
            if o["split"] != split or o["mode"] not in ("timeslice", "mps"):
                continue
            s = sums_of(o)
            if s is None:
                continue
            u = o["load"] / s
            out += [(o["mode"], u, abs(p / m - 1)) for p, m in zip(o["predictedP99Ms"], o["measuredP99Ms"])]
        return out

    if offline:
        table(f"{gpu} {offline}, lomo", values(offline, "lomo", lambda o: cal_sums.get((o["mode"], o["a"], o["b"]))))

    def fresh_sum(o):
        for sums, runs in sets:
            if (o["mode"], o["a"], o["b"], o["load"]) in runs and (o["mode"], o["a"], o["b"]) in sums:
                return sums[(o["mode"], o["a"], o["b"])]
        return None

    if fresh:
        table(f"{gpu} {fresh}, fresh", values(fresh, "fresh", fresh_sum))


if __name__ == "__main__":
    main()
