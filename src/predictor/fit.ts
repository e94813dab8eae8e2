// Fitting the per-GPU constants (time-slice quantum and switch cost; MPS/streams sharing constants) and the
// regression layer, from the calibration pairs. fitAndSave(gpu) writes calibration/<gpu>/model.json.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gpuDir } from '../paths.js';
import type { CalibrationData, Mode, PairMeasurement } from '../types.js';
import { DEFAULT_CONCURRENT, type ConcurrentParams } from './concurrent.js';
import { coreClosedLoop, coreOpenLoop, MODES, type CoreParams, type SimSettings } from './core.js';
import { buildProfiles, type WorkloadProfile } from './profile.js';
import { applyRegression, fitRegression, regressionFeatures, type RegressionLayer, type RegressionRow } from './regression.js';
import { mean, nelderMead, quantile } from './stats.js';
import type { TimesliceParams } from './timeslice.js';

/** Bumped whenever the model's meaning changes, so older model.json files are refitted. */
export const MODEL_VERSION = 3;

export interface FittedModel {
  version: number;
  gpu: string;
  createdAt: string;
  /** Hash of the calibration files the fit used (solo, kernels, pairs); a mismatch means stale. */
  calibrationHash: string;
  params: CoreParams;
  /** Pairs each mode was fitted on, and the training MAPE of the core. */
  trained: Partial<Record<Mode, { pairs: number; coreMape: number }>>;
  regression: Partial<Record<Mode, RegressionLayer>>;
  /** One-sided relative error band per mode (p90 of leave-one-model-out errors), and for open-loop p99. */
  band: Partial<Record<Mode | 'openloop', number>>;
}

export const DEFAULT_TIMESLICE: TimesliceParams = { quantumMs: 2, switchMs: 0.05, boundary: 'preempt' };

export function defaultParams(): CoreParams {
  return { timeslice: { ...DEFAULT_TIMESLICE }, mps: { ...DEFAULT_CONCURRENT }, streams: { ...DEFAULT_CONCURRENT } };
}

export function calibrationHash(cal: CalibrationData): string {
  return createHash('sha1')
    .update(String(MODEL_VERSION))
    .update(JSON.stringify(cal.solo))
    .update(JSON.stringify(cal.kernels))
    .update(JSON.stringify(cal.pairs))
    .digest('hex')
    .slice(0, 16);
}

export function pairKey(mode: Mode, a: string, b: string): string {
  return `${mode}:${a < b ? a : b}+${a < b ? b : a}`;
}

/** A usable pair measurement: ok, with slowdowns, both workloads profiled. */
export interface TrainingPair {
  mode: Mode;
  a: WorkloadProfile;
  b: WorkloadProfile;
  measured: [number, number];
  key: string;
  source: PairMeasurement;
}

export function trainingPairs(cal: CalibrationData, profiles: Map<string, WorkloadProfile>): TrainingPair[] {
  const out: TrainingPair[] = [];
  for (const p of cal.pairs) {
    if (p.status !== 'ok' || !p.slowdown) continue;
    const a = profiles.get(p.a.id);
    const b = profiles.get(p.b.id);
    if (!a || !b) continue;
    if (p.mode === 'mps' && (!a.hasMpsSolo || !b.hasMpsSolo) && !p.soloLatencyMs) continue;
    if (!(p.slowdown[0] > 0 && p.slowdown[1] > 0)) continue;
    out.push({ mode: p.mode, a, b, measured: p.slowdown, key: pairKey(p.mode, a.id, b.id), source: p });
  }
  return out;
}

// ---------------------------------------------------------------- time slicing

export const QUANTA_MS = [0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4, 6, 8];
export const SWITCH_MS = [0, 0.02, 0.05, 0.1, 0.15, 0.25, 0.4];
export const BOUNDARIES: TimesliceParams['boundary'][] = ['preempt', 'kernel'];
export const JITTERS = [0, 0.1];
export const GRID_SIM: SimSettings = { requests: 150 };
export const REFINE_SIM: SimSettings = { requests: 300 };

export function timesliceGrid(): TimesliceParams[] {
  const out: TimesliceParams[] = [];
  for (const boundary of BOUNDARIES) {
    for (const jitter of JITTERS) for (const quantumMs of QUANTA_MS) for (const switchMs of SWITCH_MS) out.push({ quantumMs, switchMs, boundary, jitter });
  }
  return out;
}

function pairError(pred: [number, number], measured: [number, number]): number {
  return 0.5 * (Math.abs(pred[0] / measured[0] - 1) + Math.abs(pred[1] / measured[1] - 1));
}

function tsError(pair: TrainingPair, params: TimesliceParams, settings: SimSettings): number {
  const core = coreClosedLoop('timeslice', pair.a, pair.b, { ...defaultParams(), timeslice: params }, settings);
  return pairError(core.slowdown, pair.measured);
}

/**
 * Errors of every grid point on every time-slice pair, computed once and shared by all the folds of a
 * cross-validation (a fold only chooses among them using its training pairs).
 */
export class TimesliceGridCache {
  readonly grid = timesliceGrid();
  private readonly errors = new Map<string, Float64Array>();
  errorsFor(pair: TrainingPair): Float64Array {
    let e = this.errors.get(pair.key);
    if (!e) {
      e = Float64Array.from(this.grid.map((g) => tsError(pair, g, GRID_SIM)));
      this.errors.set(pair.key, e);
    }
    return e;
  }
}

export function fitTimeslice(pairs: TrainingPair[], cache = new TimesliceGridCache()): { params: TimesliceParams; mape: number } {
  const ts = pairs.filter((p) => p.mode === 'timeslice');
  if (ts.length === 0) return { params: { ...DEFAULT_TIMESLICE }, mape: NaN };
  const sums = new Float64Array(cache.grid.length);
  for (const p of ts) {
    const e = cache.errorsFor(p);
    for (let i = 0; i < e.length; i++) sums[i] = (sums[i] as number) + (e[i] as number);
  }
  let bi = 0;
  for (let i = 1; i < sums.length; i++) if ((sums[i] as number) < (sums[bi] as number)) bi = i;
  const start = cache.grid[bi] as TimesliceParams;
  const decode = (x: number[]): TimesliceParams => ({
    quantumMs: Math.min(50, Math.max(0.05, Math.exp(x[0] as number))),
    switchMs: Math.min(2, Math.abs(x[1] as number)),
    boundary: start.boundary,
    jitter: start.jitter ?? 0,
  });
  const obj = (x: number[]): number => mean(ts.map((p) => tsError(p, decode(x), REFINE_SIM)));
  const refined = nelderMead(obj, [Math.log(start.quantumMs), start.switchMs], { step: [0.25, 0.03], maxIter: 40, tol: 1e-5 });
  const startErr = obj([Math.log(start.quantumMs), start.switchMs]);
  const best = refined.fx < startErr ? decode(refined.x) : start;
  // Slowdown is nearly a step function of q when requests are steady (a request needs k slices), so many q
  // fit the training pairs equally; take the middle of the near-optimal interval (the largest margin to the
  // steps) rather than whichever point the search stopped at.
  const scan = Array.from({ length: 21 }, (_, i) => best.quantumMs * Math.exp(-0.1 + (0.2 * i) / 20));
  const errs = scan.map((q) => obj([Math.log(q), best.switchMs]));
  const minErr = Math.min(...errs);
  const near = scan.filter((_, i) => (errs[i] as number) <= minErr * 1.05 + 5e-4);
  const quantumMs = near.length ? (near[Math.floor(near.length / 2)] as number) : best.quantumMs;
  const params = { ...best, quantumMs };
  return { params, mape: obj([Math.log(quantumMs), best.switchMs]) };
}

// ---------------------------------------------------------------- MPS and streams

function decodeConcurrent(x: number[]): ConcurrentParams {
  const v = (i: number): number => x[i] as number;
  return {
    wSm: Math.exp(v(0)),
    wDram: Math.exp(v(1)),
    wTensor: Math.exp(v(2)),
    wOcc: Math.exp(v(3)),
    floor: Math.abs(v(4)),
    sharp: 1 + Math.exp(v(5)),
    asym: Math.max(-2, Math.min(2, v(6))),
    host: Math.abs(v(7)),
  };
}

function encodeConcurrent(p: ConcurrentParams): number[] {
  return [Math.log(p.wSm), Math.log(p.wDram), Math.log(p.wTensor), Math.log(p.wOcc), p.floor, Math.log(Math.max(1e-3, p.sharp - 1)), p.asym, p.host];
}

export function fitConcurrent(pairs: TrainingPair[], mode: 'mps' | 'streams'): { params: ConcurrentParams; mape: number } {
  const ps = pairs.filter((p) => p.mode === mode);
  if (ps.length === 0) return { params: { ...DEFAULT_CONCURRENT }, mape: NaN };
  const obj = (x: number[]): number => {
    const params = decodeConcurrent(x);
    return mean(ps.map((p) => pairError(coreClosedLoop(mode, p.a, p.b, { ...defaultParams(), [mode]: params }).slowdown, p.measured)));
  };
  const starts: ConcurrentParams[] = [
    DEFAULT_CONCURRENT,
    { ...DEFAULT_CONCURRENT, wSm: 0.7, wDram: 0.7, wTensor: 0.3, wOcc: 0.3, floor: 0.2 },
    { ...DEFAULT_CONCURRENT, wSm: 1.2, wDram: 1.2, wTensor: 0.1, wOcc: 1.0, floor: 0.0, sharp: 12 },
  ];
  let best = { x: encodeConcurrent(DEFAULT_CONCURRENT), fx: Infinity };
  for (const s of starts) {
    let r = nelderMead(obj, encodeConcurrent(s), { step: [0.3, 0.3, 0.3, 0.3, 0.1, 0.5, 0.3, 0.1], maxIter: 1200, tol: 1e-9 });
    r = nelderMead(obj, r.x, { step: [0.1, 0.1, 0.1, 0.1, 0.03, 0.2, 0.1, 0.03], maxIter: 800, tol: 1e-10 });
    if (r.fx < best.fx) best = r;
  }
  return { params: decodeConcurrent(best.x), mape: best.fx };
}

// ---------------------------------------------------------------- the whole fit

export interface FitExclusion {
  /** Pair keys (pairKey) not to train on. */
  pairs?: Set<string>;
  /** Workload ids whose pairs are not trained on (they keep their solo profiles). */
  workloads?: Set<string>;
}

export interface FitOptions {
  exclude?: FitExclusion;
  modes?: readonly Mode[];
  gridCache?: TimesliceGridCache;
  /** Skip the regression layer (for comparisons). */
  noRegression?: boolean;
}

export function excluded(p: TrainingPair, ex: FitExclusion | undefined): boolean {
  if (!ex) return false;
  if (ex.pairs?.has(p.key)) return true;
  return ex.workloads !== undefined && (ex.workloads.has(p.a.id) || ex.workloads.has(p.b.id));
}

/**
 * Whether a slice renews while a context runs alone: closed-loop pairs hardly tell (the neighbour is almost
 * always waiting), open-loop runs do. Chosen by the p99 error on the training open-loop time-slice runs.
 */
export function fitSliceSemantics(cal: CalibrationData, profiles: Map<string, WorkloadProfile>, params: TimesliceParams, ex: FitExclusion | undefined): { slice: 'renew' | 'expire'; errors: Record<string, number> } {
  const runs = cal.openLoop.filter((o) => {
    if (o.mode !== 'timeslice' || o.status !== 'ok' || !o.b || !o.p99Ms) return false;
    if (!profiles.has(o.a.id) || !profiles.has(o.b.id)) return false;
    if (ex?.pairs?.has(pairKey('timeslice', o.a.id, o.b.id))) return false;
    return !(ex?.workloads?.has(o.a.id) || ex?.workloads?.has(o.b.id));
  });
  const errors: Record<string, number> = {};
  if (runs.length === 0) return { slice: 'renew', errors };
  for (const slice of ['renew', 'expire'] as const) {
    const e: number[] = [];
    for (const o of runs) {
      const a = profiles.get(o.a.id) as WorkloadProfile;
      const b = profiles.get((o.b as { id: string }).id) as WorkloadProfile;
      const [oa, ob] = coreOpenLoop('timeslice', a, b, { ...defaultParams(), timeslice: { ...params, slice } }, [o.ratesRps[0] ?? 0, o.ratesRps[1] ?? 0], [1, 1], {
        horizonRequests: 0,
        windowMs: o.windowS * 1000,
        replications: 3,
      });
      [oa, ob].forEach((side, i) => {
        const m = o.p99Ms?.[i];
        if (side && m && Number.isFinite(side.p99Ms)) e.push(Math.abs(side.p99Ms / m - 1));
      });
    }
    errors[slice] = mean(e);
  }
  return { slice: (errors.expire ?? Infinity) < (errors.renew ?? Infinity) ? 'expire' : 'renew', errors };
}

export async function fitModel(cal: CalibrationData, gpu: string, opts: FitOptions = {}): Promise<FittedModel> {
  const profiles = buildProfiles(cal);
  const pairs = trainingPairs(cal, profiles).filter((p) => !excluded(p, opts.exclude));
  const params = defaultParams();
  const trained: FittedModel['trained'] = {};
  const regression: FittedModel['regression'] = {};
  for (const mode of opts.modes ?? MODES) {
    const mp = pairs.filter((p) => p.mode === mode);
    if (mp.length === 0) continue;
    if (mode === 'timeslice') {
      const r = fitTimeslice(mp, opts.gridCache);
      params.timeslice = { ...r.params, slice: fitSliceSemantics(cal, profiles, r.params, opts.exclude).slice };
    } else {
      params[mode] = fitConcurrent(mp, mode).params;
    }
    const rows: RegressionRow[] = [];
    const errs: number[] = [];
    for (const p of mp) {
      const core = coreClosedLoop(mode, p.a, p.b, params);
      for (const side of [0, 1] as const) {
        const [x, y] = side === 0 ? [p.a, p.b] : [p.b, p.a];
        rows.push({ feats: regressionFeatures(mode, x, y, core.slowdown[side]), core: core.slowdown[side], measured: p.measured[side], group: [p.a.id, p.b.id] });
        errs.push(Math.abs(core.slowdown[side] / p.measured[side] - 1));
      }
    }
    trained[mode] = { pairs: mp.length, coreMape: mean(errs) };
    if (!opts.noRegression) {
      const layer = await fitRegression(rows);
      if (layer) regression[mode] = layer;
    }
  }
  return {
    version: MODEL_VERSION,
    gpu,
    createdAt: new Date().toISOString(),
    calibrationHash: calibrationHash(cal),
    params,
    trained,
    regression,
    band: {},
  };
}

/** A slowdown of A next to B from a fitted model: the core, then the regression layer where it was kept. */
export function modelSlowdown(model: FittedModel, mode: Mode, a: WorkloadProfile, b: WorkloadProfile, coreSlowdown: number): number {
  const layer = model.regression[mode];
  if (!layer) return coreSlowdown;
  const feats = regressionFeatures(mode, a, b, coreSlowdown);
  return applyRegression(layer, feats, coreSlowdown);
}

// ---------------------------------------------------------------- model.json

export function modelPath(gpu: string): string {
  return join(gpuDir(gpu), 'model.json');
}

/** The error band of each mode: the 90th percentile of leave-one-model-out absolute errors. */
export async function crossValidatedBand(cal: CalibrationData, gpu: string, gridCache?: TimesliceGridCache): Promise<FittedModel['band']> {
  const { validatePairs } = await import('../validate/crossval.js');
  const r = await validatePairs(cal, gpu, { pairs: cal.pairs, openLoop: cal.openLoop }, 'lomo', gridCache ? { gridCache } : {});
  const band: FittedModel['band'] = {};
  for (const mode of MODES) {
    const e = r.records.filter((x) => x.mode === mode).flatMap((x) => [0, 1].map((i) => Math.abs((x.predicted[i] as number) / (x.measured[i] as number) - 1)));
    if (e.length) band[mode] = quantile(e, 0.9);
  }
  const ol = r.openLoop.flatMap((o) => o.measuredP99Ms.map((m, i) => Math.abs((o.predictedP99Ms[i] ?? NaN) / m - 1))).filter(Number.isFinite);
  if (ol.length) band.openloop = quantile(ol, 0.9);
  return band;
}

/**
 * Fit the predictor on calibration/<gpu>/ and write calibration/<gpu>/model.json (constants, regression
 * layer, error band from leave-one-model-out cross-validation). `coloc calibrate` calls this after measuring.
 */
export async function fitAndSave(gpu: string, cal?: CalibrationData): Promise<FittedModel> {
  const data = cal ?? (await import('../data/index.js')).loadCalibration(gpu);
  const gridCache = new TimesliceGridCache();
  const model = await fitModel(data, gpu, { gridCache });
  model.band = await crossValidatedBand(data, gpu, gridCache);
  const path = modelPath(gpu);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(model, null, 2)}\n`);
  renameSync(tmp, path);
  return model;
}

/** model.json when it exists, matches this calibration and this code's model version; else undefined. */
export function loadSavedModel(gpu: string, cal: CalibrationData): FittedModel | undefined {
  const path = modelPath(gpu);
  if (!existsSync(path)) return undefined;
  try {
    const m = JSON.parse(readFileSync(path, 'utf8')) as FittedModel;
    if (m.version !== MODEL_VERSION || m.calibrationHash !== calibrationHash(cal)) return undefined;
    return m;
  } catch {
    return undefined;
  }
}
