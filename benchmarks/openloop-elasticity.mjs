// How strongly each open-loop run's predicted p99 depends on the pair's closed-loop speed: every calibration
// open-loop run simulated as validation does (its own window and arrivals, the fitted model's slowdowns), with
// both workloads' GPU work scaled by 0.99 and by 1.01; prints per mode and load the median and range over the
// runs' sides of d ln p99 / d ln (GPU work), i.e. how many percent of p99 one percent of closed-loop error makes.
// Usage: npm run build && node benchmarks/openloop-elasticity.mjs [gpu]
import { buildProfiles } from '../dist/predictor/profile.js';
import { asValidated, savedModel } from './saved-model.mjs';

const { gpu, cal, model } = savedModel();
const profiles = buildProfiles(cal);
const groups = new Map();
for (const o of cal.openLoop) {
  const a = profiles.get(o.a.id);
  const b = o.b ? profiles.get(o.b.id) : undefined;
  if (o.status !== 'ok' || !a || !b) continue;
  const { mode, run } = asValidated(model, a, b, o);
  const lo = run([0.99, 0.99]);
  const hi = run([1.01, 1.01]);
  const key = `${mode} ${o.load}`;
  if (!groups.has(key)) groups.set(key, []);
  for (const i of [0, 1]) groups.get(key).push(Math.log(hi[i].p99Ms / lo[i].p99Ms) / Math.log(1.01 / 0.99));
}
for (const [key, v] of [...groups].sort()) {
  v.sort((x, y) => x - y);
  const [mode, load] = key.split(' ');
  console.log(JSON.stringify({ gpu, mode, load: Number(load), n: v.length, p99Elasticity: +v[Math.floor(v.length / 2)].toFixed(2), range: [+v[0].toFixed(2), +v[v.length - 1].toFixed(2)] }));
}
