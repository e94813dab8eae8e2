// Fresh validation: measure pairs now on the GPU host (calibration runner, `measure`: fresh processes, fresh
// co-runs and fresh solo baselines), predict the same pairs from a fit of the calibration that excluded every
// one of them, and compare. A fresh solo latency more than 5 % away from the calibration's is reported as
// stale calibration, so such comparisons are flagged rather than silently trusted. Beside each prediction, the
// same with the set's own solo latencies (`sessionSolo`): what a user who measures solo on the host they deploy
// on gets (solo latency moves between sessions, mostly by the host's time between requests).

import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { ColocError, EXIT } from '../errors.js';
import { loadCalibrationDir, readDataFile } from '../data/index.js';
import { catalogProbes } from '../data/catalog.js';
import { displayPath } from '../paths.js';
import { deviceExpectationArgs } from '../gpus.js';
import type { CalibrationData, Mode, SoloProfile, StaleSolo, ValidationRecord, ValidationRun } from '../types.js';
import { accuracyRows } from './accuracy.js';
import type { OtherGpuPairs } from '../predictor/othergpu.js';
import { otherGpuNote, storedP99Range, validatePairs, type ValidateOptions } from './crossval.js';
import { saveSoloSessions, type FittedModel } from '../predictor/fit.js';
import { MODES } from '../predictor/core.js';
import { shownBand, slowdownBand } from '../predictor/predict.js';
import { okSolo, pooledSolo, sessionSoloOf, type SessionSolo } from '../predictor/profile.js';

export const STALE_LIMIT = 0.05;

export interface FreshMeasureOptions {
  gpu: string;
  /** Folder the runner writes into (and reads back): the same files as a calibration. */
  dir: string;
  pairs: string[];
  modes: Mode[];
  loads?: number[];
  modelFiles?: string[];
  resume?: boolean;
  backend?: 'cuda' | 'sim';
  python?: string;
  window?: number;
}

/** Runs `runner.py measure` with a progress display; throws ColocError on a runner failure (data is kept). */
export async function measureFresh(o: FreshMeasureOptions): Promise<void> {
  const { makeProgress, showRunnerEvent } = await import('../calibrate/progress.js');
  const { outcomeError, runRunner } = await import('../calibrate/runner.js');
  const args = ['measure', '--gpu', o.gpu, '--out', o.dir, ...deviceExpectationArgs(o.gpu), '--pairs', o.pairs.join(','), '--modes', o.modes.join(','), '--backend', o.backend ?? 'cuda'];
  if (o.loads?.length) args.push('--rates-load', o.loads.join(','));
  for (const f of o.modelFiles ?? []) args.push('--model-file', resolve(f));
  if (o.resume) args.push('--resume');
  if (o.window !== undefined) args.push('--window', String(o.window));
  const progress = await makeProgress();
  let outcome;
  try {
    outcome = await runRunner({
      ...(o.python ? { python: o.python } : {}),
      args,
      onEvent: (e) => showRunnerEvent(progress, e),
    });
  } finally {
    progress.stop();
  }
  const failure = outcomeError(outcome, o.dir);
  if (failure) throw failure;
}

/** Fresh solo latencies that moved more than STALE_LIMIT from the calibration's. */
export function staleSolos(cal: CalibrationData, fresh: SoloProfile[]): StaleSolo[] {
  const out: StaleSolo[] = [];
  for (const f of fresh) {
    if (f.status !== 'ok' || !f.latencyMs) continue;
    const c = okSolo(cal, f.workload.id, f.context);
    if (!c?.latencyMs) continue;
    const diff = f.latencyMs.mean / c.latencyMs.mean - 1;
    if (Math.abs(diff) > STALE_LIMIT) {
      out.push({ workload: f.workload.id, context: f.context, calibratedMs: c.latencyMs.mean, freshMs: f.latencyMs.mean, diff });
    }
  }
  return out;
}

/**
 * A workload's GPU time per request (the host-gap probe's, exclusive context) that moved more than this from the
 * calibration's in a fresh set. Between sessions most stay within about 0.5 % (`benchmarks/session-gpu-time.py`);
 * deepseek@b1s512's took 1.7-2.0 % more in five of the H100's ten sets, and in those it took one more turn of
 * the time slice per request next to short workloads (docs/accuracy.md, 2026-12-07, seventh session).
 */
export const GPU_MOVED_LIMIT = 0.015;

/** Workloads whose fresh GPU time per request moved more than GPU_MOVED_LIMIT from the calibration's: [id, relative change]. */
export function movedGpuTime(cal: CalibrationData, fresh: SoloProfile[]): [string, number][] {
  const out: [string, number][] = [];
  for (const f of fresh) {
    if (f.status !== 'ok' || f.context !== 'exclusive' || !(f.hostGap?.gpuMs && f.hostGap.gpuMs > 0)) continue;
    const c = okSolo(cal, f.workload.id, 'exclusive');
    const was = c?.hostGap?.gpuMs;
    if (!(was && was > 0)) continue;
    const d = f.hostGap.gpuMs / was - 1;
    if (Math.abs(d) > GPU_MOVED_LIMIT) out.push([f.workload.id, d]);
  }
  return out;
}

/**
 * Compares the measurements in `dir` with predictions from `cal` that exclude every measured pair (and what
 * `fit.exclude` names besides: what a smaller calibration would have predicted, benchmarks/calibration-subset.mjs).
 */
export async function compareFresh(
  cal: CalibrationData,
  gpu: string,
  dir: string,
  modes?: Mode[],
  sessions: readonly SessionSolo[] = [],
  otherGpus: readonly OtherGpuPairs[] = [],
  fit?: ValidateOptions['fit'],
): Promise<ValidationRun> {
  if (!existsSync(join(dir, 'pairs.json'))) throw new ColocError(`no measured pairs in ${displayPath(dir)} (pairs.json is missing)`, EXIT.usage);
  const fresh = loadCalibrationDir(dir);
  const [had, got] = [cal.meta.gpu.deviceName, fresh.meta.gpu.deviceName];
  if (had !== got && cal.meta.method.backend === fresh.meta.method.backend) {
    throw new ColocError(`${displayPath(dir)} was measured on ${got}, but the ${gpu} calibration on ${had}: compare it with that GPU's calibration`, EXIT.usage);
  }
  const unknown = [...new Set(fresh.pairs.flatMap((p) => [p.a.id, p.b.id]))].filter(
    (id) => !cal.solo.some((s) => s.workload.id === id && s.status === 'ok'),
  );
  const p99Range = storedP99Range(gpu, cal);
  const others = sessions.filter((s) => s.name !== basename(dir));
  const pooled = pooledSolo(cal, others);
  const r = await validatePairs(cal, gpu, { pairs: fresh.pairs, openLoop: fresh.openLoop }, 'fresh', {
    baselines: true,
    sessionSolo: fresh.solo,
    // coloc predicts with the solo latencies of the calibration and the other sessions, as predict does
    pooledSolo: pooled,
    ...(p99Range ? { p99Range } : {}),
    ...(modes ? { modes } : {}),
    ...(otherGpus.length ? { others: otherGpus } : {}),
    ...(fit ? { fit } : {}),
  });
  const stale = staleSolos(cal, fresh.solo);
  const measuredPairs = fresh.pairs.filter((p) => p.status === 'ok');
  // A workload's co-runs next to the probes are part of its profile, not pairs the fit learns from.
  const probes = catalogProbes();
  const neverPaired = [...new Set(measuredPairs.flatMap((p) => [p.a.id, p.b.id]))].filter(
    (id) => !probes.includes(id) && !cal.pairs.some((p) => p.status === 'ok' && (p.a.id === id || p.b.id === id) && !probes.includes(p.a.id === id ? p.b.id : p.a.id)),
  );
  const notes = [
    `fresh: ${measuredPairs.length} pair measurements taken ${fresh.meta.createdAt.slice(0, 10)} in fresh processes; every one predicted from a fit of the calibration that excluded all of them`,
    `workloads never seen in a calibration pair other than their probe co-runs (predicted from their solo and probe profiles): ${neverPaired.join(', ') || 'none'}`,
    `measured with ${fresh.meta.gpu.deviceName}, driver ${fresh.meta.gpu.driver}, torch ${fresh.meta.gpu.torch}; calibration: driver ${cal.meta.gpu.driver}, torch ${cal.meta.gpu.torch}`,
  ];
  if (unknown.length) notes.push(`not predicted (no solo profile in the calibration; run coloc calibrate --model-file first): ${unknown.join(', ')}`);
  if (pooled.length) notes.push(`coloc: each solo latency the mean of the calibration's and those of the ${others.length} other sessions after it that measured the workload (as predict takes them), never this set's own`);
  notes.push("sessionSolo: each pair predicted again with this set's own solo latencies in place of the calibration's, the difference counted as host time");
  notes.push(...otherGpuNote(otherGpus));
  if (stale.length) notes.push(`${stale.length} fresh solo latencies differ by more than ${STALE_LIMIT * 100} % from the calibration (between sessions mostly the host's time between requests; else the GPU or software changed): the sessionSolo predictions use them`);
  const moved = movedGpuTime(cal, fresh.solo);
  if (moved.length) {
    const list = moved.map(([id, d]) => `${id} ${d > 0 ? '+' : ''}${(d * 100).toFixed(1)} %`).join(', ');
    notes.push(`GPU time per request (host-gap probe) moved more than ${GPU_MOVED_LIMIT * 100} % from the calibration's: ${list}; the predictions keep the calibration's, and a long request near a whole number of time slices can take one turn more or less`);
  }
  const failed = [...fresh.pairs, ...fresh.openLoop].filter((x) => x.status === 'failed');
  if (failed.length) notes.push(`${failed.length} measurements failed and are left out`);
  const set = basename(resolve(dir));
  return {
    gpu,
    createdAt: new Date().toISOString(),
    kind: 'fresh',
    records: r.records.map((x) => ({ ...x, set })),
    openLoop: r.openLoop,
    accuracy: accuracyRows(gpu, r.records, r.openLoop),
    staleSolo: stale,
    notes,
  };
}

/** Several fresh runs as one: records pooled, accuracy over all of them, notes labelled by folder. */
function pooledRuns(gpu: string, runs: ValidationRun[], dirs: string[]): ValidationRun {
  const first = runs[0] as ValidationRun;
  if (runs.length === 1) return first;
  const records = runs.flatMap((r) => r.records);
  const openLoop = runs.flatMap((r) => r.openLoop);
  return {
    ...first,
    records,
    openLoop,
    accuracy: accuracyRows(gpu, records, openLoop),
    staleSolo: runs.flatMap((r) => r.staleSolo),
    notes: runs.flatMap((r, i) => r.notes.map((n) => `${displayPath(dirs[i] as string)}: ${n}`)),
  };
}

function list(x: unknown): string[] {
  return String(x ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/** N pairs drawn (seeded) from the calibrated workloads, pairs absent from the calibration first. */
export function samplePairs(cal: CalibrationData, n: number, seed = 1): string[] {
  const names = [...new Set(cal.solo.filter((s) => s.status === 'ok').map((s) => s.workload.model))].sort();
  const measured = new Set(cal.pairs.map((p) => [p.a.model, p.b.model].sort().join('+')));
  const all: string[] = [];
  for (let i = 0; i < names.length; i++) for (let j = i; j < names.length; j++) all.push(`${names[i]}+${names[j]}`);
  let s = seed >>> 0;
  const rnd = () => ((s = (Math.imul(s ^ (s >>> 15), 2246822507) + 0x9e3779b9) >>> 0) / 2 ** 32);
  const shuffled = all.map((p) => ({ p, k: (measured.has(p) ? 1 : 0) + rnd() })).sort((x, y) => x.k - y.k);
  return shuffled.slice(0, n).map((x) => x.p);
}

/** `coloc validate --gpu G (--pairs a+b,... | --sample N | --measured DIR)`: fresh co-runs vs predictions. */
export async function runFreshCommand(
  args: Record<string, unknown>,
  cal: CalibrationData,
  gpu: string,
  modes: Mode[] = ['timeslice', 'mps'],
  otherGpus: readonly OtherGpuPairs[] = [],
): Promise<{ run: ValidationRun; dirs: string[] }> {
  const loads = list(args.rates).map(Number);
  if (loads.some((l) => !(l > 0 && l < 1.5))) throw new ColocError(`--rates takes combined loads as fractions of capacity, e.g. 0.3,0.6 (got '${String(args.rates)}')`, EXIT.usage);
  let dir: string;
  if (typeof args.measured === 'string') {
    // One folder, or several (comma-separated): each is compared against its own solo runs, then pooled.
    const dirs = list(args.measured).map((d) => {
      if (!existsSync(resolve(d))) throw new ColocError(`--measured: no such folder ${d}`, EXIT.usage);
      return resolve(d);
    });
    if (!dirs.length) throw new ColocError('--measured takes a folder (or several, comma-separated)', EXIT.usage);
    const sessions = storeSessions(cal, gpu, dirs);
    const runs: ValidationRun[] = [];
    for (const d of dirs) runs.push(await compareFresh(cal, gpu, d, modes, sessions, otherGpus));
    return { run: pooledRuns(gpu, runs, dirs), dirs };
  } else {
    let pairs = list(args.pairs);
    if (!pairs.length && args.sample !== undefined) {
      const n = Number(args.sample);
      if (!(Number.isInteger(n) && n > 0)) throw new ColocError('--sample takes a positive whole number of pairs', EXIT.usage);
      pairs = samplePairs(cal, n, Date.now() % 100000);
    }
    if (!pairs.length) throw new ColocError('say what to measure: --pairs a+b,c+d, --sample N, or --measured DIR (or --offline for cross-validation)', EXIT.usage);
    for (const p of pairs) {
      if (p.split('+').filter(Boolean).length !== 2) throw new ColocError(`'${p}' is not a pair: write a+b`, EXIT.usage);
    }
    const { predictionsDir } = await import('../paths.js');
    dir = typeof args.out === 'string' ? resolve(args.out) : join(predictionsDir(), gpu, `fresh-${new Date().toISOString().slice(0, 10)}`);
    const modelFiles = (args['model-file'] as string[] | undefined) ?? [];
    await measureFresh({
      gpu,
      dir,
      pairs,
      modes,
      loads,
      modelFiles,
      resume: Boolean(args.resume),
      backend: args.backend === 'sim' ? 'sim' : 'cuda',
    });
  }
  return { run: await compareFresh(cal, gpu, dir, modes, storeSessions(cal, gpu, [dir]), otherGpus), dirs: [dir] };
}

/**
 * The solo measurements of the sets in `dirs`, stored in model.json beside those of earlier sessions (predict
 * pools them with the calibration's); returns every session known, or these alone where model.json is missing or stale.
 */
function storeSessions(cal: CalibrationData, gpu: string, dirs: readonly string[]): SessionSolo[] {
  // solo.json alone: compareFresh reads each folder whole, and names its own errors (a missing pairs.json).
  const these = dirs.filter((d) => existsSync(join(d, 'solo.json'))).map((d) => sessionSoloOf(basename(d), readDataFile(join(d, 'solo.json'), 'solo').entries));
  return saveSoloSessions(gpu, cal, these) ?? these;
}

/** Per mode: how many fresh values fell inside the band predict shows, of all and of the short requests. */
export interface BandCoverage {
  mode: Mode;
  inside: number;
  n: number;
  shortInside: number;
  shortN: number;
}

/**
 * How many of a fresh run's values fall inside the band predict shows for them (shownBand: cross-validated,
 * between sessions, and the short requests' where the one slowed has a short request; `probeCorrected` picks
 * the probe layer's band), with `model`'s bands: the nominal share is 90 %.
 */
export function bandCoverage(model: Pick<FittedModel, 'band' | 'bandNoProbe' | 'bandShort' | 'bandSession'>, records: readonly ValidationRecord[], short: ReadonlySet<string>): BandCoverage[] {
  const out: BandCoverage[] = [];
  for (const mode of MODES) {
    const c: BandCoverage = { mode, inside: 0, n: 0, shortInside: 0, shortN: 0 };
    for (const r of records) {
      if (r.mode !== mode || r.split !== 'fresh') continue;
      const band = slowdownBand(model, mode, r.probeCorrected === true);
      for (const i of [0, 1] as const) {
        const [m, p] = [r.measured[i] as number, r.predicted[i] as number];
        if (!(m > 0 && p > 0)) continue;
        const isShort = short.has(i === 0 ? r.a : r.b);
        const ok = Math.abs(p / m - 1) <= shownBand(model, mode, band, false, isShort);
        c.n++;
        c.inside += ok ? 1 : 0;
        if (isShort) {
          c.shortN++;
          c.shortInside += ok ? 1 : 0;
        }
      }
    }
    if (c.n) out.push(c);
  }
  return out;
}

/** The validation note on band coverage (bandCoverage), or undefined where no mode has values. */
export function bandCoverageNote(cov: readonly BandCoverage[], shortMs: number): string | undefined {
  if (!cov.length) return undefined;
  const pct = (a: number, n: number): string => `${((100 * a) / n).toFixed(1)} %`;
  const parts = cov.map((c) => `${c.mode} ${pct(c.inside, c.n)} of ${c.n}${c.shortN ? ` (requests under ${shortMs} ms alone: ${pct(c.shortInside, c.shortN)} of ${c.shortN})` : ''}`);
  return `band: inside the band predict shows (nominally 90 %; its between-session part is fitted on these values): ${parts.join('; ')}`;
}
