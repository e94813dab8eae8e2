// The MPS dispatch simulation alone (no probe or regression layer) on the calibration's MPS pairs, over the
// coarse lattice of its two interferences (as fit.ts's DISPATCH_LATTICE): in-sample at the best point,
// leave-one-model-out with each fold choosing its own point (every pair predicted from the pairs that share
// neither of its workloads), and the fresh sets' MPS pairs at the in-sample point. The figures of the
// "simulation alone" columns in README.md. With points (interference/latency-interference, e.g. 0.7/3.3 0.35/3.6):
// in-sample and fresh errors at each of them instead (docs/accuracy.md, seventh 2026-12-06 session).
// Usage: npm run build && node benchmarks/experiments/mps-dispatch/sim-lattice.mjs [gpu] [a/b ...]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCalibration } from '../../../dist/data/index.js';
import { predictionsDir } from '../../../dist/paths.js';
import { buildProfiles } from '../../../dist/predictor/profile.js';
import { defaultParams, dispatchParams, trainingPairs } from '../../../dist/predictor/fit.js';
import { coreClosedLoop } from '../../../dist/predictor/core.js';
import { ape, mean } from '../../../dist/predictor/stats.js';

const gpu = process.argv[2] ?? 'h200';
const at = process.argv.slice(3).map((x) => x.split('/').map(Number));
const cal = loadCalibration(gpu);
const profiles = buildProfiles(cal);
const ps = trainingPairs(cal, profiles).filter((p) => p.mode === 'mps');
const axis = (n, step) => Array.from({ length: n }, (_, i) => Number((i * step).toFixed(2)));
const pts = axis(13, 0.1).flatMap((a) => axis(26, 0.2).map((b) => [a, b]));
const paramsAt = ([a, b]) => ({ ...defaultParams(), mps: dispatchParams(a, b) });
const errors = (s, m) => [ape(s[0], m[0]), ape(s[1], m[1])];
const pct = (x, d = 2) => `${(100 * x).toFixed(d)} %`;

const dir = join(predictionsDir(), gpu);
const fresh = [];
for (const d of existsSync(dir) ? readdirSync(dir).filter((d) => d.startsWith('fresh-')) : []) {
  const f = join(dir, d, 'pairs.json');
  if (!existsSync(f)) continue;
  for (const p of JSON.parse(readFileSync(f, 'utf8')).entries) {
    const a = profiles.get(p.a.id);
    const b = profiles.get(p.b.id);
    if (p.mode === 'mps' && p.status === 'ok' && p.slowdown && a && b) fresh.push({ a, b, measured: p.slowdown });
  }
}
const freshErrors = (pt) => fresh.flatMap((p) => errors(coreClosedLoop('mps', p.a, p.b, paramsAt(pt)).slowdown, p.measured));

if (at.length) {
  for (const pt of at) {
    const e = ps.flatMap((p) => errors(coreClosedLoop('mps', p.a, p.b, paramsAt(pt)).slowdown, p.measured));
    console.log(`${pt.join(' / ')}: in-sample ${pct(mean(e), 3)} (${e.length} values)${fresh.length ? `, fresh sets ${pct(mean(freshErrors(pt)), 3)} (${2 * fresh.length})` : ''}`);
  }
  process.exit(0);
}

// err[k][j]: pair j's two errors at lattice point k.
const err = pts.map((pt) => ps.map((p) => errors(coreClosedLoop('mps', p.a, p.b, paramsAt(pt)).slowdown, p.measured)));
const pairErr = err.map((row) => row.map(([x, y]) => (x + y) / 2));
const bestOf = (idx) => {
  let bk = 0;
  let bv = Infinity;
  for (let k = 0; k < pts.length; k++) {
    const v = mean(idx.map((i) => pairErr[k][i]));
    if (v < bv - 1e-12) [bk, bv] = [k, v];
  }
  return bk;
};
const all = ps.map((_, i) => i);
const best = bestOf(all);
const inSample = err[best].flat();
console.log(`in-sample: ${pct(mean(inSample))} (max ${pct(Math.max(...inSample))}) at interference ${pts[best][0]}, latency interference ${pts[best][1]}; ${ps.length} pairs`);
const lomo = ps.flatMap((p, j) => {
  const train = all.filter((i) => ![ps[i].a.id, ps[i].b.id].some((id) => id === p.a.id || id === p.b.id));
  return err[bestOf(train)][j];
});
console.log(`leave-one-model-out: ${pct(mean(lomo))} (max ${pct(Math.max(...lomo))}), n ${lomo.length}`);
if (fresh.length) {
  const e = freshErrors(pts[best]);
  console.log(`fresh sets at the in-sample point: ${pct(mean(e))} (max ${pct(Math.max(...e))}), n ${e.length}`);
}
