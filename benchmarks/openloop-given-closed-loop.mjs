// Each open-loop run of the given fresh sets simulated twice, as `coloc validate --measured` does (its own window
// and arrivals): with the model's closed-loop slowdowns, and with the same set's measured closed-loop slowdowns of
// that pair in place of them. Where the second lands near the measured p99 and the first does not, the open-loop
// part of the model holds and its input, the closed-loop slowdown, was off (docs/accuracy.md, model version 23).
// Usage: npm run build && node benchmarks/openloop-given-closed-loop.mjs GPU FRESH_FOLDER [...]
import { loadCalibrationDir } from '../dist/data/index.js';
import { buildProfiles } from '../dist/predictor/profile.js';
import { asValidated, savedModel } from './saved-model.mjs';

const { gpu, cal, model } = savedModel();
const profiles = buildProfiles(cal);
const pct = (p, m) => `${((p / m - 1) * 100).toFixed(1)} %`;
for (const dir of process.argv.slice(3)) {
  const fresh = loadCalibrationDir(dir);
  for (const o of fresh.openLoop) {
    const a = profiles.get(o.a.id);
    const b = o.b ? profiles.get(o.b.id) : undefined;
    if (o.status !== 'ok' || !a || !b || !o.p99Ms) continue;
    const sim = asValidated(model, a, b, o);
    const { mode } = sim;
    const run = (f) => sim.run(f).map((x) => x.p99Ms);
    const closed = fresh.pairs.find((p) => p.status === 'ok' && p.mode === mode && p.a.id === o.a.id && p.b.id === o.b.id && p.slowdown);
    const p = run([1, 1]);
    const row = { gpu, set: dir, mode, a: o.a.id, b: o.b.id, load: o.load, measuredP99Ms: o.p99Ms, predicted: p.map((x, i) => pct(x, o.p99Ms[i])) };
    if (closed) {
      // The measured slowdowns over the model's: the factor that moves the model's GPU work onto the measurement.
      const fix = [closed.slowdown[0] / sim.slowdown[0], closed.slowdown[1] / sim.slowdown[1]];
      const q = run(fix);
      Object.assign(row, { closedLoopError: fix.map((x) => `${((1 / x - 1) * 100).toFixed(1)} %`), withMeasuredClosedLoop: q.map((x, i) => pct(x, o.p99Ms[i])) });
    }
    console.log(JSON.stringify(row));
  }
}
