// Are the model's misses a property of the pair, the same on both Hoppers? For every pair measured on both GPUs'
// calibrations: the source GPU's in-sample residual log(measured / predicted) (its saved model, fitted on all its
// pairs: what predict has at hand) against the target GPU's leave-one-model-out and transfer residuals (the
// committed offline runs). Prints, per mode and split, the correlation and the target's MAPE with the source's
// residual carried over at weight w: predicted' = predicted * exp(w * r_source).
// Usage: npm run build && node benchmarks/experiments/cross-gpu/residuals.mjs
import { readdirSync, readFileSync } from 'node:fs';
import { loadCalibration } from '../../../dist/data/index.js';
import { loadSavedModel } from '../../../dist/predictor/fit.js';
import { pairSlowdowns } from '../../../dist/predictor/predict.js';
import { buildProfiles } from '../../../dist/predictor/profile.js';

const gpus = ['h100', 'h200'];
const inSample = {};
for (const g of gpus) {
  const cal = loadCalibration(g);
  const model = loadSavedModel(g, cal);
  const prof = buildProfiles(cal);
  const r = new Map();
  for (const m of cal.pairs) {
    if (m.status !== 'ok' || !m.slowdown || !prof.has(m.a.id) || !prof.has(m.b.id)) continue;
    const s = pairSlowdowns(model, m.mode, prof.get(m.a.id), prof.get(m.b.id)).slowdown;
    r.set(`${m.mode} ${m.a.id} ${m.b.id}`, Math.log(m.slowdown[0] / s[0]));
    r.set(`${m.mode} ${m.b.id} ${m.a.id}`, Math.log(m.slowdown[1] / s[1]));
  }
  inSample[g] = r;
}
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
function corr(x, y) {
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0, sxx = 0, syy = 0;
  x.forEach((xi, i) => { sxy += (xi - mx) * (y[i] - my); sxx += (xi - mx) ** 2; syy += (y[i] - my) ** 2; });
  return sxy / Math.sqrt(sxx * syy);
}
for (const tgt of gpus) {
  const src = gpus.find((g) => g !== tgt);
  // The newest committed offline run of the target GPU.
  const newest = readdirSync(`predictions/${tgt}`).filter((f) => /^offline-\d.*\.json$/.test(f)).sort().at(-1);
  const run = JSON.parse(readFileSync(`predictions/${tgt}/${newest}`, 'utf8'));
  const groups = new Map();
  for (const rec of run.records) {
    for (const i of [0, 1]) {
      const [v, n] = i === 0 ? [rec.a, rec.b] : [rec.b, rec.a];
      const rs = inSample[src].get(`${rec.mode} ${v} ${n}`);
      if (rs === undefined) continue;
      const key = `${rec.mode} ${rec.split}`;
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push({ rt: Math.log(rec.measured[i] / rec.predicted[i]), rs });
    }
  }
  console.log(`${tgt}, carrying ${src}'s in-sample residuals:`);
  for (const [key, xs] of [...groups].sort()) {
    const c = corr(xs.map((x) => x.rs), xs.map((x) => x.rt));
    const mape = (w) => (100 * mean(xs.map((x) => Math.abs(Math.exp(x.rt - w * x.rs) - 1)))).toFixed(2);
    console.log(`  ${key.padEnd(18)} n=${String(xs.length).padStart(3)} corr ${c.toFixed(2)}  w=0 ${mape(0)}  0.5 ${mape(0.5)}  0.75 ${mape(0.75)}  1 ${mape(1)} %`);
  }
}
