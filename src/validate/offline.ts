// Offline validation: cross-validation on a GPU's committed calibration (no GPU needed).

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TimesliceGridCache } from '../predictor/fit.js';
import type { CalibrationData, Split, ValidationRun } from '../types.js';
import { accuracyRows } from './accuracy.js';
import { otherGpuNote, storedP99Range, validatePairs, type ValidateOptions } from './crossval.js';
import { transferCheck } from './transfer.js';
import { mean } from '../predictor/stats.js';

export interface OfflineOptions {
  splits?: Split[];
  /** Another GPU's calibration to check transfer from (predict this GPU's pairs from it alone). */
  transferFrom?: { gpu: string; cal: CalibrationData };
  modes?: ValidateOptions['modes'];
  /** Other calibrated GPUs whose measurement of a pair moves coloc's prediction, as in predict (crossval's storedOtherGpus). */
  others?: ValidateOptions['others'];
  onProgress?: (split: Split, done: number, total: number) => void;
}

/** The cross-validations `runOffline` runs by default, and all that `validate --offline --splits` may choose. */
export const OFFLINE_SPLITS: readonly Split[] = ['lopo', 'lomo', 'lomf'];

/**
 * Leave-one-pair-out, leave-one-model-out (the workload: the model at one batch size and sequence length) and
 * leave-one-model-out with all its sizes (lomf) on the calibration itself, with both baselines.
 */
export async function runOffline(cal: CalibrationData, gpu: string, opts: OfflineOptions = {}): Promise<ValidationRun> {
  const gridCache = new TimesliceGridCache();
  const run: ValidationRun = { gpu, createdAt: new Date().toISOString(), kind: 'offline', records: [], openLoop: [], accuracy: [], staleSolo: [], notes: [] };
  const measured = { pairs: cal.pairs, openLoop: cal.openLoop };
  const p99Range = storedP99Range(gpu, cal);
  for (const split of opts.splits ?? OFFLINE_SPLITS) {
    const r = await validatePairs(cal, gpu, measured, split, {
      baselines: true,
      gridCache,
      ...(p99Range ? { p99Range } : {}),
      ...(opts.modes ? { modes: opts.modes } : {}),
      ...(opts.others?.length ? { others: opts.others } : {}),
      onProgress: (d, t) => opts.onProgress?.(split, d, t),
    });
    run.records.push(...r.records);
    run.openLoop.push(...r.openLoop);
    run.notes.push(`${split}: ${r.fits} fits`);
  }
  if (opts.transferFrom) {
    const t = await transferCheck(opts.transferFrom, { gpu, cal });
    run.records.push(...t.records);
    const solo = t.soloErrors.map((e) => Math.abs(e.predictedMs / e.measuredMs - 1));
    run.notes.push(
      `transfer: ${t.records.length} pairs of ${gpu} predicted from ${opts.transferFrom.gpu}'s calibration alone; solo latency transfer error mean ${(mean(solo) * 100).toFixed(1)} % over ${solo.length} workloads; ownProfiles: the same pairs from ${gpu}'s own solo profiles with ${opts.transferFrom.gpu}'s constants, as for a GPU calibrated with solo profiles only; both moved under MPS and streams by ${opts.transferFrom.gpu}'s residual of the pairs it measured where the two GPUs share an architecture, as predict does (thisGpu: the transferred prediction without it)`,
    );
  } else {
    run.notes.push('transfer: not checked (no other calibrated GPU with a spec entry)');
  }
  run.notes.push(...otherGpuNote(opts.others ?? []));
  run.accuracy = accuracyRows(gpu, run.records, run.openLoop);
  run.notes.push(
    'lomo: each pair is predicted from a fit that saw no pair of either of its two workloads (both keep their solo profiles and, for the probe and effects layers, their probe co-runs); lomf: the same, the fit also without any pair of another size of either model (bert@b16s128 next to gpt2@b8s512 predicted without a pair of bert or gpt2 at any batch size or sequence length); noProbes: the same fit without the probe and effects layers',
    'errors are absolute percentage errors of each workload\'s slowdown (two per pair); open loop: p50/p99 latency of each workload',
    `calibration backend: ${cal.meta.method.backend}; ${cal.meta.gpu.deviceName}, driver ${cal.meta.gpu.driver}, torch ${cal.meta.gpu.torch}`,
  );
  return run;
}

/** A run's default file name: its kind and date (offline-2026-12-02.json). */
export function runFileName(run: ValidationRun): string {
  return `${run.kind}-${run.createdAt.slice(0, 10)}.json`;
}

/** Writes the run to <dir>/offline-<date>.json and returns the path. */
export function saveRun(run: ValidationRun, dir: string, file?: string): string {
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
  const path = file ?? join(dir, runFileName(run));
  writeFileSync(path, `${JSON.stringify(run, null, 2)}\n`);
  return path;
}
