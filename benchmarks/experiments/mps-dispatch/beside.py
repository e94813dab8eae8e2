#!/usr/bin/env python3
"""Where and how fast A's kernels ran next to each kind of B kernel, in one MPS pair trace (needs numpy).

  python3 benchmarks/experiments/mps-dispatch/beside.py traces-2026-12-01f.tgz mobilenet@b8s224 gpt2@b32s512

For every A kernel that started while a B kernel ran: how far into that B kernel it started (0: at its start,
1: at its end; quantiles over the A kernels) and how much longer it took than the same kernel (name and launch
shape) in A's solo trace (median, and weighted by solo time). "none": A kernels that started with no B kernel
running.
"""
import collections
import os
import sys

import numpy as np

from analyse_traces import extract, load, pair_file, solo_name, wid


def main():
    src, a_id, b_id = sys.argv[1:4]
    d = extract(src)
    name = pair_file(d, src, a_id, b_id)
    procs = {wid(p["slots"][0]): p for p in load(os.path.join(d, name))}
    sn = solo_name(a_id, d, "mps")
    if sn is None:
        sys.exit(f"no MPS solo trace of {a_id} in {src}")
    [solo] = load(os.path.join(d, f"mps-solo-{sn}.json.gz"))
    alone = collections.defaultdict(list)
    for k in solo["kernels"]:
        alone[(k[3], tuple(k[4:8]))].append(k[1])
    alone = {k: float(np.median(v)) for k, v in alone.items()}
    bk = sorted(procs[b_id]["kernels"], key=lambda k: k[0])
    starts = np.array([k[0] for k in bk])
    ends = np.array([k[0] + k[1] for k in bk])
    by = collections.defaultdict(lambda: {"n": 0, "pos": [], "ratio": [], "solo": []})
    for k in procs[a_id]["kernels"]:
        i = int(np.searchsorted(starts, k[0])) - 1
        if i < 0 or ends[i] <= k[0]:
            cls = ("none", ())
        else:
            b = bk[i]
            cls = (b[3][:40], tuple(b[4:8]))
            by[cls]["pos"].append((k[0] - b[0]) / b[1])
        s = by[cls]
        s["n"] += 1
        m = alone.get((k[3], tuple(k[4:8])))
        if m:
            s["ratio"].append(k[1] / m)
            s["solo"].append(m)
    print(f"{a_id} next to {b_id}: A kernels by the B kernel running when they started")
    for cls, s in sorted(by.items(), key=lambda x: -x[1]["n"]):
        pos = np.percentile(s["pos"], [10, 50, 90]) if s["pos"] else [np.nan] * 3
        r = np.array(s["ratio"])
        w = np.array(s["solo"])
        slow = f"x{np.median(r):.2f} (time-weighted x{np.sum(r * w) / np.sum(w):.2f})" if len(r) else "-"
        print(f"  {s['n']:6d}  start at {pos[0]:.2f}/{pos[1]:.2f}/{pos[2]:.2f}  slower {slow:32s} {cls[0]} {list(cls[1])}")


if __name__ == "__main__":
    main()
