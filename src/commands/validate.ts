// coloc validate --offline --gpu G [--json]: cross-validation on the committed calibration.

import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ColocError, EXIT } from '../errors.js';
import { listGpus, loadCalibration, readDataFile } from '../data/index.js';
import { transferSource } from '../validate/transfer.js';
import { MODES } from '../predictor/core.js';
import { displayPath, PACKAGE_ROOT, predictionsDir } from '../paths.js';
import type { AccuracyRow, CalibrationData, Mode, ValidationRun } from '../types.js';
import { storedOtherGpus } from '../validate/crossval.js';
import { OFFLINE_SPLITS, runFileName, runOffline, saveRun } from '../validate/offline.js';
import { out, printJson, table } from './format.js';
import { importOptional } from './registry.js';

/** A comma-separated option whose values must each be one of `allowed` (`what` names one, as in the error). */
function parseChoices<T extends string>(x: unknown, allowed: readonly T[], what: string): T[] | undefined {
  if (x === undefined || x === '') return undefined;
  const vs = String(x).split(',').map((s) => s.trim());
  for (const v of vs) {
    if (!(allowed as readonly string[]).includes(v)) throw new ColocError(`unknown ${what} '${v}' (${what}s: ${allowed.join(', ')})`, EXIT.usage);
  }
  return vs as T[];
}

const pct = (x: number): string => (Number.isFinite(x) ? `${(x * 100).toFixed(2)} %` : '-');

export function renderAccuracy(gpu: string, rows: AccuracyRow[], title = 'Offline validation'): string {
  const lines = [`${title} on ${gpu} (absolute percentage error of slowdown; open loop: of p50/p99 latency)`, ''];
  lines.push(
    table(
      ['split', 'mode', 'predictor', 'n', 'MAPE', 'median', 'max'],
      rows.map((r) => [r.split, r.mode, r.predictor, String(r.n), pct(r.mape), pct(r.medianError), pct(r.maxError)]),
    ),
  );
  return lines.join('\n');
}

/** Fresh co-runs (or a folder of them, --measured) against predictions; writes predictions/<gpu>/<date>.json + report. */
async function runFresh(args: Record<string, unknown>, cal: CalibrationData, gpu: string, modes: Mode[] | undefined): Promise<number> {
  const { runFreshCommand, bandCoverage, bandCoverageNote } = await import('../validate/fresh.js');
  const { run: fresh, dirs } = await runFreshCommand(args, cal, gpu, modes, storedOtherGpus(gpu));
  const measured = dirs.map((d) => displayPath(d)).join(',');
  const dir = join(predictionsDir(), gpu);
  const file = runFile(args, gpu, `${fresh.createdAt.slice(0, 10)}.json`);
  const { loadSavedModel, saveSessionBand, shortRequests, SHORT_REQUEST_MS } = await import('../predictor/fit.js');
  // How far another session's solo latencies move a prediction: predict's band includes it from now on.
  const session = saveSessionBand(gpu, cal, fresh.records, measured);
  // How many fresh values fall inside the band predict shows from now on (model.json as just stored).
  const saved = loadSavedModel(gpu, cal);
  const note = saved && bandCoverageNote(bandCoverage(saved, fresh.records, shortRequests(cal)), SHORT_REQUEST_MS);
  if (note) fresh.notes.push(note);
  const path = saveRun(fresh, dirname(file), file);
  // The report shows the fresh run beside the newest offline cross-validation of the same GPU, if there is one.
  const reportDir = await renderIfPresent([...newestRun(dir, /^offline-.*\.json$/), fresh], dir);
  if (args.json) {
    printJson({ gpu, kind: 'fresh', measured, results: fresh.accuracy, staleSolo: fresh.staleSolo, ...(session ? { bandSession: session } : {}) });
  } else {
    out(renderAccuracy(gpu, fresh.accuracy, 'Fresh validation'));
    for (const n of fresh.notes) out(`note: ${n}`);
    if (session) {
      const parts = Object.entries(session.band).map(([m, b]) => `${m} ±${((b as number) * 100).toFixed(1)} % (${session.n[m as Mode]} values)`);
      out(`note: between sessions, the session's own solo latencies moved 90 % of predictions by less than ${parts.join(', ')}: stored as the band predict adds (bandSession in calibration/${gpu}/model.json)`);
      const short = Object.entries(session.short ?? {}).map(([m, b]) => `${m} ±${((b as number) * 100).toFixed(1)} % (${session.nShort?.[m as Mode]} values)`);
      if (short.length) out(`note: of workloads whose request takes under ${SHORT_REQUEST_MS} ms alone: ${short.join(', ')} (bandSession.short)`);
    }
    out(`\nmeasured: ${measured}\nrun: ${displayPath(path)}${reportDir ? `\nreport: ${displayPath(reportDir)}` : ''}`);
  }
  return 0;
}

/** Where a run is written: --out, else `name` in predictions/<gpu>/. */
function runFile(args: Record<string, unknown>, gpu: string, name: string): string {
  return typeof args.out === 'string' ? args.out : join(predictionsDir(), gpu, name);
}

/** The newest saved ValidationRun in `dir` whose file name matches, as a list of zero or one. */
function newestRun(dir: string, name: RegExp): ValidationRun[] {
  const file = existsSync(dir) ? readdirSync(dir).filter((f) => name.test(f)).sort().pop() : undefined;
  return file ? [readDataFile(join(dir, file), 'validation') as ValidationRun] : [];
}

async function renderIfPresent(runs: ValidationRun[], dir: string): Promise<string | undefined> {
  const report = await importOptional<{ renderReport?: (runs: unknown[], outDir: string) => Promise<unknown> }>(() => import('../report/index.js'), '../report/index.js');
  if (typeof report?.renderReport !== 'function') return undefined;
  // One report per GPU: predictions/<gpu>/ -> docs/validation/<gpu>/.
  const reportDir = process.env.COLOC_PREDICTIONS_DIR ? join(dir, 'report') : join(PACKAGE_ROOT, 'docs', 'validation', basename(dir));
  await report.renderReport(runs, reportDir);
  return reportDir;
}

export async function run(args: Record<string, unknown>): Promise<number> {
  const gpu = String(args.gpu ?? '').toLowerCase();
  const cal = loadCalibration(gpu);
  const modes = parseChoices<Mode>(args.modes, MODES, 'mode');
  const chosen = parseChoices(args.splits, OFFLINE_SPLITS, 'split');
  const splits = chosen && [...new Set(chosen)];
  if (!args.offline) {
    if (splits) throw new ColocError('--splits is for --offline (a fresh validation predicts every measured pair from a fit without all of them)', EXIT.usage);
    return runFresh(args, cal, gpu, modes);
  }
  const progress = !args.json && process.stderr.isTTY;
  const source = transferSource(gpu, listGpus());
  const runResult = await runOffline(cal, gpu, {
    ...(modes ? { modes } : {}),
    ...(splits ? { splits } : {}),
    ...(source ? { transferFrom: { gpu: source, cal: loadCalibration(source) } } : {}),
    others: storedOtherGpus(gpu),
    onProgress: (split, d, t) => {
      if (progress) process.stderr.write(`\r${split}: fit ${d}/${t}${d === t ? '\n' : ''}`);
    },
  });
  const file = runFile(args, gpu, runFileName(runResult));
  const dir = dirname(file);
  const path = saveRun(runResult, dir, file);
  // The HTML + Markdown report, with the newest fresh validation of this GPU beside it, if there is one.
  const reportDir = await renderIfPresent([runResult, ...newestRun(dir, /^\d{4}-\d{2}-\d{2}\.json$/)], dir);
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
