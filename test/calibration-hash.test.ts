// The calibration hash that ties model.json to the calibration it was fitted on.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCalibrationDir } from '../src/data/index.js';
import { calibrationHash } from '../src/predictor/fit.js';
import { syntheticCalibration } from '../src/predictor/synthetic.js';
import { DEFAULT_CONCURRENT } from '../src/predictor/concurrent.js';

const truth = {
  timeslice: { quantumMs: 1.5, switchMs: 0.08, boundary: 'preempt' as const },
  mps: { ...DEFAULT_CONCURRENT, base: 0.05 },
  streams: { ...DEFAULT_CONCURRENT },
};

function writeCalibration(): string {
  const cal = syntheticCalibration(truth, { modes: ['mps'] });
  const dir = mkdtempSync(join(tmpdir(), 'coloc-hash-'));
  writeFileSync(join(dir, 'meta.json'), JSON.stringify(cal.meta));
  for (const [kind, entries] of [['solo', cal.solo], ['kernels', cal.kernels], ['pairs', cal.pairs], ['openloop', cal.openLoop]] as const) {
    writeFileSync(join(dir, `${kind}.json`), JSON.stringify({ entries }, null, 1));
  }
  return dir;
}

describe('calibration hash', () => {
  it('is the same for the same files read twice, and changes when a file changes', () => {
    const dir = writeCalibration();
    const h = calibrationHash(loadCalibrationDir(dir));
    expect(calibrationHash(loadCalibrationDir(dir))).toBe(h);
    const path = join(dir, 'pairs.json');
    const pairs = JSON.parse(readFileSync(path, 'utf8')) as { entries: { slowdown: number[] }[] };
    (pairs.entries[0] as { slowdown: number[] }).slowdown[0] = 9;
    writeFileSync(path, JSON.stringify(pairs, null, 1));
    expect(calibrationHash(loadCalibrationDir(dir))).not.toBe(h);
  });

  it('hashes data built in memory by its contents, and a part replaced after loading as what it now holds', () => {
    const dir = writeCalibration();
    const cal = loadCalibrationDir(dir);
    const copy = structuredClone(cal);
    expect(calibrationHash(copy)).toBe(calibrationHash(structuredClone(cal)));
    const h = calibrationHash(cal);
    const fewer = { ...cal, pairs: cal.pairs.slice(1) };
    expect(calibrationHash(fewer)).not.toBe(h);
    expect(calibrationHash({ ...cal, pairs: [...cal.pairs] })).not.toBe(calibrationHash(fewer));
  });
});
