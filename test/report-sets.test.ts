import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderReport } from '../src/report/index.js';
import { setsMarkdown } from '../src/report/markdown.js';
import { freshBySet, sections } from '../src/report/model.js';
import type { Mode, ValidationRecord, ValidationRun } from '../src/types.js';

const rec = (mode: Mode, set: string | undefined, measured: [number, number], predicted: [number, number], own?: [number, number]): ValidationRecord => ({
  gpu: 'h100',
  mode,
  split: 'fresh',
  a: 'bert@b16s128',
  b: 'llama@b1s256',
  measured,
  predicted,
  ...(own ? { baselines: { sessionSolo: own } } : {}),
  ...(set ? { set } : {}),
});

const run = (records: ValidationRecord[]): ValidationRun => ({ gpu: 'h100', createdAt: '2026-12-07T13:24:00Z', kind: 'fresh', records, openLoop: [], accuracy: [], staleSolo: [], notes: [] });

describe('fresh measurements by set', () => {
  const records = [
    rec('timeslice', 'fresh-a', [2, 4], [2.2, 4], [2, 4.4]),
    rec('timeslice', 'fresh-a', [1, 2], [1, 1.9], [1.05, 2]),
    rec('mps', 'fresh-a', [3, 1.5], [2.7, 1.5]),
    rec('timeslice', 'fresh-b', [2, 2], [2, 2.1], [2, 2]),
    rec('timeslice', undefined, [2, 2], [4, 4]),
  ];

  it('gives each set its MAPE, largest error and values per mode, in order of appearance, records without a set left out', () => {
    const rows = freshBySet(sections([run(records)])[0]!);
    expect(rows.map((r) => r.set)).toEqual(['fresh-a', 'fresh-b']);
    const a = rows[0]!.modes.timeslice!;
    expect(a.n).toBe(4);
    expect(a.mape).toBeCloseTo((0.1 + 0 + 0 + 0.05) / 4, 12);
    expect(a.maxError).toBeCloseTo(0.1, 12);
    expect(a.sessionSoloMape).toBeCloseTo((0 + 0.1 + 0.05 + 0) / 4, 12);
    // A mode without the sessionSolo predictions has no own-solo figure.
    expect(rows[0]!.modes.mps).toEqual({ n: 2, mape: expect.closeTo(0.05, 12), maxError: expect.closeTo(0.1, 12) });
    expect(rows[1]!.modes.mps).toBeUndefined();
  });

  it('renders the table in the summary and the page, and nothing where no record names a set', async () => {
    const md = setsMarkdown(sections([run(records)])[0]!).join('\n');
    expect(md).toContain('| Set | time-slicing | MPS |');
    expect(md).toContain('| fresh-a | 3.8 % (max 10.0 %, 4; own solo 3.8 %) | 5.0 % (max 10.0 %, 2) |');
    expect(md).toContain('| fresh-b | 2.5 % (max 5.0 %, 2; own solo 0.0 %) |  |');
    expect(setsMarkdown(sections([run(records.filter((r) => !r.set))])[0]!)).toEqual([]);
    const out = await renderReport([run(records)], await mkdtemp(join(tmpdir(), 'coloc-sets-')));
    expect(out.markdown).toContain('### Fresh measurements by set');
    expect(out.html).toContain('<tr data-set="fresh-b"><th scope="row">fresh-b</th>');
  });
});
