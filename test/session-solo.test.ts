// Solo latencies of another session (predict --solo, validate's sessionSolo): the difference from the
// calibration's is host time, the GPU work stays; checked on the committed H100 calibration and fresh set.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coloc } from './helpers/run.js';
import { loadCalibration, loadCalibrationDir } from '../src/data/index.js';
import { loadSavedModel } from '../src/predictor/fit.js';
import { pairSlowdowns } from '../src/predictor/predict.js';
import { buildProfiles, withSessionSolo } from '../src/predictor/profile.js';
import type { PairPrediction, SoloProfile } from '../src/types.js';

const FRESH = 'predictions/h100/fresh-2026-12-06b';
const cal = loadCalibration('h100');
const profiles = buildProfiles(cal);
const session = loadCalibrationDir(FRESH).solo;
const model = loadSavedModel('h100', cal);

/** A session record of `id` in `context` whose mean latency is the calibration's plus `shiftMs`. */
function shifted(id: string, context: 'exclusive' | 'mps', shiftMs: number): SoloProfile {
  const rec = cal.solo.find((s) => s.workload.id === id && s.context === context && s.status === 'ok') as SoloProfile;
  const m = rec.latencyMs as NonNullable<SoloProfile['latencyMs']>;
  return { ...rec, latencyMs: { ...m, mean: m.mean + shiftMs } };
}

describe('withSessionSolo', () => {
  it("takes the session's mean solo latency, the calibration's spread, and moves the host time by the difference, the GPU work kept", () => {
    const p = profiles.get('yolo@b2s640');
    const s = session.find((x) => x.workload.id === 'yolo@b2s640' && x.context === 'exclusive');
    expect(p && s?.latencyMs).toBeTruthy();
    if (!p || !s?.latencyMs) return;
    const q = withSessionSolo(p, session);
    const d = s.latencyMs.mean - p.solo.exclusive.mean;
    expect(q.solo.exclusive.mean).toBe(s.latencyMs.mean);
    expect(q.solo.exclusive.p99 - q.solo.exclusive.p50).toBeCloseTo(p.solo.exclusive.p99 - p.solo.exclusive.p50, 12);
    expect(q.solo.exclusive.p50).toBeCloseTo(p.solo.exclusive.p50 + d, 12);
    expect(q.gpuMs).toBe(p.gpuMs);
    expect(q.sequenceUs).toBe(p.sequenceUs);
    const host = p.hostMs.exclusive as number;
    expect(q.hostMs.exclusive).toBeCloseTo(Math.max(0, host + s.latencyMs.mean - p.solo.exclusive.mean), 12);
  });

  it('leaves a workload the session did not measure as it was', () => {
    const p = profiles.get('llama8b@b1s512');
    expect(p).toBeDefined();
    if (p) expect(withSessionSolo(p, session)).toBe(p);
  });

  it('keeps latency minus host time for any shift that leaves host time positive, and predicts as before at no shift', () => {
    const ids = ['bert@b16s128', 'mobilenet@b64s224', 'yolo@b8s640'];
    fc.assert(
      fc.property(fc.constantFrom(...ids), fc.constantFrom('exclusive' as const, 'mps' as const), fc.double({ min: 0, max: 1, noNaN: true }), (id, ctx, shift) => {
        const p = profiles.get(id);
        if (!p) return false;
        fc.pre((p.hostMs[ctx] as number) + shift > 0);
        const q = withSessionSolo(p, [shifted(id, ctx, shift)]);
        const before = (p.solo[ctx].mean - (p.hostMs[ctx] as number));
        const after = q.solo[ctx].mean - (q.hostMs[ctx] as number);
        return Math.abs(after - before) < 1e-9 && q.gpuMs === p.gpuMs;
      }),
      { numRuns: 60 },
    );
    expect(model).toBeDefined();
    if (!model) return;
    const a = profiles.get('bert@b16s128');
    const b = profiles.get('yolo@b8s640');
    if (!a || !b) return;
    const same = [shifted(a.id, 'exclusive', 0), shifted(b.id, 'exclusive', 0)];
    for (const mode of ['timeslice', 'mps'] as const) {
      expect(pairSlowdowns(model, mode, withSessionSolo(a, same), withSessionSolo(b, same)).slowdown).toEqual(pairSlowdowns(model, mode, a, b).slowdown);
    }
  });

  it('a longer host time between requests brings a time-sliced slowdown toward 1', () => {
    if (!model) return;
    const a = profiles.get('yolo@b8s640');
    const b = profiles.get('resnet50@b32s224');
    if (!a || !b) return;
    const base = pairSlowdowns(model, 'timeslice', a, b).slowdown[0];
    const slower = pairSlowdowns(model, 'timeslice', withSessionSolo(a, [shifted(a.id, 'exclusive', 0.5)]), b).slowdown[0];
    expect(slower).toBeLessThan(base);
    expect(slower).toBeGreaterThan(1);
  });
});

describe('coloc predict with the sessions after the calibration', () => {
  it("takes each solo latency as the mean of the calibration's and the later sessions' (the committed H100 model has four)", async () => {
    const sessions = model?.soloSessions ?? [];
    expect(sessions.length).toBeGreaterThanOrEqual(4);
    const r = await coloc('predict', '--pair', 'mobilenet,vit-b16', '--gpu', 'h100', '--json');
    expect(r.code, r.stderr).toBe(0);
    const p = JSON.parse(r.stdout) as PairPrediction;
    p.models.forEach((m) => {
      const id = m.workload!.id;
      const later = sessions.flatMap((s) => s.solo.filter((x) => x.id === id && x.context === 'exclusive').map((x) => x.meanMs));
      expect(later.length).toBeGreaterThan(0);
      const calMs = shifted(id, 'exclusive', 0).latencyMs!.mean;
      expect(m.soloLatencyMs).toBeCloseTo((calMs + later.reduce((t, x) => t + x, 0)) / (1 + later.length), 9);
      // the note gives how far they spread (standard deviation, the calibration's included)
      const all = [calMs, ...later];
      const avg = all.reduce((t, x) => t + x, 0) / all.length;
      const sd = Math.sqrt(all.reduce((t, x) => t + (x - avg) ** 2, 0) / (all.length - 1));
      const note = p.notes.find((n) => n.startsWith("solo latencies: each the mean of the calibration's and the later sessions'"));
      expect(note).toContain(`${id}: ${later.length} sessions, spread ${((100 * sd) / avg).toFixed(1)} %`);
    });
    // an estimate for a GPU without calibration keeps the source calibration's solo latencies
    const est = JSON.parse((await coloc('predict', '--pair', 'mobilenet,vit-b16', '--gpu', 'a100', '--json')).stdout) as PairPrediction;
    expect(est.estimated).toBe(true);
    expect(est.notes.some((n) => n.startsWith('solo latencies: each the mean'))).toBe(false);
  });
});

describe('coloc predict --solo', () => {
  it("predicts with the folder's solo latencies and says so", async () => {
    const r = await coloc('predict', '--pair', 'yolo@b2s640,bert@b32s128', '--gpu', 'h100', '--solo', FRESH, '--json');
    expect(r.code, r.stderr).toBe(0);
    const p = JSON.parse(r.stdout) as PairPrediction;
    const fresh = (id: string) => session.find((s) => s.workload.id === id && s.context === 'exclusive')?.latencyMs?.mean;
    expect(p.models.map((m) => m.soloLatencyMs)).toEqual([fresh('yolo@b2s640'), fresh('bert@b32s128')]);
    expect(p.models.every((m) => m.soloLatencyMs !== undefined)).toBe(true);
    expect(p.notes.some((n) => n.startsWith('solo latencies of yolo@b2s640 and bert@b32s128 from '))).toBe(true);
    const plain = JSON.parse((await coloc('predict', '--pair', 'yolo@b2s640,bert@b32s128', '--gpu', 'h100', '--json')).stdout) as PairPrediction;
    expect(plain.models[0].slowdown).not.toBe(p.models[0].slowdown);
    // the host's own solo latencies: no between-session part in the band (the committed H100 model has one)
    expect(p.models[0].band).toBeLessThan(plain.models[0].band);
    expect(p.notes.some((n) => n.startsWith('band:'))).toBe(false);
    expect(plain.notes.some((n) => n.startsWith('band:'))).toBe(true);
  });

  it('says when the folder has neither workload', async () => {
    const r = await coloc('predict', '--pair', 'llama8b,deepseek', '--gpu', 'h100', '--solo', FRESH, '--json');
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as PairPrediction).notes).toContain(`${FRESH} (measured 2026-12-06) has no solo measurement of llama8b@b1s512 or deepseek@b1s512: the calibration's solo latencies kept`);
  });

  const bad: [string[], RegExp][] = [
    [['--gpu', 'h200', '--solo', FRESH], /^coloc: --solo: .* was measured on NVIDIA H100 80GB HBM3, the h200 calibration on NVIDIA H200/],
    [['--gpu', 'a100', '--solo', FRESH], /^coloc: --solo: a100 is estimated from h100; solo measurements replace a calibrated GPU's own solo latencies only$/],
    [['--gpu', 'h100', '--solo', '/nonexistent/solo'], /^coloc: --solo: no solo.json in \/nonexistent\/solo \(measure one with coloc calibrate --gpu h100 /],
  ];
  for (const [argv, re] of bad) {
    it(`predict ${argv.join(' ')} -> one line, exit 2`, async () => {
      const r = await coloc('predict', '--pair', 'yolo,bert', ...argv);
      expect(r.code).toBe(2);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr.trimEnd()).toMatch(re);
    });
  }
});

describe('a GPU calibrated with solo profiles only', () => {
  it("predicts with its own solo profiles and the nearest calibrated GPU's constants, marked estimated", async () => {
    const { cpSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tempDir } = await import('./helpers/run.js');
    const root = tempDir();
    cpSync('calibration/h100', join(root, 'h100'), { recursive: true });
    cpSync('calibration/h200', join(root, 'h200'), { recursive: true });
    for (const f of ['pairs.json', 'model.json', 'openloop.json']) rmSync(join(root, 'h200', f), { force: true });
    const saved = process.env.COLOC_DATA_DIR;
    process.env.COLOC_DATA_DIR = root;
    try {
      const r = await coloc('predict', '--pair', 'llama,yolo', '--gpu', 'h200', '--mode', 'mps', '--json');
      expect(r.code, r.stderr).toBe(0);
      const p = JSON.parse(r.stdout) as PairPrediction;
      expect(p.estimated).toBe(true);
      expect(p.basedOn).toBe('h100');
      expect(p.notes[0]).toMatch(/^estimated: h200 is calibrated with solo profiles only \(no pairs to fit on\); its own solo profiles with the fitted constants of h100/);
      const h200 = buildProfiles(loadCalibration('h200'));
      expect(p.models.map((m) => m.soloLatencyMs)).toEqual([h200.get('llama@b1s1024')?.solo.mps.mean, h200.get('yolo@b8s640')?.solo.mps.mean]);
      for (const m of p.models) expect(m.measuredSlowdown).toBeUndefined();
      const g = await coloc('gpus');
      expect(g.stdout).toMatch(/^h200\s+solo only\s/m);
      expect(g.stdout).toContain('A GPU calibrated with solo profiles only (no pairs) is predicted from its own solo profiles');
      // Under a name the spec table does not know, nothing ranks the calibrated GPUs: defaults, and the note says why.
      cpSync(join(root, 'h200'), join(root, 'mygpu'), { recursive: true });
      const d = await coloc('predict', '--pair', 'llama,yolo', '--gpu', 'mygpu', '--json');
      expect(d.code, d.stderr).toBe(0);
      const q = JSON.parse(d.stdout) as PairPrediction;
      expect(q.estimated).toBe(false);
      expect(q.notes).toContain("mygpu has solo profiles only and no spec entry to find a calibrated GPU near it by: its constants are defaults; under a name of the spec table (coloc gpus) it would borrow the nearest calibrated GPU's");
    } finally {
      if (saved === undefined) delete process.env.COLOC_DATA_DIR;
      else process.env.COLOC_DATA_DIR = saved;
    }
  });
});
