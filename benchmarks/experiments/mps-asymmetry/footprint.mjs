// Per-kernel SM footprint: a fluid simulation of two saturated kernel streams (sequenceUs + sequenceShape).
// node benchmarks/experiments/mps-asymmetry/footprint.mjs [variant] [--lomo] [--fresh]
import { pairsOf, fresh, closed, cal } from './harness.mjs';
import { nelderMead } from '../../../dist/predictor/stats.js';

const SM = 132;
function occ([grid, block, regs, smem]) {
  if (!grid || !block) return null;
  const warps = Math.ceil(block / 32);
  const regWarp = Math.ceil(Math.max(regs, 16) * 32 / 256) * 256;
  const bps = Math.max(1, Math.min(32, Math.floor(Math.floor(65536 / regWarp) / warps), Math.floor(64 / warps), smem > 0 ? Math.floor(233472 / (smem + 1024)) : 32));
  const waves = grid / (bps * SM);
  const r = Math.max(warps / 64, (regWarp * warps) / 65536, (smem + 1024) / 233472, 1 / 32);
  const foot = Math.min(1, (grid * r) / SM / Math.max(1, Math.ceil(waves)));
  return { bps, waves, r, foot, nw: Math.max(1, Math.ceil(waves)) };
}
const kcache = new Map();
function kernelsOf(side) {
  let k = kcache.get(side.id);
  if (k) return k;
  const e = cal.kernels.find((x) => x.workload.id === side.id);
  const seq = e.sequenceUs, sh = e.sequenceShape;
  const tot = seq.reduce((a, b) => a + b, 0);
  const n = seq.length;
  k = { d: new Float64Array(n), f: new Float64Array(n), b: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const o = occ(sh[i]);
    const d = (seq[i] / tot) * side.gpuMs;
    k.d[i] = d; k.f[i] = o ? Math.max(0.01, o.foot) : 0.01; k.b[i] = o ? d / o.nw : d;
  }
  kcache.set(side.id, k);
  return k;
}
// x = [kappa, gamma, eta]
// both running: if fa + fb <= 1: each at 1/(1 + kappa); else capacity split by weight f * b^gamma, then
// rate = share / f (<= 1), leftover to the other; sharing loses eta of the contended capacity.
function satSlowdowns(A, B, x, V) {
  const [kappa, gamma, eta] = x;
  const K = [kernelsOf(A), kernelsOf(B)];
  const idx = [0, 0], rem = [K[0].d[0], K[1].d[0]], work = [0, 0];
  const H = 3 * Math.max(A.gpuMs, B.gpuMs) + 1e-9;
  // start B at an offset so the two sequences are not aligned
  { let t = 0.37 * B.gpuMs; const k = K[1]; while (t > k.d[idx[1]]) { t -= k.d[idx[1]]; idx[1] = (idx[1] + 1) % k.d.length; } rem[1] = k.d[idx[1]] - t; }
  let t = 0;
  let guard = 0;
  while (t < H && guard++ < 1e6) {
    const fa = K[0].f[idx[0]], fb = K[1].f[idx[1]];
    let ra, rb;
    const D = 1 / (1 + kappa * (V === 'dram' ? (A.d.dram + B.d.dram) : 1));
    if (fa + fb <= 1) { ra = D; rb = D; }
    else {
      const wa = fa * Math.pow(K[0].b[idx[0]], gamma), wb = fb * Math.pow(K[1].b[idx[1]], gamma);
      const cap = 1 - eta * (Math.min(fa, fb));
      let sa = cap * wa / (wa + wb), sb = cap * wb / (wa + wb);
      if (sa > fa) { sb += sa - fa; sa = fa; } else if (sb > fb) { sa += sb - fb; sb = fb; }
      ra = D * Math.min(1, sa / fa); rb = D * Math.min(1, sb / fb);
    }
    const dt = Math.min(rem[0] / ra, rem[1] / rb, H - t);
    t += dt;
    rem[0] -= dt * ra; rem[1] -= dt * rb; work[0] += dt * ra; work[1] += dt * rb;
    for (let i = 0; i < 2; i++) if (rem[i] <= 1e-12) { idx[i] = (idx[i] + 1) % K[i].d.length; rem[i] = K[i].d[idx[i]]; }
  }
  return [t / work[0], t / work[1]];
}
const variant = process.argv[2] ?? 'base';
function pred(P, x) {
  const [sA, sB] = satSlowdowns(P.A, P.B, x, variant);
  const [sB2, sA2] = satSlowdowns(P.B, P.A, x, variant);
  return closed(P.A, P.B, 0.5 * (sA + sA2), 0.5 * (sB + sB2));
}
function err(ps, x) { let e = 0; for (const P of ps) { const q = pred(P, x); e += Math.abs(q[0] / P.m[0] - 1) + Math.abs(q[1] / P.m[1] - 1); } const r = e / 2 / ps.length; return Number.isFinite(r) ? r : 1e9; }
const START = [0.3, 0.5, 0.1];
function fit(ps) {
  let best = null;
  for (const s of [START, [0.5, 1, 0], [0.2, 0.2, 0.3]]) {
    const r = nelderMead((x) => err(ps, x), s, { maxIter: 300, tol: 1e-7, step: [0.1, 0.3, 0.1] });
    if (!best || r.fx < best.fx) best = r;
  }
  return best;
}
const ps = pairsOf('mps');
const t0 = Date.now();
const full = fit(ps);
console.log(variant, 'train', (100 * full.fx).toFixed(2), full.x.map((v) => v.toFixed(3)).join(','), ((Date.now() - t0) / 1000).toFixed(1), 's');
const s = (id) => id.split('@')[0];
if (process.argv.includes('--fresh')) {
  const fr = fresh('mps'); const fe = [];
  for (const P of fr) { const q = pred(P, full.x); fe.push(Math.abs(q[0] / P.m[0] - 1), Math.abs(q[1] / P.m[1] - 1)); console.log('F', s(P.a), s(P.b), P.m.map((v) => v.toFixed(2)).join(' '), q.map((v) => v.toFixed(2)).join(' ')); }
  console.log('fresh', (100 * fe.reduce((a, b) => a + b) / fe.length).toFixed(2), 'max', (100 * Math.max(...fe)).toFixed(2));
}
if (process.argv.includes('--lomo')) {
  const cache = new Map(); const errs = [];
  for (const P of ps) {
    const key = [P.a, P.b].sort().join();
    let f = cache.get(key);
    if (!f) { f = fit(ps.filter((q) => ![P.a, P.b].includes(q.a) && ![P.a, P.b].includes(q.b))); cache.set(key, f); }
    const q = pred(P, f.x);
    errs.push(Math.abs(q[0] / P.m[0] - 1), Math.abs(q[1] / P.m[1] - 1));
    if (process.argv.includes('-v')) console.log('L', s(P.a), s(P.b), P.m.map((v) => v.toFixed(2)).join(' '), q.map((v) => v.toFixed(2)).join(' '));
  }
  console.log('lomo', (100 * errs.reduce((a, b) => a + b) / errs.length).toFixed(2), 'max', (100 * Math.max(...errs)).toFixed(2));
}
