#!/usr/bin/env python3
"""Turns (time slices) of a time-sliced pair, read from the short workload's kernels (needs numpy).

  python3 benchmarks/experiments/timeslice-trace/turns.py TRACE_DIR_OR_TGZ

Under time slicing with compute preemption a kernel that is running when its context's slice ends is suspended,
and the profiler records it from its start to its end, across the neighbour's slice: the long workload's kernels
(deepseek's 0.9 ms expert GEMMs, llama8b's GEMMs) then seem to overlap the short one's, and a merged timeline
(slices.py) misreads them. The short workload's kernels (a few to tens of microseconds) are rarely cut, so its
turns are the clusters of its kernels (more than 0.3 ms between two of its kernels' starts begins a new turn),
and the long one's turns are the gaps between them (its slice plus two switches). Per pair:

- the short side S: its turns' length, how many of its requests (graph launches) were cut across two turns, and
  its request's GPU span alone (solo trace: first kernel start to last kernel end, median);
- the long side L: its requests' GPU span alone, the number of its turns per request (1 + S's turns that start
  inside one of its requests, first to last kernel), and the gaps between S's turns inside its requests, whose
  median is a full turn of L plus two switches (the last, shorter turn of a request shows as a shorter gap).
"""
import functools
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "mps-dispatch"))
from analyse_traces import extract, load  # noqa: E402
from slices import abs_kernels, shift_us  # noqa: E402

GAP_US = 300.0


def timeline(proc, ref):
    """Kernels [(start, end)] in us and graph launches (us) of one process, on the time axis of `ref`."""
    k = np.array(sorted((s, e) for s, e, _ in abs_kernels(proc, ref)))
    launches = np.array(sorted(shift_us(proc, ref) + g[0] for g in proc.get("graphLaunches") or []))
    return k, launches


def requests(k, launches):
    """(first kernel start, last kernel end) of each request: the kernels that start between one launch and the next."""
    out = []
    for lo, hi in zip(launches[:-1], launches[1:]):
        sel = k[(k[:, 0] >= lo) & (k[:, 0] < hi)]
        if len(sel):
            out.append((sel[0, 0], sel[:, 1].max()))
    return np.array(out)


def clusters(k):
    """Turns of a short-kernel side: [(start, end)] of runs of kernels whose starts lie less than GAP_US apart. Starts,
    not ends: a kernel suspended at the end of a turn ends only when the next turn resumes it, so its end would join
    the two turns. A turn ends at its last kernel's start plus that kernel's recorded duration, at most GAP_US
    (a suspended kernel's recorded duration spans the neighbour's turn)."""
    cut = np.nonzero(k[1:, 0] - k[:-1, 0] > GAP_US)[0]
    starts = np.r_[0, cut + 1]
    ends = np.r_[cut, len(k) - 1]
    return np.array([(k[s, 0], k[e, 0] + min(k[e, 1] - k[e, 0], GAP_US)) for s, e in zip(starts, ends)])


@functools.lru_cache(maxsize=None)
def solo_span(d, wid):
    """Median GPU span of one request in the solo trace of `wid` (ms)."""
    path = os.path.join(d, f"timeslice-solo-{wid}.json.gz")
    if not os.path.exists(path):
        return float("nan")
    [p] = load(path)
    k, launches = timeline(p, p)
    r = requests(k, launches)
    return float(np.median(r[:, 1] - r[:, 0])) / 1e3 if len(r) else float("nan")


def q(v, ps=(10, 50, 90)):
    return " / ".join(f"{x / 1e3:.3f}" for x in np.percentile(v, ps)) if len(v) else "-"


def main():
    src = sys.argv[1]
    d = extract(src) if src.endswith(".tgz") else src
    for f in sorted(os.listdir(d)):
        if not f.startswith("timeslice-") or "solo" in f:
            continue
        procs = load(os.path.join(d, f))
        sides = [timeline(p, procs[0]) for p in procs]
        names = [f"{s['name']}@b{s['batch']}s{s['seq']}" for s in (p["slots"][0] for p in procs)]
        spans = [solo_span(d, n) for n in names]
        s_i = int(np.argmin(spans))
        (ks, ls), (kl, ll) = sides[s_i], sides[1 - s_i]
        lo, hi = max(ks[0, 0], kl[0, 0]), min(ks[-1, 1], kl[-1, 1])
        turns = clusters(ks)
        turns = turns[(turns[:, 0] > lo) & (turns[:, 1] < hi)]
        reqs_s = requests(ks, ls)
        reqs_s = reqs_s[(reqs_s[:, 0] > lo) & (reqs_s[:, 1] < hi)]
        cut = sum(((turns[:, 0] > a) & (turns[:, 0] < b)).any() for a, b in reqs_s)
        reqs_l = requests(kl, ll)
        reqs_l = reqs_l[(reqs_l[:, 0] > lo) & (reqs_l[:, 1] < hi)]
        per_req, gaps = [], []
        for a, b in reqs_l:
            inside = turns[(turns[:, 0] > a) & (turns[:, 0] < b)]
            per_req.append(1 + len(inside))
            gaps += list(inside[1:, 0] - inside[:-1, 1])
        per_req = np.array(per_req)
        print(f"{names[s_i]} + {names[1 - s_i]}: window {(hi - lo) / 1e3:.1f} ms")
        print(f"  short {names[s_i]:22s} alone {spans[s_i]:.3f} ms a request; {len(turns)} turns, length (q10/50/90) "
              f"{q(turns[:, 1] - turns[:, 0])} ms; {cut} of {len(reqs_s)} requests cut across two turns")
        counts = ", ".join(f"{k} turns: {np.sum(per_req == k)}" for k in sorted(set(per_req.tolist())))
        print(f"  long  {names[1 - s_i]:22s} alone {spans[1 - s_i]:.3f} ms a request; {len(reqs_l)} requests ({counts}); "
              f"gaps between the short side's turns inside a request (q10/50/90) {q(np.array(gaps))} ms")


if __name__ == "__main__":
    main()
