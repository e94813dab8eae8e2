#!/usr/bin/env python3
"""How much longer a kernel runs next to a neighbour, by how much of the GPU's throughput it uses alone (needs numpy).

  python3 benchmarks/experiments/mps-dispatch/ubins.py benchmarks/experiments/mps-dispatch/traces-2026-12-01*.tgz

For each MPS pair trace and side: per launch shape, the mean co-run kernel duration (first block to last block)
over the solo one, time-weighted within bins of u, the larger of ncu's DRAM and SM throughput (% of peak) for that
launch configuration (calibration/h200/kernels.json ncu.configs; 'unmeasured' where no configuration matches).
Waits between kernels are not counted: this is the overlap slow-down alone (model version 10's I(u)).
"""
import sys, os, json, collections
import numpy as np
sys.path.insert(0, 'benchmarks/experiments/mps-dispatch')
import analyse_traces as at
kern = {e['workload']['id']: e for e in json.load(open('calibration/h200/kernels.json'))['entries']}
def uof(w, g, b, r, sm):
    cs = [c for c in (kern.get(w, {}).get('ncu') or {}).get('configs') or [] if c['grid'] == g and c['block'] == b and c['regs'] == r]
    if not cs: return None
    c = min(cs, key=lambda c: abs(c['smem'] - sm))
    v = max(c.get('dramPct') or 0, c.get('smPct') or 0) / 100
    return min(1, v) if v > 0 else None
bins = [0, 0.1, 0.2, 0.4, 0.6, 1.01]
tot = collections.defaultdict(lambda: [0.0, 0.0])
per = []
for src in sys.argv[1:]:
    d = at.extract(src)
    for _, _, sides in at.pair_sides(d, at.Traces(d), 'mps'):
        for wa, a, wb, b, sa, _ in sides:
            full = wa if wa in kern else next((k for k in kern if k.startswith(wa + '@')), wa)
            lo, hi = max(a[0, 0], b[0, 0]), min(a[-1, 1], b[-1, 1])
            a = a[(a[:, 0] > lo) & (a[:, 1] < hi)]
            def byshape(x):
                m = collections.defaultdict(list)
                for k in x: m[tuple(k[2:6].astype(int))].append(k[1] - k[0])
                return m
            ms, mc = byshape(sa), byshape(a)
            acc = collections.defaultdict(lambda: [0.0, 0.0])
            for sh, v in mc.items():
                if sh not in ms: continue
                u = uof(full, *sh)
                key = 'unmeasured' if u is None else next(f'{bins[j]:.1f}-{bins[j+1]:.1f}' for j in range(len(bins) - 1) if u < bins[j + 1])
                solo_mean = np.mean(ms[sh]); n = len(v)
                acc[key][0] += solo_mean * n; acc[key][1] += np.sum(v)
                tot[key][0] += solo_mean * n; tot[key][1] += np.sum(v)
            per.append((os.path.basename(src)[7:-4], wa, wb, {k: (v[1] / v[0], v[0] / 1e3) for k, v in sorted(acc.items())}))
for p in per:
    print(p[0], f'{p[1]} next to {p[2]}:', '  '.join(f'{k} {v[0]:.2f}x ({v[1]:.1f} ms)' for k, v in p[3].items()))
print('all pairs, time-weighted co-run / solo kernel duration by u:', '  '.join(f'{k} {v[1] / v[0]:.2f}x' for k, v in sorted(tot.items())))
