// The between-session band: how far another session's solo latencies move a prediction (fresh validation),
// combined with the cross-validated band in what predict shows, kept by a refit, absent with --solo.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONCURRENT } from '../src/predictor/concurrent.js';
import type { CoreParams } from '../src/predictor/core.js';
import { fitAndSave, saveSessionBand, saveSoloSessions, SESSION_BAND_MIN, sessionBand, type FittedModel } from '../src/predictor/fit.js';
import { MEASURED_BASELINE_GAP, measuredBaselineNote, predictPair, shownBand } from '../src/predictor/predict.js';
import { bandsFromRecords } from '../src/validate/crossval.js';
import { bandCoverage, bandCoverageNote } from '../src/validate/fresh.js';
import { buildProfiles, pooledSolo, sessionSoloOf } from '../src/predictor/profile.js';
import { SYNTHETIC_WORKLOADS, syntheticCalibration } from '../src/predictor/synthetic.js';
import type { Mode, ValidationRecord } from '../src/types.js';
import { tempDir, writeCalibration } from './helpers/run.js';

/** n fresh records of a mode whose sessionSolo prediction lies `moved(i)` (relative) off the calibration's. */
function records(mode: Mode, n: number, moved: (i: number) => number, split: ValidationRecord['split'] = 'fresh'): ValidationRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    gpu: 'g',
    mode,
    split,
    a: 'x',
    b: 'y',
    measured: [2, 2],
    predicted: [2, 2],
    baselines: { sessionSolo: [2 / (1 + moved(2 * i)), 2 / (1 + moved(2 * i + 1))] },
  }));
}

describe('sessionBand', () => {
  it('is the 90th percentile of how far the session solo latencies move a fresh prediction, per mode', () => {
    const r = sessionBand([...records('timeslice', 50, (i) => i / 1000), ...records('mps', 50, () => 0.01), ...records('timeslice', 50, () => 0.5, 'lomo')]);
    // |1 + m - 1| for m = 0 .. 0.099: the 90th percentile of 100 evenly spaced values
    expect(r.band.timeslice).toBeCloseTo(0.0891, 4);
    expect(r.n).toEqual({ timeslice: 100, mps: 100 });
    expect(r.band.mps).toBeCloseTo(0.01, 9);
    expect(r.band.streams).toBeUndefined();
  });

  it(`leaves out a mode with fewer than ${SESSION_BAND_MIN} values, and records without a sessionSolo prediction`, () => {
    const few = records('mps', SESSION_BAND_MIN / 2 - 1, () => 0.02);
    const none = records('timeslice', 40, () => 0.02).map(({ baselines: _b, ...r }) => r);
    expect(sessionBand([...few, ...none])).toEqual({ band: {}, n: {} });
  });
});

describe('the short requests\' bands', () => {
  // x has a short request, y a long one; each record's two values: x's and y's
  const recs = (n: number, dx: number, dy: number, split: ValidationRecord['split'] = 'fresh'): ValidationRecord[] =>
    records('mps', n, (i) => (i % 2 === 0 ? dx : dy), split);
  it(`sessionBand: the 90th percentile over the short workloads' values, with at least ${SESSION_BAND_MIN} of them`, () => {
    const r = sessionBand(recs(30, 0.08, 0.01), new Set(['x']));
    expect(r.band.mps).toBeCloseTo(0.08, 9);
    expect(r.short?.mps).toBeCloseTo(0.08, 9);
    expect(r.nShort).toEqual({ mps: 30 });
    expect(sessionBand(recs(30, 0.08, 0.01), new Set(['y'])).short?.mps).toBeCloseTo(0.01, 9);
    expect(sessionBand(recs(SESSION_BAND_MIN - 1, 0.08, 0.01), new Set(['x'])).short).toBeUndefined();
    expect(sessionBand(recs(30, 0.08, 0.01)).short).toBeUndefined();
  });
  it('bandsFromRecords: bandShort from the values of the short workload as the one slowed', () => {
    const lomo = (n: number): ValidationRecord[] =>
      Array.from({ length: n }, (_, i) => ({ gpu: 'g', mode: 'mps', split: 'lomo', a: 'x', b: 'y', measured: [2, 2], predicted: [2 * (1 + 0.1 * ((i % 10) + 1) / 10), 2.02], probeCorrected: true }));
    const r = bandsFromRecords(lomo(40), new Set(['x']));
    expect(r.bandShort?.mps).toBeCloseTo(0.091, 9);
    expect(r.band.mps).toBeGreaterThan(0.01);
    expect(bandsFromRecords(lomo(SESSION_BAND_MIN - 1), new Set(['x'])).bandShort).toBeUndefined();
    expect(bandsFromRecords(lomo(40)).bandShort).toBeUndefined();
  });
  it('shownBand: a short workload gets at least the short bands, a long one the common ones', () => {
    const model: Pick<FittedModel, 'bandSession' | 'bandShort'> = {
      bandShort: { mps: 0.06 },
      bandSession: { band: { mps: 0.02 }, n: { mps: 100 }, from: '', short: { mps: 0.05 }, nShort: { mps: 40 } },
    };
    expect(shownBand(model, 'mps', 0.04, false, true)).toBeCloseTo(Math.hypot(0.06, 0.05), 12);
    expect(shownBand(model, 'mps', 0.04, false, false)).toBeCloseTo(Math.hypot(0.04, 0.02), 12);
    expect(shownBand(model, 'mps', 0.08, false, true)).toBeCloseTo(Math.hypot(0.08, 0.05), 12);
    expect(shownBand(model, 'mps', 0.04, true, true)).toBeCloseTo(0.06, 12);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 0.5, noNaN: true }), (band) => {
        expect(shownBand(model, 'mps', band, false, true)).toBeGreaterThanOrEqual(shownBand(model, 'mps', band, false, false) - 1e-12);
      }),
    );
  });
});

describe('bandCoverage', () => {
  const rec = (err: [number, number], probeCorrected = true): ValidationRecord => ({
    gpu: 'g', mode: 'mps', split: 'fresh', a: 'x', b: 'y', measured: [2, 2], predicted: [2 * (1 + err[0]), 2 * (1 + err[1])], probeCorrected,
  });
  const model: Pick<FittedModel, 'band' | 'bandNoProbe' | 'bandShort' | 'bandSession'> = { band: { mps: 0.05 }, bandNoProbe: { mps: 0.2 }, bandShort: { mps: 0.1 } };
  it('counts the values inside the band predict shows, the short workloads\' with their own band', () => {
    const recs = [rec([0.08, 0.08]), rec([0.02, -0.04]), rec([0.12, 0.01]), rec([0.15, 0.15], false)];
    const [c] = bandCoverage(model, recs, new Set(['x']));
    // x: 0.08 in (short band 0.1), 0.02 in, 0.12 out, 0.15 in (no probe: 0.2); y: 0.08 out, 0.04 in, 0.01 in, 0.15 in
    expect(c).toEqual({ mode: 'mps', inside: 6, n: 8, shortInside: 3, shortN: 4 });
    expect(bandCoverage(model, recs, new Set())[0]).toMatchObject({ inside: 5, shortN: 0 });
    expect(bandCoverage(model, recs.map((r) => ({ ...r, split: 'lomo' as const })), new Set())).toEqual([]);
    expect(bandCoverageNote([c!], 2)).toBe(
      'band: inside the band predict shows (nominally 90 %; its between-session part is fitted on these values): mps 75.0 % of 8 (requests under 2 ms alone: 75.0 % of 4)',
    );
    expect(bandCoverageNote([], 2)).toBeUndefined();
  });
});

describe('shownBand', () => {
  const model: Pick<FittedModel, 'bandSession'> = { bandSession: { band: { timeslice: 0.04 }, n: { timeslice: 100 }, from: 'sets' } };
  it('combines the two as independent errors, never below either', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 0.5, noNaN: true }), fc.double({ min: 0.001, max: 0.5, noNaN: true }), (band, s) => {
        const shown = shownBand({ bandSession: { band: { mps: s }, n: { mps: 50 }, from: '' } }, 'mps', band);
        expect(shown).toBeCloseTo(Math.hypot(band, s), 12);
        expect(shown).toBeGreaterThanOrEqual(Math.max(band, s) - 1e-12);
        expect(shown).toBeLessThanOrEqual(band + s + 1e-12);
      }),
    );
  });
  it('is the cross-validated band with the user\'s own solo latencies, or without a session band for the mode', () => {
    expect(shownBand(model, 'timeslice', 0.03)).toBeCloseTo(0.05, 12);
    expect(shownBand(model, 'timeslice', 0.03, true)).toBe(0.03);
    expect(shownBand(model, 'mps', 0.03)).toBe(0.03);
    expect(shownBand({}, 'timeslice', 0.03)).toBe(0.03);
  });
});

const params: CoreParams = {
  timeslice: { quantumMs: 1.5, switchMs: 0.08, boundary: 'preempt' },
  mps: { ...DEFAULT_CONCURRENT, base: 0.05, wSm: 0.4, wDram: 0.2 },
  streams: { ...DEFAULT_CONCURRENT, wSm: 0.6, base: 0.05 },
};

describe('predict with a between-session band', () => {
  const cal = syntheticCalibration(params, { modes: ['timeslice', 'mps'], noise: 0.002 });
  const profiles = buildProfiles(cal);
  const base: FittedModel = { version: 0, gpu: 'synthetic', createdAt: '', calibrationHash: '', params, trained: {}, regression: {}, band: { mps: 0.05, timeslice: 0.02 }, p99RangeResidual: 0.04 };
  const withSession: FittedModel = { ...base, bandSession: { band: { mps: 0.12 }, n: { mps: 80 }, from: 'sets' } };
  const [a, b] = [profiles.get('gamma@b1s1')!, profiles.get('epsilon@b1s1')!];

  it('shows hypot(band, session) and says so; the p99 range keeps the cross-validated band', () => {
    const plain = predictPair({ gpu: 'synthetic', model: base, pairs: [] }, a, b, 'mps', [50, 50]);
    const p = predictPair({ gpu: 'synthetic', model: withSession, pairs: [] }, a, b, 'mps', [50, 50]);
    expect(p.models[0].band).toBeCloseTo(0.13, 12);
    expect(plain.models[0].band).toBe(0.05);
    expect(p.notes.some((n) => n.startsWith('band: ±5.0 % cross-validated, with ±12.0 % for another session'))).toBe(true);
    expect(p.models.map((m) => m.p99RangeMs)).toEqual(plain.models.map((m) => m.p99RangeMs));
    const own = predictPair({ gpu: 'synthetic', model: withSession, pairs: [], ownSolo: true }, a, b, 'mps');
    expect(own.models[0].band).toBe(0.05);
    expect(own.notes.some((n) => n.startsWith('band:'))).toBe(false);
    // time slicing has no session band in this model
    expect(predictPair({ gpu: 'synthetic', model: withSession, pairs: [] }, a, b, 'timeslice').models[0].band).toBe(0.02);
  });

  it('gives a workload with a request under 2 ms alone the short requests\' bands, and says so', () => {
    const delta = profiles.get('delta@b1s1')!; // 1.7 ms alone
    const model: FittedModel = { ...withSession, bandShort: { mps: 0.09 }, bandSession: { ...withSession.bandSession!, short: { mps: 0.2 }, nShort: { mps: 30 } } };
    const p = predictPair({ gpu: 'synthetic', model, pairs: [] }, delta, b, 'mps');
    expect(p.models[0].band).toBeCloseTo(Math.hypot(0.09, 0.2), 12);
    expect(p.models[1].band).toBeCloseTo(Math.hypot(0.05, 0.12), 12);
    expect(p.notes).toContain('delta@b1s1: a request under 2 ms alone, so the band is at least that of such requests (±9.0 % cross-validated, ±20.0 % between sessions)');
    // two long requests: the common bands, no note
    const long = predictPair({ gpu: 'synthetic', model, pairs: [] }, a, b, 'mps');
    for (const m of long.models) expect(m.band).toBeCloseTo(Math.hypot(0.05, 0.12), 12);
    expect(long.notes.some((n) => n.includes('a request under'))).toBe(false);
  });
});

describe('pooledSolo', () => {
  const cal = syntheticCalibration(params, { workloads: SYNTHETIC_WORKLOADS.slice(0, 3), modes: ['timeslice'] });
  const [x, y] = [...new Set(cal.solo.map((s) => s.workload.id))] as [string, string];
  const calMean = (id: string, ctx: 'exclusive' | 'mps') => cal.solo.find((s) => s.workload.id === id && s.context === ctx)!.latencyMs!.mean;
  const s1 = { name: 's1', solo: [{ id: x, context: 'exclusive' as const, meanMs: calMean(x, 'exclusive') * 1.1 }] };
  const s2 = { name: 's2', solo: [{ id: x, context: 'exclusive' as const, meanMs: calMean(x, 'exclusive') * 1.3 }, { id: x, context: 'mps' as const, meanMs: calMean(x, 'mps') * 0.9 }] };
  const mean = (r: ReturnType<typeof pooledSolo>, id: string, ctx: string) => r.find((s) => s.workload.id === id && s.context === ctx)?.latencyMs?.mean;

  it("is the mean of the calibration's and each later session's, per workload and context", () => {
    const r = pooledSolo(cal, [s1, s2]);
    expect(mean(r, x, 'exclusive')).toBeCloseTo((calMean(x, 'exclusive') * (1 + 1.1 + 1.3)) / 3, 12);
    expect(mean(r, x, 'mps')).toBeCloseTo((calMean(x, 'mps') * (1 + 0.9)) / 2, 12);
    // a workload no later session measured keeps the calibration's (no entry)
    expect(mean(r, y, 'exclusive')).toBeUndefined();
  });
  it('leaves out the session named, and is empty without sessions', () => {
    expect(mean(pooledSolo(cal, [s1, s2], 's2'), x, 'exclusive')).toBeCloseTo((calMean(x, 'exclusive') * 2.1) / 2, 12);
    expect(mean(pooledSolo(cal, [s1, s2], 's2'), x, 'mps')).toBeUndefined();
    expect(pooledSolo(cal, [])).toEqual([]);
  });
  it('sessionSoloOf keeps the ok measurements with a latency', () => {
    const solo = cal.solo.slice(0, 2);
    const failed = { ...cal.solo[2]!, status: 'failed' as const };
    expect(sessionSoloOf('n', [...solo, failed])).toEqual({ name: 'n', solo: solo.map((s) => ({ id: s.workload.id, context: s.context, meanMs: s.latencyMs!.mean })) });
  });
});

describe('measuredBaselineNote', () => {
  // session solo = measured latency / measured slowdown; the prediction's solo is the pooled one
  const ids = ['x', 'y'] as const;
  it(`names each workload whose session solo is ${MEASURED_BASELINE_GAP * 100} % or more from the pooled one, with both co-run latencies`, () => {
    const note = measuredBaselineNote(ids, { slowdown: [2, 1.5], latency: [2.1, 3] }, [1, 2], [2.2, 3.1]);
    // x: 1.05 ms in its session, +5 %; y: 2 ms, as pooled
    expect(note).toContain("x's was 1.05 ms (+5.0 % from the 1.00 ms above): co-run measured 2.10 ms, predicted 2.20 ms");
    expect(note).not.toContain("y's");
  });
  it('is absent below the gap, without measured latencies, and names a self-pair once', () => {
    expect(measuredBaselineNote(ids, { slowdown: [2, 2], latency: [2 * 1.019, 2] }, [1, 1], [2, 2])).toBeUndefined();
    expect(measuredBaselineNote(ids, { slowdown: [2, 2] }, [1.5, 1.5], [2, 2])).toBeUndefined();
    const self = measuredBaselineNote(['x', 'x'], { slowdown: [2, 2], latency: [1.8, 1.8] }, [1, 1], [2, 2]);
    expect(self?.match(/x's was/g)).toHaveLength(1);
    expect(self).toContain('0.900 ms (-10.0 %');
  });
});

describe('saveSessionBand and a refit', () => {
  let dataDir: string;
  const saved = process.env.COLOC_DATA_DIR;
  const cal = syntheticCalibration(params, { workloads: SYNTHETIC_WORKLOADS.slice(0, 4), modes: ['timeslice', 'mps'] });
  beforeAll(() => {
    dataDir = tempDir();
    writeCalibration(dataDir, 'gx', cal);
    process.env.COLOC_DATA_DIR = dataDir;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.COLOC_DATA_DIR;
    else process.env.COLOC_DATA_DIR = saved;
  });
  const stored = (): FittedModel => JSON.parse(readFileSync(join(dataDir, 'gx', 'model.json'), 'utf8')) as FittedModel;

  it('stores nothing without a current model.json; stores per mode, keeping other modes; a refit keeps it', async () => {
    expect(saveSessionBand('gx', cal, records('mps', 30, () => 0.02), 'a')).toBeUndefined();
    await fitAndSave('gx', cal);
    expect(stored().bandSession).toBeUndefined();
    expect(saveSessionBand('gx', cal, records('mps', 30, () => 0.02), 'a')?.band.mps).toBeCloseTo(0.02, 9);
    const both = saveSessionBand('gx', cal, records('timeslice', 30, () => 0.03), 'b');
    expect(both?.band.mps).toBeCloseTo(0.02, 9);
    expect(both?.band.timeslice).toBeCloseTo(0.03, 9);
    expect(both?.from).toBe('b');
    const s = (name: string, meanMs: number) => ({ name, solo: [{ id: cal.solo[0]!.workload.id, context: 'exclusive' as const, meanMs }] });
    saveSoloSessions('gx', cal, [s('a', 1), s('b', 2)]);
    expect(saveSoloSessions('gx', cal, [s('b', 3)])).toEqual([s('a', 1), s('b', 3)]);
    await fitAndSave('gx', cal);
    expect(stored().bandSession).toEqual(both);
    expect(stored().soloSessions).toEqual([s('a', 1), s('b', 3)]);
  }, 600_000);
});
