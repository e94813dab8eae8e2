// Progress of a calibration on stderr: a cli-progress bar with ETA on a terminal; otherwise (CI logs, pipes)
// one short line each time another ~10 % is done.
import type { SingleBar } from 'cli-progress';
import type { RunnerEvent } from './events.js';

export interface Progress {
  update(done: number, total: number, label: string): void;
  /** Prints a line without breaking the bar. */
  log(line: string): void;
  stop(): void;
}

/** Shows the runner's start/progress/failed/warning events on a Progress (calibrate and validate alike). */
export function showRunnerEvent(progress: Progress, e: RunnerEvent): void {
  if (e.event === 'start' || e.event === 'progress') progress.update(e.event === 'start' ? 0 : e.done, e.total, e.event === 'progress' ? e.label : '');
  else if (e.event === 'failed') progress.log(`failed: ${e.key}: ${e.reason}`);
  else if (e.event === 'warning') progress.log(`warning: ${e.message}`);
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** ETA from the elapsed time and the fraction done; undefined before anything is done. */
export function eta(elapsedS: number, done: number, total: number): number | undefined {
  if (done <= 0 || total <= 0) return undefined;
  return (elapsedS / done) * Math.max(0, total - done);
}

/** Line-per-10 % progress for non-terminals. `write` receives whole lines. */
export function lineProgress(write: (line: string) => void, now: () => number = Date.now): Progress {
  const start = now();
  let lastStep = -1;
  return {
    update(done, total, label) {
      if (total <= 0) return;
      const step = Math.floor((Math.min(done, total) / total) * 10);
      if (step <= lastStep) return;
      lastStep = step;
      const pct = Math.round((Math.min(done, total) / total) * 100);
      const left = eta((now() - start) / 1000, done, total);
      const etaText = done >= total ? 'done' : left === undefined ? 'ETA ?' : `ETA ${formatDuration(left)}`;
      write(`calibrate: ${pct}% (${done}/${total}) ${etaText}${label ? ` - ${label}` : ''}`);
    },
    log: write,
    stop() {},
  };
}

/** A cli-progress bar on stderr (call only when stderr is a TTY). */
export async function barProgress(): Promise<Progress> {
  const { default: cliProgress } = await import('cli-progress');
  let bar: SingleBar | undefined;
  return {
    update(done, total, label) {
      if (!bar) {
        bar = new cliProgress.SingleBar(
          {
            format: ' {bar} {percentage}% | {value}/{total} | ETA {eta_formatted} | {label}',
            etaBuffer: 20,
            hideCursor: true,
            stream: process.stderr,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, done, { label });
      } else {
        bar.setTotal(total);
        bar.update(done, { label });
      }
    },
    log(line) {
      if (bar) {
        // Clear the bar's line, print, and let the next update redraw it.
        process.stderr.write(`\r\x1b[2K${line}\n`);
        bar.render();
      } else {
        process.stderr.write(`${line}\n`);
      }
    },
    stop() {
      bar?.stop();
    },
  };
}

export async function makeProgress(): Promise<Progress> {
  return process.stderr.isTTY ? barProgress() : lineProgress((l) => process.stderr.write(`${l}\n`));
}
