import { pairsOf, fresh } from './harness.mjs';
const ps = pairsOf('mps').filter((p) => p.a !== p.b);
const fr = fresh('mps').filter((p) => p.a !== p.b);
const F = {
  kw: (s) => s.kw, meanK: (s) => s.meanK, med: (s) => s.med, sm: (s) => s.d.sm, dram: (s) => s.d.dram, tensor: (s) => s.d.tensor, occ: (s) => s.d.occupancy,
  gsm: (s) => s.gpm.sm, gten: (s) => s.gpm.tensor, gdram: (s) => s.gpm.dram, gocc: (s) => s.gpm.occupancy, threads: (s) => s.threads, G: (s) => s.gpuMs, n: (s) => s.n,
  p90: (s) => s.p.kernelUs.p90, p99: (s) => s.p.kernelUs.p99, smb: (s) => s.gpm.sm / (s.gpuMs / s.L), tenb: (s) => s.gpm.tensor / (s.gpuMs / s.L),
};
const y = (P) => Math.log((P.m[0] - 1) / (P.m[1] - 1)); // excess ratio A/B
const yS = (P) => Math.log(P.m[1] / P.m[0]); // share-ish
function solve(X, Y) { // least squares no intercept
  const k = X[0].length; const A = Array.from({ length: k }, () => new Array(k).fill(0)); const b = new Array(k).fill(0);
  X.forEach((r, i) => { for (let u = 0; u < k; u++) { b[u] += r[u] * Y[i]; for (let v = 0; v < k; v++) A[u][v] += r[u] * r[v]; } });
  for (let u = 0; u < k; u++) A[u][u] += 1e-6;
  // gaussian
  for (let i = 0; i < k; i++) { let p = i; for (let j = i + 1; j < k; j++) if (Math.abs(A[j][i]) > Math.abs(A[p][i])) p = j; [A[i], A[p]] = [A[p], A[i]]; [b[i], b[p]] = [b[p], b[i]];
    for (let j = i + 1; j < k; j++) { const f = A[j][i] / A[i][i]; for (let v = i; v < k; v++) A[j][v] -= f * A[i][v]; b[j] -= f * b[i]; } }
  const x = new Array(k).fill(0); for (let i = k - 1; i >= 0; i--) { let s = b[i]; for (let v = i + 1; v < k; v++) s -= A[i][v] * x[v]; x[i] = s / A[i][i]; } return x;
}
function evalSet(names, yf) {
  const row = (P) => names.map((n) => Math.log(F[n](P.A) / F[n](P.B)));
  const all = solve(ps.map(row), ps.map(yf));
  let se = 0; for (const P of ps) { const tr = ps.filter((q) => ![P.a, P.b].includes(q.a) && ![P.a, P.b].includes(q.b)); const c = solve(tr.map(row), tr.map(yf)); const r = row(P).reduce((s, v, i) => s + v * c[i], 0); se += (r - yf(P)) ** 2; }
  let sf = 0; for (const P of fr) { const r = row(P).reduce((s, v, i) => s + v * all[i], 0); sf += (r - yf(P)) ** 2; }
  return { rmse: Math.sqrt(se / ps.length), fr: Math.sqrt(sf / fr.length), c: all };
}
const names = Object.keys(F);
const res = [];
for (let i = 0; i < names.length; i++) { res.push([names[i]]); for (let j = i + 1; j < names.length; j++) { res.push([names[i], names[j]]); for (let k = j + 1; k < names.length; k++) res.push([names[i], names[j], names[k]]); } }
for (const yf of [y, yS]) {
  const out = res.map((s) => ({ s, ...evalSet(s, yf) })).sort((a, b) => a.rmse - b.rmse);
  console.log('baseline rmse', Math.sqrt(ps.reduce((s, P) => s + yf(P) ** 2, 0) / ps.length).toFixed(3));
  for (const o of out.slice(0, 25)) console.log(o.s.join('+').padEnd(25), o.rmse.toFixed(3), /*o.fr.toFixed(3),*/ o.c.map((v) => v.toFixed(2)).join(' '));
  for (const o of out.filter((o) => o.s.length == 1)) console.log(' single', o.s[0].padEnd(10), o.rmse.toFixed(3), o.c.map((v) => v.toFixed(2)).join(' '));
}
