// Would the other GPU's FRESH sets serve as its measurement of a pair, where its calibration lacks the pair?
// (eleventh 2026-12-07 session; screened, then built and reverted: docs/accuracy.md.) predict's other-GPU layer
// (src/predictor/othergpu.ts) reads the other Hopper's calibration pairs only. 94 MPS pairs of the H200's fresh sets and 93 of the H100's were also
// measured in the other GPU's fresh sets but not in its calibration. For each of GPU X's committed lomo and fresh
// records (predictions/X/offline-2026-12-07.json, 2026-12-07.json) whose pair Y's calibration lacks and Y's fresh or
// repeat sets measured, Y's residual is the mean over those sets of log(measured_Y / noProbe_Y) (noProbe_Y: Y's
// solo-profile prediction from its calibration and model.json), and X's prediction is moved by it as othergpu.ts
// does (withOtherGpu, weight argv[2], default 0.5). Prints MAPE (max) before -> after, all values and the moved ones.
// Usage: npm run build && node benchmarks/experiments/other-gpu/fresh-sets.mjs [weight]
import { readFileSync, readdirSync } from 'node:fs';
import { loadCalibration } from '../../../dist/data/index.js';
import { loadSavedModel } from '../../../dist/predictor/fit.js';
import { pairSlowdowns } from '../../../dist/predictor/predict.js';
import { buildProfile } from '../../../dist/predictor/profile.js';
import { withOtherGpu } from '../../../dist/predictor/othergpu.js';
const W = Number(process.argv[2] ?? 0.5);
const key = (m, a, b) => `${m}|${a}|${b}`;
function freshPairs(g) {
  const out = new Map();
  for (const d of readdirSync(`predictions/${g}`).filter((d) => d.startsWith('fresh-') || d.startsWith('repeat-'))) {
    let e; try { e = JSON.parse(readFileSync(`predictions/${g}/${d}/pairs.json`, 'utf8')).entries; } catch { continue; }
    for (const p of e) {
      if (p.status !== 'ok' || !p.slowdown || p.mode === 'timeslice') continue;
      const k = key(p.mode, p.a.id, p.b.id);
      if (!out.has(k)) out.set(k, []);
      out.get(k).push(p.slowdown);
    }
  }
  return out;
}
for (const [x, y] of [['h200', 'h100'], ['h100', 'h200']]) {
  const calY = loadCalibration(y); const mY = loadSavedModel(y, calY);
  const calPairs = new Set(calY.pairs.flatMap((p) => [key(p.mode, p.a.id, p.b.id), key(p.mode, p.b.id, p.a.id)]));
  const fy = freshPairs(y);
  const prof = new Map();
  const P = (id) => { if (!prof.has(id)) prof.set(id, buildProfile(calY, id)); return prof.get(id); };
  const resid = (mode, a, b) => {
    let s = fy.get(key(mode, a, b)); let swap = false;
    if (!s) { s = fy.get(key(mode, b, a)); swap = true; }
    if (!s || !P(a) || !P(b)) return undefined;
    const np = pairSlowdowns(mY, mode, P(a), P(b)).noProbe;
    const r = [0, 1].map((i) => s.reduce((acc, v) => acc + Math.log((swap ? v[1 - i] : v[i]) / np[i]), 0) / s.length);
    return r;
  };
  for (const f of [`predictions/${x}/offline-2026-12-07.json`, `predictions/${x}/2026-12-07.json`]) {
    const run = JSON.parse(readFileSync(f, 'utf8'));
    for (const split of ['lomo', 'fresh']) for (const mode of ['mps', 'streams']) {
      const rs = run.records.filter((r) => r.split === split && r.mode === mode);
      if (!rs.length) continue;
      let before = [], after = [], nb = [], na = [];
      for (const r of rs) {
        let p = r.predicted;
        const inCal = calPairs.has(key(mode, r.a, r.b));
        const res = inCal ? undefined : resid(mode, r.a, r.b);
        const q = res ? withOtherGpu(p, r.baselines.noProbes, res, W) : p;
        for (const i of [0, 1]) {
          const eb = Math.abs(p[i] / r.measured[i] - 1), ea = Math.abs(q[i] / r.measured[i] - 1);
          before.push(eb); after.push(ea);
          if (res) { nb.push(eb); na.push(ea); }
        }
      }
      const m = (v) => (100 * v.reduce((a, b) => a + b, 0) / Math.max(1, v.length)).toFixed(2);
      const mx = (v) => (100 * Math.max(0, ...v)).toFixed(1);
      console.log(`${x} from ${y}'s fresh sets, ${split} ${mode}: all ${m(before)} -> ${m(after)} % (max ${mx(before)} -> ${mx(after)}), n=${before.length}; the moved ${nb.length}: ${m(nb)} -> ${m(na)} %`);
    }
  }
}
