#!/usr/bin/env python3
"""Waits of A's kernels per launch shape of the B kernel running when they became ready, in one MPS pair trace;
with the simulation's view (sim-shapes.mjs's JSON), the two side by side (needs numpy).

  node benchmarks/experiments/mps-dispatch/sim-shapes.mjs yolo@b1s640 gpt2@b32s512 > /tmp/sim.json
  python3 benchmarks/experiments/mps-dispatch/shapes.py traces-2026-12-01f.tgz yolo@b1s640 gpt2@b32s512 /tmp/sim.json

Per B shape (grid, block, registers, shared memory): A kernels ready beside one per request, their mean wait (us;
a kernel is ready at its predecessor's end plus the solo trace's median gap, as analyse_traces.py), the waits per
request (ms), B's kernel duration (median, us) and how much of it was left when A's kernel became ready. The trace's
times are MPS co-run times (A's kernels alone in MPS run longer than their exclusive profile); the simulation's are
in exclusive kernel time.
"""
import json
import sys

import numpy as np

from analyse_traces import Traces, extract, in_window, pair_file, ready_beside, solo_name


def trace_shapes(src, a_id, b_id):
    d = extract(src)
    tr = Traces(d)
    sides = dict(tr.pair("mps", pair_file(d, src, a_id, b_id)))
    a, b = sides[a_id], sides[b_id]
    sa, _, _, per_req = tr.solo("mps", solo_name(a_id, d, "mps"))
    solo_gap = sa[1:, 0] - sa[:-1, 1]
    sel = in_window(a, b)
    requests = sel.sum() / per_req
    by = {}
    for jb, ready, start in ready_beside(a, b, sel, solo_gap):
        key = ",".join(str(int(x)) for x in b[jb, 2:6])
        o = by.setdefault(key, {"n": 0, "wait": 0.0, "dur": [], "left": 0.0})
        o["n"] += 1
        o["wait"] += max(0.0, start - ready)
        o["dur"].append(b[jb, 1] - b[jb, 0])
        o["left"] += b[jb, 1] - ready
    shapes = {k: {"perReq": v["n"] / requests, "meanWait": v["wait"] / v["n"], "waitPerReq": v["wait"] / requests / 1000,
                  "dur": float(np.median(v["dur"])), "left": v["left"] / v["n"]} for k, v in by.items()}
    return {"requests": float(requests), "exec": float((a[1:, 1] - a[1:, 0])[sel].sum() / requests / 1000),
            "soloExec": float((sa[:, 1] - sa[:, 0]).sum() / (len(sa) / per_req) / 1000), "shapes": shapes}


def main():
    src, a_id, b_id = sys.argv[1:4]
    t = trace_shapes(src, a_id, b_id)
    s = json.load(open(sys.argv[4])) if len(sys.argv) > 4 else {"shapes": {}, "exec": float("nan"), "soloExec": float("nan")}
    nan = float("nan")
    total = lambda x: sum(v["waitPerReq"] for v in x["shapes"].values())  # noqa: E731
    print(f"{a_id} next to {b_id}: per request, kernels {t['soloExec']:.2f} ms alone (MPS), {t['exec']:.2f} co-run, waits {total(t):.2f} ms;"
          f" simulation: kernels {s['soloExec']:.2f} ms alone (exclusive), {s['exec']:.2f} co-run, waits {total(s):.2f} ms")
    keys = sorted(set(t["shapes"]) | set(s["shapes"]), key=lambda k: -(t["shapes"].get(k, {}).get("waitPerReq", 0) + s["shapes"].get(k, {}).get("waitPerReq", 0)))
    print(f"  {'B shape':24s} {'ready/req':>13s} {'mean wait us':>13s} {'waits ms/req':>13s} {'B kernel us':>12s} {'left us':>12s}   (trace / simulation)")
    for k in keys[:14]:
        a, b = t["shapes"].get(k, {}), s["shapes"].get(k, {})
        f = lambda d, x: d.get(x, nan)  # noqa: E731
        print(f"  {k:24s} {f(a, 'perReq'):6.1f} {f(b, 'perReq'):6.1f} {f(a, 'meanWait'):6.1f} {f(b, 'meanWait'):6.1f} {f(a, 'waitPerReq'):6.2f} {f(b, 'waitPerReq'):6.2f}"
              f" {f(a, 'dur'):5.0f} {f(b, 'dur'):6.0f} {f(a, 'left'):6.1f} {f(b, 'left'):5.1f}")


if __name__ == "__main__":
    main()
