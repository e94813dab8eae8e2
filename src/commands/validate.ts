// coloc validate --offline --gpu G [--json]: cross-validation on the committed calibration.

import { dirname, join } from 'node:path';
import { ColocError, EXIT } from '../errors.js';
import { listGpus, loadCalibration } from '../data/index.js';
import { transferSource } from '../validate/transfer.js';
import { displayPath, PACKAGE_ROOT, predictionsDir } from '../paths.js';
import type { AccuracyRow, Mode } from '../types.js';
import { saveRun, runOffline } from '../validate/offline.js';
import { out, printJson, table } from './format.js';
import { importOptional } from './registry.js';

function parseModes(x: unknown): Mode[] | undefined {
  if (x === undefined || x === '') return undefined;
  const ms = String(x).split(',').map((s) => s.trim());
  for (const m of ms) {
    if (m !== 'timeslice' && m !== 'mps' && m !== 'streams') throw new ColocError(`unknown mode '${m}' (modes: timeslice, mps, streams)`, EXIT.usage);
  }
  return ms as Mode[];
}

const pct = (x: number): string => (Number.isFinite(x) ? `${(x * 100).toFixed(2)} %` : '-');

export function renderAccuracy(gpu: string, rows: AccuracyRow[]): string {
  const lines = [`Offline validation on ${gpu} (absolute percentage error of slowdown; open loop: of p50/p99 latency)`, ''];
  lines.push(
    table(
      ['split', 'mode', 'predictor', 'n', 'MAPE', 'median', 'max'],
      rows.map((r) => [r.split, r.mode, r.predictor, String(r.n), pct(r.mape), pct(r.medianError), pct(r.maxError)]),
    ),
  );
  return lines.join('\n');
}

export async function run(args: Record<string, unknown>): Promise<number> {
  const gpu = String(args.gpu ?? '').toLowerCase();
  if (!args.offline) {
    throw new ColocError('fresh validation (co-runs on a GPU host) is not wired in this build; use --offline for cross-validation on the calibration', EXIT.usage);
  }
  const cal = loadCalibration(gpu);
  const modes = parseModes(args.modes);
  const progress = !args.json && process.stderr.isTTY;
  const source = transferSource(gpu, listGpus());
  const runResult = await runOffline(cal, gpu, {
    ...(modes ? { modes } : {}),
    ...(source ? { transferFrom: { gpu: source, cal: loadCalibration(source) } } : {}),
    onProgress: (split, d, t) => {
      if (progress) process.stderr.write(`\r${split}: fit ${d}/${t}${d === t ? '\n' : ''}`);
    },
  });
  const outFile = typeof args.out === 'string' ? args.out : undefined;
  const dir = outFile ? dirname(outFile) : join(predictionsDir(), gpu);
  const path = saveRun(runResult, dir, outFile);
  // The HTML + Markdown report, when the report module is in this build.
  const report = await importOptional<{ renderReport?: (runs: unknown[], outDir: string) => Promise<unknown> }>('../report/index.js');
  let reportDir: string | undefined;
  if (typeof report?.renderReport === 'function') {
    reportDir = process.env.COLOC_PREDICTIONS_DIR ? join(dir, 'report') : join(PACKAGE_ROOT, 'docs', 'validation');
    await report.renderReport([runResult], reportDir);
  }
  if (args.json) {
    printJson({
      gpu,
      results: runResult.accuracy.map((r) => ({ mode: r.mode, split: r.split, mape: r.mape, maxError: r.maxError, n: r.n, predictor: r.predictor, medianError: r.medianError })),
    });
  } else {
    out(renderAccuracy(gpu, runResult.accuracy));
    out(`\nrun: ${displayPath(path)}${reportDir ? `\nreport: ${displayPath(reportDir)}` : ''}`);
  }
  return 0;
}
