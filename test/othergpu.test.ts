// The other GPU's pair (othergpu.ts): where another calibrated GPU measured the same pair under MPS or streams,
// its residual moves the prediction; the validation keeps the prediction from this GPU's data alone (thisGpu).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GPU_SPECS, sameArchitecture } from '../src/gpus.js';
import { fitModel, pairKey } from '../src/predictor/fit.js';
import { OTHER_GPU_WEIGHT, withOtherGpu } from '../src/predictor/othergpu.js';
import { otherGpu, pairSlowdowns } from '../src/predictor/predict.js';
import { buildProfiles } from '../src/predictor/profile.js';
import { makeRng } from '../src/predictor/rng.js';
import type { CalibrationData, ValidationRecord } from '../src/types.js';
import { accuracyRows, findRow } from '../src/validate/accuracy.js';
import { bandsFromRecords } from '../src/validate/crossval.js';
import { PLANTED_PROBES, plantedCalibration } from './helpers/planted.js';

describe('the blend', () => {
  const pos = fc.double({ min: 1.01, max: 8, noNaN: true });
  const res = fc.double({ min: -0.4, max: 0.4, noNaN: true });

  it('gives this GPU\'s prediction at weight 0, the other GPU\'s residual on the solo-profile one at weight 1, the geometric mean between', () => {
    fc.assert(
      fc.property(pos, pos, pos, pos, res, res, (f0, f1, p0, p1, r0, r1) => {
        const [full, plain, r] = [[f0, f1] as [number, number], [p0, p1] as [number, number], [r0, r1] as [number, number]];
        const at0 = withOtherGpu(full, plain, r, 0);
        const at1 = withOtherGpu(full, plain, r, 1);
        const half = withOtherGpu(full, plain, r, 0.5);
        for (const i of [0, 1] as const) {
          expect(at0[i]).toBeCloseTo(full[i], 9);
          expect(at1[i]).toBeCloseTo(plain[i] * Math.exp(r[i]), 9);
          expect(half[i]).toBeCloseTo(Math.sqrt(at0[i] * at1[i]), 9);
        }
      }),
    );
  });

  it('leaves the prediction where the other GPU missed as this GPU\'s layers say', () => {
    fc.assert(
      fc.property(pos, pos, (f, p) => {
        const out = withOtherGpu([f, f], [p, p], [Math.log(f / p), Math.log(f / p)]);
        expect(out[0]).toBeCloseTo(f, 9);
      }),
    );
  });
});

/**
 * Two synthetic "GPUs" (the same planted calibration: the same victim and aggressor terms, as the Hoppers' residuals
 * of the solo-profile prediction correlate +0.8; each with its own 1 % noise) whose MPS pairs share a term of the
 * pair itself, which no workload's features or terms can tell.
 */
function twoGpus(): { x: CalibrationData; y: CalibrationData; ids: string[] } {
  const { cal: x, ids } = plantedCalibration(11);
  const { cal: y } = plantedCalibration(11);
  const rng = makeRng(5);
  for (const p of y.pairs) {
    const s = p.slowdown as [number, number];
    p.slowdown = [s[0] * Math.exp(0.01 * rng.normal()), s[1] * Math.exp(0.01 * rng.normal())];
  }
  const term = new Map<string, [number, number]>();
  const of = (a: string, b: string): [number, number] => {
    const k = a < b ? `${a}|${b}` : `${b}|${a}`;
    if (!term.has(k)) term.set(k, [0.08 * rng.normal(), 0.08 * rng.normal()]);
    const t = term.get(k) as [number, number];
    return a < b ? t : [t[1], t[0]];
  };
  for (const cal of [x, y]) {
    for (const p of cal.pairs) {
      const t = of(p.a.id, p.b.id);
      const s = p.slowdown as [number, number];
      p.slowdown = [s[0] * Math.exp(t[0]), s[1] * Math.exp(t[1])];
    }
  }
  return { x, y, ids };
}

describe('the other GPU\'s measurement of the pair', () => {
  it('moves a held-out pair towards its measurement, only under MPS and streams, with the prediction before kept', async () => {
    const { x, y, ids } = twoGpus();
    const modelY = await fitModel(y, 'other', { modes: ['mps'], probes: PLANTED_PROBES });
    const others = [otherGpu('other', y, modelY)];
    const profiles = buildProfiles(x);
    const held = ids.filter((id) => !PLANTED_PROBES.includes(id));
    const pairs: [string, string][] = [];
    for (let i = 0; i + 1 < held.length; i += 2) pairs.push([held[i] as string, held[i + 1] as string]);
    const err = { own: [] as number[], moved: [] as number[] };
    for (const [a, b] of pairs) {
      const model = await fitModel(x, 'this', { exclude: { pairs: new Set([pairKey('mps', a, b)]) }, modes: ['mps'], probes: PLANTED_PROBES });
      const [pa, pb] = [profiles.get(a)!, profiles.get(b)!];
      const own = pairSlowdowns(model, 'mps', pa, pb);
      const moved = pairSlowdowns(model, 'mps', pa, pb, undefined, others);
      expect(own.otherGpu).toBeUndefined();
      expect(moved.otherGpu?.gpu).toBe('other');
      expect(moved.otherGpu?.thisGpu).toEqual(own.slowdown);
      expect(moved.noProbe).toEqual(own.noProbe);
      // the residual is the pair's, whichever order it is asked in
      const swapped = pairSlowdowns(model, 'mps', pb, pa, undefined, others);
      expect(swapped.slowdown[0]).toBeCloseTo(moved.slowdown[1], 9);
      // not for time slicing, and not for a pair the other GPU did not measure
      expect(pairSlowdowns(model, 'timeslice', pa, pb, undefined, others).otherGpu).toBeUndefined();
      expect(others[0]!.residual('mps', a, 'nobody@b1s1')).toBeUndefined();
      const m = x.pairs.find((p) => p.mode === 'mps' && p.a.id === a && p.b.id === b) ?? x.pairs.find((p) => p.mode === 'mps' && p.a.id === b && p.b.id === a)!;
      const meas = m.a.id === a ? m.slowdown! : [m.slowdown![1], m.slowdown![0]];
      for (const i of [0, 1] as const) {
        err.own.push(Math.abs(own.slowdown[i] / (meas[i] as number) - 1));
        err.moved.push(Math.abs(moved.slowdown[i] / (meas[i] as number) - 1));
      }
    }
    const mean = (e: number[]): number => e.reduce((s, v) => s + v, 0) / e.length;
    // the pair's own term is half-carried over (OTHER_GPU_WEIGHT): the error falls by about that much
    expect(OTHER_GPU_WEIGHT).toBe(0.5);
    expect(mean(err.moved)).toBeLessThan(0.75 * mean(err.own));
  }, 300_000);
});

describe('validation records with another GPU\'s pair', () => {
  const rec = (measured: [number, number], predicted: [number, number], thisGpu?: [number, number]): ValidationRecord => ({
    gpu: 'g',
    mode: 'mps',
    split: 'lomo',
    a: 'a@b1s1',
    b: 'b@b1s1',
    measured,
    predicted,
    probeCorrected: true,
    baselines: { noProbes: predicted, ...(thisGpu ? { thisGpu } : {}) },
  });

  it('reports thisGpu over every record (coloc\'s own where no other GPU moved it), only where one did', () => {
    const moved = rec([2, 2], [2, 2], [2.4, 2.4]);
    const plain = rec([2, 2], [2.2, 2.2]);
    const rows = accuracyRows('g', [moved, plain], []);
    expect(findRow(rows, 'mps', 'lomo')?.mape).toBeCloseTo(0.05, 9);
    expect(findRow(rows, 'mps', 'lomo', 'thisGpu')?.mape).toBeCloseTo(0.15, 9);
    expect(findRow(accuracyRows('g', [plain], []), 'mps', 'lomo', 'thisGpu')).toBeUndefined();
  });

  it('takes the band from this GPU\'s data alone: a pair no other GPU measured gets it', () => {
    const records = Array.from({ length: 10 }, () => rec([2, 2], [2, 2], [2.4, 2.4]));
    expect(bandsFromRecords(records).band.mps).toBeCloseTo(0.2, 9);
  });
});

describe('predict with the committed calibrations', () => {
  it('moves an H100 MPS pair the H200 measured, says so, and leaves time slicing and a user-only pair alone', async () => {
    const { predictFromArgs } = await import('../src/commands/predict.js');
    const mps = await predictFromArgs({ pair: 'llama@b1s256,gpt2@b32s512', gpu: 'h100', mode: 'mps' });
    const note = mps.notes.find((n) => n.includes("measurement on h200"));
    expect(note).toMatch(/from h100's data alone/);
    const ts = await predictFromArgs({ pair: 'llama@b1s256,gpt2@b32s512', gpu: 'h100', mode: 'timeslice' });
    expect(ts.notes.some((n) => n.includes('measurement on h200'))).toBe(false);
    // a pair the H100 never measured (gpt2@b16s512 has no H100 profile)
    const est = await predictFromArgs({ pair: 'yolo@b1s640,gpt2@b16s512', gpu: 'h200', mode: 'mps' });
    expect(est.notes.some((n) => n.includes('measurement on h100'))).toBe(false);
  }, 120_000);
});

describe('estimates for a GPU without calibration', () => {
  it('moves an MPS estimate by the pair\'s measurement on a calibrated GPU of the same architecture, not across architectures', async () => {
    const { predictFromArgs } = await import('../src/commands/predict.js');
    const pair = 'llama@b1s256,gpt2@b32s512';
    const hopper = await predictFromArgs({ pair, gpu: 'h100_pcie', mode: 'mps' });
    expect(hopper.estimated).toBe(true);
    expect(hopper.basedOn).toBe('h100');
    const note = hopper.notes.find((n) => n.startsWith('moved by this pair\'s mps measurement on h100, a GPU of the same architecture'));
    expect(note).toMatch(/in the estimate without it/);
    const before = note!.match(/; ([\d.]+)x\/([\d.]+)x in the estimate/)!.slice(1).map(Number);
    expect(hopper.models.map((m) => m.slowdown)).not.toEqual(before);
    // the spec table's word on the part (its power limit) travels with the estimate
    expect(hopper.notes).toContain(`h100_pcie (spec table): ${GPU_SPECS.h100_pcie!.notes}`);
    for (const gpu of ['a100', 'v100']) {
      const other = await predictFromArgs({ pair, gpu, mode: 'mps' });
      expect(other.estimated).toBe(true);
      expect(other.notes.some((n) => n.includes('a GPU of the same architecture'))).toBe(false);
    }
    expect(sameArchitecture('h100_pcie', 'h200')).toBe(true);
    expect(sameArchitecture('a100', 'h100')).toBe(false);
    expect(sameArchitecture('h100', 'nosuch')).toBe(false);
  }, 120_000);

  it('the transfer check between the Hoppers: the source\'s residual moves MPS and streams pairs it measured, and lowers their error', async () => {
    const { loadCalibration } = await import('../src/data/index.js');
    const { loadSavedModel } = await import('../src/predictor/fit.js');
    const { transferCheck } = await import('../src/validate/transfer.js');
    const cal = loadCalibration('h100');
    const { records } = await transferCheck({ gpu: 'h100', cal, model: loadSavedModel('h100', cal) }, { gpu: 'h200', cal: loadCalibration('h200') });
    const moved = records.filter((r) => r.baselines?.thisGpu);
    expect(moved.length).toBeGreaterThan(40);
    expect(new Set(moved.map((r) => r.mode))).toEqual(new Set(['mps', 'streams']));
    for (const r of moved) expect(cal.pairs.some((p) => p.mode === r.mode && ((p.a.id === r.a && p.b.id === r.b) || (p.a.id === r.b && p.b.id === r.a)))).toBe(true);
    const mape = (pred: (r: ValidationRecord) => number[]): number =>
      moved.flatMap((r) => [0, 1].map((i) => Math.abs((pred(r)[i] as number) / (r.measured[i] as number) - 1))).reduce((s, v) => s + v, 0) / (2 * moved.length);
    expect(mape((r) => r.predicted)).toBeLessThan(mape((r) => r.baselines!.thisGpu!));
  }, 120_000);
});

describe('an unreadable calibration of the other GPU', () => {
  it('does not stop the prediction: a note, and this GPU\'s data alone', async () => {
    const { cpSync, mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'coloc-other-'));
    const before = process.env.COLOC_DATA_DIR;
    try {
      for (const g of ['h100', 'h200']) cpSync(join('calibration', g), join(dir, g), { recursive: true });
      writeFileSync(join(dir, 'h200', 'pairs.json'), '{"entries": [ broken');
      process.env.COLOC_DATA_DIR = dir;
      const { predictFromArgs } = await import('../src/commands/predict.js');
      const p = await predictFromArgs({ pair: 'llama@b1s256,gpt2@b32s512', gpu: 'h100', mode: 'mps' });
      expect(p.notes.some((n) => n.startsWith("h200's calibration could not be read") && n.endsWith("predicted from h100's data alone"))).toBe(true);
      expect(p.notes.some((n) => n.includes('measurement on h200'))).toBe(false);
    } finally {
      if (before === undefined) delete process.env.COLOC_DATA_DIR;
      else process.env.COLOC_DATA_DIR = before;
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
