// What a smaller calibration would have predicted: the GPU's fresh sets (predictions/<gpu>/fresh-*) and the
// calibration pairs it leaves out, predicted from a fit that keeps only the pairs among `--keep` workloads
// (default: the catalog's default sizes and the probes, what `coloc calibrate --gpu G` measures) and every
// workload's co-runs next to the probes (what `coloc calibrate --models X --no-pairs` gives any other workload).
// Beside it the same figures from the whole calibration: the fresh sets from a committed run (--full FILE, made
// by `coloc validate --gpu G --measured ...` with the same model version), else computed here.
// --keep all keeps every pair; --no-ncu also drops every workload's Nsight Compute measurements (kernels.json
// `ncu`: the calibration without its ncu phase, `coloc calibrate --no-ncu`).
// Usage: npm run build && node benchmarks/calibration-subset.mjs h100 [--keep a,b,...|all] [--no-ncu]
//        [--full predictions/h100/2026-12-08.json] [--offline predictions/h100/offline-2026-12-08.json] [--modes timeslice,mps]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogProbes } from '../dist/data/catalog.js';
import { loadCalibration } from '../dist/data/index.js';
import { loadSavedModel, pairKey, TimesliceGridCache } from '../dist/predictor/fit.js';
import { storedOtherGpus, validatePairs } from '../dist/validate/crossval.js';
import { compareFresh } from '../dist/validate/fresh.js';
import { catalogPath, predictionsDir } from '../dist/paths.js';
import { benchArgs, mapeText } from './common.mjs';

const { gpu, modes, opt, flag } = benchArgs({ gpu: 'h100', modes: 'timeslice,mps', valued: ['--keep', '--full', '--offline'] });
const whole = loadCalibration(gpu);
// The solo latencies of the later sessions are stored with the whole calibration's model (read before any change).
const saved = loadSavedModel(gpu, whole);
const noNcu = flag('--no-ncu');
const cal = noNcu ? { ...whole, kernels: whole.kernels.map(({ ncu, ...k }) => k) } : whole;
const probes = catalogProbes();
const catalog = JSON.parse(readFileSync(catalogPath(), 'utf8'));
const keepAll = opt('--keep') === 'all';
const keep = new Set(opt('--keep')?.split(',') ?? [...catalog.workloads.map((w) => `${w.name}@b${w.batch}s${w.seq}`), ...probes]);
const ok = cal.pairs.filter((p) => p.status === 'ok' && p.slowdown);
const isProbeRun = (p) => probes.includes(p.a.id) || probes.includes(p.b.id);
const kept = ok.filter((p) => keepAll || (keep.has(p.a.id) && keep.has(p.b.id)) || isProbeRun(p));
const dropped = ok.filter((p) => !kept.includes(p));
const exclude = { pairs: new Set(dropped.map((p) => pairKey(p.mode, p.a.id, p.b.id))) };
const paired = (list) => [...new Set(list.filter((p) => !isProbeRun(p) || (probes.includes(p.a.id) && probes.includes(p.b.id))).flatMap((p) => [p.a.id, p.b.id]))].sort();

const wall = cal.meta.wallTimeS ?? {};
console.log(`${gpu}: pairs kept per mode / of the calibration's (kept: every pair among ${paired(kept).length} workloads, and every workload's probe co-runs)${noNcu ? '; without Nsight Compute measurements' : ''}`);
for (const mode of modes) {
  const n = (list) => list.filter((p) => p.mode === mode).length;
  const share = n(ok) ? n(kept) / n(ok) : 0;
  const cost = wall[mode] ? `; ${mode} phase ${Math.round(wall[mode])} s measured, about ${Math.round(wall[mode] * share)} s in proportion` : '';
  console.log(`  ${mode}: ${n(kept)} of ${n(ok)}${cost}`);
}
console.log(`  paired workloads kept: ${paired(kept).join(', ')}`);

const gridCache = new TimesliceGridCache();
const sessions = saved?.soloSessions ?? [];
const others = storedOtherGpus(gpu);
const dir = join(predictionsDir(), gpu);
const sets = readdirSync(dir).filter((d) => d.startsWith('fresh') && existsSync(join(dir, d, 'pairs.json'))).sort();

const alone = (r) => r.baselines?.thisGpu ?? r.predicted;

const small = [];
const full = [];
const fullFile = opt('--full');
if (fullFile) full.push(...JSON.parse(readFileSync(fullFile, 'utf8')).records.filter((r) => r.split === 'fresh'));
for (const d of sets) {
  const path = join(dir, d);
  small.push(...(await compareFresh(cal, gpu, path, modes, sessions, others, { exclude })).records);
  if (!fullFile) full.push(...(await compareFresh(whole, gpu, path, modes, sessions, others)).records);
  process.stderr.write(`${d} `);
}
process.stderr.write('\n');

// The calibration pairs the smaller calibration leaves out, predicted from its fit; with every pair kept
// (--keep all --no-ncu), every calibration pair in leave-one-model-out. Against leave-one-model-out of the
// whole calibration (from a committed offline run, --offline FILE, else computed here).
const target = dropped.length ? dropped : ok;
const split = dropped.length ? 'lopo' : 'lomo';
const held = (await validatePairs(cal, gpu, { pairs: target }, split, { modes, fit: { exclude }, gridCache, others })).records;
const offFile = opt('--offline');
const targetKeys = new Set(target.map((p) => pairKey(p.mode, p.a.id, p.b.id)));
const lomo = offFile
  ? JSON.parse(readFileSync(offFile, 'utf8')).records.filter((r) => r.split === 'lomo' && targetKeys.has(pairKey(r.mode, r.a, r.b)))
  : (await validatePairs(whole, gpu, { pairs: target }, 'lomo', { modes, gridCache, others })).records;
const heldLabel = dropped.length ? 'the calibration pairs left out (whole: lomo)' : 'every calibration pair, lomo';

console.log('\n| mode | values | whole calibration | smaller calibration | whole, this GPU\'s data alone | smaller, this GPU\'s data alone |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const mode of modes) {
  const [f, s] = [full, small].map((x) => x.filter((r) => r.mode === mode));
  console.log(`| ${mode}, fresh sets | ${2 * s.length} | ${mapeText(f)} | ${mapeText(s)} | ${mapeText(f, alone)} | ${mapeText(s, alone)} |`);
  const [l, h] = [lomo, held].map((x) => x.filter((r) => r.mode === mode));
  console.log(`| ${mode}, ${heldLabel} | ${2 * h.length} | ${mapeText(l)} | ${mapeText(h)} | ${mapeText(l, alone)} | ${mapeText(h, alone)} |`);
}
