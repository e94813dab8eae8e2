// The effects layer: a workload's terms as the one slowed and the one slowing, fitted jointly on the pairs the
// fit may use; which pairs those are under each exclusion; and what it does to a held-out workload's pairs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blendEffects, EFFECTS_WEIGHT, effectEntries, effectOf, effectPairs, fitEffects, type EffectEntry } from '../src/predictor/effects.js';
import { fitModel, transferModel, withoutProbes, type TrainingPair } from '../src/predictor/fit.js';
import { makeRng } from '../src/predictor/rng.js';
import { heldOutErrors, PLANTED_PROBES, plantedCalibration } from './helpers/planted.js';

describe('fitting the effects', () => {
  const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
  const rng = makeRng(3);
  const v = ids.map(() => 0.1 * rng.normal());
  const g = ids.map(() => 0.1 * rng.normal());
  const entries = (mu: number): EffectEntry[] =>
    ids.flatMap((x, i) => ids.map((y, j) => ({ victim: x, aggressor: y, r: mu + (v[i] as number) + (g[j] as number) })));

  it('recovers each workload\'s two terms from a full matrix, shrunk a little towards 0, with mu unshrunk', async () => {
    const layer = await fitEffects(entries(0.05), 1e-6);
    expect(layer?.n).toBe(36);
    for (const [i, x] of ids.entries()) {
      for (const [j, y] of ids.entries()) expect(effectOf(layer, x, y)).toBeCloseTo(0.05 + (v[i] as number) + (g[j] as number), 4);
    }
    const shrunk = await fitEffects(entries(0.05), 1);
    // each term seen in six entries: lambda 1 keeps about 6/7 of it
    const spread = (r: Record<string, number>): number => Math.max(...Object.values(r)) - Math.min(...Object.values(r));
    expect(spread(shrunk!.victim)).toBeLessThan(spread(layer!.victim));
    expect(spread(shrunk!.victim)).toBeGreaterThan(0.8 * spread(layer!.victim));
    // the terms come out centred (a constant moved into mu costs no penalty), mu takes their means
    const avg = (x: number[]): number => x.reduce((s, y) => s + y, 0) / x.length;
    expect(shrunk!.mu).toBeCloseTo(0.05 + avg(v) + avg(g), 6);
  });

  it('has no term for a workload it never saw, and needs eight entries', async () => {
    const layer = await fitEffects(entries(0));
    expect(effectOf(layer, 'a', 'zz')).toBeUndefined();
    expect(effectOf(layer, 'zz', 'a')).toBeUndefined();
    expect(effectOf(undefined, 'a', 'b')).toBeUndefined();
    expect(await fitEffects(entries(0).slice(0, 7))).toBeUndefined();
  });

  it('blends with the layer below in log space', () => {
    const s = blendEffects(2, 1.5, Math.log(1.2));
    expect(Math.log(s)).toBeCloseTo(EFFECTS_WEIGHT * Math.log(2) + (1 - EFFECTS_WEIGHT) * Math.log(1.8), 12);
  });
});

describe('the effects fit, for any residuals (fast-check)', () => {
  const arbEntries = fc.array(
    fc.record({ victim: fc.constantFrom('a', 'b', 'c', 'd'), aggressor: fc.constantFrom('a', 'b', 'c', 'd'), r: fc.double({ min: -0.5, max: 0.5, noNaN: true }) }),
    { minLength: 8, maxLength: 40 },
  );
  const close = (x: number | undefined, y: number | undefined): boolean => Math.abs((x as number) - (y as number)) < 1e-7;

  it('moves a constant added to every residual into mu, and ignores the order of the entries', async () => {
    await fc.assert(
      fc.asyncProperty(arbEntries, fc.double({ min: -0.3, max: 0.3, noNaN: true }), async (entries, c) => {
        const base = (await fitEffects(entries))!;
        const shifted = (await fitEffects(entries.map((e) => ({ ...e, r: e.r + c }))))!;
        const reversed = (await fitEffects([...entries].reverse()))!;
        expect(close(shifted.mu, base.mu + c)).toBe(true);
        for (const id of Object.keys(base.victim)) {
          expect(close(shifted.victim[id], base.victim[id]) && close(reversed.victim[id], base.victim[id])).toBe(true);
          expect(close(shifted.aggressor[id], base.aggressor[id]) && close(reversed.aggressor[id], base.aggressor[id])).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('shrinks the terms as the penalty grows', async () => {
    await fc.assert(
      fc.asyncProperty(arbEntries, async (entries) => {
        const norm = (l: Awaited<ReturnType<typeof fitEffects>>): number =>
          [...Object.values(l!.victim), ...Object.values(l!.aggressor)].reduce((s, x) => s + x * x, 0);
        const [weak, strong] = [await fitEffects(entries, 0.3), await fitEffects(entries, 3)];
        expect(norm(strong)).toBeLessThanOrEqual(norm(weak) + 1e-12);
      }),
      { numRuns: 40 },
    );
  });
});

describe('the pairs the effects are fitted on', () => {
  const tp = (a: string, b: string): TrainingPair => ({ mode: 'mps', a: { id: a }, b: { id: b }, measured: [1.2, 1.3], key: `mps:${a}+${b}` }) as unknown as TrainingPair;
  const probes = ['P', 'Q'];
  const all = [tp('X', 'Y'), tp('X', 'P'), tp('Q', 'X'), tp('Y', 'P'), tp('Y', 'Q'), tp('P', 'P'), tp('P', 'Q'), tp('Z', 'Y'), tp('P', 'Z')];
  const names = (ps: TrainingPair[]): string[] => ps.map((p) => `${p.a.id}+${p.b.id}`).sort();

  it('leave-one-pair-out: everything but the pair', () => {
    const ex = { pairs: new Set(['mps:X+P']) };
    const train = all.filter((p) => !ex.pairs.has(p.key));
    expect(names(effectPairs('mps', all, train, probes, ex))).toEqual(names(train));
  });

  it("leave-one-model-out: the training pairs and the held-out workloads' probe co-runs, never the pair itself", () => {
    const ex = { workloads: new Set(['X', 'Z']) };
    const train = all.filter((p) => !ex.workloads.has(p.a.id) && !ex.workloads.has(p.b.id));
    expect(names(effectPairs('mps', all, train, probes, ex))).toEqual(['P+P', 'P+Q', 'P+Z', 'Q+X', 'X+P', 'Y+P', 'Y+Q']);
  });

  it("a held-out probe keeps its co-runs next to the probes (itself included), not its other pairs", () => {
    const ex = { workloads: new Set(['P', 'X']) };
    const train = all.filter((p) => !ex.workloads.has(p.a.id) && !ex.workloads.has(p.b.id));
    // X+P is the pair predicted; Y+P and P+Z are the probe's pairs; Q+X is X's profile, P+P and P+Q the probe's
    expect(names(effectPairs('mps', all, train, probes, ex))).toEqual(['P+P', 'P+Q', 'Q+X', 'Y+Q', 'Z+Y']);
    // the fold of the probe's self-pair names it (exclusionFor): not the pair itself
    const self = { workloads: new Set(['P']), pairs: new Set(['mps:P+P']) };
    expect(names(effectPairs('mps', all, all.filter((p) => p.a.id !== 'P' && p.b.id !== 'P'), probes, self))).toEqual(['P+Q', 'Q+X', 'X+Y', 'Y+Q', 'Z+Y']);
  });

  it('takes both sides of each pair, skipping a pair without a positive slowdown', () => {
    const e = effectEntries([tp('X', 'Y'), { ...tp('Y', 'Z'), measured: [0, 1] }], () => [1.1, 1.3]);
    expect(e).toEqual([
      { victim: 'X', aggressor: 'Y', r: Math.log(1.2 / 1.1) },
      { victim: 'Y', aggressor: 'X', r: Math.log(1.3 / 1.3) },
    ]);
  });
});

describe('the effects layer in the fit, on synthetic data', () => {
  const { cal, ids } = plantedCalibration(17);
  const probes = PLANTED_PROBES;
  const held = 'gamma@b1s1';

  it("fits terms for a held-out workload from its probe co-runs and corrects its pairs; none without probes", async () => {
    const model = await fitModel(cal, 'synthetic', { exclude: { workloads: new Set([held]) }, modes: ['mps'], probes });
    const layer = model.probes?.effects?.mps;
    expect(layer).toBeDefined();
    expect(layer?.victim[held]).toBeDefined();
    const e = heldOutErrors(model, cal, held);
    expect(e.n).toBe(2 * ids.length);
    expect(e.corrected.every(Boolean)).toBe(true);
    expect(e.fit).toBeLessThan(0.5 * e.plain);
    // the same pairs from a model without any of it: what a workload without co-runs gets
    expect(withoutProbes(model).probes).toBeUndefined();
    const noLayers = await fitModel(cal, 'synthetic', { modes: ['mps'], probes: [] });
    expect(noLayers.probes).toBeUndefined();
    // an estimate for another GPU keeps the MPS terms
    expect(transferModel(model).probes?.effects?.mps).toBe(layer);
  }, 300_000);
});
