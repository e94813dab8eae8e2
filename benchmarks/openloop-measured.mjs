// The MPS/streams open-loop simulation alone, given each open-loop pair's measured closed-loop slowdowns instead
// of the predicted ones (the runs fitIdleStart fits on): how far its p99s are from the measured p99s, by mode and
// load. Separates the open-loop part of the model (queueing, idle start, finite window) from the closed-loop
// slowdown it is fed (docs/accuracy.md). Also how strongly the p99 depends on that slowdown: each run again with
// both measured slowdowns 2 % lower and 2 % higher, the elasticity d ln p99 / d ln slowdown (median over the
// runs' sides), i.e. how many percent of p99 error one percent of slowdown error makes at each load.
// Usage: npm run build && node benchmarks/openloop-measured.mjs [gpu]
import { busySlowdownFromClosedLoop } from '../dist/predictor/core.js';
import { buildProfiles } from '../dist/predictor/profile.js';
import { measuredOpenLoopRuns, openLoopFromMeasured } from '../dist/predictor/fit.js';
import { savedModel } from './saved-model.mjs';
import { mean, median } from '../dist/predictor/stats.js';

const { gpu, cal, model } = savedModel();
const STEP = 0.02;
const idle = model.params.idleStartMs ?? 0;
const groups = new Map();
for (const r of measuredOpenLoopRuns(cal, buildProfiles(cal))) {
  const sides = openLoopFromMeasured(r, idle, 15);
  // The measured closed-loop slowdowns the run's busy slowdowns reproduce, scaled by 1 -/+ STEP.
  const scaled = (f) => openLoopFromMeasured({ ...r, busy: busySlowdownFromClosedLoop(r.mode, r.a, r.b, [r.measured[0] * f, r.measured[1] * f]) }, idle, 15);
  const lo = scaled(1 - STEP);
  const hi = scaled(1 + STEP);
  const key = `${r.mode}@${r.o.load}`;
  const g = groups.get(key) ?? { errs: [], elasticity: [] };
  for (const i of [0, 1]) {
    g.errs.push(Math.abs(sides[i].p99Ms / r.o.p99Ms[i] - 1));
    g.elasticity.push(Math.log(hi[i].p99Ms / lo[i].p99Ms) / Math.log((1 + STEP) / (1 - STEP)));
  }
  groups.set(key, g);
}
for (const [key, g] of [...groups].sort()) {
  const [mode, load] = key.split('@');
  const mape = mean(g.errs);
  const e = g.elasticity;
  console.log(JSON.stringify({ gpu, mode, load: Number(load), n: g.errs.length, p99Mape: Number(mape.toFixed(4)), p99Elasticity: Number(median(e).toFixed(2)), elasticityRange: [Number(Math.min(...e).toFixed(2)), Number(Math.max(...e).toFixed(2))] }));
}
