// Labels, colours and number formatting shared by the HTML page, the plots and the Markdown summary.
import type { Mode, PredictorName, Split } from '../types.js';

export type OpenLoopMode = Mode | 'exclusive';

export const MODES: readonly Mode[] = ['timeslice', 'mps', 'streams'];
export const SPLITS: readonly Split[] = ['lopo', 'lomo', 'lomf', 'fresh', 'transfer'];
export const PREDICTORS: readonly PredictorName[] = ['coloc', 'thisGpu', 'sessionSolo', 'ownProfiles', 'noProbes', 'mean', 'linear'];
/** Which split a headline figure quotes, most telling first. */
export const HEADLINE_SPLITS: readonly Split[] = ['fresh', 'lomo', 'lopo', 'transfer'];

export const MODE_LABEL: Record<OpenLoopMode, string> = {
  timeslice: 'time-slicing',
  mps: 'MPS',
  streams: 'CUDA streams',
  exclusive: 'exclusive (solo)',
};
export const SPLIT_LABEL: Record<Split, string> = {
  lopo: 'leave-one-pair-out',
  lomo: 'leave-one-model-out',
  lomf: 'leave-one-model-out, all its sizes',
  fresh: 'fresh measurements',
  transfer: 'transferred from another GPU',
};
export const PREDICTOR_LABEL: Record<PredictorName, string> = {
  coloc: 'coloc',
  thisGpu: "coloc, without another GPU's measurement of the pair",
  noProbes: 'coloc, solo profiles only',
  sessionSolo: "coloc, the session's solo latencies",
  ownProfiles: "coloc, the GPU's own solo profiles",
  mean: 'mean baseline',
  linear: 'linear baseline',
};

/** One colour per mode, used by every plot and the page. */
export const MODE_COLOUR: Record<OpenLoopMode, string> = {
  timeslice: '#3b6fb6',
  mps: '#e07b24',
  streams: '#3a9a5b',
  exclusive: '#8a8f98',
};
export const SPLIT_SHAPE: Record<Split, string> = {
  lopo: 'circle',
  lomo: 'square',
  lomf: 'cross',
  fresh: 'triangle-up',
  transfer: 'diamond',
};
export const PREDICTOR_DASH: Record<PredictorName, number[]> = {
  coloc: [1, 0],
  thisGpu: [5, 2],
  noProbes: [4, 1, 1, 1],
  sessionSolo: [1, 2],
  ownProfiles: [3, 1],
  mean: [6, 3],
  linear: [2, 2],
};

export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/** A fraction as a percentage: 0.031 -> "3.1 %". */
export function pct(fraction: number): string {
  if (!Number.isFinite(fraction)) return '–';
  const p = fraction * 100;
  return `${Math.abs(p) >= 100 ? p.toFixed(0) : p.toFixed(1)} %`;
}

/** A slowdown factor: 1.4234 -> "1.42×". */
export function times(x: number): string {
  return Number.isFinite(x) ? `${x.toFixed(2)}×` : '–';
}

export function ms(x: number): string {
  if (!Number.isFinite(x)) return '–';
  return `${x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2)} ms`;
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export function byOrder<T>(order: readonly T[]): (a: T, b: T) => number {
  return (a, b) => order.indexOf(a) - order.indexOf(b);
}

/** An ISO timestamp as "2025-05-12 09:30 UTC"; anything else as given. */
export function when(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** What the in-p99-range column means (markdown and HTML reports). */
export const RANGE_NOTE =
  'In p99 range: the share of measured p99s inside the range predict shows (the p99 at the slowdown band\'s edges, widened by the ' +
  'open-loop residual of leave-one-model-out cross-validation, which sets both on the calibration\'s own runs: a fresh set is the check).';

/** What the window-noise column means (markdown and HTML reports). */
export const WINDOW_NOISE_NOTE =
  'Window noise: how far one measurement window\'s quantile lies from the median of the simulated replications of that ' +
  'window (mean |x / median - 1|; with each run\'s own arrivals, from the service times alone): the error even a perfect predictor would have.';

/** What the fresh-measurements-by-set table shows (markdown and HTML reports). */
export const SETS_NOTE =
  "Each set's pairs (MAPE of coloc's slowdowns, largest error, values; with the set's own solo latencies), each predicted from a fit that excluded them.";
