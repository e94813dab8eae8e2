#!/usr/bin/env python3
"""The neighbour's time slice implied by a short workload's co-run latency, from the measured time-sliced pairs.

A workload V whose request's GPU work fits in one quantum (taken as: solo latency, GPU work plus host gap, below
the quantum plus the switch cost) runs one request per slice and then hands the GPU over
(its host gap leaves it without work). Next to a workload O with long requests, one request of V is then one
cycle: V's request, O's slice and two switches, so O's slice = V's co-run latency - V's solo latency - 2 x the
fitted switch cost, and O's progress per cycle (its solo time per request x cycles per O request) should equal
that slice if O runs at its solo speed while it holds the GPU. O's co-run latency over V's is the number of
cycles (O's slices) per O request: an integer where the picture holds. Reads calibration/<gpu>/pairs.json and every
predictions/<gpu>/fresh-*/pairs.json (time slicing, status ok) and the fitted quantum and switch cost of
calibration/<gpu>/model.json.

  python3 benchmarks/experiments/timeslice-trace/implied-slices.py h100 [NEIGHBOUR]
"""
import glob
import json
import sys


def main():
    gpu = sys.argv[1] if len(sys.argv) > 1 else "h100"
    only = sys.argv[2] if len(sys.argv) > 2 else None
    ts = json.load(open(f"calibration/{gpu}/model.json"))["params"]["timeslice"]
    q, c = ts["quantumMs"], ts["switchMs"]
    print(f"{gpu}: quantum {q} ms, switch {c} ms; V: solo latency < quantum + switch, O: solo latency > 2 quanta")
    print(f"{'O (long)':24} {'V (short)':24} {'set':20} {'V solo':>7} {'V co-run':>8} {'O slice':>8} {'O progress':>10} {'O solo':>7} {'cycles':>6}")
    rows = []
    for f in [f"calibration/{gpu}/pairs.json"] + sorted(glob.glob(f"predictions/{gpu}/fresh-*/pairs.json")):
        name = "calibration" if f.startswith("calibration") else f.split("/")[-2]
        for p in json.load(open(f))["entries"]:
            if p.get("mode") != "timeslice" or p.get("status") != "ok" or not p.get("latencyMs"):
                continue
            ids = [p["a"]["id"], p["b"]["id"]]
            for v in (0, 1):
                o = 1 - v
                sv, so = p["soloLatencyMs"][v], p["soloLatencyMs"][o]
                lv, lo = p["latencyMs"][v], p["latencyMs"][o]
                if not (sv < q + c and so > 2 * q) or (only and ids[o] != only):
                    continue
                rows.append((ids[o], ids[v], name, sv, lv, lv - sv - 2 * c, so * lv / lo, so, lo / lv))
    for r in sorted(rows):
        print(f"{r[0]:24} {r[1]:24} {r[2]:20} {r[3]:7.3f} {r[4]:8.3f} {r[5]:8.3f} {r[6]:10.3f} {r[7]:7.3f} {r[8]:6.2f}")


if __name__ == "__main__":
    main()
