#!/usr/bin/env python3
"""How far a closed-loop pair measurement repeats in another session: a fresh set's pairs that the calibration
measured too (either order), each workload's slowdown, co-run latency and solo latency in the set against the
calibration's. Prints them per pair and, per mode, the mean, median and largest |change| of slowdown: the floor
under any prediction's error against one session's measurement. With a fresh validation run of the same set
(`coloc validate --gpu G --measured DIR --out RUN`), the model's error on the same values beside it.
Usage: python3 benchmarks/pairs-repeat.py h100 predictions/h100/fresh-2026-12-06l [run.json]
With --against OTHER (another fresh set), the same against that set's pairs in place of the calibration's (a set
measured twice: python3 benchmarks/pairs-repeat.py h100 predictions/h100/fresh-2026-12-07h --against
predictions/h100/fresh-2026-12-07g).
"""
import json
import statistics
import sys


def main():
    args = sys.argv[1:]
    against = None
    if "--against" in args:
        i = args.index("--against")
        against = args[i + 1]
        del args[i:i + 2]
    gpu, fresh = args[0], args[1]
    run = json.load(open(args[2])) if len(args) > 2 else None
    ref = f"{against}/pairs.json" if against else f"calibration/{gpu}/pairs.json"
    what = f"{against.rstrip('/').split('/')[-1]}'s" if against else "the calibration's"
    key = lambda e: (e["mode"], e["a"]["id"], e["b"]["id"])
    cal = {key(e): e for e in json.load(open(ref))["entries"] if e.get("slowdown")}
    model = {}
    for r in (run or {}).get("records", []):
        if r["split"] == "fresh":
            model[(r["mode"], r["a"], r["b"])] = r
    change, corun, err = {}, {}, {}
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
        corun.setdefault(mode, []).extend(abs(x) for x in rel("latencyMs"))
        fmt = lambda xs: " / ".join(f"{x:+.1f}" for x in xs)
        line = f"{mode:9} {a} + {b}: slowdown {fmt(s)} %, co-run {fmt(rel('latencyMs'))} %, solo {fmt(rel('soloLatencyMs'))} %"
        m = model.get((mode, a, b))
        if m:
            me = [100 * (p / x - 1) for p, x in zip(m["predicted"], m["measured"])]
            err.setdefault(mode, []).extend(abs(x) for x in me)
            line += f"; model {fmt(me)} %"
        print(line)
    for mode, xs in change.items():
        ys = corun[mode]
        line = (f"{mode}: {len(xs)} values, slowdown against {what} mean |change| {statistics.mean(xs):.2f} %, "
                f"median {statistics.median(xs):.2f} %, max {max(xs):.2f} %; co-run latency median "
                f"{statistics.median(ys):.2f} %, max {max(ys):.2f} %")
        if err.get(mode):
            line += f"; the model's error on them {statistics.mean(err[mode]):.2f} % (max {max(err[mode]):.2f} %)"
        print(line)


if __name__ == "__main__":
    main()
