// The closed form of concurrent.ts (excess linear in the summed demands) tilted by the asymmetry of a
// parameter-free FIFO kernel-dispatch simulation (fifo.mjs with kappa = 0, no long-kernel sharing).
// node benchmarks/experiments/mps-asymmetry/hybrid.mjs [variant] [--lomo] [--fresh]
import { pairsOf, fresh, report, side } from './harness.mjs';
import { satSlowdowns } from './fifo.mjs';
const fifoCache = new Map();
function fifo(A, B) {
  const key = A.id + '|' + B.id;
  let r = fifoCache.get(key);
  if (!r) {
    const x = [0, 1, 0, 1e9, 0];
    const [sA, sB] = satSlowdowns(A, B, x);
    const [sB2, sA2] = satSlowdowns(B, A, x);
    r = [0.5 * (sA + sA2), 0.5 * (sB + sB2)];
    fifoCache.set(key, r);
  }
  return r;
}
const lr = (x, y) => Math.log(Math.max(1e-6, x) / Math.max(1e-6, y));
const variant = process.argv[2] ?? 'a';
const models = {
  // x: base, wSm, wDram, theta (FIFO tilt)
  a: { starts: [[-0.1, 0.6, 0.05, 0.5], [0, 0.5, 0, 1]], busy: (A, B, x) => {
    const E = Math.max(0, x[0] + x[1] * (A.d.sm + B.d.sm) + x[2] * (A.d.dram + B.d.dram));
    const [fa, fb] = fifo(A, B);
    const z = x[3] * lr(fa - 1, fb - 1) / 2;
    const ta = Math.min(4, Math.max(0.25, Math.exp(z))), tb = Math.min(4, Math.max(0.25, Math.exp(-z)));
    return [1 + E * ta, 1 + E * tb];
  } },
  // plus the old kernel-length tilt
  b: { starts: [[-0.1, 0.6, 0.05, 0.5, 0.1], [0, 0.5, 0, 1, 0]], busy: (A, B, x) => {
    const E = Math.max(0, x[0] + x[1] * (A.d.sm + B.d.sm) + x[2] * (A.d.dram + B.d.dram));
    const [fa, fb] = fifo(A, B);
    const z = (x[3] * lr(fa - 1, fb - 1) + x[4] * lr(B.kw, A.kw)) / 2;
    const ta = Math.min(4, Math.max(0.25, Math.exp(z))), tb = Math.min(4, Math.max(0.25, Math.exp(-z)));
    return [1 + E * ta, 1 + E * tb];
  } },
  // excess = blend of the FIFO excess and the linear demand excess
  c: { starts: [[-0.1, 0.3, 0.05, 0.5], [0, 0.2, 0, 0.3]], busy: (A, B, x) => {
    const E = x[0] + x[1] * (A.d.sm + B.d.sm) + x[2] * (A.d.dram + B.d.dram);
    const [fa, fb] = fifo(A, B);
    return [1 + Math.max(0, E + x[3] * (fa - 1)), 1 + Math.max(0, E + x[3] * (fb - 1))];
  } },
  // multiplicative: S = 1 + (fifo - 1)^theta * scale(demands)
  d: { starts: [[0.5, 0.3, 0.05, 1], [0.3, 0.5, 0, 0.7]], busy: (A, B, x) => {
    const E = Math.max(0, x[0] + x[1] * (A.d.sm + B.d.sm) + x[2] * (A.d.dram + B.d.dram));
    const [fa, fb] = fifo(A, B);
    return [1 + E * Math.pow(fa - 1, x[3]), 1 + E * Math.pow(fb - 1, x[3])];
  } },
};
const m = models[variant];
report(variant, { n: m.starts[0].length, starts: m.starts, busy: m.busy }, { fresh: true, lopo: process.argv.includes('--lopo') });
