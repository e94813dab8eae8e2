// Error figures of predicted-vs-measured records: mean, median and max absolute percentage error.

import type { AccuracyRow, Mode, OpenLoopRecord, PredictorName, Split, ValidationRecord } from '../types.js';
import { ape, mean, median } from '../predictor/stats.js';
import { PREDICTORS } from '../report/format.js';
import { outsideRange } from './range.js';

export function summarise(errors: number[]): { mape: number; medianError: number; maxError: number; n: number } {
  const e = errors.filter(Number.isFinite);
  return { mape: mean(e), medianError: median(e), maxError: e.length ? Math.max(...e) : NaN, n: e.length };
}

/**
 * Slowdown errors of one predictor over records (both workloads of every pair count). thisGpu is coloc's own
 * prediction where no other GPU's pair moved it (the record then has no thisGpu of its own).
 */
export function slowdownErrors(records: ValidationRecord[], predictor: PredictorName): number[] {
  const out: number[] = [];
  for (const r of records) {
    const pred = predictor === 'coloc' ? r.predicted : predictor === 'thisGpu' ? (r.baselines?.thisGpu ?? r.predicted) : r.baselines?.[predictor];
    if (!pred) continue;
    out.push(ape(pred[0], r.measured[0]));
    out.push(ape(pred[1], r.measured[1]));
  }
  return out;
}

export function openLoopErrors(records: OpenLoopRecord[], which: 'p50' | 'p99'): number[] {
  const out: number[] = [];
  for (const r of records) {
    const meas = which === 'p99' ? r.measuredP99Ms : r.measuredP50Ms;
    const pred = which === 'p99' ? r.predictedP99Ms : r.predictedP50Ms;
    for (let i = 0; i < meas.length; i++) out.push(ape(pred[i] ?? NaN, meas[i] as number));
  }
  return out;
}

export function accuracyRows(gpu: string, records: ValidationRecord[], openLoop: OpenLoopRecord[]): AccuracyRow[] {
  const rows: AccuracyRow[] = [];
  const splits = [...new Set([...records.map((r) => r.split), ...openLoop.map((r) => r.split)])];
  const modes = [...new Set(records.map((r) => r.mode))];
  for (const split of splits) {
    for (const mode of modes) {
      const rs = records.filter((r) => r.split === split && r.mode === mode);
      for (const predictor of PREDICTORS) {
        if (predictor === 'thisGpu' && !rs.some((r) => r.baselines?.thisGpu)) continue;
        const e = slowdownErrors(rs, predictor);
        if (e.length) rows.push({ gpu, mode, split, predictor, ...summarise(e) });
      }
    }
    const ol = openLoop.filter((r) => r.split === split);
    for (const which of ['p50', 'p99'] as const) {
      const e = openLoopErrors(ol, which);
      const noise = ol.flatMap((r) => (which === 'p99' ? r.windowNoiseP99 : r.windowNoiseP50) ?? []);
      const floor = noise.length === e.length && e.length > 0 ? { noiseFloor: mean(noise) } : {};
      const inside = which === 'p99' ? rangeCoverage(ol) : undefined;
      if (e.length) rows.push({ gpu, mode: `openloop-${which}`, split, predictor: 'coloc', ...summarise(e), ...floor, ...(inside !== undefined ? { rangeCoverage: inside } : {}) });
    }
  }
  return rows;
}

/** The share of measured p99s inside their predicted range (OpenLoopRecord.predictedP99RangeMs), where every value has one. */
export function rangeCoverage(records: OpenLoopRecord[]): number | undefined {
  const inside: number[] = [];
  for (const r of records) {
    for (let i = 0; i < r.measuredP99Ms.length; i++) {
      const out = outsideRange(r.measuredP99Ms[i] as number, r.predictedP99RangeMs?.[i]);
      if (out === undefined) return undefined;
      inside.push(out === 0 ? 1 : 0);
    }
  }
  return inside.length ? mean(inside) : undefined;
}

export function findRow(rows: AccuracyRow[], mode: Mode | 'openloop-p99' | 'openloop-p50', split: Split, predictor: PredictorName = 'coloc'): AccuracyRow | undefined {
  return rows.find((r) => r.mode === mode && r.split === split && r.predictor === predictor);
}
