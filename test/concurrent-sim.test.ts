// The event simulation of two open-loop FIFO servers sharing the GPU (MPS, streams).
import { describe, expect, it } from 'vitest';
import { simulateConcurrent, type ConcurrentServer } from '../src/predictor/concurrent-sim.js';
import { defaultParams, fitIdleStart } from '../src/predictor/fit.js';
import { buildProfiles } from '../src/predictor/profile.js';
import { pkMeanWait } from '../src/predictor/queueing.js';
import { syntheticCalibration } from '../src/predictor/synthetic.js';

const server = (ratePerMs: number, gpuMs: number, hostMs = 0, busySlowdown = 2, gpuSigma = 0): ConcurrentServer => ({
  ratePerMs,
  hostMs,
  hostSigmaMs: 0,
  gpuMs,
  gpuSigma,
  busySlowdown,
});

const sorted = (x: Float64Array | undefined): Float64Array => Float64Array.from(x ?? []).sort();
const q = (s: Float64Array, p: number): number => s[Math.round(p * (s.length - 1))] as number;

describe('concurrent open-loop simulation', () => {
  it('with a neighbour that never arrives is a single M/G/1 queue: Pollaczek-Khinchine mean', () => {
    for (const [rho, sigma] of [
      [0.3, 0],
      [0.6, 0],
      [0.8, 0.3],
    ] as const) {
      const S = 2;
      const lambda = rho / S;
      const r = simulateConcurrent([server(lambda, 1.5, 0.5, 3, sigma), server(0, 1)], {
        seeds: [11, 12],
        arrivalsUntilMs: 400000 / lambda,
        warmupMs: 5000 / lambda,
      });
      const a = r.servers[0];
      // A steady host part and GPU work with relative spread sigma.
      const scv = (1.5 * sigma) ** 2 / (S * S);
      const pk = S + pkMeanWait(lambda, S, scv);
      expect(a.meanMs).toBeGreaterThan(pk * 0.97);
      expect(a.meanMs).toBeLessThan(pk * 1.03);
      expect(a.meanServiceMs).toBeCloseTo(S, 1);
      expect(r.servers[1].completed).toBe(0);
      expect(a.overloaded).toBe(false);
    }
  });

  it('M/D/1 waiting-time tail: P(W = 0) = 1 - rho', () => {
    const lambda = 0.5;
    const r = simulateConcurrent([server(lambda, 1), server(0, 1)], { seeds: [3, 4], arrivalsUntilMs: 200000, keepSamples: true });
    const s = sorted(r.servers[0].samples);
    const unqueued = s.filter((x) => x < 1 + 1e-9).length / s.length;
    expect(unqueued).toBeGreaterThan(0.5 - 0.02);
    expect(unqueued).toBeLessThan(0.5 + 0.02);
  });

  it('swapping the servers (and their seeds) swaps the results exactly', () => {
    const a = server(0.3, 1.2, 0.1, 1.8, 0.05);
    const b = server(0.1, 3.5, 0.05, 1.4, 0.02);
    const r1 = simulateConcurrent([a, b], { seeds: [5, 9], arrivalsUntilMs: 8000, keepSamples: true });
    const r2 = simulateConcurrent([b, a], { seeds: [9, 5], arrivalsUntilMs: 8000, keepSamples: true });
    expect(r2.servers[1].meanMs).toBe(r1.servers[0].meanMs);
    expect(r2.servers[0].meanMs).toBe(r1.servers[1].meanMs);
    expect(Array.from(r2.servers[1].samples ?? [])).toEqual(Array.from(r1.servers[0].samples ?? []));
  });

  it('a busy neighbour stretches the GPU work: mean latency grows with the neighbour slowdown', () => {
    const run = (slow: number): number =>
      simulateConcurrent([server(0.2, 1, 0.1, slow), server(0.1, 3, 0.1, slow)], { seeds: [1, 2], arrivalsUntilMs: 50000 }).servers[0].meanMs;
    const m1 = run(1);
    const m2 = run(2);
    expect(m2).toBeGreaterThan(m1 * 1.2);
    // At slowdown 1 the neighbour is invisible: the mean is the single-queue M/D/1 mean.
    expect(m1).toBeCloseTo(1.1 + pkMeanWait(0.2, 1.1, 0), 1);
  });

  it('p99 grows with load, every latency is finite, a window serves every arrival', () => {
    let last = 0;
    for (const load of [0.2, 0.4, 0.6, 0.8]) {
      const r = simulateConcurrent([server(load / 2.5, 1.2, 0.05, 2.2, 0.02), server(load / 7.5, 3.7, 0.05, 1.5, 0.02)], {
        seeds: [7, 8],
        arrivalsUntilMs: 60000,
        keepSamples: true,
      });
      for (const c of r.servers) {
        expect(c.samples?.length).toBe(c.completed);
        expect(c.completed).toBe(c.arrivals);
        for (const x of c.samples ?? []) expect(Number.isFinite(x)).toBe(true);
      }
      const p99 = q(sorted(r.servers[0].samples), 0.99);
      expect(p99).toBeGreaterThan(last);
      last = p99;
    }
  });

  it('stops and flags an overloaded queue', () => {
    const r = simulateConcurrent([server(1.2, 1), server(0.1, 1)], { seeds: [1, 2], arrivalsUntilMs: 1e6, maxQueue: 200 });
    expect(r.servers[0].overloaded).toBe(true);
    expect(r.simulatedMs).toBeLessThan(1e5);
    expect(Number.isNaN(r.servers[1].meanMs) || Number.isFinite(r.servers[1].meanMs)).toBe(true);
  });

  it('a request that finds its server idle pays the idle overhead, a queued one does not', () => {
    const base = simulateConcurrent([server(0.01, 1), server(0, 1)], { seeds: [1, 2], arrivalsUntilMs: 100000, keepSamples: true });
    const idle = simulateConcurrent([{ ...server(0.01, 1), idleOverheadMs: 0.25 }, server(0, 1)], { seeds: [1, 2], arrivalsUntilMs: 100000, keepSamples: true });
    expect(q(sorted(idle.servers[0].samples), 0.5) - q(sorted(base.servers[0].samples), 0.5)).toBeCloseTo(0.25, 6);
  });
});

describe('idle-start latency fit', () => {
  it('recovers the value the open-loop runs were generated with, and 0 from runs without one (each run with its own arrivals, as measured)', () => {
    const truth = { ...defaultParams(), mps: { ...defaultParams().mps, base: 0.1 } };
    for (const idle of [0, 0.3]) {
      const cal = syntheticCalibration({ ...truth, idleStartMs: idle }, { modes: ['mps'], noise: 0, openLoopPairs: 3, loads: [0.15, 0.3] });
      expect(cal.openLoop.length).toBe(6);
      const fitted = fitIdleStart(cal, buildProfiles(cal), undefined);
      // The runs recorded their arrival seeds and the fit simulates them with those arrivals: only the
      // service times differ between the fit's replications and the runs' (noise-free here).
      expect(cal.openLoop.every((o) => o.arrivalSeeds?.length === 2)).toBe(true);
      expect(Math.abs(fitted - idle)).toBeLessThan(0.01);
    }
  });
});
