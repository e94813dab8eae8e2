// The power-held time of a solo run (its clock held down by the power limit) and the open loop, which takes it out
// of the GPU work as far as the GPU idles at the given rates: the concurrent simulation (model version 20) and the
// time slice's, where a held workload keeps it only next to a held neighbour (model version 21).
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONCURRENT } from '../src/predictor/concurrent.js';
import { coreOpenLoop, powerHeldMs, simClient, type CoreParams } from '../src/predictor/core.js';
import { buildProfiles, type WorkloadProfile } from '../src/predictor/profile.js';
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
});
