// Calls the CLI's main() in-process and captures what it writes.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';
import { main } from '../../src/cli.js';
import type { CalibrationData } from '../../src/types.js';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function coloc(...argv: string[]): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await main(argv);
    return { code, stdout, stderr };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

export function tempDir(prefix = 'coloc-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes a calibration folder <root>/<gpu>/ from data (files omitted when their list is empty and omitEmpty). */
export function writeCalibration(root: string, gpu: string, data: CalibrationData): string {
  const dir = join(root, gpu);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'meta.json'), JSON.stringify(data.meta, null, 1));
  writeFileSync(join(dir, 'solo.json'), JSON.stringify({ entries: data.solo }));
  writeFileSync(join(dir, 'kernels.json'), JSON.stringify({ entries: data.kernels }));
  writeFileSync(join(dir, 'pairs.json'), JSON.stringify({ entries: data.pairs }));
  if (data.openLoop.length) writeFileSync(join(dir, 'openloop.json'), JSON.stringify({ entries: data.openLoop }));
  return dir;
}
