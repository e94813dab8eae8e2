// What the size variants in the calibration buy on pairs it never saw: every fresh co-run set in
// predictions/<gpu>/fresh-*/ predicted from the whole calibration, and from the calibration without any pair
// of a size variant (a catalog model at other than its default batch and sequence length; they keep their
// solo profiles, like any workload), which is the calibration as it was before the variants were measured.
// Usage: npm run build && node benchmarks/size-variants.mjs [gpu] [--modes timeslice,mps]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isSizeVariant, loadCalibration } from '../dist/data/index.js';
import { validatePairs } from '../dist/validate/crossval.js';
import { TimesliceGridCache } from '../dist/predictor/fit.js';
import { predictionsDir } from '../dist/paths.js';
import { benchArgs, mapeText } from './common.mjs';

const { gpu, modes } = benchArgs({ gpu: 'h200', modes: 'timeslice,mps' });
const cal = loadCalibration(gpu);
const gridCache = new TimesliceGridCache();
const variants = [...new Set(cal.pairs.filter((p) => p.status === 'ok').flatMap((p) => [p.a, p.b]).filter(isSizeVariant).map((w) => w.id))];
console.log(`${gpu}: size variants with pairs in the calibration: ${variants.join(', ') || 'none'}`);
const dir = join(predictionsDir(), gpu);
const sets = existsSync(dir) ? readdirSync(dir).filter((d) => d.startsWith('fresh') && existsSync(join(dir, d, 'pairs.json'))).sort() : [];
console.log('\n| fresh set | mode | n | whole calibration | without the size variants\' pairs |');
console.log('| --- | --- | --- | --- | --- |');
const all = { with: {}, without: {} };
for (const d of sets) {
  const pairs = JSON.parse(readFileSync(join(dir, d, 'pairs.json'), 'utf8')).entries;
  for (const mode of modes) {
    const measured = { pairs: pairs.filter((p) => p.mode === mode), openLoop: [] };
    if (!measured.pairs.length) continue;
    const w = await validatePairs(cal, gpu, measured, 'fresh', { modes: [mode], gridCache });
    const wo = await validatePairs(cal, gpu, measured, 'fresh', { modes: [mode], gridCache, fit: { exclude: { workloads: new Set(variants) } } });
    (all.with[mode] ??= []).push(...w.records);
    (all.without[mode] ??= []).push(...wo.records);
    console.log(`| ${d} | ${mode} | ${2 * w.records.length} | ${mapeText(w.records)} | ${mapeText(wo.records)} |`);
  }
}
for (const mode of modes) if (all.with[mode]) console.log(`| all | ${mode} | ${2 * all.with[mode].length} | ${mapeText(all.with[mode])} | ${mapeText(all.without[mode])} |`);
