#!/usr/bin/env python3
"""How typical were the arrival sequences of the calibration's open-loop runs? (needs only the standard library)

The runner draws each open-loop run's Poisson arrivals from a fixed seed per load (calibration/runner.py
measure_openloop: seed load*1000 + 17, + 101 for the second worker; worker.py open_loop:
random.Random(seed).expovariate(rate)), so every pair measured at one load sees the same arrival pattern. This
feeds the two streams of each time-slicing run to one FIFO server (each request taking its solo latency over
CAP, the pair's share of capacity) and ranks the p99 response time under the runner's seeds among 200 random
seed pairs: a rank far from 0.5 for every pair at a load means the measured p99s there share one lucky or
unlucky arrival pattern.

  python3 benchmarks/openloop-seeds.py [CAP, default 0.91]
"""
import random, sys, json
def arrivals(seed, rate, T):
    rng = random.Random(seed); t = 0; out = []
    while True:
        t += rng.expovariate(rate)
        if t >= T: return out
        out.append(t)
def p99(xs):
    s = sorted(xs); return s[round(0.99 * (len(s) - 1))]
def run(seeds, rates, svc, T):
    ev = [(t, 0) for t in arrivals(seeds[0], rates[0], T)] + [(t, 1) for t in arrivals(seeds[1], rates[1], T)]
    ev.sort(); free = 0; lat = [[], []]
    for t, c in ev:
        start = max(t, free); free = start + svc[c]; lat[c].append(free - t)
    return [p99(lat[0]), p99(lat[1])]
ol = json.load(open('calibration/h200/openloop.json'))['entries']
solo = {(e['workload']['id'], e['context']): e['latencyMs']['mean'] for e in json.load(open('calibration/h200/solo.json'))['entries']}
cap = float(sys.argv[1]) if len(sys.argv) > 1 else 0.91
random.seed(1)  # the 200 comparison seed pairs
for load in (0.3, 0.6, 0.9):
    ranks = []
    for o in ol:
        if o['mode'] != 'timeslice' or o['load'] != load: continue
        rates = [r / 1000 for r in o['ratesRps']]
        svc = [solo[(o['a']['id'], 'exclusive')] / cap, solo[(o['b']['id'], 'exclusive')] / cap]
        T = o['windowS'] * 1000
        s0 = int(load * 1000) + 17
        mine = run((s0, s0 + 101), rates, svc, T)
        others = [run((random.randrange(1 << 30), random.randrange(1 << 30)), rates, svc, T) for _ in range(200)]
        for i in (0, 1):
            r = sum(1 for x in others if x[i] < mine[i]) / len(others)
            ranks.append(r)
        print(load, o['a']['id'], o['b']['id'], 'runner seeds p99', [round(x, 1) for x in mine], 'rank', [round(sum(1 for x in others if x[i] < mine[i]) / len(others), 2) for i in (0, 1)])
    print('load', load, 'mean rank', round(sum(ranks) / len(ranks), 2))
