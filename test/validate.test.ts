// Cross-validation: the exclusions are honoured, the figures are computed, the CLI writes a ValidationRun.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONCURRENT } from '../src/predictor/concurrent.js';
import type { CoreParams } from '../src/predictor/core.js';
import { SYNTHETIC_WORKLOADS, syntheticCalibration } from '../src/predictor/synthetic.js';
import type { ValidationRun } from '../src/types.js';
import { accuracyRows, summarise } from '../src/validate/accuracy.js';
import { exclusionFor, validatePairs } from '../src/validate/crossval.js';
import { coloc, tempDir, writeCalibration } from './helpers/run.js';

const truth: CoreParams = {
  timeslice: { quantumMs: 1, switchMs: 0.05, boundary: 'preempt', jitter: 0.1 },
  mps: { ...DEFAULT_CONCURRENT, wSm: 0.4, wDram: 0.2, base: 0.05, asym: 0.1, asymSm: 0.5 },
  streams: { ...DEFAULT_CONCURRENT },
};
const workloads = SYNTHETIC_WORKLOADS.slice(0, 5);
const cal = syntheticCalibration(truth, { workloads, modes: ['timeslice', 'mps'], noise: 0.003, openLoopPairs: 2, loads: [0.3] });

describe('validatePairs', () => {
  it('lomo excludes every pair of both workloads, lopo only the pair', () => {
    const all = { pairs: cal.pairs };
    expect(exclusionFor('lomo', 'mps', 'a', 'b', all)).toEqual({ workloads: new Set(['a', 'b']) });
    expect(exclusionFor('lopo', 'mps', 'b', 'a', all)).toEqual({ pairs: new Set(['mps:a+b']) });
    expect(exclusionFor('fresh', 'mps', 'b', 'a', all).pairs?.size).toBe(cal.pairs.length);
  });

  it('lomf excludes every size of both workloads\' models, and no other model', () => {
    const ids = [['bert@b16s128', 'yolo@b8s640'], ['bert@b64s128', 'gpt2@b32s512'], ['gpt2@b8s512', 'yolo@b1s640'], ['resnet50@b32s224', 'yolo@b8s640']];
    const all = { pairs: ids.map(([a, b]) => ({ ...cal.pairs[0]!, a: { id: a!, model: a!.split('@')[0]!, batch: 1, seq: 1 }, b: { id: b!, model: b!.split('@')[0]!, batch: 1, seq: 1 } })) };
    const ex = exclusionFor('lomf', 'mps', 'bert@b32s128', 'gpt2@b8s512', all);
    expect(ex).toEqual({ workloads: new Set(['bert@b32s128', 'gpt2@b8s512', 'bert@b16s128', 'bert@b64s128', 'gpt2@b32s512']) });
    expect(exclusionFor('lomf', 'mps', 'resnet50@b64s224', 'resnet50@b64s224', all)).toEqual({
      workloads: new Set(['resnet50@b64s224', 'resnet50@b32s224']),
      pairs: new Set(['mps:resnet50@b64s224+resnet50@b64s224']),
    });
    expect(exclusionFor('lomo', 'mps', 'a', 'a', all)).toEqual({ workloads: new Set(['a']), pairs: new Set(['mps:a+a']) });
  });

  it('predicts held-out pairs near the truth and beats the mean baseline', async () => {
    const r = await validatePairs(cal, 'synthetic', { pairs: cal.pairs, openLoop: cal.openLoop }, 'lomo', { baselines: true });
    expect(r.records.length).toBe(cal.pairs.length);
    expect(r.openLoop.length).toBe(cal.openLoop.length);
    const rows = accuracyRows('synthetic', r.records, r.openLoop);
    const coloc = rows.find((x) => x.mode === 'mps' && x.predictor === 'coloc')!;
    const mean = rows.find((x) => x.mode === 'mps' && x.predictor === 'mean')!;
    expect(coloc.n).toBe(2 * cal.pairs.filter((p) => p.mode === 'mps').length);
    expect(coloc.mape).toBeLessThan(mean.mape);
    expect(coloc.mape).toBeLessThan(0.05);
    const ts = rows.find((x) => x.mode === 'timeslice' && x.predictor === 'coloc')!;
    expect(ts.mape).toBeLessThan(0.05);
    const p99 = rows.find((x) => x.mode === 'openloop-p99')!;
    // every open-loop value carries the simulated window noise of its measurement window
    for (const o of r.openLoop) expect(o.windowNoiseP99?.length).toBe(o.measuredP99Ms.length);
    const noise = r.openLoop.flatMap((o) => o.windowNoiseP99!);
    expect(p99.noiseFloor).toBeCloseTo(noise.reduce((x, y) => x + y, 0) / noise.length, 12);
    expect(p99.noiseFloor).toBeGreaterThan(0);
  }, 600_000);

  it('summarise gives mean, median and max', () => {
    expect(summarise([0.01, 0.02, 0.06])).toEqual({ mape: 0.03, medianError: 0.02, maxError: 0.06, n: 3 });
  });
});

describe('coloc validate --offline and coloc predict', () => {
  let dataDir: string;
  let predDir: string;
  const saved = { data: process.env.COLOC_DATA_DIR, pred: process.env.COLOC_PREDICTIONS_DIR };
  beforeAll(() => {
    dataDir = tempDir();
    predDir = tempDir();
    writeCalibration(dataDir, 'h200', syntheticCalibration(truth, { workloads: SYNTHETIC_WORKLOADS.slice(0, 4), modes: ['timeslice', 'mps'] }));
    process.env.COLOC_DATA_DIR = dataDir;
    process.env.COLOC_PREDICTIONS_DIR = predDir;
  });
  afterAll(() => {
    for (const [k, v] of [['COLOC_DATA_DIR', saved.data], ['COLOC_PREDICTIONS_DIR', saved.pred]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('validate --offline --json prints the accuracy rows and writes a ValidationRun', async () => {
    const r = await coloc('validate', '--offline', '--gpu', 'h200', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { gpu: string; results: { mode: string; split: string; mape: number; n: number; predictor: string }[] };
    expect(j.gpu).toBe('h200');
    for (const split of ['lopo', 'lomo', 'lomf']) for (const p of ['coloc', 'mean', 'linear']) expect(j.results.some((x) => x.split === split && x.predictor === p && x.mode === 'timeslice')).toBe(true);
    const files = readdirSync(join(predDir, 'h200')).filter((f) => f.startsWith('offline-'));
    expect(files.length).toBe(1);
    const run = JSON.parse(readFileSync(join(predDir, 'h200', files[0]!), 'utf8')) as ValidationRun;
    expect(run.kind).toBe('offline');
    expect(run.accuracy.length).toBe(j.results.length);
  }, 900_000);

  it('validate --offline --splits runs only the splits named', async () => {
    const r = await coloc('validate', '--offline', '--gpu', 'h200', '--splits', 'lomf', '--modes', 'mps', '--json', '--out', join(predDir, 'lomf-only.json'));
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { results: { split: string; mode: string }[] };
    expect(j.results.length).toBeGreaterThan(0);
    expect(new Set(j.results.map((x) => x.split))).toEqual(new Set(['lomf']));
  }, 900_000);

  it('predict prints one PairPrediction with --json, the measured value beside it', async () => {
    const r = await coloc('predict', '--pair', 'alpha,beta', '--gpu', 'h200', '--json');
    expect(r.code).toBe(0);
    const p = JSON.parse(r.stdout);
    expect(p.gpu).toBe('h200');
    expect(p.mode).toBe('timeslice');
    expect(p.estimated).toBe(false);
    expect(p.models.map((m: { name: string }) => m.name)).toEqual(['alpha', 'beta']);
    for (const m of p.models) {
      expect(m.slowdown).toBeGreaterThanOrEqual(1);
      expect(m.latencyMs).toBeCloseTo(m.slowdown * m.soloLatencyMs, 6);
      expect(Math.abs(m.slowdown / m.measuredSlowdown - 1)).toBeLessThan(0.05);
    }
    expect(p.fairness).toBeLessThanOrEqual(1);
    expect(['timeslice', 'mps', 'streams']).toContain(p.bestMode);
  }, 300_000);

  it('predict with --rates gives percentiles, or says the pair is overloaded', async () => {
    const ok = await coloc('predict', '--pair', 'alpha,beta', '--gpu', 'h200', '--mode', 'mps', '--rates', '20,30', '--json');
    const p = JSON.parse(ok.stdout);
    for (const m of p.models) {
      expect(m.p99Ms).toBeGreaterThanOrEqual(m.p50Ms);
      expect(m.overloaded).toBe(false);
    }
    expect(p.nearCapacity).toBeUndefined();
    // Near capacity (time slicing, both at the same share of their solo throughput, raised until a server is
    // over 85 % busy): the p99 at 5 % more traffic comes with it.
    const solo = JSON.parse((await coloc('predict', '--pair', 'alpha,beta', '--gpu', 'h200', '--json')).stdout).models.map((m: { soloLatencyMs: number }) => m.soloLatencyMs);
    type Side = { utilisation: number; overloaded: boolean; p99Ms: number };
    let near: { models: Side[]; nearCapacity: { rateScale: number; p99Ms: (number | null)[]; overloaded: boolean[] }; notes: string[] } | undefined;
    for (const share of [0.48, 0.5, 0.52, 0.54, 0.56]) {
      const rates = solo.map((l: number) => ((share * 1000) / l).toFixed(2)).join(',');
      const r = JSON.parse((await coloc('predict', '--pair', 'alpha,beta', '--gpu', 'h200', '--rates', rates, '--json')).stdout);
      if (r.models.some((m: Side) => m.overloaded)) break;
      if (Math.max(...r.models.map((m: Side) => m.utilisation)) > 0.85) {
        near = r;
        break;
      }
    }
    if (!near) throw new Error('no rates near capacity found');
    expect(near.nearCapacity.rateScale).toBe(1.05);
    near.models.forEach((m, i) => {
      if (!near.nearCapacity.overloaded[i]) expect(near.nearCapacity.p99Ms[i]).toBeGreaterThan(m.p99Ms);
      else expect(near.nearCapacity.p99Ms[i]).toBeNull();
    });
    expect(near.notes.some((n: string) => n.startsWith('near capacity'))).toBe(true);
    const over = await coloc('predict', '--pair', 'alpha,beta', '--gpu', 'h200', '--rates', '900,900');
    expect(over.code).toBe(0);
    expect(over.stdout).toContain('OVERLOADED');
    expect(over.stdout).not.toContain('NaN');
  }, 300_000);

  it('an uncalibrated GPU from the spec table is estimated by transfer and says so', async () => {
    const r = await coloc('predict', '--pair', 'alpha,beta', '--gpu', 'a100');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ESTIMATED from h200');
    const j = JSON.parse((await coloc('predict', '--pair', 'alpha,beta', '--gpu', 'a100', '--json')).stdout);
    expect(j.estimated).toBe(true);
    expect(j.basedOn).toBe('h200');
    // A100 is slower than H200: solo latency grows.
    const h = JSON.parse((await coloc('predict', '--pair', 'alpha,beta', '--gpu', 'h200', '--json')).stdout);
    expect(j.models[0].soloLatencyMs).toBeGreaterThan(h.models[0].soloLatencyMs);
    expect(j.models[0].band).toBeGreaterThan(h.models[0].band);
  }, 300_000);

  for (const [what, args, needle] of [
    ['unknown model', ['--pair', 'nosuch,alpha'], 'unknown workload'],
    ['unknown GPU', ['--pair', 'alpha,beta', '--gpu', 'z9000'], 'unknown GPU'],
    ['pair of one name', ['--pair', 'alpha'], '--pair needs two'],
    ['rate <= 0', ['--pair', 'alpha,beta', '--rates', '0,5'], '--rates needs two positive'],
    ['non-numeric rate', ['--pair', 'alpha,beta', '--rates', 'x,5'], '--rates needs two positive'],
  ] as const) {
    it(`bad input: ${what} -> one line, exit 2`, async () => {
      const r = await coloc('predict', ...args);
      expect(r.code).toBe(2);
      expect(r.stderr.trimEnd().split('\n').length).toBe(1);
      expect(r.stderr).toContain(needle);
      expect(r.stdout).toBe('');
    });
  }

  it('an unknown model lists the known ones', async () => {
    const r = await coloc('predict', '--pair', 'nosuch,alpha');
    expect(r.stderr).toContain('alpha');
  });

  it('an uncalibrated GPU is estimated from the nearest calibrated GPU that has both workloads', async () => {
    const two = tempDir();
    writeCalibration(two, 'h200', syntheticCalibration(truth, { workloads: SYNTHETIC_WORKLOADS.slice(0, 4), modes: ['timeslice'] }));
    writeCalibration(two, 'h100', syntheticCalibration(truth, { workloads: SYNTHETIC_WORKLOADS.slice(2, 4), modes: ['timeslice'] }));
    process.env.COLOC_DATA_DIR = two;
    try {
      // a100 is nearer to h100 by spec: taken where h100 has both workloads, passed over where it lacks one
      const near = JSON.parse((await coloc('predict', '--pair', 'gamma,delta', '--gpu', 'a100', '--json')).stdout);
      expect(near.basedOn).toBe('h100');
      const far = JSON.parse((await coloc('predict', '--pair', 'alpha,delta', '--gpu', 'a100', '--json')).stdout);
      expect(far.basedOn).toBe('h200');
      expect(far.notes).toContain('h100 is nearer to a100 by spec but lacks a solo profile of alpha or delta');
      // h100 itself is calibrated: its own data where it has both workloads, else an estimate from h200
      const own = JSON.parse((await coloc('predict', '--pair', 'gamma,delta', '--gpu', 'h100', '--json')).stdout);
      expect(own.estimated).toBe(false);
      const lacking = await coloc('predict', '--pair', 'alpha,delta', '--gpu', 'h100');
      expect(lacking.stdout).toContain('on h100 (ESTIMATED from h200, see notes)');
      expect(lacking.stdout).toContain('note: estimated: h100 is calibrated but has no solo profile of alpha@b1s1');
      const none = await coloc('predict', '--pair', 'nosuch,delta', '--gpu', 'a100');
      expect(none.code).toBe(2);
      expect(none.stderr.trimEnd().split('\n')).toHaveLength(1);
    } finally {
      process.env.COLOC_DATA_DIR = dataDir;
    }
  }, 300_000);

  it('a GPU without calibration and without a calibrated GPU to transfer from is an error', async () => {
    const empty = tempDir();
    process.env.COLOC_DATA_DIR = empty;
    try {
      const r = await coloc('predict', '--pair', 'alpha,beta', '--gpu', 'h100');
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('no calibration');
      expect(existsSync(join(empty, 'h100'))).toBe(false);
    } finally {
      process.env.COLOC_DATA_DIR = dataDir;
    }
  });
});
