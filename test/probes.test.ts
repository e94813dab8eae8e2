// The probe layer: residuals of the probe co-runs as features, and a fit that uses them to predict the pairs
// of a workload it never saw in a pair, on synthetic data with per-workload effects the core cannot see.
import { describe, expect, it } from 'vitest';
import { fitModel, transferModel, withoutProbes, type FittedModel } from '../src/predictor/fit.js';
import { NO_NCU_BAND, pairSlowdowns, predictPair } from '../src/predictor/predict.js';
import { probeFeatureNames, probeFeatures, probeResiduals, probeSets } from '../src/predictor/probes.js';
import { applyRegression, betterLayer, fitMeanProbeLayer, type RegressionLayer, type RegressionRow } from '../src/predictor/regression.js';
import { buildProfiles } from '../src/predictor/profile.js';
import { makeRng } from '../src/predictor/rng.js';
import { heldOutErrors, PLANTED_PROBES, plantedCalibration } from './helpers/planted.js';

describe('probe residuals and features', () => {
  const ids = ['p@b1s1', 'q@b1s1'];
  const pairs = [
    { a: 'x', b: 'p@b1s1', measured: [2, 1.5] as [number, number], core: [1.8, 1.5] as [number, number] },
    { a: 'q@b1s1', b: 'x', measured: [1.2, 3] as [number, number], core: [1.2, 2.5] as [number, number] },
    { a: 'y', b: 'p@b1s1', measured: [1.1, 1.1] as [number, number], core: [1, 1.21] as [number, number] },
    { a: 'y', b: 'z', measured: [5, 5] as [number, number], core: [1, 1] as [number, number] },
  ];
  const res = probeResiduals(ids, pairs);

  it('keeps each side in its role whatever the order the pair was stored in', () => {
    expect(res.x?.victim[0]).toBeCloseTo(Math.log(2 / 1.8));
    expect(res.x?.aggressor[0]).toBeCloseTo(0);
    expect(res.x?.victim[1]).toBeCloseTo(Math.log(3 / 2.5));
    expect(res.x?.aggressor[1]).toBeCloseTo(0);
    expect(res.y?.victim).toEqual([expect.closeTo(Math.log(1.1), 9), null]);
    // a pair without a probe gives no residual
    expect(res.z).toBeUndefined();
  });

  it('gives features from the probes a pair does not include, where both have those co-runs', () => {
    expect(probeFeatures(ids, res, 'x', 'x')).toEqual({ key: 'p@b1s1,q@b1s1', feats: [res.x?.victim[0], res.x?.victim[1], res.x?.aggressor[0], res.x?.aggressor[1]] });
    expect(probeFeatures(ids, res, 'x', 'y')).toBeUndefined(); // y lacks its co-run next to q
    expect(probeFeatures(ids, undefined, 'x', 'x')).toBeUndefined();
    // next to probe p, x's features come from q alone (its co-run next to p is the pair itself)
    const withP = { ...res, 'p@b1s1': { victim: [0.01, 0.02], aggressor: [0.03, 0.04] } };
    expect(probeFeatures(ids, withP, 'x', 'p@b1s1')).toEqual({ key: 'q@b1s1', feats: [res.x?.victim[1], 0.04] });
    expect(probeFeatures(ids, withP, 'p@b1s1', 'q@b1s1')).toBeUndefined();
    expect(probeSets(ids)).toEqual([['p@b1s1', 'q@b1s1'], ['q@b1s1'], ['p@b1s1']]);
  });
});

describe('fit with probe co-runs on synthetic data', () => {
  const { cal, ids } = plantedCalibration(11);
  const probes = PLANTED_PROBES;
  const held = 'gamma@b1s1';

  it("corrects a held-out workload's pairs from its probe co-runs (next to a probe, from the other one)", async () => {
    const model = await fitModel(cal, 'synthetic', { exclude: { workloads: new Set([held]) }, modes: ['mps'], probes });
    expect(Object.keys(model.probes?.layers.mps ?? {}).sort()).toEqual(['alpha@b1s1', 'alpha@b1s1,beta@b1s1', 'beta@b1s1']);
    // the probe layer alone (the effects layer off: effects.test.ts)
    const { effects: _effects, ...probeLayer } = model.probes!;
    const alone = { ...model, probes: probeLayer };
    const e = heldOutErrors(alone, cal, held);
    expect(e.n).toBe(2 * ids.length);
    expect(e.corrected.every(Boolean)).toBe(true);
    expect(e.fit).toBeLessThan(0.5 * e.plain);
    const profiles = buildProfiles(cal);
    const [g, d] = [profiles.get(held)!, profiles.get('delta@b1s1')!];
    // without the probe co-runs: what noProbe says
    expect(pairSlowdowns(withoutProbes(model), 'mps', g, d).slowdown).toEqual(pairSlowdowns(model, 'mps', g, d).noProbe);
    // the two probes together: no probe left to correct them; only the effects layer (effects.test.ts) does
    const [pa, pb] = probes.map((id) => profiles.get(id)!);
    const both = pairSlowdowns(alone, 'mps', pa!, pb!);
    expect(both.probe).toEqual([false, false]);
    expect(both.slowdown).toEqual(both.noProbe);
    expect(pairSlowdowns(model, 'mps', pa!, pb!).probe).toEqual([true, true]);
  }, 300_000);

  it('predict: the probe band where the layer applies; for a workload without probe co-runs the wider band and a note', async () => {
    const model = await fitModel(cal, 'synthetic', { modes: ['mps'], probes });
    model.band = { mps: 0.03 };
    model.bandNoProbe = { mps: 0.07 };
    const profiles = buildProfiles(cal);
    const [g, d] = [profiles.get('gamma@b1s1')!, profiles.get('delta@b1s1')!];
    const ctx = { gpu: 'synthetic', model, pairs: [] };
    const withProbes = predictPair(ctx, g, d, 'mps');
    expect(withProbes.probeCorrected).toBe(true);
    expect(withProbes.models.map((m) => m.band)).toEqual([0.03, 0.03]);
    expect(withProbes.notes.join('\n')).not.toContain('probe workloads');
    // delta profiled without its probe co-runs (calibrate --no-probes) and without pairs: no residuals, no effects
    const { 'delta@b1s1': _gone, ...rest } = model.probes!.residuals.mps!;
    const effects = model.probes!.effects!.mps!;
    const { 'delta@b1s1': _v, ...victim } = effects.victim;
    const { 'delta@b1s1': _a, ...aggressor } = effects.aggressor;
    const bareProbes = { ...model.probes!, residuals: { mps: rest }, effects: { mps: { ...effects, victim, aggressor } } };
    const bare = predictPair({ ...ctx, model: { ...model, probes: bareProbes } }, g, d, 'mps');
    expect(bare.probeCorrected).toBe(false);
    expect(bare.models.map((m) => m.band)).toEqual([0.07, 0.07]);
    expect(bare.models.map((m) => m.slowdown)).toEqual(pairSlowdowns(model, 'mps', g, d).noProbe);
    expect(bare.notes.join('\n')).toContain('delta@b1s1 has no mps co-runs next to the probe workloads (alpha@b1s1, beta@b1s1)');
  }, 300_000);

  it('predict: a workload without Nsight Compute measurements, next to a fit that had them, gets the NO_NCU_BAND and a note under MPS', async () => {
    const model = await fitModel(cal, 'synthetic', { modes: ['mps'], probes });
    model.band = { mps: 0.03, timeslice: 0.02 };
    const profiles = buildProfiles(cal);
    const [g, d] = [profiles.get('gamma@b1s1')!, profiles.get('delta@b1s1')!];
    const config = { grid: 132, block: 256, regs: 32, smem: 0, durUs: 10, achievedOccPct: 40, theoreticalOccPct: 50, smActivePct: 90 };
    const gm = { ...g, launchConfigs: [config] };
    const ctx = { gpu: 'synthetic', model, pairs: [], ncuFit: true };
    const without = predictPair(ctx, gm, d, 'mps');
    expect(without.models.map((m) => m.band)).toEqual([NO_NCU_BAND.mps, NO_NCU_BAND.mps]);
    expect(without.notes.join('\n')).toContain(`delta@b1s1 has no Nsight Compute measurement (calibrated with --no-ncu, or ncu was not on PATH): mps is predicted without its kernels' SM activity and occupancy, so the band is at least ±${(NO_NCU_BAND.mps! * 100).toFixed(1)} %`);
    // the slowdowns themselves are the model's
    expect(without.models.map((m) => m.slowdown)).toEqual(predictPair({ ...ctx, ncuFit: false }, gm, d, 'mps').models.map((m) => m.slowdown));
    // both measured, a fit without any ncu (its own band is of such workloads), or time slicing: no change
    const both = predictPair(ctx, gm, { ...d, launchConfigs: [config] }, 'mps');
    expect(both.models.map((m) => m.band)).toEqual([0.03, 0.03]);
    expect(both.notes.join('\n')).not.toContain('Nsight Compute');
    expect(predictPair({ ...ctx, ncuFit: false }, gm, d, 'mps').models.map((m) => m.band)).toEqual([0.03, 0.03]);
    expect(predictPair(ctx, gm, d, 'timeslice').notes.join('\n')).not.toContain('Nsight Compute');
  }, 300_000);

  it('fits no probe layer without probe co-runs', async () => {
    const model = await fitModel(cal, 'synthetic', { modes: ['mps'], probes: [] });
    expect(model.probes).toBeUndefined();
  }, 300_000);
});

describe('mean-residual probe layer (the fallback of a small calibration)', () => {
  const names = probeFeatureNames(['p@b1s1', 'q@b1s1']);
  // Rows of eight workloads: each has its own victim and aggressor residuals next to the two probes; the pairs'
  // residuals follow 0.7 x the victim's mean and 0.35 x the aggressor's mean.
  const rng = makeRng(5);
  const effect = Array.from({ length: 8 }, () => ({ v: [0.1 * rng.normal(), 0.1 * rng.normal()], a: [0.1 * rng.normal(), 0.1 * rng.normal()] }));
  const rows = (truth: (v: number, a: number) => number): RegressionRow[] => {
    const out: RegressionRow[] = [];
    for (let i = 0; i < 8; i++) {
      for (let j = 0; j < 8; j++) {
        const ei = effect[i] as (typeof effect)[number];
        const ej = effect[j] as (typeof effect)[number];
        const feats = [...ei.v, ...ej.a];
        const core = 1.5 + 0.1 * i + 0.05 * j;
        out.push({ feats, core, measured: core * Math.exp(truth((ei.v[0] + ei.v[1]) / 2, (ej.a[0] + ej.a[1]) / 2)), group: [`w${i}`, `w${j}`] });
      }
    }
    return out;
  };

  it('recovers the two weights where the pairs follow the probe residuals, and is kept', () => {
    const layer = fitMeanProbeLayer(rows((v, a) => 0.7 * v + 0.35 * a), names);
    expect(layer).toBeDefined();
    expect(layer?.coef.map((c) => Number(c.toFixed(3)))).toEqual([0, 0.35, 0.35, 0.175, 0.175]);
    expect(layer?.innerMape).toBeLessThan((layer?.innerCoreMape ?? 0) / 10);
    const r = rows((v, a) => 0.7 * v + 0.35 * a)[9] as RegressionRow;
    expect(applyRegression(layer, r.feats, r.core)).toBeCloseTo(r.measured, 6);
  });

  it('is not kept where the core is already right, nor with fewer than four workloads', () => {
    expect(fitMeanProbeLayer(rows(() => 0), names)).toBeUndefined();
    const few = rows((v) => v).filter((r) => r.group.every((g) => ['w0', 'w1', 'w2'].includes(g)));
    expect(fitMeanProbeLayer([...few, ...few, ...few], names)).toBeUndefined();
  });
});

describe('choosing between the ridge and the two-weight probe layer', () => {
  const layer = (innerMape: number): RegressionLayer => ({ features: [], center: [], scale: [], coef: [0], lambda: innerMape, innerCoreMape: 0.05, innerMape });
  it('takes the one with the lower inner leave-one-model-out MAPE, the first on a tie, whichever exists', () => {
    const ridge = layer(0.02);
    const two = layer(0.018);
    expect(betterLayer(ridge, two)).toBe(two);
    expect(betterLayer(two, ridge)).toBe(two);
    expect(betterLayer(ridge, layer(0.02))).toBe(ridge);
    expect(betterLayer(undefined, two)).toBe(two);
    expect(betterLayer(ridge, undefined)).toBe(ridge);
    expect(betterLayer(undefined, undefined)).toBeUndefined();
  });
});


describe('the model an estimate for another GPU uses', () => {
  it("keeps the source GPU's probe layer for MPS and streams only", () => {
    const layer = { features: [], center: [], scale: [], coef: [0], lambda: 0, innerCoreMape: 0.04, innerMape: 0.03 };
    const res = { w: { victim: [0.1, 0.2], aggressor: [0, 0] } };
    const model = {
      probes: {
        ids: ['p@b1s1', 'q@b1s1'],
        residuals: { timeslice: res, mps: res, streams: res },
        layers: { timeslice: { 'p@b1s1': layer }, mps: { 'p@b1s1': layer }, streams: { 'p@b1s1': layer } },
      },
    } as unknown as FittedModel;
    const t = transferModel(model);
    expect(Object.keys(t.probes?.layers ?? {}).sort()).toEqual(['mps', 'streams']);
    expect(Object.keys(t.probes?.residuals ?? {}).sort()).toEqual(['mps', 'streams']);
    expect(t.probes?.ids).toEqual(['p@b1s1', 'q@b1s1']);
    // the source model itself is left as it was
    expect(Object.keys(model.probes?.layers ?? {})).toHaveLength(3);
    const bare = withoutProbes(model);
    expect(transferModel(bare)).toBe(bare);
  });
});
