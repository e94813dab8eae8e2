#!/usr/bin/env python3
"""Time slices of time-sliced co-runs, from corun_trace.py --mode timeslice (needs numpy).

  python3 benchmarks/experiments/timeslice-trace/slices.py TRACE_DIR_OR_TGZ

Both processes' kernels go onto one time axis (each trace's ts from its baseTimeNanoseconds). A slice is a maximal run
of one process's kernels; for each side of each pair: how many slices, their length (first kernel start to last
kernel end), the gap before the next slice (the switch), and how much of the slice its kernels fill, beside the
same kernels' solo durations (a kernel stretched after a switch shows there).

On the H100's traces (ts-trace-2026-12-07.tgz) a kernel suspended at the end of its context's turn is recorded
across the neighbour's turn, which this merged timeline misreads (negative switch gaps, slices of several ms):
turns.py reads the turns from the short workload's kernel starts instead.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "mps-dispatch"))
from analyse_traces import extract, load  # noqa: E402  (one process's file comes back as a list of one)


def shift_us(proc, ref=None):
    """What to add to `proc`'s ts (us) to put it on the time axis of `ref`, a process of the same run: each trace's
    ts counts from its own baseTimeNanoseconds, in practice the same for both."""
    return ((proc.get("baseTimeNanoseconds") or 0) - ((ref or proc).get("baseTimeNanoseconds") or 0)) / 1e3


def abs_kernels(proc, ref=None):
    """(start, end, name) of each kernel in us, on the time axis of `ref` (shift_us)."""
    shift = shift_us(proc, ref)
    return [(shift + k[0], shift + k[0] + k[1], k[3]) for k in proc["kernels"]]


def slices(a, b):
    """Slices of the merged timeline: [(side, start, end, n kernels, busy us)]."""
    ev = sorted([(s, e, 0, n) for s, e, n in a] + [(s, e, 1, n) for s, e, n in b])
    t0 = max(a[0][0], b[0][0])
    t1 = min(a[-1][1], b[-1][1])
    ev = [x for x in ev if x[0] >= t0 and x[1] <= t1]
    out = []
    for s, e, side, _ in ev:
        if out and out[-1][0] == side:
            last = out[-1]
            out[-1] = (side, last[1], max(last[2], e), last[3] + 1, last[4] + (e - s))
        else:
            out.append((side, s, e, 1, e - s))
    return out, t1 - t0


def median_dur(kern):
    d = {}
    for s, e, n in kern:
        d.setdefault(n, []).append(e - s)
    return {n: float(np.median(v)) for n, v in d.items()}


def main():
    src = sys.argv[1]
    d = extract(src) if src.endswith(".tgz") else src
    card = open(os.path.join(d, "card.txt")).read().strip() if os.path.exists(os.path.join(d, "card.txt")) else "?"
    print(f"card: {card}")
    for f in sorted(os.listdir(d)):
        if not f.startswith("timeslice-") or "solo" in f:
            continue
        a_id, b_id = f[len("timeslice-"):-len(".json.gz")].split("+")
        procs = load(os.path.join(d, f))
        ka, kb = abs_kernels(procs[0]), abs_kernels(procs[1], procs[0])
        sl, window = slices(ka, kb)
        print(f"\n{a_id} + {b_id}: window {window / 1e3:.1f} ms, {len(sl)} slices")
        for side, wid, kern in ((0, a_id, ka), (1, b_id, kb)):
            solo_p = os.path.join(d, f"timeslice-solo-{wid}.json.gz")
            solo = median_dur(abs_kernels(load(solo_p)[0])) if os.path.exists(solo_p) else {}
            mine = [x for x in sl if x[0] == side]
            lens = np.array([x[2] - x[1] for x in mine])
            busy = np.array([x[4] for x in mine])
            # the gap after each of my slices until the other side's next kernel
            gaps = [sl[i + 1][1] - sl[i][2] for i in range(len(sl) - 1) if sl[i][0] == side]
            ks = [(e - s, solo.get(n)) for s, e, n in kern]
            stretch = sum(k for k, so in ks if so) / max(1e-9, sum(so for k, so in ks if so))
            plain = procs[side]["slots"][0]["plainMs"]
            traced = procs[side]["slots"][0]["traceMs"]
            print(f"  {wid:24} slices {len(mine):4d}  length mean {lens.mean() / 1e3:.3f} ms (p10 {np.percentile(lens, 10) / 1e3:.3f},"
                  f" p50 {np.median(lens) / 1e3:.3f}, p90 {np.percentile(lens, 90) / 1e3:.3f})  kernels fill {busy.sum() / lens.sum():.3f}"
                  f"  switch gap after {np.mean(gaps) * 1e-3 if gaps else float('nan'):.3f} ms  share {lens.sum() / window:.3f}"
                  f"  kernel time vs solo x{stretch:.3f}  latency plain {np.mean(plain):.3f} traced {np.mean(traced):.3f} ms")


if __name__ == "__main__":
    main()
