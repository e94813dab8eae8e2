// The MPS open-loop simulation alone, given each open-loop pair's measured closed-loop slowdowns instead of the
// predicted ones: how far its p99s are from the measured p99s, by load. Separates the open-loop part of the
// model (queueing, idle start, finite window) from the closed-loop slowdown it is fed (docs/accuracy.md).
// Usage: npm run build && node benchmarks/openloop-measured.mjs [gpu]
import { loadCalibration } from '../dist/data/index.js';
import { buildProfiles } from '../dist/predictor/profile.js';
import { busySlowdownFromClosedLoop, concurrentOpenLoopSides, concurrentServers, serverSeeds } from '../dist/predictor/core.js';
import { loadSavedModel } from '../dist/predictor/fit.js';

const gpu = process.argv[2] ?? 'h200';
const cal = loadCalibration(gpu);
const profiles = buildProfiles(cal);
const model = loadSavedModel(gpu, cal);
if (!model) {
  console.error(`no current model for ${gpu}: run coloc calibrate's fit (fitAndSave) first`);
  process.exit(1);
}
const byLoad = new Map();
for (const o of cal.openLoop.filter((x) => x.mode === 'mps' && x.status === 'ok' && x.b)) {
  const pair = cal.pairs.find((p) => p.mode === 'mps' && p.status === 'ok' && ((p.a.id === o.a.id && p.b.id === o.b.id) || (p.a.id === o.b.id && p.b.id === o.a.id)));
  const a = profiles.get(o.a.id);
  const b = profiles.get(o.b.id);
  if (!pair?.slowdown || !a || !b) continue;
  const measured = pair.a.id === o.a.id ? pair.slowdown : [pair.slowdown[1], pair.slowdown[0]];
  const busy = busySlowdownFromClosedLoop('mps', a, b, measured);
  const rates = [o.ratesRps[0] / 1000, o.ratesRps[1] / 1000];
  const servers = concurrentServers('mps', a, b, { busy }, rates, [1, 1], model.params.idleStartMs ?? 0);
  const sides = concurrentOpenLoopSides(servers, serverSeeds(a, b, rates), { horizonRequests: 0, windowMs: o.windowS * 1000, replications: 15 }, rates);
  const errs = byLoad.get(o.load) ?? [];
  for (const i of [0, 1]) errs.push(Math.abs(sides[i].p99Ms / o.p99Ms[i] - 1));
  byLoad.set(o.load, errs);
}
for (const [load, errs] of [...byLoad].sort((x, y) => x[0] - y[0])) {
  const mape = errs.reduce((s, x) => s + x, 0) / errs.length;
  console.log(JSON.stringify({ gpu, mode: 'mps', load, n: errs.length, p99Mape: Number(mape.toFixed(4)) }));
}
