// What a workload without Nsight Compute measurements (calibrated with --no-ncu, or with no ncu on its host)
// costs under MPS and streams: one workload at a time has its kernels.json `ncu` left out while every other keeps
// its own, and each of its pairs is predicted in leave-one-model-out (the fit never sees the workload, as for a
// user's own). Prints the errors of its own slowdown, its neighbour's, and both, whose 90th percentile is the band
// predict gives such a pair (NO_NCU_BAND, src/predictor/predict.ts). The calibration with no workload's ncu at
// all: benchmarks/calibration-subset.mjs <gpu> --keep all --no-ncu.
// Usage: npm run build && node benchmarks/no-ncu.mjs [gpu] [--modes mps,streams]
import { loadCalibration } from '../dist/data/index.js';
import { validatePairs } from '../dist/validate/crossval.js';
import { TimesliceGridCache } from '../dist/predictor/fit.js';
import { benchArgs } from './common.mjs';

const { gpu, modes } = benchArgs({ gpu: 'h100', modes: 'mps,streams' });
const whole = loadCalibration(gpu);
const gridCache = new TimesliceGridCache();
const stat = (e) => {
  const s = [...e].sort((a, b) => a - b);
  const pct = (x) => `${(100 * x).toFixed(1)} %`;
  return `n=${s.length}, MAPE ${(100 * s.reduce((a, b) => a + b, 0) / s.length).toFixed(2)} %, p90 ${pct(s[Math.floor(0.9 * s.length)])}, max ${pct(s[s.length - 1])}`;
};
for (const mode of modes) {
  const ok = whole.pairs.filter((p) => p.status === 'ok' && p.slowdown && p.mode === mode);
  const own = [];
  const neighbour = [];
  for (const w of [...new Set(ok.flatMap((p) => [p.a.id, p.b.id]))]) {
    // its pairs with another workload (a self-pair would have both sides without ncu)
    const pairs = ok.filter((p) => (p.a.id === w) !== (p.b.id === w));
    if (!pairs.length) continue;
    const cal = { ...whole, kernels: whole.kernels.map((k) => (k.workload.id === w ? (({ ncu, ...rest }) => rest)(k) : k)) };
    for (const r of (await validatePairs(cal, gpu, { pairs }, 'lomo', { modes: [mode], gridCache })).records) {
      for (const i of [0, 1]) ([r.a, r.b][i] === w ? own : neighbour).push(Math.abs(r.predicted[i] / r.measured[i] - 1));
    }
  }
  console.log(`${gpu} ${mode}, one workload without ncu: its own slowdown ${stat(own)}; its neighbour's ${stat(neighbour)}; both ${stat([...own, ...neighbour])}`);
}
