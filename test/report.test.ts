import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderReport } from '../src/report/index.js';
import { PREDICTOR_LABEL, SPLIT_LABEL, pct } from '../src/report/format.js';
import type { ValidationRun } from '../src/types.js';
import { fixtureRun, fullFixture } from './report-fixtures.js';

async function render(runs: ValidationRun[], title?: string, into?: string) {
  const dir = into ?? (await mkdtemp(join(tmpdir(), 'coloc-report-')));
  const out = await renderReport(runs, dir, title ? { title } : {});
  return { ...out, dir };
}

interface Figure {
  kind: string;
  gpu: string;
  mode?: string;
  body: string;
}
function figures(html: string): Figure[] {
  const re = /<figure class="plot" data-plot="([a-z0-9]+)" data-gpu="([^"]+)"(?: data-mode="([a-z]+)")?>([\s\S]*?)<\/figure>/g;
  return [...html.matchAll(re)].map((m) => ({ kind: m[1]!, gpu: m[2]!, mode: m[3], body: m[4]! }));
}
function one(html: string, kind: string, gpu: string, mode?: string): Figure {
  const found = figures(html).filter((f) => f.kind === kind && f.gpu === gpu && f.mode === mode);
  expect(found, `${kind} figure of ${gpu} ${mode ?? ''}`).toHaveLength(1);
  return found[0]!;
}
/** Items drawn by a named Vega-Lite mark inside a figure's SVG. */
function marks(fig: Figure, markClass: string, name: string): number {
  const re = new RegExp(`<g class="mark-${markClass} role-mark [^"]*\\b${name}_marks"[^>]*>([\\s\\S]*?)</g>`, 'g');
  return [...fig.body.matchAll(re)].reduce((n, m) => n + (m[1]!.match(/<path\b/g)?.length ?? 0), 0);
}
function distinctCells(run: ValidationRun[], gpu: string, mode: string, split?: string): number {
  const keys = new Set<string>();
  for (const r of run.flatMap((x) => x.records)) {
    if (r.gpu !== gpu || r.mode !== mode || (split && r.split !== split)) continue;
    keys.add(`${r.a}|${r.b}`).add(`${r.b}|${r.a}`);
  }
  return keys.size;
}
/** What of `text` matches `re`, with some context, so that a failure does not print the whole page. */
function found(text: string, re: RegExp): string[] {
  return [...text.matchAll(new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g'))].map((m) =>
    text.slice(Math.max(0, m.index - 60), m.index + m[0].length + 60),
  );
}
/** Substring check that names what is missing instead of printing the whole page. */
function expectHas(text: string, part: string) {
  expect(text.includes(part), `missing: ${part}`).toBe(true);
}
function expectClean(text: string) {
  expect(found(text, /\b(NaN|undefined|Infinity)\b|\[object Object\]/)).toEqual([]);
}
function expectSelfContained(html: string) {
  expect(found(html, /<(script|link|img|iframe|object|embed|base)\b/i)).toEqual([]);
  expect(found(html, /@import|url\((?!#)/i)).toEqual([]);
  const refs = [...html.matchAll(/\s(?:src|href|xlink:href|action)\s*=\s*["']?([^"'\s>]*)/gi)].map((m) => m[1]!);
  expect(refs.filter((r) => !r.startsWith('#'))).toEqual([]);
}

describe('renderReport on two GPUs, three modes, four splits, open loop and a stale solo entry', async () => {
  const runs = fullFixture();
  // COLOC_REPORT_EXAMPLE_DIR=docs/validation regenerates the example in the docs
  const title = 'coloc validation — synthetic example';
  const { html, markdown, dir } = await render(runs, title, process.env.COLOC_REPORT_EXAMPLE_DIR);
  const records = runs.flatMap((r) => r.records);
  const accuracy = runs.flatMap((r) => r.accuracy);

  it('writes index.html and summary.md with what it returns', async () => {
    expect((await readdir(dir)).filter((f) => f !== 'README.md').sort()).toEqual(['index.html', 'summary.md']);
    expect(await readFile(join(dir, 'index.html'), 'utf8')).toBe(html);
    expect(await readFile(join(dir, 'summary.md'), 'utf8')).toBe(markdown);
    expectHas(html, `<title>${title}</title>`);
    expect(markdown.startsWith(`# ${title}\n`)).toBe(true);
    expectHas(markdown, '[index.html](index.html)');
  });

  it('draws two scatter points per record, and rings exactly the points on a stale baseline', () => {
    for (const gpu of ['h100', 'h200']) {
      const fig = one(html, 'scatter', gpu);
      const recs = records.filter((r) => r.gpu === gpu);
      expect(marks(fig, 'symbol', 'points')).toBe(recs.length * 2);
      // only h100 has a stale entry: bert-base's exclusive solo latency, the baseline of time-slicing and streams
      const stale = recs.filter((r) => gpu === 'h100' && r.mode !== 'mps' && (r.a === 'bert-base@b16s128' || r.b === 'bert-base@b16s128'));
      if (gpu === 'h100') expect(stale.length).toBeGreaterThan(0);
      expect(marks(fig, 'symbol', 'stale')).toBe(stale.length * 2);
      expectHas(fig.body, 'Measured slowdown (× solo latency)');
      expectHas(fig.body, 'Predicted slowdown (× solo latency)');
    }
    // the y = x line and the legend of modes and splits
    const h100 = one(html, 'scatter', 'h100');
    expect(h100.body).toMatch(/mark-line role-mark [^"]*identity_marks/);
    for (const label of ['time-slicing', 'MPS', 'CUDA streams', SPLIT_LABEL.lopo, SPLIT_LABEL.lomo, SPLIT_LABEL.fresh]) {
      expectHas(h100.body, `>${label}</text>`);
    }
  });

  it('gives every point a hover title naming the pair', () => {
    const fig = one(html, 'scatter', 'h200');
    const r = records.find((x) => x.gpu === 'h200')!;
    expectHas(fig.body, `<title>${r.a} next to ${r.b} (${r.mode}, ${r.split}): measured ${r.measured[0].toFixed(3)}×`);
  });

  it('draws one error-CDF line per predictor and mode', () => {
    expect(marks(one(html, 'cdf', 'h100'), 'line', 'lines')).toBe(3 * 3);
    expect(marks(one(html, 'cdf', 'h200'), 'line', 'lines')).toBe(3 * 2);
  });

  it('draws measured and predicted heatmaps of each mode with one cell per workload and neighbour', () => {
    for (const [gpu, modes, split] of [
      ['h100', ['timeslice', 'mps', 'streams'], 'fresh'],
      ['h200', ['timeslice', 'mps'], 'transfer'],
    ] as const) {
      for (const mode of modes) {
        const fig = one(html, 'heatmap', gpu, mode);
        expect(marks(fig, 'rect', 'measured_cells')).toBe(distinctCells(runs, gpu, mode));
        expect(marks(fig, 'rect', 'predicted_cells')).toBe(distinctCells(runs, gpu, mode, split));
        expectHas(fig.body, `Predicted (${SPLIT_LABEL[split]})`);
      }
    }
  });

  it('draws one p99 point per model of each open-loop record, on log axes when the values span widely', () => {
    const ol = runs.flatMap((r) => r.openLoop);
    const fig = one(html, 'p99', 'h100');
    expect(marks(fig, 'symbol', 'points')).toBe(ol.reduce((n, r) => n + r.measuredP99Ms.length, 0));
    expectHas(fig.body, 'Measured p99 latency (ms)');
    const values = ol.flatMap((r) => [...r.measuredP99Ms, ...r.predictedP99Ms]);
    const wide = Math.max(...values) / Math.min(...values) > 20;
    expect(fig.body.includes('for a log scale')).toBe(wide);
    expect(figures(html).filter((f) => f.kind === 'p99' && f.gpu === 'h200')).toHaveLength(0);
  });

  it('shows every accuracy row in the HTML table with the input figures', () => {
    for (const a of accuracy) {
      const row = html.match(
        new RegExp(`<tr [^>]*data-gpu="${a.gpu}" data-mode="${a.mode}" data-split="${a.split}" data-predictor="${a.predictor}">([\\s\\S]*?)</tr>`),
      );
      expect(row, `${a.gpu} ${a.mode} ${a.split} ${a.predictor}`).not.toBeNull();
      const cells = [...row![1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ''));
      expect(cells).toEqual([PREDICTOR_LABEL[a.predictor], pct(a.mape), pct(a.medianError), pct(a.maxError), String(a.n)]);
    }
    expect(html.match(/<tr [^>]*data-predictor=/g)).toHaveLength(accuracy.length);
  });

  it('has the same rows in the Markdown tables', () => {
    const lines = markdown.split('\n').filter((l) => /^\| (leave|fresh|transferred)/.test(l));
    expect(lines).toHaveLength(accuracy.length);
    for (const a of accuracy) {
      const name = a.predictor === 'coloc' ? '**coloc**' : PREDICTOR_LABEL[a.predictor];
      expect(lines).toContain(`| ${SPLIT_LABEL[a.split]} | ${name} | ${pct(a.mape)} | ${pct(a.medianError)} | ${pct(a.maxError)} | ${a.n} |`);
    }
  });

  it('leads with headline figures: coloc on the most telling split, with the pair count', () => {
    const pick = (gpu: string, mode: string, split: string) =>
      accuracy.find((a) => a.gpu === gpu && a.mode === mode && a.split === split && a.predictor === 'coloc')!;
    const n = (gpu: string, mode: string, split: string) => records.filter((r) => r.gpu === gpu && r.mode === mode && r.split === split).length;
    const expected = [
      `time-slicing, fresh measurements: ${pct(pick('h100', 'timeslice', 'fresh').mape)} MAPE over ${n('h100', 'timeslice', 'fresh')} pairs`,
      `MPS, fresh measurements: ${pct(pick('h100', 'mps', 'fresh').mape)} MAPE over ${n('h100', 'mps', 'fresh')} pairs`,
      `time-slicing, transferred from another GPU: ${pct(pick('h200', 'timeslice', 'transfer').mape)} MAPE over 9 pairs`,
      `open-loop p99 latency, leave-one-pair-out: ${pct(pick('h100', 'openloop-p99', 'lopo').mape)} MAPE over 6 runs`,
    ];
    const headIndex = html.indexOf('<section class="gpu"');
    for (const e of expected) {
      expect(html.indexOf(e), e).toBeGreaterThan(0);
      expect(html.indexOf(e), e).toBeLessThan(headIndex);
      expectHas(markdown, e);
    }
    expect(html.match(/<div class="card"/g)).toHaveLength(3 + 2 + 2);
  });

  it('flags stale solo baselines and shows notes in visible banners', () => {
    const banner = html.match(/<aside class="banner stale"[^>]*data-gpu="h100">([\s\S]*?)<\/aside>/);
    expect(banner).not.toBeNull();
    expectHas(banner![1], 'bert-base@b16s128');
    expectHas(banner![1], '+8.3 %');
    expect(html.match(/<aside class="banner stale"/g)).toHaveLength(1);
    const notes = html.match(/<aside class="banner notes"[^>]*data-gpu="h100">([\s\S]*?)<\/aside>/);
    expectHas(notes![1], 'Driver 550.54 &lt; 555.42 of the calibration: recalibrate after driver upgrades.');
    expectHas(markdown, '> [!WARNING]');
    expectHas(markdown, '> | bert-base@b16s128 | exclusive | 6.12 ms | 6.63 ms | +8.3 % |');
    expectHas(markdown, '> - 2 pairs failed to co-run');
  });

  it('leaves no NaN or undefined in the output and loads nothing from outside the page', () => {
    expectClean(html);
    expectClean(markdown);
    expectSelfContained(html);
  });
});

describe('renderReport edge cases', () => {
  it('says so when there are no open-loop records, and draws no p99 plot', async () => {
    const runs = [fixtureRun({ gpu: 'h100', modes: ['mps'], splits: ['lomo'], pairs: 4 })];
    const { html, markdown } = await render(runs);
    expect(figures(html).map((f) => f.kind).sort()).toEqual(['cdf', 'heatmap', 'scatter']);
    expectHas(html, 'No open-loop records in this run.');
    expectHas(markdown, '_No open-loop records in this run._');
    expect(marks(one(html, 'scatter', 'h100'), 'symbol', 'points')).toBe(8);
    expect(html).not.toMatch(/banner (stale|notes)/);
    expectClean(html);
    expectClean(markdown);
    expectSelfContained(html);
  });

  it('renders a single record, a model paired with itself', async () => {
    const runs = [fixtureRun({ gpu: 'a100', modes: ['timeslice'], splits: ['lopo'], pairs: 1, workloads: ['resnet50@b8s224', 'bert-base@b16s128'] })];
    const { html, markdown } = await render(runs);
    expect(marks(one(html, 'scatter', 'a100'), 'symbol', 'points')).toBe(2);
    expect(marks(one(html, 'cdf', 'a100'), 'line', 'lines')).toBe(3);
    // a self-pair fills the diagonal cell only
    expect(marks(one(html, 'heatmap', 'a100', 'timeslice'), 'rect', 'measured_cells')).toBe(1);
    expectHas(html, 'over 1 pair<');
    expectClean(html);
    expectClean(markdown);
  });

  it('shows the open-loop window noise beside the errors where the rows carry it', async () => {
    const runs = [fixtureRun({ gpu: 'h100', modes: ['mps'], splits: ['lomo'], pairs: 4, openLoop: true })];
    const rows = runs[0]!.accuracy.filter((a) => a.mode === 'openloop-p99');
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) r.noiseFloor = 0.0734;
    const { html, markdown } = await render(runs);
    expectHas(markdown, '| Window noise |');
    expectHas(markdown, `| ${pct(rows[0]!.mape)} | ${pct(rows[0]!.medianError)} | ${pct(rows[0]!.maxError)} | ${rows[0]!.n} | 7.3 % |`);
    expectHas(markdown, 'the error even a perfect predictor would have');
    expectHas(html, '<th scope="col" class="num">Window noise</th>');
    expectHas(html, '<td class="num">7.3 %</td>');
    // the slowdown tables have no such column
    expect(markdown.match(/Window noise \|/g)).toHaveLength(1);
    expectClean(html);
    expectClean(markdown);
  });

  it('renders a page without runs', async () => {
    const { html, markdown } = await render([]);
    expect(figures(html)).toHaveLength(0);
    expectHas(html, 'No validation runs were given.');
    expectHas(markdown, '_No accuracy figures in these runs._');
    expectClean(html);
    expectClean(markdown);
  });

  it('leaves out values that cannot be compared and says how many', async () => {
    const runs = [fixtureRun({ gpu: 'h100', modes: ['timeslice'], splits: ['lopo'], pairs: 3 })];
    runs[0]!.records[1]!.measured = [Number.NaN, 0];
    const { html } = await render(runs);
    expect(marks(one(html, 'scatter', 'h100'), 'symbol', 'points')).toBe(4);
    expectHas(html, '2 values without a finite positive measurement or prediction are left out of the plots.');
    expectClean(html);
  });

  it('escapes workload names in tables, banners and plots', async () => {
    const runs = [fixtureRun({ gpu: 'h100', modes: ['timeslice'], splits: ['lopo'], pairs: 2, workloads: ['a<b>@b1s1', 'c&d@b1s1'] })];
    runs[0]!.staleSolo = [{ workload: 'a<b>@b1s1', context: 'exclusive', calibratedMs: 1, freshMs: 1.2, diff: 0.2 }];
    const { html } = await render(runs, 'Report <draft> & co');
    expect(found(html, /a<b>|<draft>/)).toEqual([]);
    expectHas(html, 'a&lt;b&gt;@b1s1');
    expectHas(html, '<title>Report &lt;draft&gt; &amp; co</title>');
  });
});

describe('the report module', () => {
  it('imports vega and vega-lite lazily, so the CLI does not pay for them at start', async () => {
    const dist = join(import.meta.dirname, '..', 'dist', 'report');
    for (const f of await readdir(dist)) {
      if (!f.endsWith('.js')) continue;
      const src = await readFile(join(dist, f), 'utf8');
      expect(src, f).not.toMatch(/^\s*import\s[^;]*from\s+['"]vega(-lite)?['"]/m);
      expect(src, f).not.toMatch(/^\s*import\s+['"]vega(-lite)?['"]/m);
    }
    const charts = await readFile(join(dist, 'charts.js'), 'utf8');
    expect(charts).toContain("import('vega')");
  });
});
