// Time-slice mechanics the open-loop predictions rest on, the runner's quantile, and the prior on q.
import { describe, expect, it } from 'vitest';
import { DRIVER_DEFAULT_TIMESLICE_MS, gpuSpec } from '../src/gpus.js';
import { windowQuantile } from '../src/predictor/core.js';
import { fitTimeslice, trainingPairs } from '../src/predictor/fit.js';
import { buildProfiles } from '../src/predictor/profile.js';
import { DEFAULT_CONCURRENT } from '../src/predictor/concurrent.js';
import { syntheticCalibration } from '../src/predictor/synthetic.js';
import { simulateTimeslice, type SimClient } from '../src/predictor/timeslice.js';

const client = (gpuMs: number, hostMs: number, ratePerMs?: number): SimClient => ({
  kernelsMs: Float64Array.from({ length: 10 }, () => gpuMs / 10),
  hostMs,
  hostSigmaMs: 0,
  ...(ratePerMs !== undefined ? { ratePerMs } : {}),
});

describe('time-slice simulation', () => {
  it('charges no switch cost to a context that finds the GPU idle', () => {
    // Long host gaps: the GPU is idle whenever a request arrives, so the neighbour never delays it.
    const params = { quantumMs: 2, switchMs: 0.5, boundary: 'preempt' as const };
    const free = simulateTimeslice([client(1, 20), client(1, 20)], params, { requests: 200, seed: 3 });
    const cost = simulateTimeslice([client(1, 20), client(1, 20)], { ...params, idleSwitch: 'cost' }, { requests: 200, seed: 3 });
    expect(free.clients[0]?.meanMs as number).toBeLessThan(21 * 1.02);
    expect(cost.clients[0]?.meanMs as number).toBeGreaterThan(free.clients[0]?.meanMs as number);
  });

  it('serves every arrival of an open-loop window from an empty queue', () => {
    const r = simulateTimeslice([client(1, 0.05, 0.2), client(2, 0.05, 0.1)], { quantumMs: 2, switchMs: 0.1, boundary: 'preempt' }, {
      arrivalsUntilMs: 4000,
      warmupRequests: 0,
      keepSamples: true,
      seed: 5,
      maxQueue: 1e9,
    });
    for (const c of r.clients) {
      expect(c.backlog).toBe(0);
      expect(c.completed).toBeGreaterThan(300);
      for (const x of c.samples ?? []) expect(Number.isFinite(x)).toBe(true);
    }
  });
});

describe('window quantile', () => {
  it('takes the sample at round(p (n - 1)) as the runner does', () => {
    const s = Float64Array.from({ length: 100 }, (_, i) => i);
    expect(windowQuantile(s, 0.99)).toBe(98);
    expect(windowQuantile(s, 0.5)).toBe(50);
    expect(Number.isNaN(windowQuantile(new Float64Array(), 0.5))).toBe(true);
  });
});

describe('prior on the quantum', () => {
  it('every spec entry carries the driver default time slice', () => {
    expect(gpuSpec('h200')?.timesliceMs).toBe(DRIVER_DEFAULT_TIMESLICE_MS);
  });

  it('is moved by strong evidence: data generated with another quantum overrides it', () => {
    const truth = {
      timeslice: { quantumMs: 1.0, switchMs: 0.05, boundary: 'preempt' as const, jitter: 0.1 },
      mps: { ...DEFAULT_CONCURRENT },
      streams: { ...DEFAULT_CONCURRENT },
    };
    const cal = syntheticCalibration(truth, { modes: ['timeslice'], noise: 0.002 });
    const pairs = trainingPairs(cal, buildProfiles(cal));
    const r = fitTimeslice(pairs, undefined, DRIVER_DEFAULT_TIMESLICE_MS);
    expect(Math.abs(r.params.quantumMs / 1.0 - 1)).toBeLessThan(0.25);
  }, 60_000);
});
