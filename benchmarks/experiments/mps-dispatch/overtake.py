#!/usr/bin/env python3
"""Does a kernel that waits under MPS wait in arrival order? (needs numpy)

  python3 benchmarks/experiments/mps-dispatch/overtake.py benchmarks/experiments/mps-dispatch/traces-*.tgz

The dispatch simulation (src/predictor/dispatch.ts) hands SMs to the kernel that became ready first. For every
kernel of A that waited (started more than 2 us after its predecessor's end plus the solo trace's median gap),
this counts the kernels of B that started while it waited: B kernels that became ready later and yet got the GPU
first. Also, for A's kernels that became ready beside a B kernel, when A started relative to that kernel's end.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from analyse_traces import Traces, extract, in_window, pair_sides, ready_beside  # noqa: E402


def report(pair, wa, a, b, solo_gap):
    """One side's line: A's waits, the share overtaken, and when A started against the blocking kernel's end."""
    sel = in_window(a, b)
    ready = a[:-1, 1] + np.median(solo_gap)
    start = a[1:, 0]
    waits = [k for k in np.nonzero(sel)[0] if start[k] - ready[k] > 2]
    if len(waits) < 20:
        return
    over = np.array([((b[:, 0] > ready[k] + 0.5) & (b[:, 0] < start[k] - 0.5)).any() for k in waits])
    rel = np.array([s - b[jb, 1] for jb, _, s in ready_beside(a, b, sel, solo_gap)])
    q = np.percentile(rel, [10, 50, 90]) if len(rel) else [np.nan] * 3
    print(f"{pair:36s} {wa:22s} {len(waits):7d} {over.mean() * 100:8.0f}% {q[0]:12.1f} {q[1]:7.1f} {q[2]:7.1f}")


def main():
    print(f"{'pair':36s} {'A':22s} {'A waits':>7s} {'overtaken':>9s} {'start - blocker end, us (q10/50/90)':>36s}")
    for src in sys.argv[1:]:
        d = extract(src)
        for name, _, sides in pair_sides(d, Traces(d), "mps"):
            for wa, a, _, b, sa, _ in sides:
                report(name[len("mps-"):-len(".json.gz")], wa, a, b, sa[1:, 0] - sa[:-1, 1])


if __name__ == "__main__":
    main()
