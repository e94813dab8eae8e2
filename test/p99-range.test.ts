// The open-loop p99 range: the slowdown band carried through the queue, widened by the open-loop residual.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONCURRENT } from '../src/predictor/concurrent.js';
import { coreOpenLoop, type CoreParams, type OpenLoopSide } from '../src/predictor/core.js';
import type { FittedModel } from '../src/predictor/fit.js';
import { p99Ranges, predictPair, slowdownBand } from '../src/predictor/predict.js';
import { buildProfiles } from '../src/predictor/profile.js';
import { syntheticCalibration } from '../src/predictor/synthetic.js';
import { outsideRange } from '../src/validate/range.js';

const params: CoreParams = {
  timeslice: { quantumMs: 1.5, switchMs: 0.08, boundary: 'preempt' },
  mps: { ...DEFAULT_CONCURRENT, base: 0.05, wSm: 0.4, wDram: 0.2 },
  streams: { ...DEFAULT_CONCURRENT, wSm: 0.6, base: 0.05 },
};
const cal = syntheticCalibration(params, { modes: ['timeslice', 'mps'], noise: 0.002 });
const profiles = buildProfiles(cal);
const model: FittedModel = { version: 0, gpu: 'synthetic', createdAt: '', calibrationHash: '', params, trained: {}, regression: {}, band: { mps: 0.05, timeslice: 0.02 }, bandNoProbe: { mps: 0.08 }, p99RangeResidual: 0.04 };
const side = (p99Ms: number, overloaded = false): OpenLoopSide => ({ rateRps: 1, meanMs: p99Ms / 2, p50Ms: p99Ms / 2, p99Ms, utilisation: 0.5, overloaded });

describe('p99 range', () => {
  it('takes the p99 at the band edges and widens it by the residual', () => {
    const run = (f: number): OpenLoopSide[] => [side(10 * f ** 3), side(20 * f)];
    const [r0, r1] = p99Ranges(run, [10, 20], 0.1, 0.05);
    expect(r0![0]).toBeCloseTo(10 * 0.9 ** 3 * 0.95, 9);
    expect(r0![1]).toBeCloseTo(10 * 1.1 ** 3 * 1.05, 9);
    expect(r1![0]).toBeCloseTo(20 * 0.9 * 0.95, 9);
    expect(r1![1]).toBeCloseTo(20 * 1.1 * 1.05, 9);
  });

  it('has no upper edge where the upper slowdown overloads the model', () => {
    const run = (f: number): OpenLoopSide[] => [f > 1 ? side(Infinity, true) : side(10 * f)];
    expect(p99Ranges(run, [10], 0.1)[0]![1]).toBeNull();
  });

  it('always contains the central p99, for any band, residual and simulation', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0.1, max: 100, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true }), (band, e, mid, k) => {
        const [r] = p99Ranges((f) => [side(mid * f ** k)], [mid], band, e);
        expect(r![0]).toBeLessThanOrEqual(mid);
        expect(r![1]).not.toBeNull();
        expect(r![1]!).toBeGreaterThanOrEqual(mid);
        expect(r![0]).toBeGreaterThan(0);
      }),
    );
  });

  it('is relatively wider near capacity than at low load (the tail is steeper there)', () => {
    const a = profiles.get('gamma@b1s1')!;
    const b = profiles.get('epsilon@b1s1')!;
    const cap = [1000 / (a.solo.mps.mean * 2), 1000 / (b.solo.mps.mean * 2)];
    const width = (load: number): number => {
      const rates: [number, number] = [load * (cap[0] as number), load * (cap[1] as number)];
      const mid = coreOpenLoop('mps', a, b, params, rates);
      const [r] = p99Ranges((f) => coreOpenLoop('mps', a, b, params, rates, [f, f]), [mid[0].p99Ms, mid[1]!.p99Ms], 0.05);
      return r![1]! / r![0];
    };
    expect(width(0.8)).toBeGreaterThan(width(0.2));
  });

  it('comes with every prediction at given rates, around its p99', () => {
    const a = profiles.get('gamma@b1s1')!;
    const b = profiles.get('epsilon@b1s1')!;
    const p = predictPair({ gpu: 'synthetic', model, pairs: [] }, a, b, 'mps', [50, 50]);
    for (const m of p.models) {
      expect(m.p99RangeMs).toBeDefined();
      expect(m.p99RangeMs![0]).toBeLessThan(m.p99Ms!);
      expect(m.p99RangeMs![1]).toBeGreaterThan(m.p99Ms!);
    }
    expect(p.notes.some((n) => n.includes('p99 range') && n.includes('4.0 %'))).toBe(true);
  });

  it('flags a pair with a workload at the power limit alone, in the concurrent modes and with rates only', () => {
    const a = profiles.get('gamma@b1s1')!;
    const b = profiles.get('epsilon@b1s1')!;
    const ctx = { gpu: 'synthetic', model, pairs: [] };
    for (const capped of [undefined, 0, 0.4]) {
      const p = predictPair(ctx, { ...a, ...(capped !== undefined ? { cappedFraction: capped } : {}) }, b, 'mps', [50, 50]);
      expect(p.powerLimited).toBeUndefined();
      expect(p.notes.some((n) => n.startsWith('power limit'))).toBe(false);
    }
    const held = { ...a, cappedFraction: 0.9 };
    const p = predictPair(ctx, held, { ...b, cappedFraction: 1 }, 'streams', [50, 50]);
    expect(p.powerLimited).toEqual([a.id, b.id]);
    expect(p.notes.some((n) => n.startsWith(`power limit: ${a.id} and ${b.id} run`))).toBe(true);
    expect(predictPair(ctx, held, b, 'mps', [50, 50]).powerLimited).toEqual([a.id]);
    expect(predictPair(ctx, held, b, 'timeslice', [50, 50]).powerLimited).toBeUndefined();
    expect(predictPair(ctx, held, b, 'mps').powerLimited).toBeUndefined();
    expect(predictPair({ ...ctx, transfer: { basedOn: 'h200', bandScale: 1.5, bandExtra: 0.05 } }, held, b, 'mps', [50, 50]).powerLimited).toBeUndefined();
  });

  it('uses the band without the probe layer where the probe layer does not correct both sides', () => {
    expect(slowdownBand(model, 'mps', true)).toBe(0.05);
    expect(slowdownBand(model, 'mps', false)).toBe(0.08);
    expect(slowdownBand(model, 'timeslice', false)).toBe(0.02);
    expect(slowdownBand(model, 'streams', true)).toBe(0.15);
  });

  it('says how far a measured p99 lies outside its range', () => {
    expect(outsideRange(10, [8, 12])).toBe(0);
    expect(outsideRange(6, [9, 12])).toBeCloseTo(1 / 3, 12);
    expect(outsideRange(15, [8, 12])).toBeCloseTo(0.25, 12);
    expect(outsideRange(1e6, [8, null])).toBe(0);
    expect(outsideRange(10, undefined)).toBeUndefined();
  });
});
