#!/usr/bin/env python3
"""How far one open-loop window's latencies repeat: a repeat run (same pairs, modes, load, window and arrival
seeds, so the same arrival sequences) against the calibration's entries it repeats. Prints each run's p50, mean and
p99 change and the mean and largest |p99 change|: the floor under any prediction's p99 error at that load.
Usage: python3 benchmarks/openloop-repeat.py h100 predictions/h100/repeat-2026-12-06i/openloop.json
"""
import json
import sys


def main():
    gpu, repeat = sys.argv[1], sys.argv[2]
    key = lambda e: (e["mode"], e["a"]["id"], e["b"]["id"], e["load"])
    cal = {key(e): e for e in json.load(open(f"calibration/{gpu}/openloop.json"))["entries"]}
    changes = []
    for e in json.load(open(repeat))["entries"]:
        c = cal.get(key(e))
        if not c or c["arrivalSeeds"] != e["arrivalSeeds"] or c["windowS"] != e["windowS"]:
            print(f"{key(e)}: no calibration entry with the same seeds and window")
            continue
        rel = lambda f: [100 * (x / y - 1) for x, y in zip(e[f], c[f])]
        p99 = rel("p99Ms")
        changes += [abs(x) for x in p99]
        fmt = lambda xs: " / ".join(f"{x:+.1f}" for x in xs)
        print(f"{e['mode']:9} {e['a']['id']} + {e['b']['id']} at {e['load']}: p50 {fmt(rel('p50Ms'))} %, "
              f"mean {fmt(rel('meanMs'))} %, p99 {fmt(p99)} % ({' / '.join(f'{x:.0f}' for x in c['p99Ms'])} ms)")
    if changes:
        print(f"p99: mean |change| {sum(changes) / len(changes):.1f} %, max {max(changes):.1f} % over {len(changes)} values")


if __name__ == "__main__":
    main()
