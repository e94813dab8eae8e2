// Shared by the open-loop benchmarks: the GPU named on the command line (default h200), its calibration and its
// committed fitted model; exits with one line where either is missing (or the model is stale).
import { loadCalibration } from '../dist/data/index.js';
import { loadSavedModel } from '../dist/predictor/fit.js';

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
