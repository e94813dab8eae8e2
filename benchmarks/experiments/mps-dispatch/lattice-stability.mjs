// How steady the MPS fit's choice of the dispatch simulation's two interferences is: the simulation alone on the
// calibration's MPS pairs over a fine grid (interference 0-1.2 in steps of 0.05, latency interference 0-5 in steps
// of 0.1), with and without the pairs of one workload beyond its probe co-runs (default bert@b32s128, whose six
// pairs a mode came in the seventh 2026-12-06 session), and where each rule puts the constants: the grid's minimum,
// the minimum of the error averaged over a 3x3 / 5x5 window of grid points, and the centroid of the points within
// 0.02 / 0.05 points of the minimum (docs/accuracy.md). About 90 s on the H200's pairs.
// Usage: npm run build && node benchmarks/experiments/mps-dispatch/lattice-stability.mjs [gpu] [workload]
import { loadCalibration } from '../../../dist/data/index.js';
import { buildProfiles } from '../../../dist/predictor/profile.js';
import { defaultParams, dispatchParams, trainingPairs } from '../../../dist/predictor/fit.js';
import { coreClosedLoop } from '../../../dist/predictor/core.js';
import { catalogProbes } from '../../../dist/data/catalog.js';
import { ape } from '../../../dist/predictor/stats.js';

const gpu = process.argv[2] ?? 'h200';
const left = process.argv[3] ?? 'bert@b32s128';
const cal = loadCalibration(gpu);
const ps = trainingPairs(cal, buildProfiles(cal)).filter((p) => p.mode === 'mps');
const probes = new Set(catalogProbes());
const isLeft = (p) => [p.a.id, p.b.id].includes(left) && ![p.a.id, p.b.id].some((id) => probes.has(id) && id !== left);
const I = Array.from({ length: 25 }, (_, i) => Number((i * 0.05).toFixed(2)));
const L = Array.from({ length: 51 }, (_, i) => Number((i * 0.1).toFixed(1)));
// E[i][j][k]: pair k's mean error at grid point (I[i], L[j]).
const E = I.map((a) =>
  L.map((b) => {
    const params = { ...defaultParams(), mps: dispatchParams(a, b) };
    return ps.map((p) => {
      const s = coreClosedLoop('mps', p.a, p.b, params).slowdown;
      return (ape(s[0], p.measured[0]) + ape(s[1], p.measured[1])) / 2;
    });
  }),
);
const objective = (keep) => E.map((row) => row.map((errs) => errs.reduce((s, e, k) => s + (keep(ps[k]) ? e : 0), 0) / ps.filter(keep).length));
const argmin = (M) => {
  let best = [0, 0];
  M.forEach((row, i) => row.forEach((v, j) => v < (M[best[0]]?.[best[1]] ?? Infinity) && (best = [i, j])));
  return best;
};
const windowMean = (M, r) => M.map((row, i) => row.map((_, j) => {
  let s = 0, n = 0;
  for (let di = -r; di <= r; di++) for (let dj = -r; dj <= r; dj++) { const v = M[i + di]?.[j + dj]; if (v !== undefined) { s += v; n++; } }
  return s / n;
}));
const centroid = (M, eps) => {
  const [bi, bj] = argmin(M);
  const pts = M.flatMap((row, i) => row.flatMap((v, j) => (v <= M[bi][bj] + eps ? [[I[i], L[j]]] : [])));
  return `${(pts.reduce((s, p) => s + p[0], 0) / pts.length).toFixed(2)} / ${(pts.reduce((s, p) => s + p[1], 0) / pts.length).toFixed(2)} (${pts.length} points)`;
};
const at = ([i, j]) => `${I[i]} / ${L[j]}`;
for (const [name, keep] of [[`without ${left}'s pairs`, (p) => !isLeft(p)], ['all pairs', () => true]]) {
  const M = objective(keep);
  const [bi, bj] = argmin(M);
  console.log(`${gpu}, ${name} (${ps.filter(keep).length}): minimum ${at([bi, bj])} (${(100 * M[bi][bj]).toFixed(3)} %); window 3x3 ${at(argmin(windowMean(M, 1)))}, 5x5 ${at(argmin(windowMean(M, 2)))}; centroid within 0.02 points ${centroid(M, 0.0002)}, 0.05 points ${centroid(M, 0.0005)}`);
}
