// Turns validation runs into what the report shows: per-GPU groups, headline figures, plot data.
import type {
  AccuracyRow,
  Mode,
  OpenLoopRecord,
  PredictorName,
  Split,
  StaleSolo,
  ValidationRecord,
  ValidationRun,
} from '../types.js';
import { byOrder, HEADLINE_SPLITS, MODES, pct, PREDICTORS, SPLITS, type OpenLoopMode } from './format.js';
import { slowdownErrors, summarise } from '../validate/accuracy.js';

export type AccuracyMode = AccuracyRow['mode'];

export interface GpuSection {
  gpu: string;
  runs: { createdAt: string; kind: ValidationRun['kind'] }[];
  records: ValidationRecord[];
  openLoop: OpenLoopRecord[];
  accuracy: AccuracyRow[];
  staleSolo: StaleSolo[];
  notes: string[];
  /** Closed-loop modes with records or accuracy rows, in MODES order. */
  modes: Mode[];
}

export interface Headline {
  gpu: string;
  mode: AccuracyMode;
  split: Split;
  coloc: AccuracyRow;
  baselines: AccuracyRow[];
  /** Pairs (records) behind the figure; 0 when the run carries accuracy rows only. */
  pairs: number;
}

/** Group everything by GPU, in order of first appearance. */
export function sections(runs: ValidationRun[]): GpuSection[] {
  const byGpu = new Map<string, GpuSection>();
  const get = (gpu: string): GpuSection => {
    let s = byGpu.get(gpu);
    if (!s) {
      s = { gpu, runs: [], records: [], openLoop: [], accuracy: [], staleSolo: [], notes: [], modes: [] };
      byGpu.set(gpu, s);
    }
    return s;
  };
  for (const run of runs) {
    const s = get(run.gpu);
    s.runs.push({ createdAt: run.createdAt, kind: run.kind });
    s.staleSolo.push(...run.staleSolo);
    for (const n of run.notes) if (!s.notes.includes(n)) s.notes.push(n);
    for (const r of run.records) get(r.gpu).records.push(r);
    for (const r of run.openLoop) get(r.gpu).openLoop.push(r);
    for (const r of run.accuracy) get(r.gpu).accuracy.push(r);
  }
  for (const s of byGpu.values()) {
    const modes = new Set<Mode>(s.records.map((r) => r.mode));
    for (const a of s.accuracy) if (isMode(a.mode)) modes.add(a.mode);
    s.modes = [...modes].sort(byOrder(MODES));
  }
  return [...byGpu.values()];
}

export function isMode(m: string): m is Mode {
  return (MODES as readonly string[]).includes(m);
}

/** Accuracy rows of one GPU and mode, sorted by split then predictor. */
export function accuracyRows(s: GpuSection, mode: AccuracyMode): AccuracyRow[] {
  return s.accuracy
    .filter((a) => a.mode === mode)
    .sort((x, y) => byOrder(SPLITS)(x.split, y.split) || byOrder(PREDICTORS)(x.predictor, y.predictor));
}

function countPairs(s: GpuSection, mode: AccuracyMode, split: Split): number {
  if (isMode(mode)) return s.records.filter((r) => r.mode === mode && r.split === split).length;
  return s.openLoop.filter((r) => r.split === split).length;
}

/** One headline per GPU and accuracy mode: coloc on the most telling split present. */
export function headlines(s: GpuSection): Headline[] {
  const out: Headline[] = [];
  const modes: AccuracyMode[] = [...s.modes, 'openloop-p99', 'openloop-p50'];
  for (const mode of modes) {
    const rows = accuracyRows(s, mode);
    for (const split of HEADLINE_SPLITS) {
      const coloc = rows.find((r) => r.split === split && r.predictor === 'coloc');
      if (!coloc) continue;
      const baselines = rows.filter((r) => r.split === split && r.predictor !== 'coloc');
      out.push({ gpu: s.gpu, mode, split, coloc, baselines, pairs: countPairs(s, mode, split) });
      break;
    }
  }
  return out;
}

/** One fresh measurement set's accuracy in one mode: coloc's, and with the set's own solo latencies where recorded. */
export interface SetAccuracy {
  /** Values (two per pair). */
  n: number;
  mape: number;
  maxError: number;
  /** MAPE of the sessionSolo predictions (the set's own solo latencies). */
  sessionSoloMape?: number;
}

export interface SetRow {
  set: string;
  modes: Partial<Record<Mode, SetAccuracy>>;
}

/**
 * The fresh records per measurement set (ValidationRecord.set), in order of first appearance: what each session's
 * pairs came out at, hold-outs and repeats among them, beside the pooled figure. Empty when no record names a set.
 */
export function freshBySet(s: GpuSection): SetRow[] {
  const bySet = new Map<string, Map<Mode, ValidationRecord[]>>();
  for (const r of s.records) {
    if (r.split !== 'fresh' || !r.set) continue;
    let modes = bySet.get(r.set);
    if (!modes) bySet.set(r.set, (modes = new Map()));
    const list = modes.get(r.mode);
    if (list) list.push(r);
    else modes.set(r.mode, [r]);
  }
  return [...bySet].map(([set, modes]) => ({
    set,
    modes: Object.fromEntries(
      [...modes].map(([mode, rs]) => {
        const { n, mape, maxError } = summarise(slowdownErrors(rs, 'coloc'));
        const own = slowdownErrors(rs, 'sessionSolo');
        return [mode, { n, mape, maxError, ...(own.length === n ? { sessionSoloMape: summarise(own).mape } : {}) }];
      }),
    ),
  }));
}

/** The per-set table of a GPU: its rows (freshBySet) and the modes any of them has; undefined without rows. */
export function setTable(s: GpuSection): { rows: SetRow[]; modes: Mode[] } | undefined {
  const rows = freshBySet(s);
  return rows.length ? { rows, modes: s.modes.filter((m) => rows.some((r) => r.modes[m])) } : undefined;
}

/** One cell of the per-set table: MAPE (max, values; with the set's own solo latencies). */
export function setCell(a: SetAccuracy | undefined): string {
  if (!a) return '';
  return `${pct(a.mape)} (max ${pct(a.maxError)}, ${a.n}${a.sessionSoloMape !== undefined ? `; own solo ${pct(a.sessionSoloMape)}` : ''})`;
}

/** Stale solo entries that make a record's prediction rest on a drifted baseline. */
export function staleFor(s: GpuSection, workload: string, mode: OpenLoopMode): StaleSolo | undefined {
  const context = mode === 'mps' ? 'mps' : 'exclusive';
  return s.staleSolo.find(
    (e) => e.context === context && (e.workload === workload || (!workload.includes('@') && e.workload.split('@')[0] === workload)),
  );
}

export function isStaleRecord(s: GpuSection, r: { a: string; b?: string; mode: OpenLoopMode }): boolean {
  return staleFor(s, r.a, r.mode) !== undefined || (r.b !== undefined && staleFor(s, r.b, r.mode) !== undefined);
}

const finitePositive = (x: number | undefined): x is number => x !== undefined && Number.isFinite(x) && x > 0;

// ---------------------------------------------------------------- plot data

/** One predicted-vs-measured value as the identity plots draw it; `label` is its hover text. */
export interface ComparedPoint<M extends OpenLoopMode = OpenLoopMode> {
  model: string;
  mode: M;
  split: Split;
  measured: number;
  predicted: number;
  stale: boolean;
  label: string;
}

export interface ScatterPoint extends ComparedPoint<Mode> {
  neighbour: string;
}

/** "+2.3 %": the signed relative error of a prediction, for hover text. */
function signedError(predicted: number, measured: number): string {
  const err = predicted / measured - 1;
  return `${err >= 0 ? '+' : ''}${(err * 100).toFixed(1)} %`;
}

/** Two points per record: the slowdown of a next to b, and of b next to a. */
export function scatterPoints(s: GpuSection): { points: ScatterPoint[]; dropped: number } {
  const points: ScatterPoint[] = [];
  let dropped = 0;
  for (const r of s.records) {
    const stale = isStaleRecord(s, r);
    for (const i of [0, 1] as const) {
      const measured = r.measured[i];
      const predicted = r.predicted[i];
      const model = i === 0 ? r.a : r.b;
      const neighbour = i === 0 ? r.b : r.a;
      if (!finitePositive(measured) || !finitePositive(predicted)) {
        dropped++;
        continue;
      }
      points.push({
        model,
        neighbour,
        mode: r.mode,
        split: r.split,
        measured,
        predicted,
        stale,
        label:
          `${model} next to ${neighbour} (${r.mode}, ${r.split}): measured ${measured.toFixed(3)}×, ` +
          `predicted ${predicted.toFixed(3)}× (${signedError(predicted, measured)})${stale ? ', stale solo baseline' : ''}`,
      });
    }
  }
  return { points, dropped };
}

export interface CdfPoint {
  series: string;
  predictor: PredictorName;
  mode: Mode;
  error: number;
  fraction: number;
}

/** Empirical CDF of |pred/meas − 1|, one series per predictor and mode, all splits pooled. */
export function errorCdf(s: GpuSection): CdfPoint[] {
  const out: CdfPoint[] = [];
  for (const mode of s.modes) {
    const recs = s.records.filter((r) => r.mode === mode);
    for (const predictor of PREDICTORS) {
      const errors: number[] = [];
      for (const r of recs) {
        const pred = predictor === 'coloc' ? r.predicted : r.baselines?.[predictor];
        if (!pred) continue;
        for (const i of [0, 1] as const) {
          const m = r.measured[i];
          const p = pred[i];
          if (finitePositive(m) && Number.isFinite(p)) errors.push(Math.abs(p / m - 1));
        }
      }
      errors.sort((x, y) => x - y);
      errors.forEach((error, i) =>
        out.push({ series: `${predictor} · ${mode}`, predictor, mode, error, fraction: (i + 1) / errors.length }),
      );
    }
  }
  return out;
}

export interface HeatCell {
  workload: string;
  neighbour: string;
  kind: 'measured' | 'predicted';
  slowdown: number;
  stale: boolean;
  label: string;
}

/** Split whose predictions a mode's heatmap shows: the headline split with records. */
export function heatmapSplit(s: GpuSection, mode: Mode): Split | undefined {
  return HEADLINE_SPLITS.find((split) => s.records.some((r) => r.mode === mode && r.split === split));
}

/** Cells of the measured and predicted heatmaps of one mode: row workload next to column neighbour. */
export function heatCells(s: GpuSection, mode: Mode): { cells: HeatCell[]; workloads: string[]; split?: Split } {
  const split = heatmapSplit(s, mode);
  const measured = new Map<string, { sum: number; n: number; stale: boolean; w: string; nb: string }>();
  const predicted = new Map<string, { v: number; stale: boolean; w: string; nb: string }>();
  const names = new Set<string>();
  for (const r of s.records.filter((x) => x.mode === mode)) {
    const stale = isStaleRecord(s, r);
    for (const i of [0, 1] as const) {
      const w = i === 0 ? r.a : r.b;
      const nb = i === 0 ? r.b : r.a;
      const key = `${w}\u0000${nb}`;
      const m = r.measured[i];
      if (finitePositive(m)) {
        const cur = measured.get(key) ?? { sum: 0, n: 0, stale: false, w, nb };
        cur.sum += m;
        cur.n++;
        cur.stale ||= stale;
        measured.set(key, cur);
        names.add(w).add(nb);
      }
      const p = r.predicted[i];
      if (r.split === split && finitePositive(p)) {
        predicted.set(key, { v: p, stale, w, nb });
        names.add(w).add(nb);
      }
    }
  }
  const cells: HeatCell[] = [];
  for (const c of measured.values()) {
    const v = c.sum / c.n;
    cells.push({ workload: c.w, neighbour: c.nb, kind: 'measured', slowdown: v, stale: c.stale, label: `${c.w} next to ${c.nb}: measured ${v.toFixed(3)}×` });
  }
  for (const c of predicted.values()) {
    cells.push({ workload: c.w, neighbour: c.nb, kind: 'predicted', slowdown: c.v, stale: c.stale, label: `${c.w} next to ${c.nb}: predicted ${c.v.toFixed(3)}× (${split})` });
  }
  return { cells, workloads: [...names].sort(), split };
}

export interface TailPoint extends ComparedPoint {
  pair: string;
  load: number;
}

/** p99 latency of every model of every open-loop record, measured vs predicted. */
export function tailPoints(s: GpuSection): { points: TailPoint[]; dropped: number } {
  const points: TailPoint[] = [];
  let dropped = 0;
  for (const r of s.openLoop) {
    const pair = r.b ? `${r.a} + ${r.b}` : `${r.a} alone`;
    const stale = isStaleRecord(s, r);
    const n = Math.max(r.measuredP99Ms.length, r.predictedP99Ms.length);
    for (let i = 0; i < n; i++) {
      const model = i === 0 ? r.a : (r.b ?? r.a);
      const measured = r.measuredP99Ms[i];
      const predicted = r.predictedP99Ms[i];
      if (!finitePositive(measured) || !finitePositive(predicted)) {
        dropped++;
        continue;
      }
      points.push({
        model,
        pair,
        mode: r.mode,
        split: r.split,
        load: r.load,
        measured,
        predicted,
        stale,
        label:
          `${model} in ${pair} (${r.mode}, load ${(r.load * 100).toFixed(0)} %, ${r.split}): p99 measured ${measured.toFixed(2)} ms, ` +
          `predicted ${predicted.toFixed(2)} ms (${signedError(predicted, measured)})${stale ? ', stale solo baseline' : ''}`,
      });
    }
  }
  return { points, dropped };
}

/** Records of one GPU whose prediction rests on a stale solo baseline. */
export function staleRecords(s: GpuSection): (ValidationRecord | OpenLoopRecord)[] {
  return [...s.records, ...s.openLoop].filter((r) => isStaleRecord(s, r));
}
