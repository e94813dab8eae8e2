// The runner's open-loop arrival sequences, reproduced (src/predictor/pyrandom.ts), and the simulations fed them.
import { describe, expect, it } from 'vitest';
import { pythonRandom, runnerArrivalSeeds, runnerArrivalsMs } from '../src/predictor/pyrandom.js';
import { simulateConcurrent, type ConcurrentServer } from '../src/predictor/concurrent-sim.js';
import { simulateTimeslice } from '../src/predictor/timeslice.js';

describe("Python's random.Random, reproduced", () => {
  it('gives the numbers CPython 3 gives for the same seeds', () => {
    // python3 -c "import random; r = random.Random(917); print([r.random() for _ in range(3)])"
    const r = pythonRandom(917);
    expect([r(), r(), r()]).toEqual([0.858279285966809, 0.5229147636547881, 0.9093338541793229]);
    expect(pythonRandom(0)()).toBe(0.8444218515250481);
    // a seed of more than 32 bits is split into words
    expect(pythonRandom(2 ** 33 + 5)()).toBe(0.7416304072852293);
  });

  it('draws arrivals as the worker does: t += expovariate(rate) while t < window', () => {
    // python3: r = random.Random(1018); r.expovariate(2.5), ... -> 0.20033235817851458, 0.5896830342469632
    const a = runnerArrivalsMs(1018, 2.5, 10);
    expect(a[0]).toBeCloseTo(200.33235817851458, 9);
    expect((a[1] as number) - (a[0] as number)).toBeCloseTo(589.6830342469632, 9);
    for (let i = 1; i < a.length; i++) expect(a[i]).toBeGreaterThan(a[i - 1] as number);
    expect(a[a.length - 1]).toBeLessThan(10000);
    expect(a.length).toBeGreaterThan(10);
    expect(runnerArrivalsMs(1, 0, 10).length).toBe(0);
  });

  it("knows the runner's seeds: load * 1000 + 17, then + 101 per process or + 7919 per stream slot", () => {
    expect(runnerArrivalSeeds('timeslice', 0.9, 2)).toEqual([917, 1018]);
    expect(runnerArrivalSeeds('mps', 0.3, 2)).toEqual([317, 418]);
    expect(runnerArrivalSeeds('streams', 0.6, 2)).toEqual([617, 8536]);
  });
});

describe('simulations fed given arrivals', () => {
  const arrivals = runnerArrivalsMs(617, 200, 2);
  it('time slicing serves exactly those arrivals, whatever its seed', () => {
    const client = (given?: Float64Array) => ({ kernelsMs: Float64Array.from([0.5, 0.5]), hostMs: 0.1, hostSigmaMs: 0, ratePerMs: 0.2, ...(given ? { arrivalsMs: given } : {}) });
    const run = (seed: number) =>
      simulateTimeslice([client(arrivals), client()], { quantumMs: 2, switchMs: 0.1, boundary: 'preempt' }, { arrivalsUntilMs: 2000, warmupRequests: 0, keepSamples: true, seed, maxQueue: 1e9 });
    const [r1, r2] = [run(1), run(2)];
    expect(r1.clients[0]!.completed).toBe(arrivals.length);
    expect(r2.clients[0]!.completed).toBe(arrivals.length);
    // the neighbour draws its own, differently per seed
    expect(r1.clients[1]!.completed).not.toBe(r2.clients[1]!.completed);
  });

  it('the concurrent simulation serves exactly those arrivals', () => {
    const server = (given?: Float64Array): ConcurrentServer => ({ ratePerMs: 0.2, hostMs: 0.1, hostSigmaMs: 0, gpuMs: 1, gpuSigma: 0, busySlowdown: 1.5, ...(given ? { arrivalsMs: given } : {}) });
    for (const seeds of [[1, 2], [7, 9]] as [number, number][]) {
      const r = simulateConcurrent([server(arrivals), server()], { seeds, arrivalsUntilMs: 2000, keepSamples: true });
      expect(r.servers[0]!.completed).toBe(arrivals.length);
    }
  });
});
