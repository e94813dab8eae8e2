import { loadCalibration } from '../../../dist/data/index.js';
import { buildProfiles } from '../../../dist/predictor/profile.js';
import { trainingPairs } from '../../../dist/predictor/fit.js';
import { nelderMead } from '../../../dist/predictor/stats.js';
import { readFileSync } from 'node:fs';
export const cal = loadCalibration('h200');
export const profiles = buildProfiles(cal);
const kern = new Map(cal.kernels.map((k) => [k.workload.id, k]));
export function side(p, mode = 'mps') {
  const ctx = mode === 'mps' ? 'mps' : 'exclusive';
  const L = p.solo[ctx].mean;
  const gpuMs = Math.min(p.gpuMs * (L / p.solo.exclusive.mean), 0.995 * L);
  const k = kern.get(p.id);
  const seq = p.sequenceUs;
  const s1 = seq.reduce((a, b) => a + b, 0), s2 = seq.reduce((a, b) => a + b * b, 0);
  const sorted = [...seq].sort((a, b) => a - b);
  const med = sorted[Math.floor(sorted.length / 2)];
  return { id: p.id, p, gpuMs, hostMs: L - gpuMs, L, d: p.demand, gpm: p.gpm, n: seq.length, meanK: s1 / seq.length / 1000, kw: s2 / s1 / 1000, med: med / 1000, threads: p.threads,
    grid: k.gridBlocks.p50, block: k.blockThreads.p50, seq };
}
export function closed(a, b, sA, sB) {
  let bA = a.gpuMs / (a.gpuMs + a.hostMs), bB = b.gpuMs / (b.gpuMs + b.hostMs), gA = a.gpuMs, gB = b.gpuMs;
  for (let i = 0; i < 200; i++) {
    gA = a.gpuMs * (1 + (sA - 1) * bB); gB = b.gpuMs * (1 + (sB - 1) * bA);
    const nA = gA / (gA + a.hostMs), nB = gB / (gB + b.hostMs);
    const diff = Math.abs(nA - bA) + Math.abs(nB - bB);
    bA = 0.5 * bA + 0.5 * nA; bB = 0.5 * bB + 0.5 * nB; if (diff < 1e-10) break;
  }
  return [Math.max(1, (a.hostMs + gA) / a.L), Math.max(1, (b.hostMs + gB) / b.L)];
}
export function pairsOf(mode) {
  return trainingPairs(cal, profiles).filter((p) => p.mode === mode).map((p) => ({ A: side(p.a, mode), B: side(p.b, mode), m: p.measured, a: p.a.id, b: p.b.id }));
}
export function fresh(mode = 'mps') {
  const dir = new URL('../../../predictions/', import.meta.url).pathname + 'h200/';
  const e = ['fresh-2026-11-26', 'fresh-2026-11-26b'].flatMap((f) => JSON.parse(readFileSync(dir + f + '/pairs.json', 'utf8')).entries);
  return e.filter((x) => x.mode === mode).map((x) => ({ A: side(profiles.get(x.a.id), mode), B: side(profiles.get(x.b.id), mode), m: x.slowdown, a: x.a.id, b: x.b.id }));
}
// model: { n, starts:[[...]], busy(A,B,x)->[sA,sB] }
export function predict(model, P, x) { const [sA, sB] = model.busy(P.A, P.B, x); return closed(P.A, P.B, sA, sB); }
export function err(model, ps, x) { let e = 0; for (const P of ps) { const q = predict(model, P, x); e += Math.abs(q[0] / P.m[0] - 1) + Math.abs(q[1] / P.m[1] - 1); } const r = e / (2 * ps.length); return Number.isFinite(r) ? r : 1e9; }
export function fit(model, ps) {
  let best = { fx: Infinity };
  for (const s of model.starts) {
    let r = nelderMead((x) => err(model, ps, x), s, { maxIter: 3000, tol: 1e-10, step: s.map((v) => (Math.abs(v) > 0.05 ? 0.2 * Math.abs(v) : 0.05)) });
    r = nelderMead((x) => err(model, ps, x), r.x, { maxIter: 2000, tol: 1e-11 });
    if (r.fx < best.fx) best = r;
  }
  return best;
}
export function cv(model, ps, split = 'lomo') {
  const errs = []; const cache = new Map(); const rows = [];
  for (const P of ps) {
    const ex = split === 'lomo' ? [P.a, P.b] : null;
    const train = split === 'lomo' ? ps.filter((q) => !ex.includes(q.a) && !ex.includes(q.b)) : ps.filter((q) => q !== P);
    const key = split === 'lomo' ? [...new Set(ex)].sort().join() : P.a + P.b;
    let f = cache.get(key); if (!f) { f = fit(model, train); cache.set(key, f); }
    const q = predict(model, P, f.x);
    const e = [Math.abs(q[0] / P.m[0] - 1), Math.abs(q[1] / P.m[1] - 1)]; errs.push(...e);
    rows.push({ a: P.a, b: P.b, q, m: P.m });
  }
  const mape = errs.reduce((a, b) => a + b, 0) / errs.length;
  return { mape, max: Math.max(...errs), rows };
}
export function report(name, model, opts = {}) {
  const mps = pairsOf('mps');
  const full = fit(model, mps);
  const lo = cv(model, mps, 'lomo');
  const lp = opts.lopo ? cv(model, mps, 'lopo') : null;
  const fr = fresh('mps'); let fe = [];
  for (const P of fr) { const q = predict(model, P, full.x); fe.push(Math.abs(q[0] / P.m[0] - 1), Math.abs(q[1] / P.m[1] - 1)); }
  const s = (v) => (100 * v).toFixed(2);
  console.log(`${name.padEnd(30)} train ${s(full.fx)} lomo ${s(lo.mape)} max ${s(lo.max)}${lp ? ` lopo ${s(lp.mape)} max ${s(lp.max)}` : ''}${opts.fresh ? ` | fresh ${s(fe.reduce((a, b) => a + b) / fe.length)} max ${s(Math.max(...fe))}` : ''} x=${full.x.map((v) => v.toFixed(3)).join(',')}`);
  return { full, lo, lp };
}
