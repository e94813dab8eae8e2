// How strongly each open-loop run's predicted p99 depends on the pair's closed-loop speed: every calibration
// open-loop run simulated as validation does (its own window and arrivals, the fitted model's slowdowns), with
// both workloads' GPU work scaled by 0.99 and by 1.01; prints per mode and load the median and range over the
// runs' sides of d ln p99 / d ln (GPU work), i.e. how many percent of p99 one percent of closed-loop error makes.
// Usage: npm run build && node benchmarks/openloop-elasticity.mjs [gpu]
import { pairSlowdowns } from '../dist/predictor/predict.js';
import { buildProfiles } from '../dist/predictor/profile.js';
import { coreOpenLoop } from '../dist/predictor/core.js';
import { measuredArrivalSeeds } from '../dist/predictor/pyrandom.js';
import { savedModel } from './saved-model.mjs';

const { gpu, cal, model } = savedModel();
const profiles = buildProfiles(cal);
const groups = new Map();
for (const o of cal.openLoop) {
  const a = profiles.get(o.a.id);
  const b = o.b ? profiles.get(o.b.id) : undefined;
  if (o.status !== 'ok' || !a || !b) continue;
  const mode = o.mode === 'exclusive' ? 'timeslice' : o.mode;
  const s = pairSlowdowns(model, mode, a, b);
  const scale = [s.slowdown[0] / s.core[0], s.slowdown[1] / s.core[1]];
  const settings = { horizonRequests: 20000, windowMs: o.windowS * 1000, arrivalSeeds: measuredArrivalSeeds(o) };
  const run = (f) => coreOpenLoop(mode, a, b, model.params, o.ratesRps, [scale[0] * f, scale[1] * f], settings);
  const lo = run(0.99);
  const hi = run(1.01);
  const key = `${mode} ${o.load}`;
  if (!groups.has(key)) groups.set(key, []);
  for (const i of [0, 1]) groups.get(key).push(Math.log(hi[i].p99Ms / lo[i].p99Ms) / Math.log(1.01 / 0.99));
}
for (const [key, v] of [...groups].sort()) {
  v.sort((x, y) => x - y);
  const [mode, load] = key.split(' ');
  console.log(JSON.stringify({ gpu, mode, load: Number(load), n: v.length, p99Elasticity: +v[Math.floor(v.length / 2)].toFixed(2), range: [+v[0].toFixed(2), +v[v.length - 1].toFixed(2)] }));
}
