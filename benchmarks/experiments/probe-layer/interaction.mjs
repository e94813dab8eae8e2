// Does a neighbour's effect depend on which probe the victim resembles? A proxy on the saved model's core
// (in-sample constants): for each pair without a probe, y = log(measured / core) of each side; the version 18
// two-weight layer y = kv * mean(A's victim residuals) + ka * mean(B's aggressor residuals) against the same with
// B's aggressor residuals weighted by A's likeness to each probe (alpha from a profile feature, linear between the
// two probes' values, clamped: FEATURE sm, dram, tensor, occupancy or kappa, the time-weighted kernel length).
// kv, ka on a 0.05 grid by MAPE, each value predicted from a fit without any pair of either of its workloads.
// Usage: npm run build && node benchmarks/experiments/probe-layer/interaction.mjs [gpu] [mode] [FEATURE]
import { catalogProbes } from '../../../dist/data/catalog.js';
import { pairSlowdowns } from '../../../dist/predictor/predict.js';
import { buildProfiles } from '../../../dist/predictor/profile.js';
import { savedModel } from '../../saved-model.mjs';

const { gpu, cal, model } = savedModel();
const mode = process.argv[3] ?? 'mps';
const prof = buildProfiles(cal);
// alpha below interpolates between exactly two probes.
const probes = catalogProbes();
if (probes.length !== 2) throw new Error(`expects two probe workloads, the catalog has ${probes.length}`);
const rows = [];
for (const m of cal.pairs) {
  if (m.status !== 'ok' || !m.slowdown || m.mode !== mode) continue;
  const a = prof.get(m.a.id), b = prof.get(m.b.id); if (!a || !b) continue;
  const s = pairSlowdowns(model, mode, a, b);
  rows.push({ a: m.a.id, b: m.b.id, meas: m.slowdown, core: s.core });
}
// probe residuals: victim r(W|p), aggressor r(p|W)
const res = {};
const put = (w, k, i, v) => ((res[w] ??= { victim: [null, null], aggressor: [null, null] })[k][i] = v);
for (const r of rows) {
  const ra = Math.log(r.meas[0] / r.core[0]), rb = Math.log(r.meas[1] / r.core[1]);
  const ib = probes.indexOf(r.b), ia = probes.indexOf(r.a);
  if (ib >= 0) { put(r.a, 'victim', ib, ra); put(r.a, 'aggressor', ib, rb); }
  if (ia >= 0) { put(r.b, 'victim', ia, rb); put(r.b, 'aggressor', ia, ra); }
}
const kappa = (p) => { const s = p.sequenceUs; if (!s) return p.kernelUs.mean; let s1 = 0, s2 = 0; for (const d of s) { s1 += d; s2 += d * d; } return s2 / s1; };
const feat = process.argv[4] ?? 'sm';
const lk = Object.fromEntries([...prof].map(([id, p]) => [id, feat === 'kappa' ? Math.log(kappa(p)) : p.demand[feat]]));
const alpha = (id) => { const x0 = lk[probes[0]], x1 = lk[probes[1]]; return Math.min(1, Math.max(0, (lk[id] - x0) / (x1 - x0))); };
console.log(feat, Object.entries(lk).map(([k, v]) => `${k}:${v.toFixed(2)}`).join(' '));
const samples = [];
for (const r of rows) {
  if (probes.includes(r.a) || probes.includes(r.b)) continue;
  for (const side of [0, 1]) {
    const A = side === 0 ? r.a : r.b, B = side === 0 ? r.b : r.a;
    const va = res[A]?.victim, ab = res[B]?.aggressor;
    if (!va || !ab || va.includes(null) || ab.includes(null)) continue;
    const al = alpha(A);
    samples.push({ A, B, y: Math.log(r.meas[side] / r.core[side]), v: (va[0] + va[1]) / 2, ag: (ab[0] + ab[1]) / 2, agI: (1 - al) * ab[0] + al * ab[1], al });
  }
}
function fit(train, key) { // grid kv, ka in 0..1.5 step .05 by MAPE
  let best = [0, 0, Infinity];
  for (let kv = 0; kv <= 1.5001; kv += 0.05) for (let ka = 0; ka <= 1.5001; ka += 0.05) {
    let e = 0; for (const s of train) e += Math.abs(Math.exp(s.y - kv * s.v - ka * s[key]) - 1);
    if (e < best[2]) best = [kv, ka, e];
  }
  return best;
}
for (const key of ['ag', 'agI']) {
  const errs = [];
  const ids = [...new Set(samples.flatMap((s) => [s.A, s.B]))];
  for (const s of samples) {
    const train = samples.filter((t) => t.A !== s.A && t.B !== s.A && t.A !== s.B && t.B !== s.B);
    const [kv, ka] = fit(train, key);
    errs.push(Math.abs(Math.exp(s.y - kv * s.v - ka * s[key]) - 1));
  }
  const core = samples.map((s) => Math.abs(Math.exp(s.y) - 1));
  const mean = (x) => x.reduce((a, b) => a + b, 0) / x.length;
  const [kv, ka] = fit(samples, key);
  console.log(gpu, mode, key, 'n', samples.length, 'core', (100 * mean(core)).toFixed(2), 'lomo-ish', (100 * mean(errs)).toFixed(2), 'max', (100 * Math.max(...errs)).toFixed(1), 'all-fit kv ka', kv.toFixed(2), ka.toFixed(2));
}
