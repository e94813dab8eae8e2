// Vega-Lite specs of the report's plots and their rendering to static SVG in Node (no browser).
import type { TopLevelSpec } from 'vega-lite';
import type { Mode, Split } from '../types.js';
import { FONT, MODE_COLOUR, MODE_LABEL, PREDICTOR_DASH, PREDICTOR_LABEL, PREDICTORS, SPLIT_LABEL, SPLIT_SHAPE, byOrder, type OpenLoopMode } from './format.js';
import type { CdfPoint, ComparedPoint, HeatCell, ScatterPoint, TailPoint } from './model.js';

const INK = '#1f2430';
const MUTED = '#5b6372';
const STALE = '#c0392b';

const config = {
  font: FONT,
  background: 'white',
  padding: 8,
  view: { stroke: '#dfe3e8' },
  axis: {
    labelColor: MUTED,
    labelFontSize: 11,
    titleColor: INK,
    titleFontSize: 12,
    titleFontWeight: 600,
    titlePadding: 10,
    gridColor: '#eef0f3',
    domainColor: '#a3aab5',
    tickColor: '#a3aab5',
  },
  legend: {
    labelColor: MUTED,
    labelFontSize: 11,
    titleColor: INK,
    titleFontSize: 11,
    titleFontWeight: 600,
    symbolSize: 80,
    rowPadding: 4,
    columnPadding: 14,
    labelLimit: 240,
    orient: 'bottom',
    direction: 'vertical',
    offset: 14,
  },
  title: { color: INK, fontSize: 13, fontWeight: 600, anchor: 'start', offset: 8 },
  header: { labelColor: INK, labelFontSize: 12, labelFontWeight: 600 },
} as const;

/** Modes in the colour legend, in a stable order with their fixed colours. */
function modeScale(modes: OpenLoopMode[]) {
  const order: OpenLoopMode[] = ['timeslice', 'mps', 'streams', 'exclusive'];
  const present = [...new Set(modes)].sort(byOrder(order));
  return { domain: present.map((m) => MODE_LABEL[m]), range: present.map((m) => MODE_COLOUR[m]) };
}

function splitScale(splits: Split[]) {
  const order: Split[] = ['lopo', 'lomo', 'lomf', 'fresh', 'transfer'];
  const present = [...new Set(splits)].sort(byOrder(order));
  return { domain: present.map((s) => SPLIT_LABEL[s]), range: present.map((s) => SPLIT_SHAPE[s]) };
}

/** Square domain covering all values with a little room; log when the values span more than 20×. */
function identityDomain(values: number[], allowLog: boolean): { domain: [number, number]; log: boolean } {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  if (allowLog && hi / lo > 20) return { domain: [lo / 1.25, hi * 1.25], log: true };
  const pad = hi > lo ? (hi - lo) * 0.06 : Math.max(lo * 0.05, 0.05);
  return { domain: [Math.max(0, lo - pad), hi + pad], log: false };
}

/** Predicted vs measured with the y = x line, a ±10 % band, colour by mode, shape by split, stale points ringed. */
function identityPlot(points: ComparedPoint[], axis: { x: string; y: string }, allowLog: boolean): TopLevelSpec {
  const { domain, log } = identityDomain(
    points.flatMap((p) => [p.measured, p.predicted]),
    allowLog,
  );
  const steps = 40;
  const line = Array.from({ length: steps + 1 }, (_, i) => {
    const v = log ? domain[0] * (domain[1] / domain[0]) ** (i / steps) : domain[0] + ((domain[1] - domain[0]) * i) / steps;
    return { v, lo: v * 0.9, hi: v * 1.1 };
  });
  const scale = log ? ({ domain, type: 'log', nice: false } as const) : ({ domain, type: 'linear', nice: false, zero: false } as const);
  const x = { field: 'measured', type: 'quantitative', title: axis.x, scale } as const;
  const y = { field: 'predicted', type: 'quantitative', title: axis.y, scale } as const;
  const data = points.map((p) => ({ ...p, modeLabel: MODE_LABEL[p.mode], splitLabel: SPLIT_LABEL[p.split] }));
  const stale = data.filter((p) => p.stale);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    config,
    width: 340,
    height: 340,
    layer: [
      {
        name: 'band',
        data: { values: line },
        mark: { type: 'area', color: '#e9eef6', clip: true, aria: false },
        encoding: { x: { field: 'v', type: 'quantitative', title: axis.x, scale }, y: { field: 'lo', type: 'quantitative', title: axis.y, scale }, y2: { field: 'hi' } },
      },
      {
        name: 'identity',
        data: { values: line },
        mark: { type: 'line', color: '#8a93a3', strokeDash: [5, 4], strokeWidth: 1.2, clip: true, aria: false },
        encoding: { x: { field: 'v', type: 'quantitative', scale }, y: { field: 'v', type: 'quantitative', scale } },
      },
      {
        name: 'points',
        data: { values: data },
        mark: { type: 'point', filled: true, size: 64, opacity: 0.88, stroke: 'white', strokeWidth: 0.7, clip: true },
        encoding: {
          x,
          y,
          color: { field: 'modeLabel', type: 'nominal', title: 'Mode', scale: modeScale(points.map((p) => p.mode)) },
          shape: { field: 'splitLabel', type: 'nominal', title: 'Split', scale: splitScale(points.map((p) => p.split)) },
          description: { field: 'label' },
        },
      },
      ...(stale.length > 0
        ? [
            {
              name: 'stale',
              data: { values: stale },
              mark: { type: 'point', shape: 'circle', filled: false, size: 240, color: STALE, strokeWidth: 1.6, clip: true },
              encoding: { x, y, description: { field: 'label' } },
            } as const,
          ]
        : []),
    ],
  } as TopLevelSpec;
}

export function scatterSpec(points: ScatterPoint[]): TopLevelSpec {
  return identityPlot(points, { x: 'Measured slowdown (× solo latency)', y: 'Predicted slowdown (× solo latency)' }, false);
}

export function tailSpec(points: TailPoint[]): TopLevelSpec {
  return identityPlot(points, { x: 'Measured p99 latency (ms)', y: 'Predicted p99 latency (ms)' }, true);
}

/** Error CDF: share of predictions within a given |pred/meas − 1|; colour by mode, dash by predictor. */
export function cdfSpec(points: CdfPoint[]): TopLevelSpec {
  const floor = 0.001;
  const data = points.map((p) => ({
    ...p,
    shown: Math.max(p.error, floor),
    modeLabel: MODE_LABEL[p.mode],
    predictorLabel: PREDICTOR_LABEL[p.predictor],
  }));
  const max = Math.max(...data.map((p) => p.shown), 0.1);
  const predictors = PREDICTORS.filter((p) => points.some((x) => x.predictor === p));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    config,
    width: 380,
    height: 300,
    data: { values: data },
    layer: [{ name: 'lines', mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2, clip: true } }],
    encoding: {
      x: {
        field: 'shown',
        type: 'quantitative',
        title: 'Absolute error |predicted / measured − 1|',
        scale: { type: 'log', domain: [floor, max * 1.1], nice: false },
        axis: { format: '~%', tickCount: 5 },
      },
      y: {
        field: 'fraction',
        type: 'quantitative',
        title: 'Share of predictions (%)',
        scale: { domain: [0, 1] },
        axis: { format: '~%' },
      },
      color: { field: 'modeLabel', type: 'nominal', title: 'Mode', scale: modeScale(points.map((p) => p.mode)) },
      strokeDash: {
        field: 'predictorLabel',
        type: 'nominal',
        title: 'Predictor',
        legend: { symbolSize: 500, symbolStrokeWidth: 2 },
        scale: { domain: predictors.map((p) => PREDICTOR_LABEL[p]), range: predictors.map((p) => PREDICTOR_DASH[p]) },
      },
      detail: { field: 'series' },
      order: { field: 'shown', type: 'quantitative' },
    },
  } as TopLevelSpec;
}

/** Measured and predicted slowdown matrices side by side on one colour scale. */
export function heatmapSpec(cells: HeatCell[], workloads: string[], mode: Mode, predictedTitle: string): TopLevelSpec {
  const values = cells.map((c) => c.slowdown);
  const lo = Math.min(1, ...values);
  const hi = Math.max(...values, lo + 0.01);
  const mid = lo + (hi - lo) * 0.6;
  const step = workloads.length <= 6 ? 46 : workloads.length <= 10 ? 38 : 24;
  const showText = workloads.length <= 10;
  const panel = (kind: HeatCell['kind'], title: string) => ({
    title,
    width: { step },
    height: { step },
    transform: [{ filter: { field: 'kind', equal: kind } }],
    encoding: {
      x: { field: 'neighbour', type: 'nominal', sort: workloads, scale: { domain: workloads }, title: 'Next to (column)', axis: { labelAngle: -40, labelLimit: 150 } },
      y: { field: 'workload', type: 'nominal', sort: workloads, scale: { domain: workloads }, title: 'Workload (row)', axis: { labelLimit: 150 } },
    },
    layer: [
      {
        name: `${kind}_cells`,
        mark: { type: 'rect', cornerRadius: 2 },
        encoding: {
          color: {
            field: 'slowdown',
            type: 'quantitative',
            title: 'Slowdown (×)',
            scale: { scheme: 'orangered', domain: [lo, hi] },
            legend: { format: '.2f', orient: 'right', gradientLength: Math.max(120, step * Math.min(workloads.length, 8)) },
          },
          stroke: { condition: { test: 'datum.stale', value: STALE }, value: 'white' },
          strokeWidth: { condition: { test: 'datum.stale', value: 2.5 }, value: 1 },
          description: { field: 'label' },
        },
      },
      ...(showText
        ? [
            {
              name: `${kind}_values`,
              mark: { type: 'text', fontSize: step >= 46 ? 11 : 10, fontWeight: 500 },
              encoding: {
                text: { field: 'slowdown', type: 'quantitative', format: '.2f' },
                color: { condition: { test: `datum.slowdown > ${mid}`, value: 'white' }, value: INK },
              },
            },
          ]
        : []),
    ],
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    config: { ...config, view: { stroke: '#dfe3e8', fill: '#f1f3f6' } },
    data: { values: cells },
    hconcat: [panel('measured', 'Measured'), panel('predicted', predictedTitle)],
    resolve: { scale: { color: 'shared' } },
    spacing: 28,
  } as TopLevelSpec;
}

// ---------------------------------------------------------------- rendering

type Libs = { vega: typeof import('vega'); vl: typeof import('vega-lite') };
let libs: Promise<Libs> | undefined;

/** vega and vega-lite cost ~0.4 s to import: load them only when a report is drawn. */
function loadLibs(): Promise<Libs> {
  libs ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vl]) => ({ vega, vl }));
  return libs;
}

/** Render a Vega-Lite spec to a static SVG string; hover titles carry each mark's description. */
export async function toSvg(spec: TopLevelSpec): Promise<string> {
  const { vega, vl } = await loadLibs();
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  try {
    return withTitles(await view.toSVG());
  } finally {
    view.finalize();
  }
}

/** Static SVG has no tooltips: give every described mark a <title>, which browsers show on hover. */
export function withTitles(svg: string): string {
  return svg.replace(/<(path|rect|line)(\s[^>]*?aria-label="([^"]*)"[^>]*?)\/>/g, '<$1$2><title>$3</title></$1>');
}
