// calibration/<gpu>/{meta,solo,kernels,pairs,openloop}.json
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ColocError, EXIT } from '../errors.js';
import { calibrationDir, displayPath, gpuDir } from '../paths.js';
import type { CalibrationData } from '../types.js';
import type { SchemaTypes } from '../schemas/index.js';
import { readDataFile, sourcePart } from './json.js';

/** What a GPU name may look like (it names a folder under calibration/). */
export const GPU_NAME = /^[a-z0-9][a-z0-9._-]*$/;

/** GPUs with a calibration: subfolders of the calibration dir that hold meta.json, sorted. */
export function listGpus(): string[] {
  const dir = calibrationDir();
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && GPU_NAME.test(d.name) && existsSync(join(dir, d.name, 'meta.json')))
    .map((d) => d.name)
    .sort();
}

export function hasCalibration(gpu: string): boolean {
  return GPU_NAME.test(gpu) && existsSync(join(gpuDir(gpu), 'meta.json'));
}

/** Throws ColocError (exit 2) naming the calibrated GPUs when `gpu` has no calibration. */
export function assertCalibrated(gpu: string): void {
  if (hasCalibration(gpu)) return;
  const known = listGpus();
  throw new ColocError(
    `no calibration for GPU '${gpu}' in ${displayPath(calibrationDir())} (calibrated: ${known.length ? known.join(', ') : 'none'}; run coloc calibrate --gpu ${GPU_NAME.test(gpu) ? gpu : 'NAME'} on that GPU)`,
    EXIT.usage,
  );
}

/** Loads and schema-checks one GPU's calibration (calibration/<gpu>/). */
export function loadCalibration(gpu: string): CalibrationData {
  assertCalibrated(gpu);
  return loadCalibrationDir(gpuDir(gpu));
}

/**
 * Loads a folder laid out like calibration/<gpu>/ (also what `runner.py measure --out DIR` writes).
 * meta.json is required; a missing solo/kernels/pairs/openloop file counts as empty.
 */
export function loadCalibrationDir(dir: string): CalibrationData {
  const entries = <K extends 'solo' | 'kernels' | 'pairs' | 'openloop'>(kind: K): SchemaTypes[K]['entries'] => {
    const p = join(dir, `${kind}.json`);
    if (!existsSync(p)) return [];
    const file = readDataFile(p, kind);
    // The records stand for their file: calibrationHash identifies them by its text.
    return sourcePart(file.entries, file);
  };
  return {
    meta: readDataFile(join(dir, 'meta.json'), 'meta'),
    solo: entries('solo'),
    kernels: entries('kernels'),
    pairs: entries('pairs'),
    openLoop: entries('openloop'),
  };
}
