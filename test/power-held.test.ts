// The power-held time of a solo run (its clock held down by the power limit) and the open loop, which takes it out
// of the GPU work as far as the GPU idles at the given rates: the concurrent simulation (model version 20) and the
// time slice's, where a held workload keeps it only next to a held neighbour (model version 21), and there only the
// share of its solo clock depth that a held pair's clock keeps, measured from the calibration pairs (version 23).
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONCURRENT } from '../src/predictor/concurrent.js';
import { coreOpenLoop, powerHeldMs, simClient, type CoreParams } from '../src/predictor/core.js';
import { heldKeptFromClocks, type TrainingPair } from '../src/predictor/fit.js';
import { buildProfiles, type WorkloadProfile } from '../src/predictor/profile.js';
import type { PairMeasurement } from '../src/types.js';
import { syntheticCalibration } from '../src/predictor/synthetic.js';

const params: CoreParams = {
  timeslice: { quantumMs: 1.5, switchMs: 0.08, boundary: 'preempt' },
  mps: { ...DEFAULT_CONCURRENT, base: 0.05, wSm: 0.4, wDram: 0.2 },
  streams: { ...DEFAULT_CONCURRENT, wSm: 0.6, base: 0.05 },
};
const profiles = buildProfiles(syntheticCalibration(params, { modes: ['mps'], noise: 0.002 }));
const a = profiles.get('gamma@b1s1') as WorkloadProfile;
const b = profiles.get('epsilon@b1s1') as WorkloadProfile;
/** `a` with a probed host gap that leaves `excessMs` of its solo latency beyond host and kernels, held `capped` of the time. */
function held(p: WorkloadProfile, excessMs: number, capped?: number): WorkloadProfile {
  const host = p.solo.exclusive.mean - p.gpuMs - excessMs;
  return { ...p, hostMs: { ...p.hostMs, exclusive: host }, ...(capped !== undefined ? { cappedFraction: capped } : {}) };
}

describe('power-held time', () => {
  it('is the solo excess times the share of clock readings held down, and 0 without either', () => {
    const excess = 0.2 * a.gpuMs;
    expect(powerHeldMs(held(a, excess, 0.5))).toBeCloseTo(0.5 * excess, 9);
    expect(powerHeldMs(held(a, excess))).toBe(0);
    expect(powerHeldMs({ ...a, hostMs: {}, cappedFraction: 1 })).toBe(0);
    // A probed host gap longer than latency - kernels leaves no excess.
    expect(powerHeldMs(held(a, -0.1 * a.gpuMs, 1))).toBe(0);
  });

  it('comes out of the concurrent open loop as far as the GPU idles', () => {
    const excess = 0.2 * a.gpuMs;
    const [capped, free] = [held(a, excess, 1), held(a, excess, 0)];
    const rates = (load: number): [number, number] => [(load / 2) * (1000 / a.solo.mps.mean), (load / 2) * (1000 / b.solo.mps.mean)];
    const gain = (load: number): number => {
      const r = rates(load);
      return coreOpenLoop('mps', free, b, params, r)[0].meanMs - coreOpenLoop('mps', capped, b, params, r)[0].meanMs;
    };
    const [low, high] = [gain(0.2), gain(0.8)];
    // At low load a request mostly runs alone: about the held time times the idle share (0.8).
    expect(low).toBeGreaterThan(0.6 * excess);
    expect(low).toBeLessThan(1.2 * excess);
    expect(high).toBeGreaterThanOrEqual(0);
    expect(high).toBeLessThan(low);
    // The neighbour, not held, is only helped by the shorter GPU work beside it.
    const r = rates(0.5);
    expect(coreOpenLoop('mps', capped, b, params, r)[1]!.meanMs).toBeLessThanOrEqual(coreOpenLoop('mps', free, b, params, r)[1]!.meanMs + 1e-9);
  });

  it('comes out of the time slice open loop as far as the GPU idles, next to a held neighbour', () => {
    const excess = 0.2 * a.gpuMs;
    const busy = (c: { kernelsMs: Float64Array }): number => c.kernelsMs.reduce((x, y) => x + y, 0);
    const [capped, heldB, freeB] = [held(a, excess, 1), held(b, 0, 1), held(b, 0, 0)];
    const rate = 0.1 / a.solo.exclusive.mean;
    // Closed loop (no idle time) and next to a held neighbour: the whole excess stays.
    expect(busy(simClient(capped, rate, heldB, 0))).toBeCloseTo(capped.gpuMs + excess, 9);
    expect(busy(simClient(capped, undefined, heldB))).toBeCloseTo(capped.gpuMs + excess, 9);
    // With the GPU idle 40 % of the time, 40 % of it goes; next to a neighbour that lets the clock up, all of it.
    expect(busy(simClient(capped, rate, heldB, 0.4))).toBeCloseTo(capped.gpuMs + 0.6 * excess, 9);
    expect(busy(simClient(capped, rate, freeB, 0.4))).toBeCloseTo(capped.gpuMs, 9);
    // End to end: against the same pair whose held time always stays, about the held time times the idle share
    // (0.8) at low load; something at high load.
    const ratesAt = (load: number): [number, number] => [(load / 2) * (1000 / a.solo.exclusive.mean), (load / 2) * (1000 / b.solo.exclusive.mean)];
    const gain = (load: number): number =>
      coreOpenLoop('timeslice', held(a, excess, 0), heldB, params, ratesAt(load))[0].meanMs - coreOpenLoop('timeslice', capped, heldB, params, ratesAt(load))[0].meanMs;
    expect(gain(0.2)).toBeGreaterThan(0.5 * excess);
    expect(gain(0.2)).toBeLessThan(1.2 * excess);
    expect(gain(0.8)).toBeGreaterThan(0);
  });

  it('keeps only heldKept of it next to a held neighbour in a co-run', () => {
    const excess = 0.2 * a.gpuMs;
    const busy = (c: { kernelsMs: Float64Array }): number => c.kernelsMs.reduce((x, y) => x + y, 0);
    const [capped, heldB, halfB] = [held(a, excess, 1), held(b, 0, 1), held(b, 0, 0.5)];
    expect(busy(simClient(capped, undefined, heldB, 0, 0.4))).toBeCloseTo(capped.gpuMs + 0.4 * excess, 9);
    expect(busy(simClient(capped, undefined, halfB, 0, 0.4))).toBeCloseTo(capped.gpuMs + 0.2 * excess, 9);
    // Alone (a solo run) the whole excess stays, whatever heldKept.
    expect(busy(simClient(capped, undefined, undefined, 0, 0.4))).toBeCloseTo(capped.gpuMs + excess, 9);
    // A held pair runs faster, the less of the held time stays.
    const ts = (kept: number): number => coreOpenLoop('timeslice', capped, heldB, { ...params, timeslice: { ...params.timeslice, heldKept: kept } }, [50, 50])[0].meanMs;
    expect(ts(0.3)).toBeLessThan(ts(1));
  });
});

describe('heldKeptFromClocks', () => {
  const withClock = (p: WorkloadProfile, mhz?: number): WorkloadProfile => {
    const { soloClockMHz: _, ...rest } = p;
    return { ...rest, ...(mhz !== undefined ? { soloClockMHz: mhz } : {}) };
  };
  const pair = (x: WorkloadProfile, y: WorkloadProfile, pairMHz?: number): TrainingPair =>
    ({
      mode: 'timeslice',
      a: x,
      b: y,
      measured: [2, 2],
      key: `${x.id}+${y.id}`,
      source: { ...(pairMHz !== undefined ? { gpm: { smUtil: 1, smOccupancy: 0.5, tensorUtil: 0.2, dramBwUtil: 0.3, smClockMHz: pairMHz } } : {}) } as PairMeasurement,
    }) as TrainingPair;
  const free = withClock(a, 1980);
  const [h1, h2, h3] = [withClock({ ...b, id: 'h1' }, 1780), withClock({ ...b, id: 'h2' }, 1880), withClock({ ...b, id: 'h3' }, 1930)];

  it('is the median share of the solo clock depth that pairs of two held workloads keep, to 0.1', () => {
    // Depths 200/100/50 MHz alone; the pairs keep 0.5, 0.3 and 0.9 of their mean depth.
    const ps = [pair(h1, h1, 1880), pair(h2, h3, 1980 - 0.3 * 75), pair(h1, h2, 1980 - 0.9 * 150), pair(free, h1, 1980)];
    expect(heldKeptFromClocks(ps)).toBeCloseTo(0.5, 9);
    // The pair with an unheld workload does not count, whatever its clock.
    expect(heldKeptFromClocks([...ps, pair(free, h1, 1700)])).toBeCloseTo(0.5, 9);
  });

  it('is 1 (the held share kept whole) without such pairs or clock readings, and never above 1', () => {
    expect(heldKeptFromClocks([pair(free, h1, 1900), pair(h1, h2)])).toBe(1);
    expect(heldKeptFromClocks([pair(withClock(a), withClock(b), 1900)])).toBe(1);
    expect(heldKeptFromClocks([])).toBe(1);
    expect(heldKeptFromClocks([pair(h3, h3, 1800), pair(free, h3, 1980)])).toBe(1);
    expect(heldKeptFromClocks([pair(h1, h2, 1980), pair(free, h1, 1980)])).toBe(0);
  });
});
