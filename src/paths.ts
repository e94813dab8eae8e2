// Where coloc finds its data. Everything is relative to the package root (found from this file's URL),
// so `npx coloc` works from any working directory.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package root: the nearest folder above this file that holds coloc's package.json (this file is
 * src/paths.ts, dist/paths.js, or a chunk of the bundle under dist/bundle/), and the version that file gives.
 */
const PACKAGE = findPackage(dirname(fileURLToPath(import.meta.url)));
export const PACKAGE_ROOT: string = PACKAGE.root;
export const PACKAGE_VERSION: string = PACKAGE.version;

function findPackage(from: string): { root: string; version: string } {
  for (let dir = from; ; ) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'coloc') return { root: dir, version: typeof pkg.version === 'string' ? pkg.version : 'unknown' };
    } catch {
      // no (readable) package.json here: go up
    }
    const up = dirname(dir);
    if (up === dir) return { root: resolve(from, '..'), version: 'unknown' };
    dir = up;
  }
}

/** calibration/ of the package, or $COLOC_DATA_DIR when set (tests use it). */
export function calibrationDir(): string {
  const env = process.env.COLOC_DATA_DIR;
  return env ? resolve(env) : join(PACKAGE_ROOT, 'calibration');
}

/** calibration/<gpu>/ */
export function gpuDir(gpu: string): string {
  return join(calibrationDir(), gpu);
}

/** predictions/ of the package, or $COLOC_PREDICTIONS_DIR when set. */
export function predictionsDir(): string {
  const env = process.env.COLOC_PREDICTIONS_DIR;
  return env ? resolve(env) : join(PACKAGE_ROOT, 'predictions');
}

export function modelsDir(): string {
  return join(PACKAGE_ROOT, 'models');
}

export function catalogPath(): string {
  return join(modelsDir(), 'catalog.json');
}

/** calibration/runner.py, or $COLOC_RUNNER when set (tests point it at a fake runner). */
export function runnerPath(): string {
  const env = process.env.COLOC_RUNNER;
  return env ? resolve(env) : join(PACKAGE_ROOT, 'calibration', 'runner.py');
}

/** A path as shown in messages: relative to the cwd when inside it, else relative to the package root, else absolute. */
export function displayPath(p: string): string {
  const abs = resolve(p);
  for (const base of [process.cwd(), PACKAGE_ROOT]) {
    const rel = relative(base, abs);
    if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) return rel;
  }
  return abs;
}
