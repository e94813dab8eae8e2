// coloc validate without --offline: fresh co-runs through runner.py measure (here on the simulated backend),
// predicted from a fit that excluded them, stale solo baselines flagged, results schema-valid on disk.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coloc, tempDir } from './helpers/run.js';
import { validateData } from '../src/schemas/index.js';
import { compareFresh, movedGpuTime, samplePairs, staleSolos } from '../src/validate/fresh.js';
import { loadCalibration, loadCalibrationDir } from '../src/data/index.js';
import { sessionSoloOf } from '../src/predictor/profile.js';
import { pairKey } from '../src/predictor/fit.js';
import type { CalibrationData, SoloProfile, ValidationRun } from '../src/types.js';

const ENV = { COLOC_SIM_SPEED: '0.002', COLOC_SIM_NOISE: '0.001' };
let saved: Record<string, string | undefined> = {};
let dataRoot = '';
let predRoot = '';

beforeAll(async () => {
  dataRoot = tempDir();
  predRoot = tempDir();
  const env = { ...ENV, COLOC_DATA_DIR: dataRoot, COLOC_PREDICTIONS_DIR: predRoot };
  saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  const r = await coloc('calibrate', '--gpu', 'simgpu', '--backend', 'sim', '--models', 'bert,yolo,gpt2', '--modes', 'timeslice,mps',
    '--no-ncu', '--window', '0.2', '--json');
  expect(r.code, r.stderr).toBe(0);
}, 600_000);

afterAll(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

const readJson = (p: string) => JSON.parse(readFileSync(p, 'utf8'));

describe('coloc validate (fresh co-runs)', () => {
  let measuredDir = '';

  it('measures the pairs, predicts them from a fit that excluded them, and writes a schema-valid run and report', async () => {
    const r = await coloc('validate', '--gpu', 'simgpu', '--pairs', 'bert+yolo,gpt2+gpt2', '--modes', 'timeslice,mps', '--backend', 'sim', '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    measuredDir = join(predRoot, out.measured.replace(/^.*?(simgpu)/, '$1'));
    const files = readdirSync(join(predRoot, 'simgpu'));
    const runFile = files.find((f) => /^\d{4}-\d{2}-\d{2}\.json$/.test(f));
    expect(runFile).toBeDefined();
    const run = validateData('validation', readJson(join(predRoot, 'simgpu', runFile as string)), runFile as string) as ValidationRun;
    expect(run.kind).toBe('fresh');
    expect(run.records).toHaveLength(4); // 2 pairs x 2 modes
    expect(new Set(run.records.map((x) => x.split))).toEqual(new Set(['fresh']));
    for (const rec of run.records) {
      for (const v of [...rec.measured, ...rec.predicted, ...(rec.baselines?.sessionSolo ?? [])]) expect(v).toBeGreaterThan(1);
      // Beside each prediction, the same with the set's own solo latencies.
      expect(rec.baselines?.sessionSolo).toHaveLength(2);
    }
    expect(run.accuracy.find((a) => a.mode === 'timeslice' && a.predictor === 'sessionSolo')?.n).toBe(4);
    // The simulated device is what the fit is made on, so fresh predictions must be close.
    const ts = run.accuracy.find((a) => a.mode === 'timeslice' && a.predictor === 'coloc');
    expect(ts?.n).toBe(4);
    expect(ts?.mape).toBeLessThan(0.1);
    expect(run.staleSolo).toEqual([]);
    expect(existsSync(join(predRoot, 'simgpu', 'report', 'index.html'))).toBe(true);
  }, 900_000);

  it('flags fresh solo latencies more than 5 % away from the calibration as stale', async () => {
    const soloPath = join(dataRoot, 'simgpu', 'solo.json');
    const solo = readJson(soloPath) as { entries: SoloProfile[] };
    const bert = solo.entries.find((s) => s.workload.model === 'bert' && s.context === 'exclusive') as SoloProfile;
    (bert.latencyMs as { mean: number }).mean *= 1.2;
    writeFileSync(soloPath, JSON.stringify(solo));
    const r = await coloc('validate', '--gpu', 'simgpu', '--measured', measuredDir, '--modes', 'timeslice', '--json');
    expect(r.code, r.stderr).toBe(0);
    const stale = JSON.parse(r.stdout).staleSolo as ValidationRun['staleSolo'];
    expect(stale.map((s) => `${s.context}:${s.workload}`)).toEqual(['exclusive:bert@b16s128']);
    expect(stale[0]?.diff).toBeCloseTo(1 / 1.2 - 1, 2);
  }, 600_000);

  it('writes the run where --out says', async () => {
    const file = join(tempDir(), 'sub', 'fresh-run.json');
    const r = await coloc('validate', '--gpu', 'simgpu', '--measured', measuredDir, '--modes', 'timeslice', '--out', file);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('fresh-run.json');
    const run = validateData('validation', readJson(file), file) as ValidationRun;
    expect(run.kind).toBe('fresh');
    expect(run.records.length).toBeGreaterThan(0);
  }, 600_000);

  it('pools several measured folders (comma-separated) into one run', async () => {
    const one = await coloc('validate', '--gpu', 'simgpu', '--measured', measuredDir, '--modes', 'timeslice', '--json');
    const two = await coloc('validate', '--gpu', 'simgpu', '--measured', `${measuredDir},${measuredDir}`, '--modes', 'timeslice', '--json');
    expect(two.code, two.stderr).toBe(0);
    const n = (r: typeof one, split: string) => (JSON.parse(r.stdout).results as { mode: string; split: string; predictor: string; n: number; mape: number }[]).find((x) => x.mode === 'timeslice' && x.split === split && x.predictor === 'coloc');
    expect(n(two, 'fresh')?.n).toBe(2 * (n(one, 'fresh')?.n ?? 0));
    expect(n(two, 'fresh')?.mape).toBeCloseTo(n(one, 'fresh')?.mape ?? NaN, 10);
    const bad = await coloc('validate', '--gpu', 'simgpu', '--measured', `${measuredDir},/nonexistent/x`);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('coloc: --measured: no such folder /nonexistent/x\n');
  }, 900_000);

  it("predicts a set with the other sessions' solo latencies, never its own", async () => {
    const cal = loadCalibration('simgpu');
    const solo = loadCalibrationDir(measuredDir).solo.map((s) => ({ ...s, latencyMs: { ...s.latencyMs!, mean: s.latencyMs!.mean * 3 } }));
    const own = sessionSoloOf(basename(measuredDir), solo);
    const predicted = (r: ValidationRun) => r.records.map((x) => x.predicted);
    const alone = await compareFresh(cal, 'simgpu', measuredDir, ['timeslice'], []);
    // every record names the set it was measured in (the report's table by set)
    expect(alone.records.length).toBeGreaterThan(0);
    expect(new Set(alone.records.map((x) => x.set))).toEqual(new Set([basename(measuredDir)]));
    expect(predicted(await compareFresh(cal, 'simgpu', measuredDir, ['timeslice'], [own]))).toEqual(predicted(alone));
    const other = await compareFresh(cal, 'simgpu', measuredDir, ['timeslice'], [{ ...own, name: 'fresh-another-day' }]);
    expect(predicted(other)).not.toEqual(predicted(alone));
    expect(other.notes.some((n) => n.startsWith("coloc: each solo latency the mean of the calibration's and those of the 1 other sessions"))).toBe(true);
    // the sessionSolo predictions are the set's own either way
    expect(other.records.map((x) => x.baselines?.sessionSolo)).toEqual(alone.records.map((x) => x.baselines?.sessionSolo));
  }, 600_000);

  it('predicts from a smaller calibration where fit.exclude names more pairs to leave out', async () => {
    const cal = loadCalibration('simgpu');
    const whole = await compareFresh(cal, 'simgpu', measuredDir, ['timeslice'], []);
    // two calibration pairs the set did not measure (bert+yolo and gpt2+gpt2 it did)
    const fresh = new Set(['bert+yolo', 'gpt2+gpt2']);
    const left = cal.pairs.filter((p) => p.mode === 'timeslice' && p.status === 'ok' && !fresh.has(`${p.a.model}+${p.b.model}`) && !fresh.has(`${p.b.model}+${p.a.model}`));
    expect(left.length).toBeGreaterThan(2);
    const pairs = new Set(left.slice(0, 2).map((p) => pairKey(p.mode, p.a.id, p.b.id)));
    const smaller = await compareFresh(cal, 'simgpu', measuredDir, ['timeslice'], [], [], { exclude: { pairs } });
    expect(smaller.records.map((x) => x.measured)).toEqual(whole.records.map((x) => x.measured));
    expect(smaller.records.map((x) => x.predicted)).not.toEqual(whole.records.map((x) => x.predicted));
  }, 600_000);

  it("refuses a set measured on another device than the calibration's, in one line", async () => {
    const cal = loadCalibration('simgpu');
    const onOther = { ...cal, meta: { ...cal.meta, gpu: { ...cal.meta.gpu, deviceName: 'NVIDIA H200' } } };
    await expect(compareFresh(onOther, 'simgpu', measuredDir, ['timeslice'])).rejects.toThrow(
      `was measured on Simulated GPU, but the simgpu calibration on NVIDIA H200: compare it with that GPU's calibration`,
    );
    // a dry run on the simulated GPU next to a real GPU's calibration is not refused
    const real = { ...onOther, meta: { ...onOther.meta, method: { ...onOther.meta.method, backend: 'cuda' as const } } };
    expect((await compareFresh(real, 'simgpu', measuredDir, ['timeslice'])).records.length).toBeGreaterThan(0);
  }, 600_000);

  it('asks what to measure when given neither pairs, a sample size nor a folder', async () => {
    const r = await coloc('validate', '--gpu', 'simgpu');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('coloc: say what to measure: --pairs a+b,c+d, --sample N, or --measured DIR (or --offline for cross-validation)\n');
  });

  it('rejects a pair of one name in one line', async () => {
    const r = await coloc('validate', '--gpu', 'simgpu', '--pairs', 'bert');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("coloc: 'bert' is not a pair: write a+b\n");
  });
});

describe('samplePairs and staleSolos', () => {
  const solo = (model: string, mean: number, context: 'exclusive' | 'mps' = 'exclusive'): SoloProfile => ({
    workload: { id: `${model}@b1s1`, model, batch: 1, seq: 1 },
    context,
    status: 'ok',
    latencyMs: { mean, p50: mean, p99: mean, min: mean, max: mean },
  });
  const cal = {
    solo: [solo('a', 1), solo('b', 2), solo('c', 3)],
    pairs: [{ mode: 'timeslice', a: solo('a', 1).workload, b: solo('b', 1).workload, status: 'ok' }],
  } as unknown as CalibrationData;

  it('draws distinct pairs, those the calibration never measured first', () => {
    const p = samplePairs(cal, 5, 7);
    expect(new Set(p).size).toBe(5);
    expect(p.slice(0, 5)).not.toContain('a+b');
    expect(samplePairs(cal, 6, 7)).toContain('a+b');
  });

  it('reports only differences beyond 5 %, per context', () => {
    const fresh = [solo('a', 1.04), solo('b', 2.2), solo('c', 3, 'mps')];
    expect(staleSolos(cal, fresh).map((s) => s.workload)).toEqual(['b@b1s1']);
  });

  it('reports GPU times per request that moved beyond 1.5 %, exclusive context only', () => {
    const gap = (p: SoloProfile, gpuMs: number): SoloProfile => ({ ...p, hostGap: { hostMs: 0.05, gpuMs, spreadMs: 0, depths: [1, 2], windowS: 0.6, batchMs: [] } });
    const calGap = { ...cal, solo: [gap(solo('a', 1), 0.9), gap(solo('b', 2), 1.9), gap(solo('c', 3, 'mps'), 2.9), solo('d', 4)] } as CalibrationData;
    const fresh = [gap(solo('a', 1.01), 0.91), gap(solo('b', 2.0), 1.94), gap(solo('c', 3, 'mps'), 3.2), gap(solo('d', 4), 4.5)];
    const moved = movedGpuTime(calGap, fresh);
    expect(moved.map(([id]) => id)).toEqual(['b@b1s1']);
    expect(moved[0]?.[1]).toBeCloseTo(1.94 / 1.9 - 1, 9);
  });
});
