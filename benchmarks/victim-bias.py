#!/usr/bin/env python3
"""What a per-workload victim bias could add to MPS: an out-of-fold estimate on the committed offline runs.

Every MPS value of a split (a workload V's slowdown next to N) is multiplied by exp(k * b), b the mean log
residual (measured / predicted) of V's other values of that split as the one slowed, leaving out every value with N
on either side (N is the workload left out in lomo) and needing at least three; k the weight. The residuals are the
split's own cross-validated ones, so b is what V's calibration pairs would say about V beyond the probe layer if
the fit kept it. An estimate, not the model: taken inside the fit (from its training pairs' residuals, in sample
or from an inner leave-one-workload-out of the probe layer) the bias changed nothing (docs/accuracy.md, fifth
2026-12-07 session). Prints MAPE and max per GPU, split and weight, over all values and over those without a probe
workload. Usage: python3 benchmarks/victim-bias.py [GPU ...] [--mode mps] [--run-date 2026-12-07]
"""
import json
import math
import sys

# The probe workloads, as the fit and benchmarks/probe-pairs.py take them.
with open('models/catalog.json') as _f:
    PROBES = set(json.load(_f).get('probes', []))


def values(run, mode, split):
    out = []
    for r in run['records']:
        if r['mode'] != mode or r['split'] != split:
            continue
        for i in (0, 1):
            out.append(((r['a'], r['b'])[i], (r['a'], r['b'])[1 - i], r['measured'][i], r['predicted'][i]))
    return out


def corrected(vals, k):
    for v, n, m, p in vals:
        others = [math.log(m2 / p2) for v2, n2, m2, p2 in vals if v2 == v and n2 != n]
        b = sum(others) / len(others) if len(others) >= 3 else 0.0
        yield v, n, m, p * math.exp(k * b)


def summary(errs):
    return f'{sum(errs) / len(errs):.2f} % (max {max(errs):.1f} %)' if errs else '-'


def main():
    opts, gpus = {}, []
    args = iter(sys.argv[1:])
    for a in args:
        if a.startswith('--'):
            opts[a] = next(args, None)
        else:
            gpus.append(a)
    mode = opts.get('--mode') or 'mps'
    date = opts.get('--run-date') or '2026-12-07'
    gpus = gpus or ['h100', 'h200']
    print('| gpu | split | weight k | all values | without a probe |')
    print('| --- | --- | --- | --- | --- |')
    for gpu in gpus:
        with open(f'predictions/{gpu}/offline-{date}.json') as f:
            run = json.load(f)
        for split in ('lomo', 'lopo'):
            vals = values(run, mode, split)
            for k in (0, 0.25, 0.5, 0.75, 1.0):
                rows = list(corrected(vals, k))
                errs = [abs(q / m - 1) * 100 for _, _, m, q in rows]
                unprobed = [abs(q / m - 1) * 100 for v, n, m, q in rows if v not in PROBES and n not in PROBES]
                print(f'| {gpu} | {split} | {k} | {summary(errs)} | {summary(unprobed)} |')


if __name__ == '__main__':
    main()
