// What a calibration run did, collected from the runner's events, and its end-of-run table.
import type { RunnerEvent } from './events.js';

export interface CalibrationSummary {
  gpu: string;
  out: string;
  backend: string;
  total: number;
  measured: number;
  skipped: number;
  failed: number;
  wallS: number;
  /** ok / failed results per kind (solo, kernels, pair, openloop). */
  results: Record<string, { ok: number; failed: number }>;
  failures: { key: string; reason: string }[];
  warnings: string[];
  /** Whether the predictor was fitted to the new data afterwards. */
  fitted: boolean;
}

export function emptySummary(gpu: string, out: string): CalibrationSummary {
  return { gpu, out, backend: '', total: 0, measured: 0, skipped: 0, failed: 0, wallS: 0, results: {}, failures: [], warnings: [], fitted: false };
}

/** Folds one event into the summary. */
export function record(s: CalibrationSummary, e: RunnerEvent): void {
  switch (e.event) {
    case 'start':
      s.total = e.total;
      s.backend = e.backend;
      break;
    case 'progress':
      s.total = e.total;
      break;
    case 'result': {
      const r = (s.results[e.kind] ??= { ok: 0, failed: 0 });
      r[e.status] += 1;
      break;
    }
    case 'failed':
      s.failures.push({ key: e.key, reason: e.reason });
      break;
    case 'warning':
      s.warnings.push(e.message);
      break;
    case 'done':
      s.measured = e.measured;
      s.skipped = e.skipped;
      s.failed = e.failed;
      s.wallS = e.wallS;
      break;
    case 'error':
      break;
  }
}

const KIND_ORDER = ['solo', 'kernels', 'pair', 'openloop'];

export function summaryRows(s: CalibrationSummary): string[][] {
  const kinds = [...new Set([...KIND_ORDER, ...Object.keys(s.results)])].filter((k) => s.results[k]);
  return kinds.map((k) => [k, String(s.results[k]!.ok), String(s.results[k]!.failed)]);
}
