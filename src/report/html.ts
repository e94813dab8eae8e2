// The self-contained HTML page: inline CSS, inline SVG plots, no scripts, no external requests.
import type { AccuracyRow, Mode, Split } from '../types.js';
import { MODE_COLOUR, MODE_LABEL, PREDICTOR_LABEL, RANGE_NOTE, SETS_NOTE, SPLIT_LABEL, WINDOW_NOISE_NOTE, escapeHtml as h, pct, ms, when } from './format.js';
import { accuracyRows, headlines, setCell, setTable, staleRecords, type AccuracyMode, type GpuSection, type Headline } from './model.js';

/** SVGs of one GPU, drawn beforehand (rendering is async, the page is not). */
export interface GpuPlots {
  scatter?: string;
  cdf?: string;
  heatmaps: Partial<Record<Mode, { svg: string; split: Split }>>;
  tail?: string;
  dropped: number;
}

export const ACCURACY_MODE_LABEL = (mode: AccuracyMode): string =>
  mode === 'openloop-p99' ? 'open-loop p99 latency' : mode === 'openloop-p50' ? 'open-loop p50 latency' : MODE_LABEL[mode];

/** "45 pairs" for closed-loop figures, "6 runs" for open-loop ones, the row's n where no records came along. */
export function countText(x: Headline): string {
  if (x.pairs === 0) return `n = ${x.coloc.n}`;
  const unit = x.mode.startsWith('openloop') ? 'run' : 'pair';
  return `${x.pairs} ${unit}${x.pairs === 1 ? '' : 's'}`;
}

export function headlineText(x: Headline): string {
  const over = x.pairs > 0 ? `over ${countText(x)}` : countText(x);
  return `${ACCURACY_MODE_LABEL(x.mode)}, ${SPLIT_LABEL[x.split]}: ${pct(x.coloc.mape)} MAPE ${over}`;
}

export function baselineText(x: Headline): string {
  return x.baselines.map((b) => `${PREDICTOR_LABEL[b.predictor]} ${pct(b.mape)}`).join(' · ');
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-');

function figure(kind: string, gpu: string, svg: string, caption: string, extra = ''): string {
  return `<figure class="plot" data-plot="${h(kind)}" data-gpu="${h(gpu)}"${extra}>
<div class="svg">${svg}</div>
<figcaption>${caption}</figcaption>
</figure>`;
}

function headlineCards(all: Headline[], multiGpu: boolean): string {
  if (all.length === 0) return '<p class="empty">No accuracy figures in these runs.</p>';
  const cards = all.map((x) => {
    const colour = x.mode === 'openloop-p99' || x.mode === 'openloop-p50' ? '#6b5bb5' : MODE_COLOUR[x.mode];
    return `<div class="card" style="--accent:${colour}" data-gpu="${h(x.gpu)}" data-mode="${x.mode}" data-split="${x.split}">
<div class="card-mode">${multiGpu ? `<span class="gpu-tag">${h(x.gpu)}</span>` : ''}${h(ACCURACY_MODE_LABEL(x.mode))}</div>
<div class="card-figure">${pct(x.coloc.mape)}<span class="unit">MAPE</span></div>
<div class="card-split">${h(SPLIT_LABEL[x.split])} · ${countText(x)}</div>
${x.baselines.length ? `<div class="card-base">${h(baselineText(x))}</div>` : ''}
<p class="sr">${h(headlineText(x))}</p>
</div>`;
  });
  return `<div class="cards">${cards.join('\n')}</div>`;
}

function accuracyTable(s: GpuSection, mode: AccuracyMode): string {
  const rows = accuracyRows(s, mode);
  if (rows.length === 0) return '<p class="empty">No accuracy rows for this mode.</p>';
  const scale = Math.max(...rows.map((r) => r.mape), 1e-9);
  const noise = rows.some((r) => r.noiseFloor !== undefined);
  const cover = rows.some((r) => r.rangeCoverage !== undefined);
  const best = new Map<Split, number>();
  for (const r of rows) best.set(r.split, Math.min(best.get(r.split) ?? Infinity, r.mape));
  let prevSplit: Split | undefined;
  const body = rows.map((r: AccuracyRow) => {
    const first = r.split !== prevSplit;
    prevSplit = r.split;
    const span = first ? rows.filter((x) => x.split === r.split).length : 0;
    const bar = Math.max(2, Math.min(140, (r.mape / scale) * 140)).toFixed(0);
    const cls = [r.predictor === 'coloc' ? 'coloc' : 'baseline', first ? 'group-start' : '', r.mape === best.get(r.split) ? 'best' : '']
      .filter(Boolean)
      .join(' ');
    return `<tr class="${cls}" data-gpu="${h(s.gpu)}" data-mode="${mode}" data-split="${r.split}" data-predictor="${r.predictor}">
${first ? `<th scope="rowgroup" rowspan="${span}">${h(SPLIT_LABEL[r.split])}</th>` : ''}<td class="pred">${h(PREDICTOR_LABEL[r.predictor])}</td>
<td class="num mape"><span class="bar" style="width:${bar}px"></span><span class="v">${pct(r.mape)}</span></td>
<td class="num">${pct(r.medianError)}</td><td class="num">${pct(r.maxError)}</td><td class="num">${r.n}</td>${noise ? `<td class="num">${r.noiseFloor !== undefined ? pct(r.noiseFloor) : ''}</td>` : ''}${cover ? `<td class="num">${r.rangeCoverage !== undefined ? pct(r.rangeCoverage) : ''}</td>` : ''}
</tr>`;
  });
  return `<div class="table-wrap"><table class="accuracy" data-gpu="${h(s.gpu)}" data-mode="${mode}">
<thead><tr><th scope="col">Split</th><th scope="col">Predictor</th><th scope="col" class="num">MAPE</th><th scope="col" class="num">Median error</th><th scope="col" class="num">Max error</th><th scope="col" class="num">n</th>${noise ? '<th scope="col" class="num">Window noise</th>' : ''}${cover ? '<th scope="col" class="num">In p99 range</th>' : ''}</tr></thead>
<tbody>
${body.join('\n')}
</tbody>
</table>${noise ? `<p class="note">${h(WINDOW_NOISE_NOTE)}</p>` : ''}${cover ? `<p class="note">${h(RANGE_NOTE)}</p>` : ''}</div>`;
}

function setsTable(s: GpuSection): string {
  const t = setTable(s);
  if (!t) return '';
  const { rows, modes } = t;
  return `<section class="mode sets" id="gpu-${slug(s.gpu)}-sets" data-gpu="${h(s.gpu)}">
<h3>Fresh measurements by set</h3>
<div class="table-wrap"><table class="sets"><thead><tr><th scope="col">Set</th>${modes.map((m) => `<th scope="col" class="num">${h(MODE_LABEL[m])}</th>`).join('')}</tr></thead>
<tbody>
${rows.map((r) => `<tr data-set="${h(r.set)}"><th scope="row">${h(r.set)}</th>${modes.map((m) => `<td class="num">${h(setCell(r.modes[m]))}</td>`).join('')}</tr>`).join('\n')}
</tbody></table>
<p class="note">${h(SETS_NOTE)}</p></div>
</section>`;
}

function staleBanner(s: GpuSection): string {
  if (s.staleSolo.length === 0) return '';
  const affected = staleRecords(s);
  const items = s.staleSolo
    .map(
      (e) =>
        `<tr><td>${h(e.workload)}</td><td>${e.context}</td><td class="num">${ms(e.calibratedMs)}</td><td class="num">${ms(e.freshMs)}</td><td class="num diff">${e.diff >= 0 ? '+' : ''}${pct(e.diff)}</td></tr>`,
    )
    .join('\n');
  const list = affected.length
    ? `<details><summary>${affected.length} flagged ${affected.length === 1 ? 'comparison' : 'comparisons'}</summary><ul class="pairs">${affected
        .map((r) => `<li>${h(r.a)}${r.b ? ` + ${h(r.b)}` : ''} <span class="muted">(${h(r.mode)}, ${h(r.split)})</span></li>`)
        .join('')}</ul></details>`
    : '';
  return `<aside class="banner stale" role="alert" data-gpu="${h(s.gpu)}">
<h3>⚠ Stale calibration on ${h(s.gpu)}: ${s.staleSolo.length} solo ${s.staleSolo.length === 1 ? 'baseline has' : 'baselines have'} drifted more than 5 %</h3>
<p>A fresh solo measurement differs from the calibration. Predictions built on these baselines are flagged —
ringed in red in the plots and outlined in the heatmaps — not silently compared; ${affected.length} of
${s.records.length + s.openLoop.length} comparisons are affected. Recalibrate these workloads before trusting their figures.</p>
<div class="table-wrap"><table class="stale-table"><thead><tr><th>Workload</th><th>Context</th><th class="num">Calibrated</th><th class="num">Fresh</th><th class="num">Change</th></tr></thead>
<tbody>${items}</tbody></table></div>
${list}
</aside>`;
}

function notesBanner(s: GpuSection): string {
  if (s.notes.length === 0) return '';
  return `<aside class="banner notes" data-gpu="${h(s.gpu)}">
<h3>Notes on ${h(s.gpu)}</h3>
<ul>${s.notes.map((n) => `<li>${h(n)}</li>`).join('')}</ul>
</aside>`;
}

function gpuSection(s: GpuSection, p: GpuPlots): string {
  const id = `gpu-${slug(s.gpu)}`;
  const runs = s.runs.map((r) => `${h(r.kind)} run of ${h(when(r.createdAt))}`).join(', ');
  const overview: string[] = [];
  if (p.scatter)
    overview.push(
      figure(
        'scatter',
        s.gpu,
        p.scatter,
        `<strong>Predicted vs measured slowdown.</strong> One point per model of each pair (${s.records.length} ${s.records.length === 1 ? 'pair' : 'pairs'}); the dashed line is a perfect prediction, the shaded band ±10 %.${s.staleSolo.length ? ' Red rings: stale solo baseline.' : ''} Hover a point for the pair.`,
      ),
    );
  if (p.cdf)
    overview.push(
      figure(
        'cdf',
        s.gpu,
        p.cdf,
        '<strong>Error distribution.</strong> Share of predictions whose error is at most <em>x</em>, all splits pooled; higher and further left is better. Errors below 0.1 % are drawn at 0.1 %.',
      ),
    );
  const modeBlocks = s.modes.map((mode) => {
    const hm = p.heatmaps[mode];
    const heat = hm
      ? figure(
          'heatmap',
          s.gpu,
          hm.svg,
          `<strong>Slowdown matrix, ${h(MODE_LABEL[mode])}.</strong> Cell = slowdown of the row workload while the column workload runs beside it; predictions from ${h(SPLIT_LABEL[hm.split])}; grey cells were not measured.${s.staleSolo.length ? ' Red outline: stale solo baseline.' : ''}`,
          ` data-mode="${mode}"`,
        )
      : '';
    return `<section class="mode" id="${id}-${mode}">
<h3><span class="dot" style="background:${MODE_COLOUR[mode]}"></span>${h(MODE_LABEL[mode])}</h3>
${accuracyTable(s, mode)}
${heat}
</section>`;
  });
  const olModes: AccuracyMode[] = ['openloop-p99', 'openloop-p50'];
  const olTables = olModes.filter((m) => s.accuracy.some((a) => a.mode === m));
  const openLoop =
    s.openLoop.length > 0 || olTables.length > 0
      ? `<section class="mode" id="${id}-openloop">
<h3><span class="dot" style="background:#6b5bb5"></span>Open loop: tail latency under Poisson arrivals</h3>
${olTables.map((m) => `<h4>${h(ACCURACY_MODE_LABEL(m))}</h4>${accuracyTable(s, m)}`).join('\n')}
${p.tail ? figure('p99', s.gpu, p.tail, `<strong>p99 latency, predicted vs measured.</strong> One point per model of each open-loop run (${s.openLoop.length} ${s.openLoop.length === 1 ? 'run' : 'runs'}); the dashed line is a perfect prediction, the band ±10 %.`) : ''}
</section>`
      : `<p class="empty" data-gpu="${h(s.gpu)}">No open-loop records in this run.</p>`;
  return `<section class="gpu" id="${id}" data-gpu="${h(s.gpu)}">
<h2>${h(s.gpu)} <span class="runs">${runs}</span></h2>
${staleBanner(s)}
${notesBanner(s)}
${overview.length ? `<div class="grid">${overview.join('\n')}</div>` : '<p class="empty">No pair comparisons on this GPU.</p>'}
${p.dropped ? `<p class="muted">${p.dropped} values without a finite positive measurement or prediction are left out of the plots.</p>` : ''}
${modeBlocks.join('\n')}
${setsTable(s)}
${openLoop}
</section>`;
}

export function renderHtml(all: GpuSection[], plots: Map<string, GpuPlots>, title: string, generatedAt: string): string {
  const heads = all.flatMap(headlines);
  const nav =
    all.length > 1
      ? `<nav>${all.map((s) => `<a href="#gpu-${slug(s.gpu)}">${h(s.gpu)}</a>`).join('')}</nav>`
      : '';
  const staleCount = all.reduce((n, s) => n + s.staleSolo.length, 0);
  const body = all.length
    ? all.map((s) => gpuSection(s, plots.get(s.gpu) ?? { heatmaps: {}, dropped: 0 })).join('\n')
    : '<p class="empty">No validation runs were given.</p>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<p class="eyebrow">coloc · validation report</p>
<h1>${h(title)}</h1>
<p class="sub">Predicted co-location slowdowns checked against measured co-runs. Generated ${h(generatedAt)}${
    all.length ? ` for ${all.map((s) => h(s.gpu)).join(', ')}` : ''
  }.${staleCount ? ` <a class="stale-link" href="#gpu-${slug(all.find((s) => s.staleSolo.length)?.gpu ?? '')}">⚠ ${staleCount} stale solo ${staleCount === 1 ? 'baseline' : 'baselines'}</a>` : ''}</p>
${nav}
</header>
<main>
<section class="headline">
<h2 class="visually-small">Headline</h2>
${headlineCards(heads, all.length > 1)}
<p class="legend-note">MAPE: mean absolute percentage error of predicted vs measured slowdown. The <em>mean</em> and <em>linear</em> baselines are scored on the same splits; ★ marks the best predictor of each split.</p>
</section>
${body}
</main>
<footer>MAPE = mean of |predicted / measured − 1|. Splits: ${Object.values(SPLIT_LABEL).map(h).join(', ')}. Generated by coloc.</footer>
</body>
</html>
`;
}

const CSS = `
:root{--ink:#1f2430;--muted:#5b6372;--line:#e3e6eb;--bg:#f6f7f9;--card:#fff;--stale:#b3261e;--stale-bg:#fdf1ef;--note-bg:#eef4fb;--note:#2d5a8c}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;font-variant-numeric:tabular-nums}
header,main,footer{max-width:1180px;margin:0 auto;padding:0 28px}
header{padding-top:36px;padding-bottom:8px}
.eyebrow{margin:0;color:var(--muted);font-size:12px;letter-spacing:.08em;text-transform:uppercase;font-weight:600}
h1{margin:4px 0 6px;font-size:30px;line-height:1.2;letter-spacing:-.01em}
.sub{margin:0;color:var(--muted)}
nav{margin-top:14px;display:flex;gap:8px;flex-wrap:wrap}
nav a{padding:3px 12px;border:1px solid var(--line);border-radius:999px;background:#fff;color:var(--ink);text-decoration:none;font-size:13px;font-weight:600}
a{color:var(--note)}
.stale-link{color:var(--stale);font-weight:600;text-decoration:none;margin-left:6px}
h2{font-size:22px;margin:44px 0 14px;padding-bottom:8px;border-bottom:2px solid var(--ink);letter-spacing:-.005em}
h2 .runs{font-size:13px;font-weight:400;color:var(--muted);margin-left:8px}
h3{font-size:17px;margin:34px 0 12px;display:flex;align-items:center;gap:9px}
h4{font-size:14px;margin:18px 0 8px;color:var(--muted)}
.visually-small{font-size:13px;text-transform:uppercase;letter-spacing:.08em;color:var(--muted);border:0;margin:28px 0 10px;padding:0}
.dot{width:12px;height:12px;border-radius:50%;display:inline-block;flex:none}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:14px}
.card{background:var(--card);border:1px solid var(--line);border-top:4px solid var(--accent);border-radius:10px;padding:14px 16px 12px;box-shadow:0 1px 2px rgba(20,30,50,.04)}
.card-mode{font-size:13px;font-weight:600;color:var(--muted);display:flex;gap:6px;align-items:center}
.gpu-tag{background:var(--ink);color:#fff;border-radius:4px;padding:0 6px;font-size:11px;letter-spacing:.03em}
.card-figure{font-size:34px;font-weight:700;line-height:1.15;margin:4px 0 2px;color:var(--ink)}
.card-figure .unit{font-size:13px;font-weight:600;color:var(--muted);margin-left:6px}
.card-split{font-size:13px;color:var(--ink)}
.card-base{font-size:12px;color:var(--muted);margin-top:4px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.legend-note{font-size:13px;color:var(--muted);margin:12px 0 0}
.banner{border-radius:10px;padding:14px 18px;margin:16px 0;border:1px solid}
.banner h3{margin:0 0 6px;font-size:15px}
.banner p{margin:0 0 10px;font-size:14px}
.banner.stale{background:var(--stale-bg);border-color:#f0c2bc;border-left:6px solid var(--stale)}
.banner.stale h3{color:var(--stale)}
.banner.notes{background:var(--note-bg);border-color:#cddcf0;border-left:6px solid var(--note)}
.banner.notes h3{color:var(--note)}
.banner ul{margin:4px 0 0;padding-left:20px;font-size:14px}
.banner details{font-size:13px;margin-top:8px}
.banner summary{cursor:pointer;color:var(--stale);font-weight:600}
ul.pairs{columns:2;column-gap:28px}
.stale-table{font-size:13px;background:#fff;border-radius:6px}
.stale-table .diff{color:var(--stale);font-weight:600}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(440px,1fr));gap:18px;align-items:start}
.plot{margin:0;background:#fff;border:1px solid var(--line);border-radius:10px;padding:14px 14px 10px;overflow-x:auto}
.plot .svg{display:flex;justify-content:center}
.plot svg{max-width:100%;height:auto;display:block}
.plot svg [role=graphics-symbol]:hover{stroke:#000;stroke-width:2px}
figcaption{font-size:13px;color:var(--muted);margin-top:8px;line-height:1.45}
figcaption strong{color:var(--ink)}
.mode .plot{margin-top:16px}
.table-wrap{overflow-x:auto;border-radius:10px}
.mode .plot[data-plot=p99]{max-width:580px}
table{border-collapse:collapse;width:100%}
table.accuracy{background:#fff;border:1px solid var(--line);border-radius:10px;overflow:hidden;font-size:14px}
th,td{padding:7px 12px;text-align:left;white-space:nowrap}
thead th{font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);font-weight:600;background:#fafbfc;border-bottom:1px solid var(--line)}
tbody th{font-weight:600;vertical-align:top;border-right:1px solid var(--line);width:1%}
td.pred{width:1%}
td.mape{width:40%}
tr.group-start>*{border-top:1px solid var(--line)}
.num{text-align:right}
tr.baseline td{color:var(--muted)}
tr.coloc td.pred{font-weight:700;color:var(--ink)}
td.mape{position:relative;min-width:150px}
td.mape .bar{position:absolute;left:12px;top:50%;height:8px;margin-top:-4px;border-radius:4px;background:#d5d9e0}
tr.coloc td.mape .bar{background:#3b6fb6}
td.mape .v{position:relative}
tr.best td.mape .v{font-weight:700}
tr.best td.mape .v::after{content:" ★";color:#c7921a;font-size:11px}
.empty,.muted,.table-wrap .note{color:var(--muted);font-size:14px}
footer{color:var(--muted);font-size:12px;padding-top:28px;padding-bottom:40px;border-top:1px solid var(--line);margin-top:48px}
@media (max-width:720px){header,main,footer{padding:0 14px}.grid{grid-template-columns:1fr}h1{font-size:24px}ul.pairs{columns:1}td,th{padding:6px 8px}}
@media print{
 body{background:#fff;font-size:11pt}
 header,main,footer{max-width:none;padding:0}
 .plot,.card,.banner,table,.mode h3{break-inside:avoid}
 h2{break-after:avoid;break-before:page}
 section.gpu:first-of-type h2{break-before:auto}
 .grid{grid-template-columns:1fr 1fr}
 .banner,.card,tr.coloc td.mape .bar,.dot,.gpu-tag{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 details>*{display:block}
 nav{display:none}
 a{color:inherit;text-decoration:none}
}
`;
