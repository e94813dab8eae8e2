// The power-held time of a solo run (its clock held down by the power limit) and the open loop, which takes it out
// of the GPU work as far as the GPU idles at the given rates: the concurrent simulation (model version 20) and the
// time slice's, where a held workload keeps it only next to a held neighbour (model version 21), and there only the
// share of its solo clock depth that the pair's clock keeps: the mean of the two solo clocks raised by a lift
// measured from the calibration pairs' clocks (version 24).
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONCURRENT } from '../src/predictor/concurrent.js';
import { coreOpenLoop, heldShareKept, powerHeldMs, simClient, type CoreParams } from '../src/predictor/core.js';
import { clockLiftFromClocks, type TrainingPair } from '../src/predictor/fit.js';
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

/** `p` with a solo clock reading (MHz), or without one. */
function clocked(p: WorkloadProfile, mhz?: number): WorkloadProfile {
  const { soloClockMHz: _, ...rest } = p;
  return { ...rest, ...(mhz !== undefined ? { soloClockMHz: mhz } : {}) };
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
    // Both held 200 MHz deep alone, no lift: the pair's clock stays as far down and the held time stays whole.
    const [capped, heldB, freeB] = [clocked(held(a, excess, 1), 1780), clocked(held(b, 0, 1), 1780), clocked(held(b, 0, 0), 1980)];
    const clocks = { unheldClockMHz: 1980, clockLift: 0 };
    const rate = 0.1 / a.solo.exclusive.mean;
    // Closed loop (no idle time) and next to a held neighbour: the whole excess stays.
    expect(busy(simClient(capped, rate, heldB, 0, clocks))).toBeCloseTo(capped.gpuMs + excess, 9);
    expect(busy(simClient(capped, undefined, heldB, 0, clocks))).toBeCloseTo(capped.gpuMs + excess, 9);
    // With the GPU idle 40 % of the time, 40 % of it goes; next to an unheld neighbour, half the depth stays.
    expect(busy(simClient(capped, rate, heldB, 0.4, clocks))).toBeCloseTo(capped.gpuMs + 0.6 * excess, 9);
    expect(busy(simClient(capped, rate, freeB, 0.4, clocks))).toBeCloseTo(capped.gpuMs + 0.5 * 0.6 * excess, 9);
    // End to end: against the same pair whose held time always stays, about the held time times the idle share
    // (0.8) at low load; something at high load.
    const ts = { ...params, timeslice: { ...params.timeslice, ...clocks } };
    const ratesAt = (load: number): [number, number] => [(load / 2) * (1000 / a.solo.exclusive.mean), (load / 2) * (1000 / b.solo.exclusive.mean)];
    const gain = (load: number): number =>
      coreOpenLoop('timeslice', held(a, excess, 0), heldB, ts, ratesAt(load))[0].meanMs - coreOpenLoop('timeslice', capped, heldB, ts, ratesAt(load))[0].meanMs;
    expect(gain(0.2)).toBeGreaterThan(0.5 * excess);
    expect(gain(0.2)).toBeLessThan(1.2 * excess);
    expect(gain(0.8)).toBeGreaterThan(0);
  });

  it("keeps the share of its solo clock depth that the pair's clock keeps, in a co-run", () => {
    const excess = 0.2 * a.gpuMs;
    const busy = (c: { kernelsMs: Float64Array }): number => c.kernelsMs.reduce((x, y) => x + y, 0);
    const clocks = { unheldClockMHz: 2000, clockLift: 0.05 };
    // Alone 1800 MHz (200 deep); next to a neighbour held to 1800 too the pair runs at 1890: 110 / 200 kept.
    const capped = clocked(held(a, excess, 1), 1800);
    const heldB = clocked(held(b, 0, 1), 1800);
    expect(heldShareKept(capped, heldB, clocks)).toBeCloseTo(0.55, 9);
    expect(busy(simClient(capped, undefined, heldB, 0, clocks))).toBeCloseTo(capped.gpuMs + 0.55 * excess, 9);
    // Half its readings held: half the excess is held time, of which 0.55 stays.
    expect(busy(simClient(clocked(held(a, excess, 0.5), 1800), undefined, heldB, 0, clocks))).toBeCloseTo(capped.gpuMs + (0.5 + 0.5 * 0.55) * excess, 9);
    // Next to an unheld neighbour (or one without clock readings) the pair runs at 1995: 5 / 200 kept.
    expect(heldShareKept(capped, clocked(b, 2000), clocks)).toBeCloseTo(0.025, 9);
    expect(heldShareKept(capped, clocked(b), clocks)).toBeCloseTo(0.025, 9);
    // Shallowly held alone (1950): a pair with any neighbour gets back to the unheld clock.
    expect(heldShareKept(clocked(a, 1950), clocked(b, 1950), clocks)).toBe(0);
    // Alone (a solo run) the whole excess stays; a workload at the unheld clock alone has none to lose.
    expect(busy(simClient(capped, undefined, undefined, 0, clocks))).toBeCloseTo(capped.gpuMs + excess, 9);
    expect(heldShareKept(clocked(a, 2000), heldB, clocks)).toBe(1);
    // Without its own clock reading: the neighbour's held share (model version 21's rule).
    expect(heldShareKept(clocked(a), clocked(held(b, 0, 0.5), 1800), clocks)).toBe(0.5);
    // The deeper the neighbour is held, the more stays; the larger the lift, the less; never outside [0, 1].
    const kept = (nb: number, lift: number): number => heldShareKept(capped, clocked(b, nb), { unheldClockMHz: 2000, clockLift: lift });
    expect(kept(1700, 0.05)).toBeGreaterThan(kept(1800, 0.05));
    expect(kept(1800, 0.08)).toBeLessThan(kept(1800, 0.05));
    expect(kept(1500, 0)).toBe(1);
    // A held pair runs faster, the larger the lift.
    const ts = (lift: number): number => coreOpenLoop('timeslice', capped, heldB, { ...params, timeslice: { ...params.timeslice, unheldClockMHz: 2000, clockLift: lift } }, [50, 50])[0].meanMs;
    expect(ts(0.08)).toBeLessThan(ts(0));
  });
});

describe('clockLiftFromClocks', () => {
  const pair = (x: WorkloadProfile, y: WorkloadProfile, pairMHz?: number): TrainingPair =>
    ({
      mode: 'timeslice',
      a: x,
      b: y,
      measured: [2, 2],
      key: `${x.id}+${y.id}`,
      source: { ...(pairMHz !== undefined ? { gpm: { smUtil: 1, smOccupancy: 0.5, tensorUtil: 0.2, dramBwUtil: 0.3, smClockMHz: pairMHz } } : {}) } as PairMeasurement,
    }) as TrainingPair;
  const free = clocked(a, 1980);
  const [h1, h2, h3] = [clocked({ ...b, id: 'h1' }, 1780), clocked({ ...b, id: 'h2' }, 1880), clocked({ ...b, id: 'h3' }, 1970)];

  it("is the median of a held pair's clock over the mean of its solo clocks, less 1, to 0.01", () => {
    // Lifts 0.04, 0.06 and 0.05 (the last with an unheld neighbour); the unheld clock is the highest solo clock.
    const ps = [pair(h1, h1, 1780 * 1.04), pair(h1, h2, 1830 * 1.06), pair(free, h1, 1880 * 1.05)];
    expect(clockLiftFromClocks(ps)).toEqual({ clockLift: 0.05, unheldClockMHz: 1980 });
    // Pairs whose clock reached the unheld one say only that the lift is at least that much: left out; so are
    // pairs of workloads held less than 1 % deep alone, whatever their clock.
    expect(clockLiftFromClocks([...ps, pair(free, h1, 1980), pair(free, h3, 1700), pair(h3, h3, 1700)]).clockLift).toBe(0.05);
  });

  it('is absent without such pairs or clock readings, and never negative', () => {
    expect(clockLiftFromClocks([pair(free, h1, 1980), pair(h1, h2)])).toEqual({ unheldClockMHz: 1980 });
    expect(clockLiftFromClocks([pair(clocked(a), clocked(b), 1900)])).toEqual({});
    expect(clockLiftFromClocks([])).toEqual({});
    expect(clockLiftFromClocks([pair(free, h1, 1700)]).clockLift).toBe(0);
  });
});
