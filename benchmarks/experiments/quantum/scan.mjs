// The saved model with its time slice (quantum) or slice jitter replaced, no refit: time-slicing slowdown MAPE
// (max) over the calibration's pairs (in-sample) and the fresh sets' (each with its own solo latencies), with and
// without the probe layer, then the calibration pairs whose error (probe layer off) moves most across the
// settings. Shows how sharply the quantum is pinned by workloads whose request sits near a slice-count step
// (docs/accuracy.md, 2026-12-07, second session). Needs npm run build.
//   node benchmarks/experiments/quantum/scan.mjs GPU [--quanta 2.1,2.04,2.0] [--jitters 0,0.02]
import { existsSync, readdirSync } from 'node:fs';
import { loadCalibration, loadCalibrationDir } from '../../../dist/data/index.js';
import { loadSavedModel, withoutProbes } from '../../../dist/predictor/fit.js';
import { pairSlowdowns } from '../../../dist/predictor/predict.js';
import { buildProfiles, withSessionSolo } from '../../../dist/predictor/profile.js';

const gpu = process.argv[2] ?? 'h100';
const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1].split(',').map(Number) : undefined;
};
const cal = loadCalibration(gpu);
const saved = loadSavedModel(gpu, cal);
if (!saved) throw new Error(`no saved model for ${gpu}: run the fit first`);
const ts0 = saved.params.timeslice;
const quanta = arg('--quanta') ?? [ts0.quantumMs];
const jitters = arg('--jitters') ?? [ts0.jitter ?? 0];
const profiles = buildProfiles(cal);
const sets = [{ name: 'calibration', pairs: cal.pairs, solo: null }];
for (const d of readdirSync(`predictions/${gpu}`).filter((x) => x.startsWith('fresh-')).sort()) {
  const dir = `predictions/${gpu}/${d}`;
  if (!existsSync(`${dir}/pairs.json`)) continue;
  const fresh = loadCalibrationDir(dir);
  sets.push({ name: d, pairs: fresh.pairs, solo: fresh.solo });
}
const fmt = (v) => `${(100 * v.reduce((a, b) => a + Math.abs(b), 0) / v.length).toFixed(2)} % (max ${(100 * Math.max(...v.map(Math.abs))).toFixed(1)} %)`;
const settings = quanta.flatMap((quantumMs) => jitters.map((jitter) => ({ ...ts0, quantumMs, jitter })));
const perPair = new Map();
console.log(`${gpu}: time slicing, saved model (quantum ${ts0.quantumMs} ms, jitter ${ts0.jitter ?? 0}) with the setting replaced`);
for (const ts of settings) {
  for (const probes of [true, false]) {
    const m0 = probes ? saved : withoutProbes(saved);
    const m = { ...m0, params: { ...m0.params, timeslice: ts } };
    const err = { calibration: [], fresh: [] };
    for (const set of sets) {
      for (const e of set.pairs) {
        if (e.mode !== 'timeslice' || e.status !== 'ok' || !e.slowdown) continue;
        let a = profiles.get(e.a.id);
        let b = profiles.get(e.b.id);
        if (!a || !b) continue;
        if (set.solo) [a, b] = [withSessionSolo(a, set.solo), withSessionSolo(b, set.solo)];
        const s = pairSlowdowns(m, 'timeslice', a, b).slowdown.map((x, i) => x / e.slowdown[i] - 1);
        err[set.solo ? 'fresh' : 'calibration'].push(...s);
        if (!set.solo && !probes) {
          const key = `${e.a.id} + ${e.b.id}`;
          if (!perPair.has(key)) perPair.set(key, []);
          perPair.get(key).push(s);
        }
      }
    }
    console.log(`  quantum ${ts.quantumMs} ms, jitter ${ts.jitter}, ${probes ? 'probe layer' : 'no probes  '}: calibration (${err.calibration.length}) ${fmt(err.calibration)}, fresh (${err.fresh.length}) ${fmt(err.fresh)}`);
  }
}
if (settings.length > 1) {
  const moved = [...perPair].map(([k, v]) => [k, v, Math.max(...v.flatMap((s) => s.map((x, i) => Math.abs(x - v[0][i]))))]);
  moved.sort((x, y) => y[2] - x[2]);
  console.log('  calibration pairs whose error (no probes, %, both sides) moves most across the settings:');
  for (const [k, v] of moved.slice(0, 6)) console.log(`    ${k.padEnd(46)} ${v.map((s) => s.map((x) => (100 * x).toFixed(1).padStart(6)).join('')).join('  |')}`);
}
