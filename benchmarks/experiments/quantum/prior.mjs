// Would a longer time-slice prior fit the fresh sets better? The spec table's prior (the driver's default 2.048 ms
// when this was written; 2.1 ms for the Hoppers since model version 19) is kept by the fit unless another quantum
// fits the calibration pairs clearly better; on the H200 the simulation alone fits best near 2.1 ms. The fresh sets' largest time-slicing misses are bert@b32s128 (a request
// within 1 % of 2.048 ms) next to long-request neighbours, predicted to need a second slice. This refits with
// the prior at each quantum given and predicts the fresh sets (time slicing, the calibration's solo latencies
// and each set's own) and the leave-one-model-out split (with --lomo; its time-slicing open-loop runs' p99 too).
// Needs npm run build.
//   node benchmarks/experiments/quantum/prior.mjs GPU Q1,Q2,... FRESH_DIR[,FRESH_DIR...] [--lomo]
import { loadCalibration, loadCalibrationDir } from '../../../dist/data/index.js';
import { GPU_SPECS } from '../../../dist/gpus.js';
import { validatePairs } from '../../../dist/validate/crossval.js';
import { accuracyRows, summarise } from '../../../dist/validate/accuracy.js';

const [gpu, qs, dirs] = process.argv.slice(2);
const lomo = process.argv.includes('--lomo');
const cal = loadCalibration(gpu);
const spec = GPU_SPECS[gpu];
for (const q of qs.split(',').map(Number)) {
  spec.timesliceMs = q;
  const rows = [];
  for (const d of dirs.split(',')) {
    const fresh = loadCalibrationDir(d);
    const r = await validatePairs(cal, gpu, { pairs: fresh.pairs }, 'fresh', { modes: ['timeslice'], sessionSolo: fresh.solo });
    rows.push(...r.records);
  }
  const acc = accuracyRows(gpu, rows, []);
  const f = (p) => acc.find((a) => a.predictor === p);
  let line = `${gpu} prior q ${q} ms: fresh ${(100 * f('coloc').mape).toFixed(2)} % (max ${(100 * f('coloc').maxError).toFixed(1)}), sessionSolo ${(100 * f('sessionSolo').mape).toFixed(2)} % (max ${(100 * f('sessionSolo').maxError).toFixed(1)}), n ${f('coloc').n}`;
  if (lomo) {
    const openLoop = cal.openLoop.filter((m) => m.mode === 'exclusive' || m.mode === 'timeslice');
    const r = await validatePairs(cal, gpu, { pairs: cal.pairs, openLoop }, 'lomo', { modes: ['timeslice'] });
    const acc = accuracyRows(gpu, r.records, r.openLoop);
    const a = acc.find((x) => x.mode === 'timeslice' && x.predictor === 'coloc');
    const o = acc.find((x) => x.mode === 'openloop-p99');
    const at = (load) => {
      const e = r.openLoop.filter((x) => x.load === load).flatMap((x) => x.measuredP99Ms.map((v, i) => Math.abs(x.predictedP99Ms[i] / v - 1)));
      return e.length ? `${(100 * summarise(e).mape).toFixed(1)} % at ${load} (${e.length})` : '';
    };
    line += `; lomo ${(100 * a.mape).toFixed(2)} % (max ${(100 * a.maxError).toFixed(1)}); open-loop time-slicing p99 lomo ${o ? (100 * o.mape).toFixed(1) : '-'} %: ${[...new Set(r.openLoop.map((x) => x.load))].sort().map(at).join(', ')}`;
  }
  console.log(line);
}
