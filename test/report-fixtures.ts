// Synthetic, deterministic validation runs for the report tests and the docs/validation example.
import type { AccuracyRow, Mode, OpenLoopRecord, PredictorName, Split, StaleSolo, ValidationRecord, ValidationRun } from '../src/types.js';

/** Small deterministic PRNG (mulberry32) and a normal draw from it. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function normal(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

export const WORKLOADS = ['resnet50@b8s224', 'bert-base@b16s128', 'vit-b16@b8s224', 'yolov8n@b4s640', 'llama-1b@b1s512'];
/** Rough GPU share of each workload when alone, drives the synthetic slowdowns. */
const INTENSITY = [0.55, 0.7, 0.6, 0.35, 0.45];
const NOISE: Record<PredictorName, number> = { coloc: 0.025, mean: 0.16, linear: 0.08 };
const MODE_FACTOR: Record<Mode, number> = { timeslice: 1, mps: 0.55, streams: 0.75 };

export interface FixtureSpec {
  gpu: string;
  modes: Mode[];
  splits: Split[];
  workloads?: string[];
  /** Pairs per mode and split; all pairs (with self-pairs) when omitted. */
  pairs?: number;
  openLoop?: boolean;
  stale?: StaleSolo[];
  notes?: string[];
  seed?: number;
}

function accuracyOf(gpu: string, mode: AccuracyRow['mode'], split: Split, predictor: PredictorName, errors: number[]): AccuracyRow {
  const sorted = [...errors].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return {
    gpu,
    mode,
    split,
    predictor,
    mape: errors.reduce((a, b) => a + b, 0) / errors.length,
    medianError: median,
    maxError: sorted[sorted.length - 1]!,
    n: errors.length,
  };
}

export function fixtureRun(spec: FixtureSpec): ValidationRun {
  const r = rng(spec.seed ?? 7);
  const names = spec.workloads ?? WORKLOADS;
  const allPairs: [number, number][] = [];
  for (let i = 0; i < names.length; i++) for (let j = i; j < names.length; j++) allPairs.push([i, j]);
  const records: ValidationRecord[] = [];
  const accuracy: AccuracyRow[] = [];
  for (const mode of spec.modes) {
    for (const split of spec.splits) {
      const pairs = allPairs.slice(0, spec.pairs ?? allPairs.length);
      const errors: Record<PredictorName, number[]> = { coloc: [], mean: [], linear: [] };
      for (const [i, j] of pairs) {
        const ia = INTENSITY[i % INTENSITY.length]!;
        const ib = INTENSITY[j % INTENSITY.length]!;
        const f = MODE_FACTOR[mode];
        const measured: [number, number] = [1 + f * ib * (1 + 0.3 * ia), 1 + f * ia * (1 + 0.3 * ib)];
        const draw = (p: PredictorName): [number, number] => [
          measured[0] * (1 + NOISE[p] * normal(r)),
          measured[1] * (1 + NOISE[p] * normal(r)),
        ];
        const predicted = draw('coloc');
        const baselines = { mean: draw('mean'), linear: draw('linear') };
        for (const p of ['coloc', 'mean', 'linear'] as const) {
          const pred = p === 'coloc' ? predicted : baselines[p];
          errors[p].push(Math.abs(pred[0] / measured[0] - 1), Math.abs(pred[1] / measured[1] - 1));
        }
        records.push({ gpu: spec.gpu, mode, split, a: names[i]!, b: names[j]!, measured, predicted, baselines });
      }
      for (const p of ['coloc', 'mean', 'linear'] as const) accuracy.push(accuracyOf(spec.gpu, mode, split, p, errors[p]));
    }
  }
  const openLoop: OpenLoopRecord[] = [];
  if (spec.openLoop) {
    const split = spec.splits[0]!;
    const errors: Record<'p99' | 'p50', number[]> = { p99: [], p50: [] };
    const add = (rec: OpenLoopRecord) => {
      openLoop.push(rec);
      rec.measuredP99Ms.forEach((m, k) => errors.p99.push(Math.abs(rec.predictedP99Ms[k]! / m - 1)));
      rec.measuredP50Ms.forEach((m, k) => errors.p50.push(Math.abs(rec.predictedP50Ms[k]! / m - 1)));
    };
    for (const load of [0.3, 0.6, 0.85]) {
      const base = [4.2, 11.5];
      const q = 1 / (1 - load);
      const p99 = base.map((b) => b * (1 + 2.2 * q * q * 0.4));
      const p50 = base.map((b) => b * (1 + 0.4 * q));
      const jitter = () => 1 + 0.06 * normal(r);
      add({
        gpu: spec.gpu,
        mode: spec.modes[0]!,
        split,
        a: names[0]!,
        b: names[1]!,
        load,
        measuredP50Ms: p50,
        predictedP50Ms: p50.map((v) => v * jitter()),
        measuredP99Ms: p99,
        predictedP99Ms: p99.map((v) => v * jitter()),
      });
      add({
        gpu: spec.gpu,
        mode: 'exclusive',
        split,
        a: names[2]!,
        load,
        measuredP50Ms: [2.1 * (1 + 0.3 * q)],
        predictedP50Ms: [2.1 * (1 + 0.3 * q) * jitter()],
        measuredP99Ms: [2.1 * (1 + 1.1 * q * q)],
        predictedP99Ms: [2.1 * (1 + 1.1 * q * q) * jitter()],
      });
    }
    accuracy.push(accuracyOf(spec.gpu, 'openloop-p99', split, 'coloc', errors.p99));
    accuracy.push(accuracyOf(spec.gpu, 'openloop-p50', split, 'coloc', errors.p50));
  }
  return {
    gpu: spec.gpu,
    createdAt: '2025-05-12T09:30:00Z',
    kind: spec.splits.includes('fresh') ? 'fresh' : 'offline',
    records,
    openLoop,
    accuracy,
    staleSolo: spec.stale ?? [],
    notes: spec.notes ?? [],
  };
}

/** Two GPUs, three modes, four splits, open-loop records, a stale solo entry and notes. */
export function fullFixture(): ValidationRun[] {
  return [
    fixtureRun({
      gpu: 'h100',
      modes: ['timeslice', 'mps', 'streams'],
      splits: ['lopo', 'lomo', 'fresh'],
      openLoop: true,
      stale: [{ workload: 'bert-base@b16s128', context: 'exclusive', calibratedMs: 6.12, freshMs: 6.63, diff: 6.63 / 6.12 - 1 }],
      notes: ['2 pairs failed to co-run (out of memory): llama-1b@b1s512 + vit-b16@b8s224 in MPS.', 'Driver 550.54 < 555.42 of the calibration: recalibrate after driver upgrades.'],
      seed: 11,
    }),
    fixtureRun({ gpu: 'h200', modes: ['timeslice', 'mps'], splits: ['transfer'], pairs: 9, seed: 5 }),
  ];
}
