import { pairsOf, fresh } from './harness.mjs';
import { simPair } from './kernel-sim.mjs';
import { nelderMead } from '../../../dist/predictor/stats.js';
const ps = pairsOf('mps');
const variant = process.argv[2] ?? 'a';
// x: [nu0, nuSm, rho, wd, we]
const V = {
  a: { s: [0.3, 0.2, 0.5, 0.1, 0.0], st: [0.1, 0.1, 0.2, 0.1, 0.1], map: (x) => x },
  b: { s: [0.06, 1.0, 0.6], st: [0.05, 0.2, 0.1], map: (x) => [x[0], x[1], x[2], 0, 0, 0] },
  c: { s: [0.06, 1.0, 0.6, 0], st: [0.05, 0.2, 0.1, 0.1], map: (x) => [x[0], x[1], x[2], 0, 0, x[3]] },
  d: { s: [0.06, 1.0, 0.6, 0], st: [0.05, 0.2, 0.1, 0.1], map: (x) => [x[0], x[1], x[2], 0, 0, 0, x[3]] },
}[variant];
function rates(x0) { const x = V.map(x0);
  return (inc, P, Q) => {
    const D = 1 / Math.max(0.2, 1 + x[3] * (P.d.dram + Q.d.dram) + x[4] * (P.d.sm + Q.d.sm));
    const nu = (inc2) => { const I = inc2 === 0 ? P : Q; return Math.min(1, Math.max(0.01, x[0] + x[1] * (1 - I.d.sm) + (x[5] ?? 0) * (1 - (inc2 === 0 ? Q : P).d.sm) + (x[6] ?? 0) * (1 - I.d.occupancy))); };
    const rho = Math.min(1, Math.max(0, x[2]));
    if (inc === -1) { const n1 = nu(1), n0 = nu(0); return [D * 0.5 * (1 - n1 * rho + n1), D * 0.5 * (1 - n0 * rho + n0)]; }
    const n = nu(inc); // newcomer rate when inc holds
    return inc === 0 ? [D * (1 - n * rho), D * n] : [D * n, D * (1 - n * rho)];
  };
}
import { closed } from './harness.mjs';
const SAT = process.argv.includes('--sat');
function pred(P, x, minReq) { if (SAT) { const A0 = { ...P.A, hostMs: 0, seq: P.A.seq }, B0 = { ...P.B, hostMs: 0, seq: P.B.seq }; const lat = simPair(A0, B0, rates(x), minReq); return closed(P.A, P.B, lat[0] / P.A.gpuMs, lat[1] / P.B.gpuMs); }
  const lat = simPair(P.A, P.B, rates(x), minReq); return [Math.max(1, lat[0] / P.A.L), Math.max(1, lat[1] / P.B.L)]; }
function err(train, x, minReq = 4) { let e = 0; for (const P of train) { const q = pred(P, x, minReq); e += Math.abs(q[0] / P.m[0] - 1) + Math.abs(q[1] / P.m[1] - 1); } const r = e / 2 / train.length; return Number.isFinite(r) ? r : 1e9; }
function fit(train) { const r = nelderMead((x) => err(train, x), V.s, { maxIter: 400, tol: 1e-6, step: V.st }); return r; }
let t0 = Date.now();
const full = fit(ps); console.log('train', (100 * full.fx).toFixed(2), full.x.map((v) => v.toFixed(3)).join(','), (Date.now() - t0) / 1000, 's');
const s = (id) => id.split('@')[0];
for (const P of ps) { const q = pred(P, full.x, 6); console.log(s(P.a).padEnd(13), s(P.b).padEnd(13), P.m.map((v) => v.toFixed(2)).join(' '), q.map((v) => v.toFixed(2)).join(' ')); }
if (process.argv.includes('--lomo')) {
  const cache = new Map(); const errs = [];
  for (const P of ps) { const key = [P.a, P.b].sort().join(); let f = cache.get(key); if (!f) { f = fit(ps.filter((q) => ![P.a, P.b].includes(q.a) && ![P.a, P.b].includes(q.b))); cache.set(key, f); } const q = pred(P, f.x, 6); errs.push(Math.abs(q[0] / P.m[0] - 1), Math.abs(q[1] / P.m[1] - 1)); console.log('L', s(P.a), s(P.b), P.m.map((v) => v.toFixed(2)).join(' '), q.map((v) => v.toFixed(2)).join(' '), f.x.map((v) => v.toFixed(3)).join(',')); }
  console.log('lomo', (100 * errs.reduce((a, b) => a + b) / errs.length).toFixed(2), 'max', (100 * Math.max(...errs)).toFixed(2));
}
