// Time slicing's open loop and the power limit: every time-slicing open-loop run (calibration and fresh sets) predicted
// with the saved model and the calibration's profiles (no fold excluded: a proxy), with its own window and arrivals,
// grouped by whether one of its workloads is held at the power limit alone (cappedFraction >= 0.5) and by load
// (hi: >= 0.85); prints the p50 and p99 bias / MAPE of each group (docs/accuracy.md, sixth 2026-12-06 session).
// Usage: npm run build && node benchmarks/experiments/power-cap/timeslice-openloop.mjs [gpu]
import { readdirSync, existsSync } from 'node:fs';
import { loadCalibrationDir } from '../../../dist/data/calibration.js';
import { buildProfiles } from '../../../dist/predictor/profile.js';
import { asValidated, savedModel } from '../../saved-model.mjs';

const { gpu, cal, model } = savedModel();
const prof = buildProfiles(cal);
const dirs = [`calibration/${gpu}`, ...readdirSync(`predictions/${gpu}`).filter((d) => d.startsWith('fresh-')).map((d) => `predictions/${gpu}/${d}`)];
const g = {};
for (const d of dirs) {
  if (!existsSync(`${d}/openloop.json`)) continue;
  const f = loadCalibrationDir(d);
  for (const m of f.openLoop) {
    if (m.mode !== 'timeslice' || m.status !== 'ok' || !m.b || !m.p99Ms) continue;
    const a = prof.get(m.a.id), b = prof.get(m.b.id); if (!a || !b) continue;
    const r = asValidated(model, a, b, m).run();
    const held = [a, b].some((p) => (p.cappedFraction ?? 0) >= 0.5);
    const key = `${gpu} ${d.startsWith('cal') ? 'cal' : 'fresh'} ${held ? 'held' : 'free'} ${m.load >= 0.85 ? 'hi' : 'lo'}`;
    r.forEach((x, i) => (g[key] ??= []).push([x.p50Ms / m.p50Ms[i] - 1, x.p99Ms / m.p99Ms[i] - 1]));
  }
}
for (const [k, v] of Object.entries(g).sort()) {
  const b = (j) => (100 * v.reduce((s, x) => s + x[j], 0) / v.length).toFixed(1);
  const e = (j) => (100 * v.reduce((s, x) => s + Math.abs(x[j]), 0) / v.length).toFixed(1);
  console.log(k.padEnd(24), 'n', v.length, 'p50', b(0), '/', e(0), ' p99', b(1), '/', e(1));
}
