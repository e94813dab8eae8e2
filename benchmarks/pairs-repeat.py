#!/usr/bin/env python3
"""How far a closed-loop pair measurement repeats in another session: a fresh set's pairs that the calibration
measured too (either order), each workload's slowdown, co-run latency and solo latency in the set against the
calibration's. Prints them per pair and, per mode, the mean, median and largest |change| of slowdown: the floor
under any prediction's error against one session's measurement. With a fresh validation run of the same set
(`coloc validate --gpu G --measured DIR --out RUN`), the model's error on the same values beside it.
Usage: python3 benchmarks/pairs-repeat.py h100 predictions/h100/fresh-2026-12-06l [run.json]
"""
import json
import statistics
import sys


def main():
    gpu, fresh = sys.argv[1], sys.argv[2]
    run = json.load(open(sys.argv[3])) if len(sys.argv) > 3 else None
    key = lambda e: (e["mode"], e["a"]["id"], e["b"]["id"])
    cal = {key(e): e for e in json.load(open(f"calibration/{gpu}/pairs.json"))["entries"] if e.get("slowdown")}
    model = {}
    for r in (run or {}).get("records", []):
        if r["split"] == "fresh":
            model[(r["mode"], r["a"], r["b"])] = r
    change, err = {}, {}
    for e in json.load(open(f"{fresh}/pairs.json"))["entries"]:
        if not e.get("slowdown"):
            continue
        mode, a, b = key(e)
        c, flip = cal.get((mode, a, b)), False
        if c is None:
            c, flip = cal.get((mode, b, a)), True
        if c is None:
            continue
        side = lambda xs: xs[::-1] if flip else xs
        rel = lambda f: [100 * (x / y - 1) for x, y in zip(e[f], side(c[f]))]
        s = rel("slowdown")
        change.setdefault(mode, []).extend(abs(x) for x in s)
        fmt = lambda xs: " / ".join(f"{x:+.1f}" for x in xs)
        line = f"{mode:9} {a} + {b}: slowdown {fmt(s)} %, co-run {fmt(rel('latencyMs'))} %, solo {fmt(rel('soloLatencyMs'))} %"
        m = model.get((mode, a, b))
        if m:
            me = [100 * (p / x - 1) for p, x in zip(m["predicted"], m["measured"])]
            err.setdefault(mode, []).extend(abs(x) for x in me)
            line += f"; model {fmt(me)} %"
        print(line)
    for mode, xs in change.items():
        line = (f"{mode}: {len(xs)} values, slowdown against the calibration's mean |change| {statistics.mean(xs):.2f} %, "
                f"median {statistics.median(xs):.2f} %, max {max(xs):.2f} %")
        if err.get(mode):
            line += f"; the model's error on them {statistics.mean(err[mode]):.2f} % (max {max(err[mode]):.2f} %)"
        print(line)


if __name__ == "__main__":
    main()
