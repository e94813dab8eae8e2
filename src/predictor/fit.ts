// Fitting the per-GPU constants (time-slice quantum and switch cost; MPS/streams sharing constants; the open-loop
// idle-start latency), the regression layer, the probe layer and the effects layer, from the calibration pairs (and
// open-loop runs).
// fitAndSave(gpu) writes calibration/<gpu>/model.json.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogProbes } from '../data/catalog.js';
import { sourceHash } from '../data/json.js';
import { gpuDir } from '../paths.js';
import { gpuSpec } from '../gpus.js';
import type { CalibrationData, Mode, OpenLoopMeasurement, PairMeasurement, ValidationRecord } from '../types.js';
import { DEFAULT_CONCURRENT, DEFAULT_DISPATCH, type ConcurrentParams } from './concurrent.js';
import {
  busySlowdownFromClosedLoop,
  concurrentOpenLoop,
  coreClosedLoop,
  coreOpenLoop,
  MODES,
  type CoreParams,
  type HeldClocks,
  type OpenLoopSide,
  type SimSettings,
} from './core.js';
import { buildProfiles, type SessionSolo, type WorkloadProfile } from './profile.js';
import { measuredArrivalSeeds } from './pyrandom.js';
import { blendEffects, EFFECTS_MODES, effectEntries, effectOf, effectPairs, fitEffects } from './effects.js';
import { probeFeatureNames, probeFeatures, probeResiduals, probeSets, type ProbeModel } from './probes.js';
import { applyRegression, betterLayer, fitMeanProbeLayer, fitRegression, regressionFeatures, type RegressionLayer, type RegressionRow } from './regression.js';
import { mean, median, nelderMead, quantile } from './stats.js';
import type { TimesliceParams } from './timeslice.js';

/** Bumped whenever the model's meaning changes, so older model.json files are refitted. */
export const MODEL_VERSION = 26;

export interface FittedModel {
  version: number;
  gpu: string;
  createdAt: string;
  /** Hash of the calibration files the fit used (solo, kernels, pairs, open loop); a mismatch means stale. */
  calibrationHash: string;
  params: CoreParams;
  /** Pairs each mode was fitted on, and the training MAPE of the core. */
  trained: Partial<Record<Mode, { pairs: number; coreMape: number }>>;
  regression: Partial<Record<Mode, RegressionLayer>>;
  /** The probe co-runs' residuals, the probe layer (src/predictor/probes.ts) and the effects layer (effects.ts). */
  probes?: ProbeModel;
  /**
   * One-sided relative error band per mode (p90 of leave-one-model-out errors), of the pairs the probe layer
   * corrects where it has one, of all pairs otherwise. (Before model version 17 also one open-loop p99 band,
   * `openloop`; the p99 range replaced it.)
   */
  band: Partial<Record<Mode, number>>;
  /**
   * The open-loop p99 range's residual (since model version 17): how far, relative, the measured p99 lies
   * outside the range the slowdown band gives when carried through the queue (p99 at the band's lower and
   * upper slowdown), at the 90th percentile of leave-one-model-out runs; the range shown is widened by it.
   */
  p99RangeResidual?: number;
  /** The same of every pair predicted without the probe layer (a workload without probe co-runs). */
  bandNoProbe?: Partial<Record<Mode, number>>;
  /**
   * The band of a workload whose request takes under SHORT_REQUEST_MS alone, as the one slowed: the 90th
   * percentile of the same leave-one-model-out errors over those values only, where there are SESSION_BAND_MIN.
   * predict shows the larger of it and the band for such a workload (twelfth 2026-12-07 session: with one band
   * for all, 69 % of the fresh values of short requests fell inside it on both GPUs in time slicing, against 95 %
   * of the others).
   */
  bandShort?: Partial<Record<Mode, number>>;
  /**
   * The part of a prediction's error that another session's solo latencies bring (`sessionBand`): per mode, the
   * 90th percentile of |coloc / sessionSolo - 1| over the fresh pairs `coloc validate` last predicted, how far
   * the same pair's prediction moves between the calibration's solo latencies and the session's own. The
   * cross-validated band cannot see it (one calibration, one session). `predict` shows hypot(band, bandSession)
   * unless both workloads' solo latencies are the user's own (`--solo`). Written by `coloc validate` (fresh),
   * kept by a refit.
   */
  bandSession?: {
    band: Partial<Record<Mode, number>>;
    n: Partial<Record<Mode, number>>;
    from: string;
    /** The same over the values of workloads whose request takes under SHORT_REQUEST_MS alone (bandShort). */
    short?: Partial<Record<Mode, number>>;
    nShort?: Partial<Record<Mode, number>>;
  };
  /**
   * Solo latency means of the sessions after the calibration (each fresh set `coloc validate` compared): predict
   * takes each workload's mean over the calibration and these (pooledSolo). Written by `coloc validate` (fresh),
   * kept by a refit.
   */
  soloSessions?: SessionSolo[];
}

export const DEFAULT_TIMESLICE: TimesliceParams = { quantumMs: 2, switchMs: 0.05, boundary: 'preempt' };

export function defaultParams(): CoreParams {
  return { timeslice: { ...DEFAULT_TIMESLICE }, mps: { ...DEFAULT_CONCURRENT }, streams: { ...DEFAULT_CONCURRENT } };
}

/**
 * Identifies the calibration a fit used (solo, kernels, pairs, open loop) and this code's model version. A part
 * read from its file is identified by the hash of the file's text, one built in memory by its JSON: the same
 * data reached both ways hashes differently, which costs a refit, never a stale model.
 */
export function calibrationHash(cal: CalibrationData): string {
  const part = (v: unknown): string => sourceHash(v) ?? createHash('sha1').update(JSON.stringify(v)).digest('hex');
  return createHash('sha1')
    .update(String(MODEL_VERSION))
    .update(part(cal.solo))
    .update(part(cal.kernels))
    .update(part(cal.pairs))
    // The open-loop runs: the idle-start latency is fitted on them.
    .update(part(cal.openLoop))
    // The probe workloads (models/catalog.json): their co-runs feed the probe layer.
    .update(catalogProbes().join(','))
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
export const REFINE_SIM: SimSettings = { requests: 200 };

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

/** Solo clock depths below this share of the unheld clock count as not held. */
export const HELD_DEPTH = 0.01;

/**
 * What a time-sliced pair's clock says about the power limit (TimesliceParams.clockLift, unheldClockMHz): the
 * unheld clock is the highest solo clock seen; the lift is the median, over the pairs with a workload held alone
 * (its solo clock below the unheld one by HELD_DEPTH or more) whose own clock stayed below the unheld one, of the
 * pair's clock over the mean of its two solo clocks, less 1, rounded to 0.01 (so that the folds of a
 * cross-validation mostly share it and its grid errors). Without clock readings, nothing (heldShareKept then
 * keeps the held time whole next to an equally held neighbour). A context switch and the lighter phases of
 * either workload pull the pair's power under the limit: H100 1.028-1.060 (6 pairs), H200 1.031-1.078 (18),
 * median 1.05 on both.
 */
export function clockLiftFromClocks(ts: TrainingPair[]): HeldClocks {
  const lifts = pairClockLifts(ts);
  if (lifts.top === undefined) return {};
  if (lifts.pairs.length === 0) return { unheldClockMHz: lifts.top };
  return { clockLift: Math.max(0, Math.round(median(lifts.pairs.map((x) => x.lift)) * 100) / 100), unheldClockMHz: lifts.top };
}

/** The unheld clock and each pair clockLiftFromClocks counts, with its clock over the mean of its solo clocks, less 1. */
export function pairClockLifts(ts: TrainingPair[]): { top?: number; pairs: { pair: TrainingPair; lift: number }[] } {
  const solo = ts.flatMap((x) => [x.a.soloClockMHz, x.b.soloClockMHz]).filter((c): c is number => c !== undefined && c > 0);
  if (solo.length === 0) return { pairs: [] };
  const top = Math.max(...solo);
  const pairs: { pair: TrainingPair; lift: number }[] = [];
  for (const x of ts) {
    const ca = x.a.soloClockMHz;
    const cb = x.b.soloClockMHz;
    const cp = x.source.gpm?.smClockMHz;
    if (ca === undefined || cb === undefined || cp === undefined || !(cp > 0)) continue;
    if (top - Math.min(ca, cb) < HELD_DEPTH * top || cp >= top * (1 - HELD_DEPTH / 5)) continue;
    pairs.push({ pair: x, lift: cp / ((ca + cb) / 2) - 1 });
  }
  return { top, pairs };
}

function tsError(pair: TrainingPair, params: TimesliceParams, settings: SimSettings): number {
  const core = coreClosedLoop('timeslice', pair.a, pair.b, { ...defaultParams(), timeslice: params }, settings);
  return pairError(core.slowdown, pair.measured);
}

const clocksKey = (c: HeldClocks): string => `${c.clockLift ?? ''}/${c.unheldClockMHz ?? ''}`;

/**
 * Errors of every grid point on every time-slice pair, computed once and shared by all the folds of a
 * cross-validation (a fold only chooses among them using its training pairs).
 */
export class TimesliceGridCache {
  readonly grid = timesliceGrid();
  private readonly errors = new Map<string, Float64Array>();
  private readonly memo = new Map<string, number>();
  /** The pair's error at every grid point, with the clock parameters (TimesliceParams) added to each. */
  errorsFor(pair: TrainingPair, clocks: HeldClocks = {}): Float64Array {
    const key = `${pair.key}|${clocksKey(clocks)}`;
    let e = this.errors.get(key);
    if (!e) {
      e = Float64Array.from(this.grid.map((g) => tsError(pair, { ...g, ...clocks }, GRID_SIM)));
      this.errors.set(key, e);
    }
    return e;
  }
  /** The error of one pair at any parameters, remembered (folds of a cross-validation share them). */
  error(pair: TrainingPair, params: TimesliceParams): number {
    const k = `${pair.key}|${params.boundary}|${params.jitter ?? 0}|${params.quantumMs.toFixed(6)}|${params.switchMs.toFixed(4)}|${clocksKey(params)}`;
    let e = this.memo.get(k);
    if (e === undefined) {
      e = tsError(pair, params, REFINE_SIM);
      this.memo.set(k, e);
    }
    return e;
  }
}

/** Absolute fine grids (shared by all folds so their evaluations can be remembered): q in 1.5 % steps, c in 0.01 ms. */
const Q_STEP = 1.015;
const qAt = (i: number): number => 0.2 * Math.pow(Q_STEP, i);
const qIndex = (q: number): number => Math.round(Math.log(q / 0.2) / Math.log(Q_STEP));
/** How much worse (relative, absolute MAPE) the prior quantum may fit the pairs than the best q and still be kept. */
export const PRIOR_TOLERANCE = { rel: 0.25, abs: 0.002 };

/**
 * The slice-end rule, jitter and switch cost that fit the pairs best with the quantum held at `quantumMs`.
 * The variants are compared at this quantum itself: the best variant elsewhere (say jitter that smooths a step
 * the free fit sits next to) can be a poor one here.
 */
function fitAtQuantum(ts: TrainingPair[], cache: TimesliceGridCache, quantumMs: number, boundaries: readonly TimesliceParams['boundary'][], clocks: HeldClocks): { p: TimesliceParams; e: number } {
  const err = (p: TimesliceParams): number => mean(ts.map((x) => cache.error(x, p)));
  let best: { p: TimesliceParams; e: number } | undefined;
  for (const boundary of boundaries) {
    for (const jitter of JITTERS) {
      // c coarsely, then to 0.01 ms around the best.
      let v = { p: { quantumMs, switchMs: 0, boundary, jitter, ...clocks } as TimesliceParams, e: Infinity };
      for (let k = 0; k <= 40; k += 4) {
        const p = { quantumMs, switchMs: k / 100, boundary, jitter, ...clocks };
        const e = err(p);
        if (e < v.e) v = { p, e };
      }
      const k0 = Math.round(v.p.switchMs * 100);
      for (let k = Math.max(0, k0 - 3); k <= Math.min(40, k0 + 3); k++) {
        const p = { quantumMs, switchMs: k / 100, boundary, jitter, ...clocks };
        const e = err(p);
        if (e < v.e) v = { p, e };
      }
      if (!best || v.e < best.e) best = v;
    }
  }
  return best as { p: TimesliceParams; e: number };
}

/**
 * Fit q, c, slice-end rule and jitter to the time-slice pairs. `priorQuantumMs` (the spec table's time
 * slice: the driver's default, or what the architecture's calibrations showed) is kept unless the pairs give
 * strong evidence against it: its error must exceed the best scanned error by more than PRIOR_TOLERANCE. A fold
 * that lost the pairs pinning q then stays on the prior instead of drifting across the steps of the workloads it
 * never saw.
 */
export function fitTimeslice(
  pairs: TrainingPair[],
  cache = new TimesliceGridCache(),
  priorQuantumMs?: number,
  preemption?: 'instruction' | 'kernel',
): { params: TimesliceParams; mape: number } {
  const ts = pairs.filter((p) => p.mode === 'timeslice');
  if (ts.length === 0) return { params: { ...DEFAULT_TIMESLICE }, mape: NaN };
  const clocks = clockLiftFromClocks(ts);
  const sums = new Float64Array(cache.grid.length);
  for (const p of ts) {
    const e = cache.errorsFor(p, clocks);
    for (let i = 0; i < e.length; i++) sums[i] = (sums[i] as number) + (e[i] as number);
  }
  // Slowdown is close to a step function of q (a request needs ceil(G / q) slices), so the error has narrow
  // valleys between the steps of different workloads: for each slice-end rule and jitter, scan q finely
  // around that variant's best grid point; then scan c; then take the middle of the contiguous near-optimal
  // run of q (the largest margin to the steps) rather than whichever point happens to be lowest.
  const err = (p: TimesliceParams): number => mean(ts.map((x) => cache.error(x, p)));
  type Pt = { p: TimesliceParams; e: number };
  const scanQ = (base: TimesliceParams, halfWidth: number): Pt[] => {
    const i0 = qIndex(base.quantumMs);
    const out: Pt[] = [];
    for (let i = Math.max(0, i0 - halfWidth); i <= i0 + halfWidth; i++) {
      const p = { ...base, quantumMs: qAt(i) };
      out.push({ p, e: err(p) });
    }
    return out;
  };
  const argmin = (xs: Pt[]): Pt => xs.reduce((a, b) => (b.e < a.e ? b : a));
  // A GPU that preempts compute at instruction level ends a slice mid-kernel: only pairs with long kernels
  // could tell the rules apart, and a fold without them would pick one by chance.
  const boundaries = preemption === 'instruction' ? (['preempt'] as const) : preemption === 'kernel' ? (['kernel'] as const) : BOUNDARIES;
  let best: Pt | undefined;
  for (const boundary of boundaries) {
    for (const jitter of JITTERS) {
      let bi = -1;
      for (let i = 0; i < cache.grid.length; i++) {
        const g = cache.grid[i] as TimesliceParams;
        if (g.boundary !== boundary || (g.jitter ?? 0) !== jitter) continue;
        if (bi < 0 || (sums[i] as number) < (sums[bi] as number)) bi = i;
      }
      const cand = argmin(scanQ({ ...(cache.grid[bi] as TimesliceParams), ...clocks }, 30));
      if (!best || cand.e < best.e) best = cand;
    }
  }
  let p = (best as Pt).p;
  const cs: Pt[] = [];
  for (let k = 0; k <= 40; k++) cs.push({ p: { ...p, switchMs: k / 100 }, e: err({ ...p, switchMs: k / 100 }) });
  p = argmin(cs).p;
  const fine = scanQ(p, 12);
  const minErr = argmin(fine).e;
  const iMin = fine.findIndex((x) => x.e === minErr);
  const ok = (i: number): boolean => (fine[i]?.e ?? Infinity) <= minErr * 1.1 + 5e-4;
  let lo = iMin;
  let hi = iMin;
  while (lo > 0 && ok(lo - 1)) lo--;
  while (hi < fine.length - 1 && ok(hi + 1)) hi++;
  const mid = (fine[Math.floor((lo + hi) / 2)] as Pt).p;
  // The data only says q lies in [q_lo, q_hi]. A workload whose request length has a step inside that range
  // (G = k q) cannot be told apart, so hedge: jitter each slice over the range (an average over the q the
  // data allows) instead of betting on one side of the step.
  const spread = ((fine[hi] as Pt).p.quantumMs / (fine[lo] as Pt).p.quantumMs - 1) / 2;
  if (priorQuantumMs !== undefined && priorQuantumMs > 0) {
    const atPrior = fitAtQuantum(ts, cache, priorQuantumMs, boundaries, clocks);
    if (atPrior.e <= minErr * (1 + PRIOR_TOLERANCE.rel) + PRIOR_TOLERANCE.abs) return { params: atPrior.p, mape: atPrior.e };
  }
  const chosen = { ...mid, jitter: Math.min(0.3, Math.max(mid.jitter ?? 0, spread)) };
  return { params: chosen, mape: err(chosen) };
}

// ---------------------------------------------------------------- MPS and streams

function decodeConcurrent(x: number[]): ConcurrentParams {
  const v = (i: number): number => x[i] as number;
  const c = (y: number): number => Math.max(-2, Math.min(2, y));
  // Demand weights are non-negative: more demand never speeds the pair up.
  return { base: v(0), wSm: Math.abs(v(1)), wDram: Math.abs(v(2)), asym: c(v(3)), asymSm: c(v(4)), asymGrid: c(v(5)) };
}

function encodeConcurrent(p: ConcurrentParams): number[] {
  return [p.base, p.wSm, p.wDram, p.asym, p.asymSm, p.asymGrid];
}

/**
 * Below this many training pairs a mode's six constants are not fitted freely (see fitConcurrent). Streams
 * is never fitted freely when the MPS constants exist: the same block dispatcher shares the SMs in both, and
 * a free streams fit on the H200's 36 streams pairs failed in a leave-one-model-out fold (bert+deepseek: 173 %).
 */
export const MIN_FREE_PAIRS = 12;

/**
 * Fit the concurrent-sharing constants of a mode: the dispatch simulation's two interferences where every
 * pair has launch shapes, else the closed form's six constants. For streams, or with fewer than
 * MIN_FREE_PAIRS pairs, the constants of `prior` (the MPS fit: the same physics of concurrent kernels) are
 * kept; only the closed form's offset beta is fitted, where the closed form is used.
 */
export function fitConcurrent(pairs: TrainingPair[], mode: 'mps' | 'streams', prior?: ConcurrentParams): { params: ConcurrentParams; mape: number } {
  const ps = pairs.filter((p) => p.mode === mode);
  if (ps.length === 0) return { params: { ...(prior ?? DEFAULT_CONCURRENT) }, mape: NaN };
  const errOf = (params: ConcurrentParams): number =>
    mean(ps.map((p) => pairError(coreClosedLoop(mode, p.a, p.b, { ...defaultParams(), [mode]: params }).slowdown, p.measured)));
  if (prior && (mode === 'streams' || ps.length < MIN_FREE_PAIRS)) {
    if ((prior.dispatch?.weight ?? 0) >= 1) return { params: { ...prior }, mape: errOf(prior) };
    const r = nelderMead((x) => errOf({ ...prior, base: x[0] as number }), [prior.base], { step: [0.05], maxIter: 200, tol: 1e-10 });
    return { params: { ...prior, base: r.x[0] as number }, mape: r.fx };
  }
  if (ps.every((p) => p.a.sequenceShape && p.b.sequenceShape)) {
    // The dispatch simulation alone: how much two overlapping kernels slow each other, for a kernel that uses
    // all of the GPU's throughput alone and for a latency-bound one. (Blending in the closed form, its weight
    // and six constants fitted on the same pairs, fitted the folds of a cross-validation better and predicted
    // their held-out workloads worse: MPS leave-one-model-out 4.78 % against 4.64 % for the simulation alone.)
    const withDispatch = (x: number[]): ConcurrentParams => dispatchParams(x[0] as number, x[1] as number);
    const neutral = [DEFAULT_DISPATCH.interference, DEFAULT_DISPATCH.interference];
    const sim = latticeMin((x) => errOf(withDispatch(x)), DISPATCH_LATTICE, neutral, DISPATCH_WINDOW);
    return { params: withDispatch(sim.x), mape: sim.fx };
  }
  // Without launch shapes for every pair: the closed form.
  const obj = (x: number[]): number => errOf(decodeConcurrent(x));
  const starts: ConcurrentParams[] = [
    DEFAULT_CONCURRENT,
    { ...DEFAULT_CONCURRENT, base: 0.3, wSm: 0.2, asym: 0.1, asymSm: 0.5 },
    { ...DEFAULT_CONCURRENT, base: -0.2, wSm: 0.6, wDram: 0.3, asym: 0.05, asymGrid: 0.1 },
  ];
  let best = { x: encodeConcurrent(DEFAULT_CONCURRENT), fx: Infinity };
  for (const s of starts) {
    let r = nelderMead(obj, encodeConcurrent(s), { step: [0.1, 0.1, 0.1, 0.05, 0.1, 0.05], maxIter: 2500, tol: 1e-10 });
    r = nelderMead(obj, r.x, { step: [0.03, 0.03, 0.03, 0.02, 0.03, 0.02], maxIter: 1500, tol: 1e-11 });
    if (r.fx < best.fx) best = r;
  }
  return { params: decodeConcurrent(best.x), mape: best.fx };
}

/** Concurrent-sharing constants of the dispatch simulation alone, with these two interferences (fitConcurrent's form). */
export function dispatchParams(interference: number, latencyInterference: number): ConcurrentParams {
  return {
    ...DEFAULT_CONCURRENT,
    dispatch: { ...DEFAULT_DISPATCH, weight: 1, interference: Math.max(0, interference), latencyInterference: Math.max(0, latencyInterference) },
  };
}

/**
 * The two interferences of the dispatch simulation (of a throughput-bound and of a latency-bound kernel) are
 * chosen on a fixed lattice, coarse (13 x 26 points) then fine around the best coarse point (5 x 5). The
 * points are absolute (every fit visits the same values), so a cross-validation reuses the simulations of one
 * fold in the next (dispatch.ts caches up to CACHE_LIMIT results, two per pair and point: a lattice that needs
 * more re-simulates in every fold; 13 x 13 x 9 points did); a Nelder-Mead search visited new values in every
 * fold and made the fit twenty times slower, for no better error.
 */
const DISPATCH_LATTICE = {
  lo: [0, 0],
  hi: [1.2, 5],
  coarse: [0.1, 0.2],
  fine: [0.05, 0.1],
};

/**
 * Each lattice point is judged by its error averaged with its neighbours one step away (latticeMin's window):
 * the in-sample error lies in a long flat valley along which the two interferences trade off (H200: 3.90-3.92 %
 * from 0.3 / 3.6 to 0.7 / 3.4), and six pairs added to 138 moved the bare minimum from one end to the other
 * (0.7 / 3.3 -> 0.35 / 3.6) and every MPS figure by 0.05-0.45 points (model version 22; docs/accuracy.md).
 */
const DISPATCH_WINDOW = 1;

/**
 * Minimum of f over a two-level lattice (any number of dimensions): every coarse point, then the fine points
 * within one coarse step of the best. Ties (equal error, as for a constant that no training pair depends on)
 * go to the point nearest `prior`, so an unidentifiable constant keeps its neutral value instead of the
 * lattice's first one. With `window` w > 0 a point is judged by the mean of f over it and its lattice
 * neighbours up to w steps away on every axis (those inside the bounds), at both levels: in a flat, tilted
 * valley the choice then stays put when a few training points are added, where the bare minimum jumps along
 * it (the H200's MPS interferences, docs/accuracy.md, seventh 2026-12-06 session). `fx` is f at the point.
 */
export function latticeMin(
  f: (x: number[]) => number,
  l: { lo: number[]; hi: number[]; coarse: number[]; fine: number[] },
  prior: number[],
  window = 0,
): { x: number[]; fx: number } {
  const dist = (x: number[]): number => x.reduce((s, v, i) => s + ((v - (prior[i] as number)) / (l.coarse[i] as number)) ** 2, 0);
  const axis = (lo: number, hi: number, step: number): number[] => {
    const out: number[] = [];
    for (let i = Math.ceil(lo / step - 1e-9); i * step <= hi + 1e-9; i++) out.push(Number((i * step).toFixed(10)));
    return out;
  };
  const dims = l.lo.map((_, i) => i);
  const key = (x: readonly number[]): string => x.map((v) => v.toFixed(10)).join(',');
  // fn at every point of the product of the axes (the last axis varies fastest; fn gets one reused array).
  const forEachPoint = (axes: number[][], fn: (x: number[]) => void): void => {
    const x = axes.map((a) => a[0] as number);
    const visit = (d: number): void => {
      if (d === axes.length) return fn(x);
      for (const v of axes[d] as number[]) {
        x[d] = v;
        visit(d + 1);
      }
    };
    visit(0);
  };
  const values = new Map<string, number>();
  // f at every point of the product of the axes, each point once.
  const scan = (axes: number[][]): number[][] => {
    const points: number[][] = [];
    forEachPoint(axes, (x) => {
      const k = key(x);
      if (!values.has(k)) values.set(k, f(x.slice()));
      points.push(x.slice());
    });
    return points;
  };
  // A point's score: f, or its mean over the neighbours within `window` steps that were scanned.
  const offsets = Array.from({ length: 2 * Math.max(0, window) + 1 }, (_, k) => k - Math.max(0, window));
  const score = (x: number[], step: number[]): number => {
    if (window <= 0) return values.get(key(x)) as number;
    let sum = 0;
    let n = 0;
    forEachPoint(
      dims.map((d) => offsets.map((k) => Number(((x[d] as number) + k * (step[d] as number)).toFixed(10)))),
      (y) => {
        const v = values.get(key(y));
        if (v !== undefined) {
          sum += v;
          n++;
        }
      },
    );
    return sum / n;
  };
  const pick = (points: number[][], step: number[]): number[] => {
    let best = { x: points[0] as number[], s: Infinity };
    for (const x of points) {
      const s = score(x, step);
      const tie = Math.abs(s - best.s) <= 1e-12 * Math.max(1, Math.abs(s));
      if ((s < best.s && !tie) || (tie && dist(x) < dist(best.x))) best = { x, s };
    }
    return best.x;
  };
  const coarse = pick(scan(dims.map((i) => axis(l.lo[i] as number, l.hi[i] as number, l.coarse[i] as number))), l.coarse);
  // The fine points within one coarse step of it, judged with their neighbours up to `window` fine steps further.
  const around = (i: number, reach: number): number[] =>
    axis(Math.max(l.lo[i] as number, (coarse[i] as number) - reach), Math.min(l.hi[i] as number, (coarse[i] as number) + reach), l.fine[i] as number);
  scan(dims.map((i) => around(i, (l.coarse[i] as number) + window * (l.fine[i] as number))));
  const x = pick(scan(dims.map((i) => around(i, l.coarse[i] as number))), l.fine);
  return { x, fx: values.get(key(x)) as number };
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
  /** Skip the regression and probe layers (for comparisons). */
  noRegression?: boolean;
  /** Probe workload ids (default: models/catalog.json's). */
  probes?: readonly string[];
}

export function excluded(p: TrainingPair, ex: FitExclusion | undefined): boolean {
  if (!ex) return false;
  if (ex.pairs?.has(p.key)) return true;
  return ex.workloads !== undefined && (ex.workloads.has(p.a.id) || ex.workloads.has(p.b.id));
}

/**
 * Whether a slice renews while a context runs alone: closed-loop pairs hardly tell (the neighbour is almost
 * always waiting), open-loop runs do. Chosen by the p99 error on the training open-loop time-slice runs, simulated
 * with the idle-start latency `idleStartMs` as predictions are and, since model version 14, each with its own
 * arrival sequence (the runner's seeds), as validation compares them.
 */
export function fitSliceSemantics(
  cal: CalibrationData,
  profiles: Map<string, WorkloadProfile>,
  params: TimesliceParams,
  ex: FitExclusion | undefined,
  idleStartMs = 0,
): { slice: 'renew' | 'expire'; errors: Record<string, number> } {
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
      const [oa, ob] = coreOpenLoop('timeslice', a, b, { ...defaultParams(), timeslice: { ...params, slice }, idleStartMs }, [o.ratesRps[0] ?? 0, o.ratesRps[1] ?? 0], [1, 1], {
        horizonRequests: 0,
        windowMs: o.windowS * 1000,
        replications: 9,
        arrivalSeeds: measuredArrivalSeeds(o),
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

/** Replications of each open-loop window when fitting the idle-start latency. */
const IDLE_FIT_REPLICATIONS = 5;
const idleFitCache = new WeakMap<CalibrationData, Map<string, number>>();

/** An MPS/streams open-loop run with its pair's measured closed-loop slowdowns (a, b order) and the busy slowdowns that reproduce them. */
export interface MeasuredOpenLoopRun {
  o: OpenLoopMeasurement;
  a: WorkloadProfile;
  b: WorkloadProfile;
  mode: Mode;
  measured: [number, number];
  busy: [number, number];
}

/**
 * The MPS/streams open-loop runs of a calibration (those the exclusion leaves) whose pair has a closed-loop
 * measurement, each with the busy slowdowns that reproduce it: the open-loop simulation fed these sees the
 * open-loop effect alone, not the sharing model's error.
 */
export function measuredOpenLoopRuns(cal: CalibrationData, profiles: Map<string, WorkloadProfile>, ex?: FitExclusion): MeasuredOpenLoopRun[] {
  return cal.openLoop.flatMap((o): MeasuredOpenLoopRun[] => {
    if ((o.mode !== 'mps' && o.mode !== 'streams') || o.status !== 'ok' || !o.b || !o.p50Ms) return [];
    const a = profiles.get(o.a.id);
    const b = profiles.get(o.b.id);
    if (!a || !b) return [];
    const mode = o.mode;
    if (ex?.pairs?.has(pairKey(mode, a.id, b.id)) || ex?.workloads?.has(a.id) || ex?.workloads?.has(b.id)) return [];
    const pair = cal.pairs.find((p) => p.mode === mode && p.status === 'ok' && p.slowdown && pairKey(mode, p.a.id, p.b.id) === pairKey(mode, a.id, b.id));
    if (!pair?.slowdown) return [];
    const measured: [number, number] = pair.a.id === a.id ? [pair.slowdown[0], pair.slowdown[1]] : [pair.slowdown[1], pair.slowdown[0]];
    return [{ o, a, b, mode, measured, busy: busySlowdownFromClosedLoop(mode, a, b, measured) }];
  });
}

/** One open-loop run of measuredOpenLoopRuns simulated over its window, with its own arrivals, and the given idle-start latency. */
export function openLoopFromMeasured(r: MeasuredOpenLoopRun, idleMs: number, replications: number): [OpenLoopSide, OpenLoopSide] {
  const settings = { horizonRequests: 0, windowMs: r.o.windowS * 1000, replications, arrivalSeeds: measuredArrivalSeeds(r.o) };
  return concurrentOpenLoop(r.mode, r.a, r.b, { busy: r.busy }, [r.o.ratesRps[0] ?? 0, r.o.ratesRps[1] ?? 0], settings, [1, 1], idleMs);
}

/**
 * The idle-start latency (CoreParams.idleStartMs): the extra latency of a request that finds its worker idle.
 * Closed-loop runs never show it (the worker is never idle); at low load most open-loop requests do. Fitted on
 * the MPS/streams open-loop runs of the calibration (those the exclusion leaves) by the p50 error of the
 * concurrent simulation (the p99 of one window is too noisy to tell a fraction of a millisecond). Each run's busy slowdowns are those that reproduce its pair's measured closed-loop
 * slowdowns, so the fit sees the open-loop effect alone, not the sharing model's error, and depends only on
 * which runs it uses (cached per calibration and run set). Runs whose pair has no closed-loop measurement are
 * skipped; no run: 0.
 */
export function fitIdleStart(cal: CalibrationData, profiles: Map<string, WorkloadProfile>, ex: FitExclusion | undefined): number {
  const runs = measuredOpenLoopRuns(cal, profiles, ex);
  if (runs.length === 0) return 0;
  const key = runs.map((r) => `${r.mode}:${r.a.id}+${r.b.id}@${r.o.load}`).join(';');
  let cache = idleFitCache.get(cal);
  if (!cache) idleFitCache.set(cal, (cache = new Map()));
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const err = (idleMs: number): number => {
    const e: number[] = [];
    for (const r of runs) {
      openLoopFromMeasured(r, idleMs, IDLE_FIT_REPLICATIONS).forEach((side, i) => {
        const m50 = r.o.p50Ms?.[i];
        if (m50 && Number.isFinite(side.p50Ms)) e.push(Math.abs(Math.log(side.p50Ms / m50)));
      });
    }
    return e.length > 0 ? mean(e) : Infinity;
  };
  // A coarse grid over 0..1 ms, then a golden-section refinement around its best point.
  let best = 0;
  let bestErr = Infinity;
  for (let x = 0; x <= 1 + 1e-9; x += 0.1) {
    const v = err(x);
    if (v < bestErr) [best, bestErr] = [x, v];
  }
  let lo = Math.max(0, best - 0.1);
  let hi = best + 0.1;
  const g = (Math.sqrt(5) - 1) / 2;
  let x1 = hi - g * (hi - lo);
  let x2 = lo + g * (hi - lo);
  let f1 = err(x1);
  let f2 = err(x2);
  for (let i = 0; i < 8; i++) {
    if (f1 <= f2) {
      [hi, x2, f2] = [x2, x1, f1];
      x1 = hi - g * (hi - lo);
      f1 = err(x1);
    } else {
      [lo, x1, f1] = [x1, x2, f2];
      x2 = lo + g * (hi - lo);
      f2 = err(x2);
    }
  }
  const refined = f1 <= f2 ? x1 : x2;
  const out = Math.min(f1, f2) < bestErr ? refined : best;
  cache.set(key, out);
  return out;
}

export async function fitModel(cal: CalibrationData, gpu: string, opts: FitOptions = {}): Promise<FittedModel> {
  const profiles = buildProfiles(cal);
  // Every measured pair: a workload's probe co-runs belong to its profile, even when its pairs are held out.
  const measured = trainingPairs(cal, profiles);
  const pairs = measured.filter((p) => !excluded(p, opts.exclude));
  const probeIds = [...(opts.probes ?? catalogProbes())];
  const probes: ProbeModel = { ids: probeIds, residuals: {}, layers: {} };
  const params = defaultParams();
  const DEFAULT_MPS = params.mps;
  const trained: FittedModel['trained'] = {};
  const regression: FittedModel['regression'] = {};
  // Streams borrows the MPS constants when it has few pairs, so fitting streams fits MPS first.
  const wanted = new Set(opts.modes ?? MODES);
  if (wanted.has('streams')) wanted.add('mps');
  // The idle-start latency is the runner's worker's, the same in every mode (fitted on the MPS/streams runs,
  // whose closed-loop slowdowns it inverts); time slicing's open loop uses it too, so the slice rule is chosen with it.
  params.idleStartMs = fitIdleStart(cal, profiles, opts.exclude);
  for (const mode of MODES.filter((m) => wanted.has(m))) {
    const mp = pairs.filter((p) => p.mode === mode);
    if (mp.length === 0) continue;
    if (mode === 'timeslice') {
      const spec = gpuSpec(gpu);
      const r = fitTimeslice(mp, opts.gridCache, spec?.timesliceMs, spec?.preemption);
      params.timeslice = { ...r.params, slice: fitSliceSemantics(cal, profiles, r.params, opts.exclude, params.idleStartMs).slice };
    } else {
      params[mode] = fitConcurrent(mp, mode, mode === 'streams' && params.mps !== DEFAULT_MPS ? params.mps : undefined).params;
    }
    const rows: RegressionRow[] = [];
    const errs: number[] = [];
    const cores = new Map<TrainingPair, [number, number]>();
    for (const p of mp) {
      const core = coreClosedLoop(mode, p.a, p.b, params);
      cores.set(p, core.slowdown);
      for (const side of [0, 1] as const) {
        const [x, y] = side === 0 ? [p.a, p.b] : [p.b, p.a];
        rows.push({ feats: regressionFeatures(mode, x, y, core.slowdown[side]), core: core.slowdown[side], measured: p.measured[side], group: [p.a.id, p.b.id] });
        errs.push(Math.abs(core.slowdown[side] / p.measured[side] - 1));
      }
    }
    trained[mode] = { pairs: mp.length, coreMape: mean(errs) };
    // Time slicing gets no regression layer: its features (summed SM and DRAM demand, neighbour busy share,
    // length ratio) describe kernels sharing the GPU at once, which time-sliced contexts never do. On the H200
    // pairs the layer passed its inner leave-one-model-out test in some folds, yet made the held-out pairs
    // worse (lomo 2.04 % -> 2.41 %; yolo next to llama8b -5.5 % -> -9.2 %): it fits residuals the simulation
    // leaves for other reasons (llama8b's clock under the power cap next to other heavy workloads).
    if (!opts.noRegression && mode !== 'timeslice') {
      const layer = await fitRegression(rows);
      if (layer) regression[mode] = layer;
    }
    // Each pair's core computed once (the training pairs' above; held-out workloads' probe co-runs on first use),
    // for the probe and effects layers.
    const coreOf = (p: TrainingPair): [number, number] => {
      let c = cores.get(p);
      if (!c) cores.set(p, (c = coreClosedLoop(mode, p.a, p.b, params).slowdown));
      return c;
    };
    if (probeIds.length) await fitProbeLayer(probes, mode, measured, mp, coreOf, !opts.noRegression);
    if (probeIds.length && !opts.noRegression && EFFECTS_MODES.includes(mode)) {
      const layer = await fitEffects(effectEntries(effectPairs(mode, measured, mp, probeIds, opts.exclude), coreOf));
      if (layer) (probes.effects ??= {})[mode] = layer;
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
    ...(probeIds.length ? { probes } : {}),
    band: {},
  };
}

/**
 * The probe residuals of one mode (every measured co-run next to a probe, held-out workloads' too: they are
 * part of its profile) and, with `layer`, a probe layer for each set of probes, fitted on the training pairs that
 * include none of that set.
 * Unlike the solo-profile layer, time slicing gets one too: the probe co-runs carry what a workload's solo
 * profile misses in every mode (its clock next to a neighbour, the noise of its solo baseline).
 */
async function fitProbeLayer(
  probes: ProbeModel,
  mode: Mode,
  measured: TrainingPair[],
  train: TrainingPair[],
  coreOf: (p: TrainingPair) => [number, number],
  layer: boolean,
): Promise<void> {
  const ids = probes.ids;
  const cored = measured
    .filter((p) => p.mode === mode && (ids.includes(p.a.id) || ids.includes(p.b.id)))
    .map((p) => ({ a: p.a.id, b: p.b.id, measured: p.measured, core: coreOf(p) }));
  const res = probeResiduals(ids, cored);
  probes.residuals[mode] = res;
  if (!layer) return;
  // One layer per set of probes a pair can use, each fitted on the training pairs whose features it has.
  const layers: Record<string, RegressionLayer> = {};
  for (const use of probeSets(ids)) {
    const key = use.join(',');
    const rows: RegressionRow[] = [];
    for (const p of train) {
      const core = coreOf(p);
      for (const side of [0, 1] as const) {
        const [x, y] = side === 0 ? [p.a, p.b] : [p.b, p.a];
        // the pair's own features restricted to this set (a pair with a probe of the set has none)
        const f = use.some((u) => u === x.id || u === y.id) ? undefined : probeFeatures(ids, res, x.id, y.id, use);
        if (f) rows.push({ feats: f.feats, core: core[side], measured: p.measured[side], group: [p.a.id, p.b.id] });
      }
    }
    const names = probeFeatureNames(use);
    // The ridge layer or the two-weight one on the mean residuals, whichever does better in the inner
    // leave-one-model-out (each only where it passes its own test against the core).
    const fitted = betterLayer(await fitRegression(rows, names), fitMeanProbeLayer(rows, names));
    if (fitted) layers[key] = fitted;
  }
  probes.layers[mode] = layers;
}

/** The model as for workloads without probe co-runs. */
export function withoutProbes(model: FittedModel): FittedModel {
  const { probes: _probes, ...rest } = model;
  return rest;
}

/** Modes whose probe layer an estimate for another GPU keeps (transferModel). */
export const TRANSFERRED_PROBE_MODES: readonly Mode[] = ['mps', 'streams'];

/**
 * The model an estimate for another GPU uses: the probe layer of MPS and streams only. What the MPS dispatch
 * simulation misses about a workload (its kernels' room beside a neighbour's) is a property of its kernels and
 * carried over between the H100 and H200 (transfer MPS 3.62 -> 3.03 %, 3.65 -> 3.10 %; streams 3.96 -> 3.34,
 * 5.18 -> 4.15 %); time slicing's probe residuals carry the machine's own (solo baseline noise, clocks next to
 * a neighbour) and did not (2.74 -> 2.91 %, 2.48 -> 2.53 %; docs/accuracy.md, "H100").
 */
export function transferModel(model: FittedModel): FittedModel {
  if (!model.probes) return model;
  const keep = <T>(r: Partial<Record<Mode, T>>): Partial<Record<Mode, T>> =>
    Object.fromEntries(Object.entries(r).filter(([m]) => TRANSFERRED_PROBE_MODES.includes(m as Mode))) as Partial<Record<Mode, T>>;
  const { effects, ...probes } = model.probes;
  return { ...model, probes: { ...probes, residuals: keep(probes.residuals), layers: keep(probes.layers), ...(effects ? { effects: keep(effects) } : {}) } };
}

/** Whether the probe layer corrects A's slowdown next to B (it has one in this mode, and both have probe co-runs). */
function probeCorrection(model: FittedModel, mode: Mode, a: string, b: string): { layer: RegressionLayer; feats: number[] } | undefined {
  if (!model.probes) return undefined;
  const f = probeFeatures(model.probes.ids, model.probes.residuals[mode], a, b);
  const layer = f ? model.probes.layers[mode]?.[f.key] : undefined;
  return f && layer ? { layer, feats: f.feats } : undefined;
}

/** A's slowdown next to B from a fitted model, with and without the probe layer. */
export interface SideSlowdown {
  /**
   * The core, then the probe layer where it applies, else the solo-profile regression layer where it was kept;
   * blended with the effects layer where both workloads have effects.
   */
  slowdown: number;
  /** Whether the probe layer or the effects layer (effects.ts) applied: the workloads' measured co-runs corrected it. */
  probe: boolean;
  /** Without the probe layer: as for a workload without probe co-runs. */
  noProbe: number;
}

export function sideSlowdown(model: FittedModel, mode: Mode, a: WorkloadProfile, b: WorkloadProfile, coreSlowdown: number): SideSlowdown {
  const layer = model.regression[mode];
  const noProbe = layer ? applyRegression(layer, regressionFeatures(mode, a, b, coreSlowdown), coreSlowdown) : coreSlowdown;
  const probe = probeCorrection(model, mode, a.id, b.id);
  const withProbe = probe ? applyRegression(probe.layer, probe.feats, coreSlowdown) : noProbe;
  const effect = effectOf(model.probes?.effects?.[mode], a.id, b.id);
  if (effect !== undefined) return { slowdown: blendEffects(withProbe, coreSlowdown, effect), probe: true, noProbe };
  return { slowdown: withProbe, probe: probe !== undefined, noProbe };
}

// ---------------------------------------------------------------- model.json

export function modelPath(gpu: string): string {
  return join(gpuDir(gpu), 'model.json');
}

/** A request this short alone (ms, exclusive solo mean) gets the short requests' bands (bandShort, bandSession.short). */
export const SHORT_REQUEST_MS = 2;

/** Workloads of the calibration whose request takes under SHORT_REQUEST_MS alone. */
export function shortRequests(cal: CalibrationData): Set<string> {
  return new Set(
    cal.solo.filter((x) => x.context === 'exclusive' && x.status === 'ok' && x.latencyMs && x.latencyMs.mean < SHORT_REQUEST_MS).map((x) => x.workload.id),
  );
}

/**
 * The error band of each mode: the 90th percentile of leave-one-model-out absolute errors, of the pairs the
 * probe layer corrected where it corrected any (band), and of every pair predicted without it (bandNoProbe), and of the short requests' values (bandShort).
 */
export async function crossValidatedBand(cal: CalibrationData, gpu: string, gridCache?: TimesliceGridCache): Promise<Pick<FittedModel, 'band' | 'bandNoProbe' | 'bandShort' | 'p99RangeResidual'>> {
  const { validatePairs, bandsFromRecords } = await import('../validate/crossval.js');
  const { outsideRange } = await import('../validate/range.js');
  // The p99 range is for traffic predict has not seen: the typical window, not each run's own arrivals.
  const r = await validatePairs(cal, gpu, { pairs: cal.pairs, openLoop: cal.openLoop }, 'lomo', { typicalArrivals: true, p99Range: 'fromRecords', ...(gridCache ? { gridCache } : {}) });
  const { band, bandNoProbe, bandShort } = bandsFromRecords(r.records, shortRequests(cal));
  // The p99 range's residual: what the slowdown band carried through the queue leaves outside, at the 90th percentile.
  const outside = r.openLoop.flatMap((o) => o.measuredP99Ms.map((m, i) => outsideRange(m, o.predictedP99RangeMs?.[i]))).filter((x): x is number => x !== undefined && Number.isFinite(x));
  return { band, bandNoProbe, ...(bandShort ? { bandShort } : {}), ...(outside.length ? { p99RangeResidual: quantile(outside, 0.9) } : {}) };
}

/**
 * Fit the predictor on calibration/<gpu>/ and write calibration/<gpu>/model.json (constants, regression
 * layer, error band from leave-one-model-out cross-validation). `coloc calibrate` calls this after measuring.
 */
export async function fitAndSave(gpu: string, cal?: CalibrationData): Promise<FittedModel> {
  const data = cal ?? (await import('../data/index.js')).loadCalibration(gpu);
  const gridCache = new TimesliceGridCache();
  const model = await fitModel(data, gpu, { gridCache });
  Object.assign(model, await crossValidatedBand(data, gpu, gridCache));
  // What the sessions after the calibration measured is the hosts' and the GPU's, not the fit's: a refit keeps it.
  const kept = savedSessions(gpu);
  if (kept.bandSession) model.bandSession = kept.bandSession;
  if (kept.soloSessions) model.soloSessions = kept.soloSessions;
  writeModel(gpu, model);
  return model;
}

function writeModel(gpu: string, model: FittedModel): void {
  const path = modelPath(gpu);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(model, null, 2)}\n`);
  renameSync(tmp, path);
}

function savedSessions(gpu: string): Pick<FittedModel, 'bandSession' | 'soloSessions'> {
  try {
    const { bandSession, soloSessions } = JSON.parse(readFileSync(modelPath(gpu), 'utf8')) as FittedModel;
    return { ...(bandSession ? { bandSession } : {}), ...(soloSessions ? { soloSessions } : {}) };
  } catch {
    return {};
  }
}

/**
 * Adds later sessions' solo latencies to the GPU's model.json (a session of the same name replaced). Returns
 * every session stored, or undefined where model.json is missing or stale.
 */
export function saveSoloSessions(gpu: string, cal: CalibrationData, sessions: readonly SessionSolo[]): SessionSolo[] | undefined {
  const names = new Set(sessions.map((s) => s.name));
  return updateSavedModel(gpu, cal, (m) => {
    m.soloSessions = [...(m.soloSessions ?? []).filter((s) => !names.has(s.name)), ...sessions.filter((s) => s.solo.length)];
  })?.soloSessions;
}

/** Changes the GPU's model.json where it is current (loadSavedModel) and writes it; the model, or undefined. */
function updateSavedModel(gpu: string, cal: CalibrationData, update: (model: FittedModel) => void): FittedModel | undefined {
  const model = loadSavedModel(gpu, cal);
  if (!model) return undefined;
  update(model);
  writeModel(gpu, model);
  return model;
}

/** Fewest fresh values of a mode that `sessionBand` takes a percentile of. */
export const SESSION_BAND_MIN = 20;

/**
 * The between-session band from fresh validation records with a sessionSolo prediction: per mode with at least
 * SESSION_BAND_MIN values, the 90th percentile of |coloc / sessionSolo - 1| (FittedModel.bandSession).
 */
export function sessionBand(records: readonly ValidationRecord[], short: ReadonlySet<string> = new Set()): Omit<NonNullable<FittedModel['bandSession']>, 'from'> {
  const band: Partial<Record<Mode, number>> = {};
  const n: Partial<Record<Mode, number>> = {};
  const shortBand: Partial<Record<Mode, number>> = {};
  const nShort: Partial<Record<Mode, number>> = {};
  for (const mode of MODES) {
    const moved: number[] = [];
    const movedShort: number[] = [];
    for (const r of records) {
      const s = r.baselines?.sessionSolo;
      if (r.mode !== mode || r.split !== 'fresh' || !s) continue;
      for (const i of [0, 1] as const) {
        if (!((s[i] as number) > 0)) continue;
        const d = Math.abs((r.predicted[i] as number) / (s[i] as number) - 1);
        moved.push(d);
        if (short.has(i === 0 ? r.a : r.b)) movedShort.push(d);
      }
    }
    if (moved.length < SESSION_BAND_MIN) continue;
    band[mode] = quantile(moved, 0.9);
    n[mode] = moved.length;
    if (movedShort.length >= SESSION_BAND_MIN) {
      shortBand[mode] = quantile(movedShort, 0.9);
      nShort[mode] = movedShort.length;
    }
  }
  return { band, n, ...(Object.keys(shortBand).length ? { short: shortBand, nShort } : {}) };
}

/** A stored between-session band with a new run's (sessionBand) merged in, per mode; the stored one where the run has none. */
function mergedSessionBand(kept: FittedModel['bandSession'], s: ReturnType<typeof sessionBand>, from: string): NonNullable<FittedModel['bandSession']> {
  const m: NonNullable<FittedModel['bandSession']> = { band: { ...kept?.band, ...s.band }, n: { ...kept?.n, ...s.n }, from };
  if (s.short || kept?.short) {
    m.short = { ...kept?.short, ...s.short };
    m.nShort = { ...kept?.nShort, ...s.nShort };
  }
  return m;
}

/**
 * Stores the between-session band of a fresh validation (its records, `from` naming the measured sets) in the
 * GPU's model.json, per mode where the run has enough values (the others keep theirs). Returns the bands stored,
 * or undefined where model.json is missing or stale (a refit would not keep a band of another model).
 */
export function saveSessionBand(gpu: string, cal: CalibrationData, records: readonly ValidationRecord[], from: string): FittedModel['bandSession'] {
  const s = sessionBand(records, shortRequests(cal));
  if (Object.keys(s.band).length === 0) return undefined;
  return updateSavedModel(gpu, cal, (m) => {
    m.bandSession = mergedSessionBand(m.bandSession, s, from);
  })?.bandSession;
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
