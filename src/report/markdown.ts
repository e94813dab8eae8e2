// The GitHub-flavoured Markdown summary: headline figures, banners and the accuracy tables of the page.
import { MODE_LABEL, PREDICTOR_LABEL, SPLIT_LABEL, RANGE_NOTE, SETS_NOTE, WINDOW_NOISE_NOTE, pct, ms, when } from './format.js';
import { ACCURACY_MODE_LABEL, baselineText, headlineText } from './html.js';
import { accuracyRows, headlines, setCell, setTable, staleRecords, type AccuracyMode, type GpuSection } from './model.js';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function accuracyMarkdown(s: GpuSection, mode: AccuracyMode): string[] {
  const rows = accuracyRows(s, mode);
  if (rows.length === 0) return ['_No accuracy rows for this mode._'];
  const noise = rows.some((r) => r.noiseFloor !== undefined);
  const cover = rows.some((r) => r.rangeCoverage !== undefined);
  const table = [
    `| Split | Predictor | MAPE | Median error | Max error | n |${noise ? ' Window noise |' : ''}${cover ? ' In p99 range |' : ''}`,
    `|---|---|--:|--:|--:|--:|${noise ? '--:|' : ''}${cover ? '--:|' : ''}`,
    ...rows.map((r) => {
      const name = r.predictor === 'coloc' ? '**coloc**' : PREDICTOR_LABEL[r.predictor];
      const floor = noise ? ` ${r.noiseFloor !== undefined ? pct(r.noiseFloor) : ''} |` : '';
      const inRange = cover ? ` ${r.rangeCoverage !== undefined ? pct(r.rangeCoverage) : ''} |` : '';
      return `| ${SPLIT_LABEL[r.split]} | ${name} | ${pct(r.mape)} | ${pct(r.medianError)} | ${pct(r.maxError)} | ${r.n} |${floor}${inRange}`;
    }),
  ];
  return [...table, ...(noise ? ['', WINDOW_NOISE_NOTE] : []), ...(cover ? ['', RANGE_NOTE] : [])];
}

/** The fresh measurements set by set (freshBySet); nothing when no record names its set. */
export function setsMarkdown(s: GpuSection): string[] {
  const t = setTable(s);
  if (!t) return [];
  const { rows, modes } = t;
  return [
    '### Fresh measurements by set',
    '',
    `| Set | ${modes.map((m) => MODE_LABEL[m]).join(' | ')} |`,
    `|---|${modes.map(() => '--:|').join('')}`,
    ...rows.map((r) => `| ${cell(r.set)} | ${modes.map((m) => setCell(r.modes[m])).join(' | ')} |`),
    '',
    SETS_NOTE,
    '',
  ];
}

export function renderMarkdown(all: GpuSection[], title: string, htmlFile: string, generatedAt: string): string {
  const out: string[] = [`# ${title}`, '', `Generated ${generatedAt}. Plots and per-pair detail: [${htmlFile}](${htmlFile}).`, ''];
  const heads = all.flatMap(headlines);
  out.push('## Headline', '');
  if (heads.length === 0) out.push('_No accuracy figures in these runs._');
  for (const x of heads) {
    const base = baselineText(x);
    out.push(`- **${cell(x.gpu)}** ${headlineText(x)}${base ? ` (${base})` : ''}`);
  }
  out.push('');
  if (all.length === 0) out.push('_No validation runs were given._', '');
  for (const s of all) {
    out.push(`## ${s.gpu}`, '', s.runs.map((r) => `${r.kind} run of ${when(r.createdAt)}`).join(', '), '');
    if (s.staleSolo.length) {
      const affected = staleRecords(s).length;
      out.push(
        '> [!WARNING]',
        `> **Stale calibration:** ${s.staleSolo.length} solo ${s.staleSolo.length === 1 ? 'baseline differs' : 'baselines differ'} more than 5 % from a fresh measurement; ` +
          `${affected} of ${s.records.length + s.openLoop.length} comparisons rest on ${s.staleSolo.length === 1 ? 'it' : 'them'} and are flagged in the plots.`,
        '>',
        '> | Workload | Context | Calibrated | Fresh | Change |',
        '> |---|---|--:|--:|--:|',
        ...s.staleSolo.map(
          (e) => `> | ${cell(e.workload)} | ${e.context} | ${ms(e.calibratedMs)} | ${ms(e.freshMs)} | ${e.diff >= 0 ? '+' : ''}${pct(e.diff)} |`,
        ),
        '',
      );
    }
    if (s.notes.length) out.push('> [!NOTE]', ...s.notes.map((n) => `> - ${cell(n)}`), '');
    const modes: AccuracyMode[] = [...s.modes, 'openloop-p99', 'openloop-p50'];
    for (const mode of modes) {
      if (!s.modes.includes(mode as never) && !s.accuracy.some((a) => a.mode === mode)) continue;
      out.push(`### ${ACCURACY_MODE_LABEL(mode)}`, '', ...accuracyMarkdown(s, mode), '');
    }
    out.push(...setsMarkdown(s));
    if (s.openLoop.length === 0) out.push('_No open-loop records in this run._', '');
  }
  return out.join('\n');
}
