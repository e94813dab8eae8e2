#!/usr/bin/env python3
"""What the kernel timelines of corun_trace.py show (needs numpy).

  python3 benchmarks/experiments/mps-dispatch/analyse_traces.py benchmarks/experiments/mps-dispatch/traces-2026-12-01.tgz

For each traced pair and each side A next to B, per request of A: its kernels' summed execution time (first block
to last block, against the solo trace) and its waits (the gaps between consecutive kernels beyond their solo
mean, i.e. time with a kernel ready but not started). Then, for every A kernel that became ready while a B kernel
ran, the blocker's launch shape (its share of the SMs and its waves, as src/predictor/dispatch.ts computes them)
and how long A waited.
"""
import gzip
import json
import os
import sys
import tarfile
import tempfile

import numpy as np

REGS, WARPS, SMEM, BLOCKS, SMS = 65536, 64, 233472, 32, 132


def footprint(grid, block, regs, smem):
    """Share of the SMs a kernel's resident blocks hold and its number of waves (dispatch.ts kernelFootprint)."""
    if grid <= 0 or block <= 0:
        return None
    warps = -(-block // 32)
    rpw = -(-(max(regs, 16) * 32) // 256) * 256
    per = max(1, min(BLOCKS, (REGS // rpw) // warps, WARPS // warps, SMEM // (smem + 1024) if smem > 0 else BLOCKS))
    per_block = max(warps / WARPS, rpw * warps / REGS, (smem + 1024) / SMEM, 1 / BLOCKS)
    return min(1.0, grid * per_block / SMS), grid / (per * SMS)


def load(path):
    r = json.load(gzip.open(path, "rt"))
    return r if isinstance(r, list) else [r]


def wid(slot):
    return f"{slot['name']}@b{slot['batch']}s{slot['seq']}"


def kernels(kern):
    """[start, end, grid, block, regs, smem] in microseconds, sorted by start."""
    a = np.array([[k[0], k[0] + k[1], k[4], k[5], k[6], k[7]] for k in kern], float)
    return a[np.argsort(a[:, 0])]


class Traces:
    def __init__(self, d):
        self.d = d
        self.solo_cache = {}

    def solo(self, mode, w):
        key = (mode, w)
        if key not in self.solo_cache:
            [p] = load(os.path.join(self.d, f"{mode}-solo-{w}.json.gz"))
            # every request of the traced window is traced whole: kernels per request = kernels / requests
            per_req = round(len(p["kernels"]) / len(p["slots"][0]["requests"]))
            self.solo_cache[key] = (kernels(p["kernels"]), p["kernels"], wid(p["slots"][0]), per_req)
        return self.solo_cache[key]

    def pair(self, mode, name):
        """[(workload id, its kernels)] of both sides; a streams trace is split by which stream's kernel names
        match each side's solo trace (the trace's stream numbers are not the CUDA stream handles)."""
        procs = load(os.path.join(self.d, name))
        if len(procs) == 2:
            return [(wid(p["slots"][0]), kernels(p["kernels"])) for p in procs]
        p = procs[0]
        solo_names = {}
        for f in os.listdir(self.d):
            if f.startswith(f"{mode}-solo-"):
                _, raw, w, _ = self.solo(mode, f[len(f"{mode}-solo-"):-len(".json.gz")])
                solo_names[w] = {k[3] for k in raw}
        out = []
        for slot in p["slots"]:
            w = wid(slot)
            mine = solo_names.get(w, set())
            others = set().union(*[v for k, v in solo_names.items() if k != w])
            score = {}
            for k in p["kernels"]:
                score[k[2]] = score.get(k[2], 0) + (k[3] in mine) - (k[3] in others)
            best = max(score, key=score.get)
            out.append((w, kernels([k for k in p["kernels"] if k[2] == best])))
        return out


def solo_name(w, d, mode):
    """The solo file's name for a workload id (the traces name default sizes by model name)."""
    for cand in (w, w.split("@")[0]):
        if os.path.exists(os.path.join(d, f"{mode}-solo-{cand}.json.gz")):
            return cand
    return None


def pair_file(d, src, a_id, b_id):
    """The MPS pair trace of a_id with b_id in the unpacked archive d (either order; the archives name a workload
    at its default size by its model name); exits with one line where there is none."""
    names = [f"mps-{x}+{y}.json.gz" for a in (a_id, a_id.split("@")[0]) for b in (b_id, b_id.split("@")[0]) for x, y in ((a, b), (b, a))]
    name = next((f for f in names if os.path.exists(os.path.join(d, f))), None)
    if name is None:
        sys.exit(f"no MPS trace of {a_id} with {b_id} in {src}")
    return name


def in_window(a, b):
    """Which of A's kernels (after its first) started while both traces ran."""
    lo, hi = max(a[0, 0], b[0, 0]), min(a[-1, 1], b[-1, 1])
    return (a[1:, 0] > lo) & (a[1:, 0] < hi)


def ready_beside(a, b, sel, solo_gap):
    """(B kernel index, ready time, start time) of every A kernel of sel that became ready while a B kernel ran;
    ready: its predecessor's end plus the solo trace's median gap."""
    ready = a[:-1, 1] + np.median(solo_gap)
    start = a[1:, 0]
    j = np.searchsorted(b[:, 0], ready, side="right") - 1
    for k in np.nonzero(sel & (j >= 0))[0]:
        if b[j[k], 1] > ready[k]:
            yield j[k], ready[k], start[k]


def extract(src):
    """The one folder of an archive of corun_trace.py's output (traces/, tstrace/, mps-trace/, ...), unpacked into a temporary folder."""
    tmp = tempfile.mkdtemp()
    with tarfile.open(src) as t:
        t.extractall(tmp, filter="data")
    [top] = os.listdir(tmp)
    return os.path.join(tmp, top)


def pair_sides(d, tr, only_mode=None):
    """Every pair trace in the unpacked archive d (of `only_mode`, else all): (file name, mode, sides), sides the
    (A id, A kernels, B id, B kernels, A's solo kernels, A's kernels per request) of each side A whose solo trace is
    there."""
    for name in sorted(os.listdir(d)):
        if "-solo-" in name or not name.endswith(".json.gz"):  # card.txt: the GPU's name, driver and clocks
            continue
        mode = name.split("-", 1)[0]
        if only_mode and mode != only_mode:
            continue
        both = tr.pair(mode, name)
        out = []
        for i in (0, 1):
            (wa, a), (wb, b) = both[i], both[1 - i]
            sn = solo_name(wa, d, mode)
            if sn is not None:
                sa, _, _, per_req = tr.solo(mode, sn)
                out.append((wa, a, wb, b, sa, per_req))
        yield name, mode, out


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "traces-2026-12-01.tgz")
    d = extract(src)
    for name, _, sides in pair_sides(d, Traces(d)):
        print(f"== {name[:-len('.json.gz')]}")
        for wa, a, wb, b, sa, per_req in sides:
            solo_gap = sa[1:, 0] - sa[:-1, 1]
            sel = in_window(a, b)
            gaps = a[1:, 0] - a[:-1, 1]
            exec_us = (a[1:, 1] - a[1:, 0])[sel].mean() * per_req
            wait_us = np.maximum(0, gaps[sel] - solo_gap.mean()).mean() * per_req
            solo_exec = (sa[:, 1] - sa[:, 0]).mean() * per_req
            print(f"  {wa:22s} next to {wb:22s} per request: kernels {solo_exec / 1e3:.3f} ms alone, {exec_us / 1e3:.3f} co-run;"
                  f" waits {wait_us / 1e3:.3f} ms")
            rows = []
            for jb, ready, start in ready_beside(a, b, sel, solo_gap):
                f = footprint(*b[jb, 2:6].astype(int))
                if f:
                    rows.append((f[0], f[1], b[jb, 1] - b[jb, 0], b[jb, 1] - ready, start - ready))
            if not rows:
                continue
            r = np.array(rows)
            for flo, fhi, wlo, whi, label in ((0, 0.3, 0, 1.01, "share < 0.3, one wave"), (0.3, 0.99, 0, 1.01, "share 0.3-0.99, one wave"),
                                              (0.99, 1.01, 0, 2.5, "whole GPU, 1-2 waves"), (0.99, 1.01, 2.5, 1e12, "whole GPU, > 2.5 waves")):
                m = (r[:, 0] >= flo) & (r[:, 0] < fhi) & (r[:, 1] >= wlo) & (r[:, 1] < whi)
                if m.sum() < 10:
                    continue
                print(f"      ready beside a B kernel ({label:24s}): n {m.sum():5d}, B kernel {np.median(r[m, 2]):6.1f} us (median),"
                      f" waited > 2 us {np.mean(r[m, 4] > 2) * 100:3.0f} %, mean wait {r[m, 4].mean():5.1f} us"
                      f" ({np.median(np.clip(r[m, 4] / np.maximum(r[m, 3], 1e-3), 0, 2)) * 100:3.0f} % of what was left of it)")


if __name__ == "__main__":
    main()
