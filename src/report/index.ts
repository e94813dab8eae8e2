// `renderReport`: the validation report as one self-contained HTML page plus a Markdown summary.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ValidationRun } from '../types.js';
import { SPLIT_LABEL, when } from './format.js';
import { cdfSpec, heatmapSpec, scatterSpec, tailSpec, toSvg } from './charts.js';
import { renderHtml, type GpuPlots } from './html.js';
import { renderMarkdown } from './markdown.js';
import { errorCdf, heatCells, scatterPoints, sections, tailPoints, type GpuSection } from './model.js';

export interface ReportOptions {
  title?: string;
}

async function drawGpu(s: GpuSection): Promise<GpuPlots> {
  const plots: GpuPlots = { heatmaps: {}, dropped: 0 };
  const scatter = scatterPoints(s);
  plots.dropped += scatter.dropped;
  if (scatter.points.length) plots.scatter = await toSvg(scatterSpec(scatter.points));
  const cdf = errorCdf(s);
  if (cdf.length) plots.cdf = await toSvg(cdfSpec(cdf));
  for (const mode of s.modes) {
    const { cells, workloads, split } = heatCells(s, mode);
    if (cells.length && split) {
      const svg = await toSvg(heatmapSpec(cells, workloads, mode, `Predicted (${SPLIT_LABEL[split]})`));
      plots.heatmaps[mode] = { svg, split };
    }
  }
  const tail = tailPoints(s);
  plots.dropped += tail.dropped;
  if (tail.points.length) plots.tail = await toSvg(tailSpec(tail.points));
  return plots;
}

/**
 * Write `<outDir>/index.html` (self-contained: inline SVG and CSS, no external requests) and
 * `<outDir>/summary.md` (the same headline figures and tables, linking the page), and return both.
 */
export async function renderReport(
  runs: ValidationRun[],
  outDir: string,
  opts: ReportOptions = {},
): Promise<{ html: string; markdown: string }> {
  const title = opts.title ?? 'coloc validation report';
  const generatedAt = when(new Date().toISOString());
  const all = sections(runs);
  const plots = new Map<string, GpuPlots>();
  for (const s of all) plots.set(s.gpu, await drawGpu(s));
  const html = renderHtml(all, plots, title, generatedAt);
  const markdown = renderMarkdown(all, title, 'index.html', generatedAt);
  await mkdir(outDir, { recursive: true });
  await Promise.all([writeFile(join(outDir, 'index.html'), html), writeFile(join(outDir, 'summary.md'), markdown)]);
  return { html, markdown };
}
