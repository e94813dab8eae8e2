// Shared by the open-loop benchmarks: the GPU named on the command line (default h200), its calibration and its
// committed fitted model; exits with one line where either is missing (or the model is stale).
import { loadCalibration } from '../dist/data/index.js';
import { loadSavedModel } from '../dist/predictor/fit.js';
import { coreOpenLoop } from '../dist/predictor/core.js';
import { pairSlowdowns } from '../dist/predictor/predict.js';
import { measuredArrivalSeeds } from '../dist/predictor/pyrandom.js';

export function savedModel() {
  const gpu = process.argv[2] ?? 'h200';
  let cal;
  try {
    cal = loadCalibration(gpu);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
  const model = loadSavedModel(gpu, cal);
  if (!model) {
    console.error(`no current model for ${gpu}: run coloc calibrate's fit (fitAndSave) first`);
    process.exit(1);
  }
  return { gpu, cal, model };
}

/**
 * An open-loop run `o` of the pair a, b simulated as `coloc validate` simulates it: the model's slowdowns, the
 * run's own window and arrivals. `run(f)` scales each side's GPU work by f[i] more (default none).
 */
export function asValidated(model, a, b, o) {
  const mode = o.mode === 'exclusive' ? 'timeslice' : o.mode;
  const s = pairSlowdowns(model, mode, a, b);
  const scale = [s.slowdown[0] / s.core[0], s.slowdown[1] / s.core[1]];
  const settings = { horizonRequests: 20000, windowMs: o.windowS * 1000, arrivalSeeds: measuredArrivalSeeds(o) };
  const run = (f = [1, 1]) => coreOpenLoop(mode, a, b, model.params, [o.ratesRps[0], o.ratesRps[1]], [scale[0] * f[0], scale[1] * f[1]], settings);
  return { mode, slowdown: s.slowdown, run };
}
