// The MPS/streams open-loop simulation alone, given each open-loop pair's measured closed-loop slowdowns instead
// of the predicted ones (the runs fitIdleStart fits on): how far its p99s are from the measured p99s, by mode and
// load. Separates the open-loop part of the model (queueing, idle start, finite window) from the closed-loop
// slowdown it is fed (docs/accuracy.md).
// Usage: npm run build && node benchmarks/openloop-measured.mjs [gpu]
import { loadCalibration } from '../dist/data/index.js';
import { buildProfiles } from '../dist/predictor/profile.js';
import { loadSavedModel, measuredOpenLoopRuns, openLoopFromMeasured } from '../dist/predictor/fit.js';

const gpu = process.argv[2] ?? 'h200';
const cal = loadCalibration(gpu);
const model = loadSavedModel(gpu, cal);
if (!model) {
  console.error(`no current model for ${gpu}: run coloc calibrate's fit (fitAndSave) first`);
  process.exit(1);
}
const groups = new Map();
for (const r of measuredOpenLoopRuns(cal, buildProfiles(cal))) {
  const sides = openLoopFromMeasured(r, model.params.idleStartMs ?? 0, 15);
  const key = `${r.mode}@${r.o.load}`;
  const errs = groups.get(key) ?? [];
  for (const i of [0, 1]) errs.push(Math.abs(sides[i].p99Ms / r.o.p99Ms[i] - 1));
  groups.set(key, errs);
}
for (const [key, errs] of [...groups].sort()) {
  const [mode, load] = key.split('@');
  const mape = errs.reduce((s, x) => s + x, 0) / errs.length;
  console.log(JSON.stringify({ gpu, mode, load: Number(load), n: errs.length, p99Mape: Number(mape.toFixed(4)) }));
}
