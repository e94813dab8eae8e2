// How much of the open-loop p99 error is the closed-loop slowdown's (eleventh 2026-12-07 session). Every open-loop
// run of every fresh set of GPU is simulated as `coloc validate --measured` does (its own window and arrival seeds),
// with the set's own solo latencies (the sessionSolo predictor's baseline, which the set's measured slowdowns are
// relative to) and two closed-loop inputs: the model's slowdowns of the pair, and the same set's measured slowdowns
// of the pair (scale = measured / core), an oracle for the closed loop. Prints, per mode and load, the signed and
// absolute mean p99 error of both. benchmarks/openloop-given-closed-loop.mjs does the same per run with the
// calibration's solo latencies, whose baseline differs from the measured slowdowns' by a session.
// Usage: npm run build && node benchmarks/openloop-oracle.mjs GPU
import { readdirSync, existsSync } from 'node:fs';
import { loadCalibration, loadCalibrationDir } from '../dist/data/index.js';
import { loadSavedModel } from '../dist/predictor/fit.js';
import { coreOpenLoop, PREDICT_SIM } from '../dist/predictor/core.js';
import { pairSlowdowns, findMeasured } from '../dist/predictor/predict.js';
import { buildProfiles, withSessionSolo } from '../dist/predictor/profile.js';
import { measuredArrivalSeeds } from '../dist/predictor/pyrandom.js';
const g = process.argv[2] ?? 'h200';
const cal = loadCalibration(g); const model = loadSavedModel(g, cal); const base = buildProfiles(cal);
const stats = {};
for (const d of readdirSync(`predictions/${g}`).filter((x) => x.startsWith('fresh-'))) {
  const dir = `predictions/${g}/${d}`;
  if (!existsSync(`${dir}/openloop.json`)) continue;
  const f = loadCalibrationDir(dir);
  for (const m of f.openLoop) {
    if (m.status !== 'ok' || !m.b) continue;
    const mode = m.mode === 'exclusive' ? 'timeslice' : m.mode;
    const a0 = base.get(m.a.id), b0 = base.get(m.b.id); if (!a0 || !b0) continue;
    const [a, b] = [withSessionSolo(a0, f.solo), withSessionSolo(b0, f.solo)];
    const meas = findMeasured(f.pairs, mode, m.a.id, m.b.id); if (!meas) continue;
    const s = pairSlowdowns(model, mode, a, b, PREDICT_SIM);
    const settings = { horizonRequests: 20000, windowMs: m.windowS * 1000, arrivalSeeds: measuredArrivalSeeds(m) };
    const run = (scale) => coreOpenLoop(mode, a, b, model.params, m.ratesRps, scale, settings);
    const pc = run([s.slowdown[0] / s.core[0], s.slowdown[1] / s.core[1]]);
    const po = run([meas.slowdown[0] / s.core[0], meas.slowdown[1] / s.core[1]]);
    const k = `${mode} ${m.load}`;
    stats[k] ??= { c: [], o: [] };
    for (const i of [0, 1]) { stats[k].c.push(pc[i].p99Ms / m.p99Ms[i] - 1); stats[k].o.push(po[i].p99Ms / m.p99Ms[i] - 1); }
  }
}
const f = (v) => `signed ${(100 * v.reduce((x, y) => x + y, 0) / v.length).toFixed(1)} abs ${(100 * v.reduce((x, y) => x + Math.abs(y), 0) / v.length).toFixed(1)}`;
for (const [k, v] of Object.entries(stats).sort()) console.log(g, k, `n=${v.c.length}`, 'coloc(session solo):', f(v.c), '| oracle slowdown:', f(v.o));
