// FIFO block dispatch: the older of the two current kernels dispatches first and runs at full speed; the newer
// one gets what the older leaves free (its SM footprint, draining over its last wave). Per-kernel footprints
// from sequenceShape. node benchmarks/experiments/mps-asymmetry/fifo.mjs [variant] [--lomo] [--fresh] [-v]
import { pairsOf, fresh, closed, cal } from './harness.mjs';
import { readFileSync } from 'node:fs';
import { nelderMead } from '../../../dist/predictor/stats.js';
import { kernelFootprint } from '../../../dist/predictor/dispatch.js';

const SM = 132;
/** The production footprint (src/predictor/dispatch.ts) as this harness uses it: fraction and waves rounded up. */
function occ(shape) {
  const fp = kernelFootprint(shape, SM);
  return fp ? { foot: fp.fraction, nw: Math.max(1, Math.ceil(fp.waves)) } : null;
}
const kcache = new Map();
function kernelsOf(side) {
  let k = kcache.get(side.id);
  if (k) return k;
  const e = cal.kernels.find((x) => x.workload.id === side.id);
  const seq = e.sequenceUs, sh = e.sequenceShape;
  const tot = seq.reduce((a, b) => a + b, 0);
  const n = seq.length;
  k = { d: new Float64Array(n), f: new Float64Array(n), b: new Float64Array(n), m: new Float64Array(n) };
  let nc = null;
  try { nc = JSON.parse(readFileSync('/tmp/ncufp/' + e.workload.model + '.json', 'utf8')); } catch { nc = null; }
  let j = 0;
  for (let i = 0; i < n; i++) {
    const o = occ(sh[i]);
    if (o && nc) { k.m[i] = (nc[j]?.['dram__throughput.avg.pct_of_peak_sustained_elapsed'] ?? 0) / 100; j++; }
    const d = (seq[i] / tot) * side.gpuMs;
    k.d[i] = d; k.f[i] = o ? Math.max(0.005, o.foot) : 0.005; k.b[i] = o && o.nw > 1 ? d / o.nw : 0;
  }
  kcache.set(side.id, k);
  return k;
}
const variant = process.argv[2] ?? 'base';
// x = [kappa, tail]
export function satSlowdowns(A, B, x) {
  const kappa = x[0], tail = x[1] ?? 1, kd = x[2] ?? 0;
  const K = [kernelsOf(A), kernelsOf(B)];
  const idx = [0, 0], rem = [K[0].d[0], K[1].d[0]], work = [0, 0], arr = [0, 0];
  const H = 3 * Math.max(A.gpuMs, B.gpuMs);
  { let t = 0.37 * B.gpuMs; const k = K[1]; while (t > k.d[idx[1]]) { t -= k.d[idx[1]]; idx[1] = (idx[1] + 1) % k.d.length; } rem[1] = k.d[idx[1]] - t; arr[1] = -1e-9; }
  let t = 0, guard = 0;
  const D = 1 / (1 + Math.max(0, kappa) + Math.max(0, kd) * (A.d.dram + B.d.dram));
  while (t < H && guard++ < 2e6) {
    const o = arr[0] <= arr[1] ? 0 : 1, nw = 1 - o;
    const ko = K[o], kn = K[nw];
    const fo = ko.f[idx[o]], fn = kn.f[idx[nw]], bo = (ko.b[idx[o]] > 0 ? ko.b[idx[o]] * tail : ko.d[idx[o]] * (x[6] ?? 0));
    // older's occupancy: fo until its last wave, then draining linearly (in two halves)
    let occO, dtCap;
    if (rem[o] > bo) { occO = fo; dtCap = (rem[o] - bo); }
    else if (rem[o] > bo / 2) { occO = 0.75 * fo; dtCap = rem[o] - bo / 2; }
    else { occO = 0.25 * fo; dtCap = rem[o]; }
    // a long-running older kernel (single wave, blocks longer than tau) is shared: the newer gets psi of the GPU
    const lo = (ko.b[idx[o]] === 0 ? ko.d[idx[o]] : ko.b[idx[o]]) > (x[3] ?? 1e9);
    const free = lo ? Math.max(1 - occO, x[4] ?? 0) : Math.max(0, 1 - occO);
    const rn = Math.min(1, free / fn);
    // DRAM bandwidth: two concurrent kernels that together ask for more than the peak share it
    const bw = rn > 0 && x[5] ? 1 / Math.max(1, Math.pow(ko.m[idx[o]] + kn.m[idx[nw]], x[5])) : 1;
    const ro = (rn > 0 ? D * bw : 1) * (lo ? 1 - (x[4] ?? 0) * Math.min(1, fn) : 1);
    const rnn = rn * D * bw;
    const r = o === 0 ? [ro, rnn] : [rnn, ro];
    let dt = Math.min(dtCap / ro, rnn > 0 ? rem[nw] / rnn : Infinity, H - t);
    if (!(dt > 0)) dt = 1e-9;
    t += dt;
    for (let i = 0; i < 2; i++) { rem[i] -= dt * r[i]; work[i] += dt * r[i]; }
    for (let i = 0; i < 2; i++) if (rem[i] <= 1e-12) { idx[i] = (idx[i] + 1) % K[i].d.length; rem[i] = K[i].d[idx[i]]; arr[i] = t; }
  }
  return [t / work[0], t / work[1]];
}
function pred(P, x) {
  const [sA, sB] = satSlowdowns(P.A, P.B, x);
  const [sB2, sA2] = satSlowdowns(P.B, P.A, x);
  return closed(P.A, P.B, 0.5 * (sA + sA2), 0.5 * (sB + sB2));
}
function err(ps, x) { let e = 0; for (const P of ps) { const q = pred(P, x); e += Math.abs(q[0] / P.m[0] - 1) + Math.abs(q[1] / P.m[1] - 1); } const r = e / 2 / ps.length; return Number.isFinite(r) ? r : 1e9; }
const V = { long: { s: [[0.1, 1, 0, 0.1, 0.4]], st: [0.05, 0.3, 0.1, 0.05, 0.1], free: [0, 4] }, long2: { s: [[0.1, 1, 0, 0.1, 0.4]], st: [0.05, 0.3, 0.1, 0.05, 0.1], free: [0, 3, 4] }, long3: { s: [[0.1, 1, 0, 0.3, 0.5]], st: [0.05, 0.3, 0.1, 0.05, 0.1], free: [0, 4] }, long3t: { s: [[0.1, 1, 0, 0.3, 0.5]], st: [0.05, 0.3, 0.1, 0.05, 0.1], free: [0, 1, 4] }, sw: { s: [[0.1, 1, 0, 0.3, 0.5, 0, 0.2]], st: [0.05, 0.3, 0.1, 0.05, 0.1, 0.1, 0.1], free: [0, 4, 6] }, sw1: { s: [[0.1, 1, 0, 0.3, 0.5, 0, 0.2]], st: [0.05, 0.3, 0.1, 0.05, 0.1, 0.1, 0.1], free: [0, 1, 4, 6] }, bw: { s: [[0.1, 1, 0, 0.1, 0.3, 1]], st: [0.05, 0.3, 0.1, 0.05, 0.1, 0.3], free: [0, 4, 5] }, bw0: { s: [[0.1, 1, 0, 1e9, 0, 1]], st: [0.05, 0.3, 0.1, 0.05, 0.1, 0.3], free: [0, 5] }, longd: { s: [[0.0, 1, 0.2, 0.3, 0.3]], st: [0.05, 0.3, 0.1, 0.05, 0.1], free: [0, 2, 4] }, longt: { s: [[0.1, 1, 0, 0.1, 0.3]], st: [0.05, 0.3, 0.1, 0.05, 0.1], free: [0, 1, 4] }, base: { s: [[0.05]], st: [0.05] }, tail: { s: [[0.05, 1]], st: [0.05, 0.3] }, dram: { s: [[0.05, 1, 0.1]], st: [0.05, 0.3, 0.1] } }[variant];
function fit(ps) {
  let best = null;
  const free = V.free ?? V.s[0].map((_, i) => i);
  const expand = (y, s0) => { const x = [...s0]; free.forEach((j, k) => { x[j] = y[k]; }); return x; };
  for (const s0 of V.s) {
    const r = nelderMead((y) => err(ps, expand(y, s0)), free.map((j) => s0[j]), { maxIter: 200, tol: 1e-7, step: free.map((j) => V.st[j]) });
    r.x = expand(r.x, s0);
    if (!best || r.fx < best.fx) best = r;
  }
  return best;
}
if (process.argv[1].endsWith('fifo.mjs')) {
const ps = pairsOf('mps');
const t0 = Date.now();
const full = fit(ps);
console.log(variant, 'train', (100 * full.fx).toFixed(2), full.x.map((v) => v.toFixed(3)).join(','), ((Date.now() - t0) / 1000).toFixed(1), 's');
const s = (id) => id.split('@')[0];
if (process.argv.includes('-v')) for (const P of ps) { const q = pred(P, full.x); console.log('T', s(P.a).padEnd(12), s(P.b).padEnd(12), P.m.map((v) => v.toFixed(2)).join(' '), q.map((v) => v.toFixed(2)).join(' ')); }
if (process.argv.includes('--fresh')) {
  const fr = fresh('mps'); const fe = [];
  for (const P of fr) { const q = pred(P, full.x); fe.push(Math.abs(q[0] / P.m[0] - 1), Math.abs(q[1] / P.m[1] - 1)); console.log('F', s(P.a).padEnd(12), s(P.b).padEnd(12), P.m.map((v) => v.toFixed(2)).join(' '), q.map((v) => v.toFixed(2)).join(' ')); }
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
    if (process.argv.includes('-L')) console.log('L', s(P.a).padEnd(12), s(P.b).padEnd(12), P.m.map((v) => v.toFixed(2)).join(' '), q.map((v) => v.toFixed(2)).join(' '), ((q[0] / P.m[0] - 1) * 100).toFixed(1), ((q[1] / P.m[1] - 1) * 100).toFixed(1), f.x.map((v) => v.toFixed(3)).join(','));
  }
  console.log('lomo', (100 * errs.reduce((a, b) => a + b) / errs.length).toFixed(2), 'max', (100 * Math.max(...errs)).toFixed(2));
}
}
