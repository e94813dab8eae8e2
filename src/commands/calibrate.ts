// coloc calibrate: runs calibration/runner.py on the GPU host, shows progress, summarises, fits the predictor.
import { isAbsolute, resolve } from 'node:path';
import { ColocError, EXIT, oneLine } from '../errors.js';
import { displayPath, gpuDir } from '../paths.js';
import { makeProgress, showRunnerEvent, type Progress } from '../calibrate/progress.js';
import { outcomeError, runRunner } from '../calibrate/runner.js';
import { emptySummary, record, summaryRows, type CalibrationSummary } from '../calibrate/summary.js';
import { err, out, printJson, table } from './format.js';
import { importOptional } from './registry.js';
import { GPU_NAME } from '../data/index.js';
import { deviceExpectationArgs } from '../gpus.js';
import { MODES } from '../schemas/common.js';


export interface CalibrateArgs {
  gpu: string;
  models?: string;
  modelFile?: string[];
  modes?: string;
  streamsModels?: string;
  openloop?: boolean;
  pairs?: boolean;
  probes?: boolean;
  ncu?: boolean;
  resume?: boolean;
  backend?: 'cuda' | 'sim';
  python?: string;
  out?: string;
  window?: number;
  repeats?: number;
  memoryLimit?: number;
  json?: boolean;
}

function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/** Checks the options and builds the runner's argument list (after the script). */
export function runnerArgs(a: CalibrateArgs, outDir: string): string[] {
  if (!GPU_NAME.test(a.gpu)) {
    throw new ColocError(`bad GPU name '${a.gpu}' (use lower-case letters, digits, '.', '_', '-', e.g. h200)`, EXIT.usage);
  }
  const modes = list(a.modes);
  const bad = modes.filter((m) => !(MODES as readonly string[]).includes(m));
  if (bad.length) throw new ColocError(`unknown mode '${bad[0]}' (modes: ${MODES.join(', ')})`, EXIT.usage);
  for (const [name, v] of [['window', a.window], ['repeats', a.repeats], ['memory-limit', a.memoryLimit]] as const) {
    if (v !== undefined && !(Number.isFinite(v) && v > 0)) throw new ColocError(`--${name} must be a positive number`, EXIT.usage);
  }
  const args = ['calibrate', '--gpu', a.gpu, '--out', outDir, ...deviceExpectationArgs(a.gpu)];
  if (a.models !== undefined) {
    if (!list(a.models).length) throw new ColocError('--models is empty (give names like llama,yolo)', EXIT.usage);
    args.push('--models', list(a.models).join(','));
  }
  for (const f of a.modelFile ?? []) args.push('--model-file', resolve(f));
  if (modes.length) args.push('--modes', modes.join(','));
  if (a.streamsModels) args.push('--streams-models', list(a.streamsModels).join(','));
  if (a.openloop) args.push('--openloop');
  if (a.pairs === false) args.push('--no-pairs');
  if (a.probes === false) args.push('--no-probes');
  if (a.ncu === false) args.push('--no-ncu');
  if (a.resume) args.push('--resume');
  args.push('--backend', a.backend ?? 'cuda');
  if (a.window !== undefined) args.push('--window', String(a.window));
  if (a.repeats !== undefined) args.push('--repeats', String(Math.round(a.repeats)));
  if (a.memoryLimit !== undefined) args.push('--memory-limit', String(a.memoryLimit));
  args.push('--jsonl');
  return args;
}

/** Calls fitAndSave(gpu) of src/predictor/fit.ts when that module exists; false when it does not. */
async function fitPredictor(gpu: string): Promise<boolean> {
  const mod = await importOptional<{ fitAndSave?: (gpu: string) => unknown }>(() => import('../predictor/fit.js'), '../predictor/fit.js');
  if (typeof mod?.fitAndSave !== 'function') return false;
  await mod.fitAndSave(gpu);
  return true;
}

function printSummary(s: CalibrationSummary): void {
  const lines = [
    `Calibration of ${s.gpu}${s.backend === 'sim' ? ' (simulated backend)' : ''}: ${s.measured} measured, ${s.skipped} skipped (already there), ${s.failed} failed in ${s.wallS.toFixed(1)} s`,
    '',
    table(['KIND', 'OK', 'FAILED'], summaryRows(s)),
  ];
  if (s.failures.length) {
    lines.push('', 'Failed measurements (run again with --resume to retry them):');
    for (const f of s.failures) lines.push(`  ${f.key}: ${f.reason}`);
  }
  lines.push('', `Data: ${displayPath(s.out)}${s.fitted ? ' (predictor fitted)' : ''}`);
  out(lines.join('\n'));
}

export async function run(raw: Record<string, unknown>): Promise<number> {
  const a = raw as unknown as CalibrateArgs;
  const outDir = a.out ? (isAbsolute(a.out) ? a.out : resolve(a.out)) : gpuDir(a.gpu);
  const args = runnerArgs(a, outDir);
  const summary = emptySummary(a.gpu, outDir);
  const progress: Progress = await makeProgress();
  let outcome;
  try {
    outcome = await runRunner({
      ...(a.python ? { python: a.python } : {}),
      args,
      onEvent: (e) => {
        record(summary, e);
        showRunnerEvent(progress, e);
      },
      onText: (line, stream) => {
        if (process.env.COLOC_DEBUG === '1') progress.log(`runner ${stream}: ${line}`);
      },
    });
  } finally {
    progress.stop();
  }
  const failure = outcomeError(outcome, outDir);
  if (failure) throw failure;
  // Fit only the default calibration folder: the predictor reads calibration/<gpu>/.
  let notFitted = `--out is not calibration/${a.gpu}/, so the predictor was not fitted to it`;
  if (!a.out || resolve(outDir) === resolve(gpuDir(a.gpu))) {
    try {
      summary.fitted = await fitPredictor(a.gpu);
    } catch (e) {
      // Unexpected errors keep their message; either way the measurements are on disk.
      const code = e instanceof ColocError ? e.exitCode : EXIT.failure;
      throw new ColocError(`measurements kept in ${displayPath(outDir)}, but fitting the predictor failed: ${oneLine(e)}`, code);
    }
    notFitted = 'the predictor is not in this build (src/predictor/fit.ts), so it was not fitted';
  }
  if (a.json) printJson(summary);
  else printSummary(summary);
  if (!summary.fitted && !a.json) err(`coloc: note: ${notFitted}`);
  return 0;
}
