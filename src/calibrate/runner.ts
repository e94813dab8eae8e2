// Starting calibration/runner.py (calibrate or measure) and following its JSON-lines events.
// Used by `coloc calibrate`; `coloc validate` can use it for `runner.py measure` the same way.
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { ColocError, EXIT } from '../errors.js';
import { PACKAGE_ROOT, displayPath, runnerPath } from '../paths.js';
import { parseEventLine, type DoneEvent, type RunnerEvent } from './events.js';

export interface RunnerOptions {
  /** Python interpreter (default python3). */
  python?: string;
  /** The runner script (default calibration/runner.py, or $COLOC_RUNNER). */
  script?: string;
  /** Arguments after the script, e.g. ['calibrate', '--gpu', 'h200', '--out', dir]; --jsonl is added. */
  args: string[];
  env?: Record<string, string>;
  onEvent?: (e: RunnerEvent) => void;
  /** Lines that are not events (stdout text, stderr). */
  onText?: (line: string, stream: 'stdout' | 'stderr') => void;
}

export interface RunnerOutcome {
  exitCode?: number;
  signal?: string;
  /** We forwarded a Ctrl-C (SIGINT) to the runner. */
  interrupted: boolean;
  /** The message of the last `error` event. */
  error?: string;
  done?: DoneEvent;
  /** The last lines the runner wrote to stderr. */
  stderrTail: string[];
}

const TAIL = 20;

/**
 * Runs the runner to completion. Ctrl-C (SIGINT to coloc) is forwarded once to the runner, which stops
 * cleanly; a second Ctrl-C sends SIGTERM. Throws ColocError (exit 3) when the interpreter is missing.
 */
export async function runRunner(opts: RunnerOptions): Promise<RunnerOutcome> {
  const { execa } = await import('execa');
  const python = opts.python ?? 'python3';
  const script = opts.script ?? runnerPath();
  if (!existsSync(script)) throw new ColocError(`the calibration runner is missing: ${displayPath(script)}`, EXIT.environment);
  const args = [script, ...opts.args];
  if (!args.includes('--jsonl')) args.push('--jsonl');
  const child = execa(python, args, {
    cwd: PACKAGE_ROOT,
    env: { PYTHONUNBUFFERED: '1', ...opts.env },
    reject: false,
    buffer: false,
    stdin: 'ignore',
    // Own process group: a terminal's Ctrl-C reaches coloc only, and coloc forwards it exactly once.
    detached: true,
    cleanup: true,
  });
  const outcome: RunnerOutcome = { interrupted: false, stderrTail: [] };
  let sigints = 0;
  const onSigint = () => {
    sigints += 1;
    outcome.interrupted = true;
    child.kill(sigints === 1 ? 'SIGINT' : 'SIGTERM');
  };
  process.on('SIGINT', onSigint);
  const closed: Promise<void>[] = [];
  if (child.stdout) {
    const rl = createInterface({ input: child.stdout });
    closed.push(new Promise((res) => rl.once('close', () => res())));
    rl.on('line', (line) => {
      const e = parseEventLine(line);
      if (!e) {
        if (line.trim()) opts.onText?.(line, 'stdout');
        return;
      }
      if (e.event === 'error') outcome.error = e.message;
      if (e.event === 'done') outcome.done = e;
      opts.onEvent?.(e);
    });
  }
  if (child.stderr) {
    const rl = createInterface({ input: child.stderr });
    closed.push(new Promise((res) => rl.once('close', () => res())));
    rl.on('line', (line) => {
      if (!line.trim()) return;
      outcome.stderrTail.push(line);
      if (outcome.stderrTail.length > TAIL) outcome.stderrTail.shift();
      opts.onText?.(line, 'stderr');
    });
  }
  try {
    const result = await child;
    await Promise.all(closed);
    if (result.failed && result.code === 'ENOENT' && result.exitCode === undefined && !result.signal) {
      throw new ColocError(`${python} not found (needed to run the calibration on the GPU host)`, EXIT.environment);
    }
    if (result.exitCode !== undefined) outcome.exitCode = result.exitCode;
    if (result.signal) outcome.signal = result.signal;
    return outcome;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/**
 * The error to report for a finished run, or undefined when it succeeded (exit 0).
 * `keptIn` names where finished measurements are (they are written after each one).
 */
export function outcomeError(o: RunnerOutcome, keptIn: string): ColocError | undefined {
  const where = displayPath(keptIn);
  if (o.interrupted) {
    return new ColocError(`interrupted; finished measurements are kept in ${where} (--resume continues)`, EXIT.interrupted);
  }
  if (o.exitCode === 0 && !o.signal) return undefined;
  if (o.error !== undefined) {
    return new ColocError(o.error, o.exitCode !== undefined && o.exitCode !== 0 ? o.exitCode : EXIT.failure);
  }
  const how = o.signal ? `was killed by ${o.signal}` : `exited with code ${o.exitCode ?? 'unknown'}`;
  const last = o.stderrTail.at(-1);
  return new ColocError(
    `the runner ${how} without reporting an error${last ? ` (last stderr line: ${last.trim()})` : ''}; finished measurements are kept in ${where}`,
    EXIT.failure,
  );
}
