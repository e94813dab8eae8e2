#!/usr/bin/env python3
"""How far a workload's GPU time per request moves between sessions: in every fresh set of a GPU, each exclusive
solo's host-gap probe (GPU-busy time per request, HostGap.gpuMs) against the calibration's, in per cent, with the
set's median over its workloads. With a workload id, that workload's GPU time, host time, solo latency and clock in
the calibration and every set that measured it alone.
Usage: python3 benchmarks/session-gpu-time.py h100 [deepseek@b1s512]
"""
import glob
import json
import statistics
import sys


def exclusive(path):
    return {e["workload"]["id"]: e for e in json.load(open(path))["entries"]
            if e.get("context") == "exclusive" and e.get("status", "ok") == "ok" and e.get("hostGap")}


def main():
    gpu = sys.argv[1]
    only = sys.argv[2] if len(sys.argv) > 2 else None
    cal = exclusive(f"calibration/{gpu}/solo.json")
    sets = [("calibration", cal)] + [(p.split("/")[-2], exclusive(p)) for p in sorted(glob.glob(f"predictions/{gpu}/fresh-*/solo.json"))]
    for name, solo in sets:
        if only:
            e = solo.get(only)
            if e:
                g, clk = e["hostGap"], (e.get("gpm") or {}).get("smClockMHz")
                print(f"{name:20} gpu {g['gpuMs']:.3f} ms  host {g['hostMs']:.3f} ms  solo {e['latencyMs']['mean']:.3f} ms"
                      + (f"  clock {clk:.0f} MHz" if clk else ""))
            continue
        if name == "calibration":
            continue
        rel = {w: 100 * (e["hostGap"]["gpuMs"] / cal[w]["hostGap"]["gpuMs"] - 1) for w, e in solo.items() if w in cal}
        if rel:
            print(f"{name:20} median {statistics.median(rel.values()):+.1f} %  "
                  + ", ".join(f"{w} {v:+.1f}" for w, v in sorted(rel.items())))


if __name__ == "__main__":
    main()
