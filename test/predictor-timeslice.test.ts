// Time-slice mechanics the open-loop predictions rest on, the runner's quantile, and the prior on q.
import { beforeAll, describe, expect, it } from 'vitest';
import { DRIVER_DEFAULT_TIMESLICE_MS, gpuSpec, HOPPER_TIMESLICE_MS } from '../src/gpus.js';
import { coreOpenLoop, simClient, windowQuantile } from '../src/predictor/core.js';
import { defaultParams, fitTimeslice, trainingPairs } from '../src/predictor/fit.js';
import { buildProfiles, bulkLatencySigma, latencySigma, type WorkloadProfile } from '../src/predictor/profile.js';
import type { LatencyStats } from '../src/types.js';
import fc from 'fast-check';
import { DEFAULT_CONCURRENT } from '../src/predictor/concurrent.js';
import { syntheticCalibration, syntheticProfilesOnly } from '../src/predictor/synthetic.js';
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

describe('time-slice client from the host-gap probe', () => {
  let base: WorkloadProfile;
  let L: number;
  beforeAll(() => {
    base = [...buildProfiles(syntheticProfilesOnly()).values()][0] as WorkloadProfile;
    L = base.solo.exclusive.mean;
  });
  const sum = (k: Float64Array): number => k.reduce((x, y) => x + y, 0);
  const withProbe = (hostMs: number, cappedFraction?: number): WorkloadProfile => ({
    ...base,
    hostMs: { exclusive: hostMs },
    ...(cappedFraction !== undefined ? { cappedFraction } : {}),
  });

  it('without a probe the host gap is solo latency - kernel time and the kernels keep their length', () => {
    const c = simClient({ ...base, hostMs: {} });
    expect(c.hostMs).toBeCloseTo(L - base.gpuMs, 9);
    expect(sum(c.kernelsMs)).toBeCloseTo(base.gpuMs, 9);
  });

  it('with a probe the request keeps the GPU for the rest of its solo latency', () => {
    const host = 0.2 * (L - base.gpuMs);
    const c = simClient(withProbe(host), undefined, withProbe(host));
    expect(c.hostMs).toBe(host);
    expect(sum(c.kernelsMs)).toBeCloseTo(L - host, 9);
  });

  it('a power-held clock stays held next to a held neighbour and alone, and lets go next to a free one', () => {
    const host = 0.2 * (L - base.gpuMs);
    const held = withProbe(host, 1);
    expect(sum(simClient(held, undefined, withProbe(host, 1)).kernelsMs)).toBeCloseTo(L - host, 9);
    expect(sum(simClient(held).kernelsMs)).toBeCloseTo(L - host, 9);
    expect(sum(simClient(held, undefined, withProbe(host, 0)).kernelsMs)).toBeCloseTo(base.gpuMs, 9);
    const half = sum(simClient(withProbe(host, 0.5), undefined, withProbe(host, 0)).kernelsMs);
    expect(half).toBeCloseTo(base.gpuMs + 0.5 * (L - host - base.gpuMs), 9);
  });
});

describe('request spread of the time-slice clients', () => {
  const stats = (p50: number, p99: number, min: number): LatencyStats => ({ mean: p50, p50, p99, min, max: p99 * 1.1 });

  it('the bulk spread comes from the fastest requests and never exceeds the tail spread', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.1, max: 50, noNaN: true }), fc.double({ min: 0, max: 0.3, noNaN: true }), fc.double({ min: 0, max: 0.3, noNaN: true }), (p50, up, down) => {
        const s = stats(p50, p50 * (1 + up), p50 * (1 - down));
        const bulk = bulkLatencySigma(s);
        expect(bulk).toBeGreaterThanOrEqual(0);
        expect(bulk).toBeLessThanOrEqual(latencySigma(s) + 1e-12);
        expect(bulk).toBeLessThanOrEqual((p50 * down) / 3 + 1e-12);
      }),
    );
  });

  it('a closed-loop client varies by the bulk spread, an open-loop one by the tail spread', () => {
    // bert@b32s128 on the H100: p99 6 % above the median (a few long requests), the fastest 1.8 % below.
    const base = [...buildProfiles(syntheticProfilesOnly()).values()][0] as WorkloadProfile;
    const s = stats(2.0664, 2.1913, 2.0297);
    const p: WorkloadProfile = { ...base, solo: { ...base.solo, exclusive: { ...s, mean: 2.074 } } };
    expect(simClient(p).gpuSigma).toBeCloseTo(bulkLatencySigma(s) / 2.074, 9);
    expect(simClient(p, 0.1).gpuSigma).toBeCloseTo(latencySigma(s) / 2.074, 9);
    expect(simClient(p).gpuSigma as number).toBeLessThan(0.25 * (simClient(p, 0.1).gpuSigma as number));
  });

  it('a request just under the slice finishes in one slice next to a long-request neighbour when its spread is the bulk one', () => {
    const params = { quantumMs: 2.1, switchMs: 0.12, boundary: 'preempt' as const, jitter: 0 };
    const near = (gpuSigma: number): SimClient => ({ ...client(2.04, 0.03), gpuSigma, hostSigmaMs: 0.001 });
    const long = client(17, 1);
    const slowdown = (gpuSigma: number): number => (simulateTimeslice([near(gpuSigma), long], params, { requests: 400, seed: 11 }).clients[0]?.meanMs as number) / 2.07;
    // One slice a request: its own 2.04 ms, the neighbour's slice and two switches, about 2.1x.
    expect(slowdown(0.006)).toBeLessThan(2.2);
    // The tail spread (2.6 %) sends a share of the requests into a second slice.
    expect(slowdown(0.026)).toBeGreaterThan(slowdown(0.006) + 0.05);
  });
});

describe('open-loop idle start', () => {
  it('a request that finds its client idle pays the idle overhead, as in the concurrent simulation', () => {
    const params = { quantumMs: 2, switchMs: 0.1, boundary: 'preempt' as const };
    const opts = { arrivalsUntilMs: 100000, warmupRequests: 0, keepSamples: true, seed: 2, maxQueue: 1e9 };
    const run = (idle: number) => {
      const c = { ...client(1, 0.05, 0.01), idleOverheadMs: idle };
      return simulateTimeslice([c, client(1, 0.05, 0)], params, opts).clients[0]!;
    };
    const base = run(0);
    const idle = run(0.25);
    const median = (x: Float64Array) => windowQuantile(Float64Array.from(x).sort(), 0.5);
    expect(median(idle.samples!) - median(base.samples!)).toBeCloseTo(0.25, 6);
    // a closed loop never waits idle, so it never pays it
    const closed = (extra: number) => simulateTimeslice([{ ...client(1, 0.05), idleOverheadMs: extra }, client(1, 0.05)], params, { requests: 200, seed: 3 });
    expect(closed(0.25).clients[0]!.meanMs).toBe(closed(0).clients[0]!.meanMs);
  });

  it('time slicing open loop carries the idle-start latency of the fitted parameters', () => {
    const cal = syntheticCalibration(defaultParams(), { modes: ['timeslice'], noise: 0, openLoopPairs: 0 });
    const [a, b] = [...buildProfiles(cal).values()];
    const params = { ...defaultParams(), idleStartMs: 0 };
    const p50 = (idle: number) => coreOpenLoop('timeslice', a!, b!, { ...params, idleStartMs: idle }, [5, 5], [1, 1], { horizonRequests: 0, windowMs: 20000, replications: 3 })[0].p50Ms;
    expect(p50(0.3) - p50(0)).toBeGreaterThan(0.25);
  });
});

describe('window noise of the open-loop quantiles', () => {
  it('is the spread of one window around the typical one, and shrinks with the window', () => {
    const cal = syntheticCalibration(defaultParams(), { modes: ['timeslice'], noise: 0, openLoopPairs: 0 });
    const [a, b] = [...buildProfiles(cal).values()];
    const rates: [number, number] = [1000 / (3 * a!.solo.exclusive.mean), 1000 / (3 * b!.solo.exclusive.mean)];
    const noise = (windowMs: number) => coreOpenLoop('timeslice', a!, b!, defaultParams(), rates, [1, 1], { horizonRequests: 0, windowMs, replications: 15 })[0].windowNoise!;
    const short = noise(1000);
    const long = noise(16000);
    expect(short.p99).toBeGreaterThan(0);
    expect(long.p99).toBeLessThan(short.p99);
    expect(long.p50).toBeLessThanOrEqual(long.p99);
    // a steady-state prediction has no window, so no window noise
    expect(coreOpenLoop('timeslice', a!, b!, defaultParams(), rates)[0].windowNoise).toBeUndefined();
    // with the run's own arrivals (the runner's seeds) only the service times differ between replications
    const ratesRps = rates;
    const own = coreOpenLoop('timeslice', a!, b!, defaultParams(), ratesRps, [1, 1], { horizonRequests: 0, windowMs: 4000, replications: 15, arrivalSeeds: [317, 418] })[0];
    const drawn = coreOpenLoop('timeslice', a!, b!, defaultParams(), ratesRps, [1, 1], { horizonRequests: 0, windowMs: 4000, replications: 15 })[0];
    expect(own.windowNoise!.p99).toBeLessThan(drawn.windowNoise!.p99);
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
  it('GPUs never calibrated carry the driver default time slice, the Hoppers the slice both calibrations showed', () => {
    for (const g of ['v100', 'a100', 'l4', 'rtx2080ti']) expect(gpuSpec(g)?.timesliceMs).toBe(DRIVER_DEFAULT_TIMESLICE_MS);
    for (const g of ['h100', 'h200']) expect(gpuSpec(g)?.timesliceMs).toBe(HOPPER_TIMESLICE_MS);
    expect(HOPPER_TIMESLICE_MS).toBeGreaterThan(DRIVER_DEFAULT_TIMESLICE_MS);
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
  }, 300_000);
});
