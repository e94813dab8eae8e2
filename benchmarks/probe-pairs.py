#!/usr/bin/env python3
"""Cross-validation errors split by whether a pair includes a probe workload (models/catalog.json "probes").

A pair with a probe is a probe co-run of its other workload: every workload calibrated with its probe co-runs
(the default, user models included) brings it measured, and `predict` shows the measurement beside the
prediction. So the pairs a user can need predicted are those without a probe; the offline splits cover both. Prints,
per GPU, mode and split of the committed offline run (the newest predictions/<gpu>/offline-*.json unless given):
values, MAPE and max without and with a probe. Usage: python3 benchmarks/probe-pairs.py [h100 h200] [--run FILE]
"""
import glob
import json
import sys


def main():
    args = sys.argv[1:]
    run = args[args.index("--run") + 1] if "--run" in args else None
    gpus = [a for a in args if a != "--run" and a != run] or ["h100", "h200"]
    probes = set(json.load(open("models/catalog.json")).get("probes", []))
    print(f"probes: {', '.join(sorted(probes))}")
    print("| GPU | mode | split | without a probe: values, MAPE (max) | with a probe: values, MAPE (max) |")
    print("| --- | --- | --- | --- | --- |")
    for gpu in gpus:
        path = run or sorted(glob.glob(f"predictions/{gpu}/offline-*.json"))[-1]
        groups = {}
        for r in json.load(open(path))["records"]:
            errs = [abs(p / m - 1) for p, m in zip(r["predicted"], r["measured"])]
            key = (r["mode"], r["split"], bool({r["a"], r["b"]} & probes))
            groups.setdefault(key, []).extend(errs)
        for mode in ("timeslice", "mps", "streams"):
            for split in ("lopo", "lomo", "lomf", "transfer"):
                cells = []
                for with_probe in (False, True):
                    e = groups.get((mode, split, with_probe), [])
                    cells.append(f"{len(e)}, {100 * sum(e) / len(e):.2f} % ({100 * max(e):.1f} %)" if e else "-")
                if cells != ["-", "-"]:
                    print(f"| {gpu} | {mode} | {split} | {cells[0]} | {cells[1]} |")


if __name__ == "__main__":
    main()
