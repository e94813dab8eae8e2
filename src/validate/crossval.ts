// Predicted-vs-measured comparisons. One function serves offline cross-validation (the measured pairs are
// the calibration's own) and fresh validation (pairs measured now): every measured pair is predicted from a
// fit that excludes it (lopo), or excludes every pair of both its workloads (lomo), or every pair of any size of
// either's model (lomf: bert@b16s128's pairs predicted without bert at any batch size or sequence length), or
// excludes all the measured pairs at once (fresh); the workloads keep their solo profiles.

import type { CalibrationData, Mode, OpenLoopMeasurement, OpenLoopRecord, PairMeasurement, SoloProfile, Split, ValidationRecord } from '../types.js';
import { coreOpenLoop, MODES, PREDICT_SIM } from '../predictor/core.js';
import { measuredArrivalSeeds } from '../predictor/pyrandom.js';
import { fitModel, loadSavedModel, pairKey, SESSION_BAND_MIN, TimesliceGridCache, type FitExclusion, type FitOptions, type FittedModel } from '../predictor/fit.js';
import { OTHER_GPU_MODES, type OtherGpuPairs } from '../predictor/othergpu.js';
import { findMeasured, otherGpu, p99Ranges, pairSlowdowns, slowdownBand } from '../predictor/predict.js';
import { quantile } from '../predictor/stats.js';
import { buildProfiles, withSessionSolo, type WorkloadProfile } from '../predictor/profile.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ColocError } from '../errors.js';
import { gpuDir } from '../paths.js';
import { sameArchitecture } from '../gpus.js';
import { listGpus, loadCalibration, parseWorkloadId, readDataFile } from '../data/index.js';
import { fitBaselines, type BaselineModels } from './baselines.js';

export interface MeasuredSet {
  pairs: PairMeasurement[];
  openLoop?: OpenLoopMeasurement[];
}

export interface ValidateOptions {
  modes?: readonly Mode[];
  /** Also predict with the baselines (constant mean, linear regression on utilisation). */
  baselines?: boolean;
  gridCache?: TimesliceGridCache;
  /**
   * Passed to every fit: noRegression (to measure the core alone), exclude (pairs or workloads no fold may
   * train on, added to the split's own exclusion: e.g. to ask what a smaller calibration would have predicted).
   */
  fit?: Pick<FitOptions, 'noRegression' | 'exclude'>;
  /** Called after each fit with (done, total). */
  onProgress?: (done: number, total: number) => void;
  /**
   * Open loop: simulate each run with arrivals of its own draw instead of the run's own arrival sequence (the
   * typical window, as `predict --rates` gives for traffic it has not seen; the band predict shows).
   */
  typicalArrivals?: boolean;
  /**
   * Open loop: also the p99 range predict shows (predict.ts p99Ranges), from these slowdown bands and residual,
   * or ('fromRecords') from the bands of this validation's own pair records, as crossValidatedBand fits them.
   */
  p99Range?: { bands: Pick<FittedModel, 'band' | 'bandNoProbe'>; residual?: number } | 'fromRecords';
  /**
   * Solo measurements of the session the pairs were measured in (a fresh set's own): each pair is also predicted
   * with its workloads' solo latencies from there (withSessionSolo), as the record's `sessionSolo` prediction.
   */
  sessionSolo?: readonly SoloProfile[];
  /**
   * Solo latencies to predict with in place of the calibration's (pooledSolo: the mean over the calibration and
   * the other sessions after it), for coloc's own predictions, as `predict` makes them; the baselines keep the
   * calibration's.
   */
  pooledSolo?: readonly SoloProfile[];
  /**
   * Other calibrated GPUs whose measurement of the same pair moves coloc's prediction, as predict does (MPS,
   * streams; othergpu.ts); the record keeps the prediction from this GPU's data alone as `thisGpu`.
   */
  others?: readonly OtherGpuPairs[];
}

export interface ValidateResult {
  records: ValidationRecord[];
  openLoop: OpenLoopRecord[];
  /** Number of fits made. */
  fits: number;
}

/**
 * The exclusion a split imposes for one held-out pair (a, b) of one mode. A self-pair's leave-one-model-out
 * folds also name the pair: a held-out probe's co-run next to itself is part of its profile in the folds of its
 * other pairs (the effects layer uses it there), not in the fold that predicts it.
 */
export function exclusionFor(split: Split, mode: Mode, a: string, b: string, all: MeasuredSet): FitExclusion {
  const self = a === b ? { pairs: new Set([pairKey(mode, a, b)]) } : {};
  switch (split) {
    case 'lomo':
      return { workloads: new Set([a, b]), ...self };
    case 'lomf': {
      const models = new Set([a, b].map((id) => parseWorkloadId(id)?.model ?? id));
      const ids = new Set([a, b]);
      for (const p of all.pairs) for (const w of [p.a, p.b]) if (models.has(w.model)) ids.add(w.id);
      return { workloads: ids, ...self };
    }
    case 'lopo':
      return { pairs: new Set([pairKey(mode, a, b)]) };
    default:
      return { pairs: new Set(all.pairs.map((p) => pairKey(p.mode, p.a.id, p.b.id))) };
  }
}

function mergeExclusions(a: FitExclusion, b: FitExclusion | undefined): FitExclusion {
  if (!b) return a;
  return { workloads: new Set([...(a.workloads ?? []), ...(b.workloads ?? [])]), pairs: new Set([...(a.pairs ?? []), ...(b.pairs ?? [])]) };
}

function exclusionKey(ex: FitExclusion): string {
  return `${[...(ex.workloads ?? [])].sort().join(',')}|${[...(ex.pairs ?? [])].sort().join(',')}`;
}

/**
 * Predict every measured pair (and open-loop run) of `measured` from a fit of `cal` that excludes it as
 * `split` says, and return predicted-vs-measured records. Fits are shared between pairs with the same
 * exclusion; the time-slice grid is evaluated once for all of them.
 */
export async function validatePairs(cal: CalibrationData, gpu: string, measured: MeasuredSet, split: Split, opts: ValidateOptions = {}): Promise<ValidateResult> {
  const modes = opts.modes ?? MODES;
  const profiles = buildProfiles(cal);
  const withSolo = (solo: readonly SoloProfile[]): Map<string, WorkloadProfile> => new Map([...profiles].map(([id, p]) => [id, withSessionSolo(p, solo)]));
  const session = opts.sessionSolo ? withSolo(opts.sessionSolo) : undefined;
  // What coloc predicts with: the pooled solo latencies where given, else the calibration's.
  const coloc = opts.pooledSolo?.length ? withSolo(opts.pooledSolo) : profiles;
  const cache = opts.gridCache ?? new TimesliceGridCache();
  type Job = { kind: 'pair'; m: PairMeasurement } | { kind: 'open'; m: OpenLoopMeasurement };
  const groups = new Map<string, { ex: FitExclusion; modes: Set<Mode>; jobs: Job[] }>();
  const add = (ex: FitExclusion, mode: Mode, job: Job): void => {
    const k = exclusionKey(ex);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { ex, modes: new Set(), jobs: [] }));
    g.modes.add(mode);
    g.jobs.push(job);
  };
  for (const m of measured.pairs) {
    if (m.status !== 'ok' || !m.slowdown || !modes.includes(m.mode)) continue;
    if (!profiles.has(m.a.id) || !profiles.has(m.b.id)) continue;
    add(exclusionFor(split, m.mode, m.a.id, m.b.id, measured), m.mode, { kind: 'pair', m });
  }
  for (const m of measured.openLoop ?? []) {
    if (m.status !== 'ok' || !m.p99Ms || !m.p50Ms || !profiles.has(m.a.id)) continue;
    if (m.b && !profiles.has(m.b.id)) continue;
    const mode: Mode = m.mode === 'exclusive' ? 'timeslice' : m.mode;
    if (m.mode !== 'exclusive' && !modes.includes(m.mode)) continue;
    add(exclusionFor(split, mode, m.a.id, m.b?.id ?? m.a.id, measured), mode, { kind: 'open', m });
  }
  const records: ValidationRecord[] = [];
  const openLoop: OpenLoopRecord[] = [];
  // Open-loop runs wait for every pair record: their p99 range may take its bands from them.
  const openJobs: { model: FittedModel; m: OpenLoopMeasurement }[] = [];
  let done = 0;
  for (const g of groups.values()) {
    const ex = mergeExclusions(g.ex, opts.fit?.exclude);
    const model = await fitModel(cal, gpu, { ...opts.fit, exclude: ex, modes: [...g.modes], gridCache: cache });
    const baselines = opts.baselines ? await fitBaselines(cal, profiles, ex, [...g.modes]) : undefined;
    for (const job of g.jobs) {
      if (job.kind === 'pair') records.push(pairRecord(gpu, split, model, profiles, coloc, job.m, baselines, session, opts.others ?? []));
      else openJobs.push({ model, m: job.m });
    }
    opts.onProgress?.(++done, groups.size);
  }
  const range = opts.p99Range === 'fromRecords' ? { bands: bandsFromRecords(records) } : opts.p99Range;
  for (const j of openJobs) openLoop.push(openRecord(gpu, split, j.model, coloc, j.m, opts.typicalArrivals !== true, range, opts.others ?? []));
  return { records, openLoop, fits: groups.size };
}

function pairRecord(
  gpu: string,
  split: Split,
  model: FittedModel,
  profiles: Map<string, WorkloadProfile>,
  colocProfiles: Map<string, WorkloadProfile>,
  m: PairMeasurement,
  baselines: BaselineModels | undefined,
  sessionProfiles: Map<string, WorkloadProfile> | undefined,
  others: readonly OtherGpuPairs[],
): ValidationRecord {
  // The baselines take the calibration's profiles; coloc the ones it predicts with (validatePairs' pooledSolo).
  const a = profiles.get(m.a.id) as WorkloadProfile;
  const b = profiles.get(m.b.id) as WorkloadProfile;
  const s = pairSlowdowns(model, m.mode, colocProfiles.get(a.id) as WorkloadProfile, colocProfiles.get(b.id) as WorkloadProfile, PREDICT_SIM, others);
  // The same pair with the session's solo latencies (validatePairs' sessionSolo).
  const session = sessionProfiles ? pairSlowdowns(model, m.mode, sessionProfiles.get(a.id) as WorkloadProfile, sessionProfiles.get(b.id) as WorkloadProfile, PREDICT_SIM, others).slowdown : undefined;
  return {
    gpu,
    mode: m.mode,
    split,
    a: a.id,
    b: b.id,
    measured: m.slowdown as [number, number],
    predicted: s.slowdown,
    ...(m.latencyMs ? { measuredLatencyMs: m.latencyMs } : {}),
    predictedLatencyMs: s.latencyMs,
    ...(s.probe[0] && s.probe[1] ? { probeCorrected: true } : {}),
    // Without the probe and effects layers (as for workloads without probe co-runs), beside the baselines.
    baselines: {
      noProbes: s.noProbe,
      ...(s.otherGpu ? { thisGpu: s.otherGpu.thisGpu } : {}),
      ...(session ? { sessionSolo: session } : {}),
      ...(baselines ? baselines.predict(m.mode, a, b) : {}),
    },
  };
}

function openRecord(
  gpu: string,
  split: Split,
  model: FittedModel,
  profiles: Map<string, WorkloadProfile>,
  m: OpenLoopMeasurement,
  ownArrivals: boolean,
  range: { bands: Pick<FittedModel, 'band' | 'bandNoProbe'>; residual?: number } | undefined,
  others: readonly OtherGpuPairs[],
): OpenLoopRecord {
  const a = profiles.get(m.a.id) as WorkloadProfile;
  const b = m.b ? profiles.get(m.b.id) : undefined;
  const mode: Mode = m.mode === 'exclusive' ? 'timeslice' : m.mode;
  const rates: [number, number] = [m.ratesRps[0] ?? 0, m.ratesRps[1] ?? 0];
  let scale: [number, number] = [1, 1];
  let probed = false;
  if (b) {
    const s = pairSlowdowns(model, mode, a, b, PREDICT_SIM, others);
    scale = [s.slowdown[0] / s.core[0], s.slowdown[1] / s.core[1]];
    probed = s.probe[0] && s.probe[1];
  }
  // Simulated over the measurement's own window from an empty queue and with its own arrivals, as it was
  // measured: the runner's seeds are fixed per load, so one arrival pattern is shared by every pair at a load
  // and how bursty it happens to be moves every p99 measured there (benchmarks/openloop-seeds.py).
  const own = ownArrivals ? { arrivalSeeds: measuredArrivalSeeds(m) } : {};
  const settings = { horizonRequests: 20000, windowMs: m.windowS * 1000, ...own };
  const [oa, ob] = coreOpenLoop(mode, a, b, model.params, rates, scale, settings);
  const sides = b ? [oa, ob] : [oa];
  const ranges =
    range && b
      ? p99Ranges((f) => coreOpenLoop(mode, a, b, model.params, rates, [scale[0] * f, scale[1] * f], settings), sides.map((o) => o?.p99Ms ?? NaN), slowdownBand(range.bands, mode, probed), range.residual)
      : undefined;
  return {
    gpu,
    mode: m.mode,
    split,
    a: a.id,
    ...(b ? { b: b.id } : {}),
    load: m.load,
    measuredP50Ms: m.p50Ms as number[],
    predictedP50Ms: sides.map((o) => o?.p50Ms ?? NaN),
    measuredP99Ms: m.p99Ms as number[],
    predictedP99Ms: sides.map((o) => o?.p99Ms ?? NaN),
    ...(sides.every((o) => o?.windowNoise)
      ? { windowNoiseP50: sides.map((o) => o?.windowNoise?.p50 ?? 0), windowNoiseP99: sides.map((o) => o?.windowNoise?.p99 ?? 0) }
      : {}),
    ...(ranges ? { predictedP99RangeMs: ranges } : {}),
  };
}

/**
 * The slowdown bands of a set of leave-one-model-out records, as model.json stores them: per mode the 90th
 * percentile of absolute errors of the probe-corrected pairs (of all pairs where none was), and of every pair
 * without the probe layer (bandNoProbe).
 */
export function bandsFromRecords(records: readonly ValidationRecord[], short?: ReadonlySet<string>): Pick<FittedModel, 'band' | 'bandNoProbe' | 'bandShort'> {
  const band: FittedModel['band'] = {};
  const bandNoProbe: NonNullable<FittedModel['bandNoProbe']> = {};
  const bandShort: NonNullable<FittedModel['bandShort']> = {};
  const errs = (pred: number[], meas: number[]): number[] => [0, 1].map((i) => Math.abs((pred[i] as number) / (meas[i] as number) - 1));
  for (const mode of MODES) {
    const rs = records.filter((x) => x.mode === mode);
    const plain = rs.flatMap((x) => errs(x.baselines?.noProbes ?? x.predicted, x.measured));
    // From this GPU's data alone where another GPU's pair moved the prediction: the band of a pair no GPU measured.
    const own = (x: ValidationRecord): number[] => x.baselines?.thisGpu ?? x.predicted;
    const probed = rs.filter((x) => x.probeCorrected);
    const kept = probed.length ? probed : rs;
    if (plain.length) bandNoProbe[mode] = quantile(plain, 0.9);
    const main = kept.flatMap((x) => errs(own(x), x.measured));
    if (main.length) band[mode] = quantile(main, 0.9);
    // The same values of the workloads with a short request, as the one slowed.
    const shortErrs = short ? kept.flatMap((x) => errs(own(x), x.measured).filter((_, i) => short.has(i === 0 ? x.a : x.b))) : [];
    if (shortErrs.length >= SESSION_BAND_MIN) bandShort[mode] = quantile(shortErrs, 0.9);
  }
  return { band, bandNoProbe, ...(Object.keys(bandShort).length ? { bandShort } : {}) };
}

/**
 * The p99 range option of a validation: the bands and residual of the GPU's stored model (what predict shows),
 * where model.json is current for this calibration; else none (no range recorded).
 */
export function storedP99Range(gpu: string, cal: CalibrationData): ValidateOptions['p99Range'] {
  const saved = loadSavedModel(gpu, cal);
  return saved ? { bands: saved, ...(saved.p99RangeResidual !== undefined ? { residual: saved.p99RangeResidual } : {}) } : undefined;
}

/**
 * The other calibrated GPUs (beside `gpu`) of its architecture (both in the spec table) with a model.json current
 * for their calibration, as predict and validate use them (othergpu.ts). With `pair`, only those that measured it
 * under MPS or streams, their pairs.json read first and the rest of a calibration only where it has the pair
 * (predict's start-up). With `notes`, a GPU whose calibration cannot be read is left out with a note there (a
 * prediction from this GPU's data alone); without, its error stands. `loaded`: calibrations the caller has read
 * already (an estimate's source GPU), used instead of reading them again.
 */
export function storedOtherGpus(gpu: string, opts: { pair?: [string, string]; notes?: string[]; loaded?: ReadonlyMap<string, CalibrationData> } = {}): OtherGpuPairs[] {
  const out: OtherGpuPairs[] = [];
  for (const g of listGpus()) {
    if (g === gpu || !sameArchitecture(g, gpu)) continue;
    try {
      const known = opts.loaded?.get(g);
      if (opts.pair) {
        const path = join(gpuDir(g), 'pairs.json');
        const [a, b] = opts.pair;
        if (!known && !existsSync(path)) continue;
        const pairs = known ? known.pairs : readDataFile(path, 'pairs').entries;
        if (!OTHER_GPU_MODES.some((m) => findMeasured(pairs, m, a, b))) continue;
      }
      const cal = known ?? loadCalibration(g);
      const model = loadSavedModel(g, cal);
      if (model) out.push(otherGpu(g, cal, model));
    } catch (e) {
      // Another GPU's unreadable calibration does not stop a prediction from this one's.
      if (!opts.notes || !(e instanceof ColocError)) throw e;
      opts.notes.push(`${g}'s calibration could not be read (${e.message}): predicted from ${gpu}'s data alone`);
    }
  }
  return out;
}

/** The validation run's note on the other GPUs' pairs (the thisGpu predictor), where there are any. */
export function otherGpuNote(others: readonly OtherGpuPairs[]): string[] {
  if (!others.length) return [];
  return [
    `thisGpu: where another calibrated GPU (${others.map((o) => o.gpu).join(', ')}) measured the pair under MPS or streams, coloc's prediction moved by its residual there, as predict does (othergpu.ts); thisGpu is the prediction from this GPU's data alone, what a pair no other GPU measured gets`,
  ];
}
