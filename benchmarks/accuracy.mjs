// Accuracy figures for docs/accuracy.md: offline cross-validation (lopo, lomo, transfer when a second GPU is
// calibrated) and, when predictions/<gpu>/fresh-*/ holds fresh co-runs measured by the runner, the same
// comparison for those pairs (split 'fresh': predicted from the full calibration, which never saw them).
// Writes predictions/<gpu>/offline-<date>.json like coloc validate --offline.
// Usage: npm run build && node benchmarks/accuracy.mjs [gpu] [--no-offline]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listGpus, loadCalibration } from '../dist/data/index.js';
import { renderAccuracy } from '../dist/commands/validate.js';
import { accuracyRows } from '../dist/validate/accuracy.js';
import { validatePairs } from '../dist/validate/crossval.js';
import { runOffline, saveRun } from '../dist/validate/offline.js';
import { transferSource } from '../dist/validate/transfer.js';
import { predictionsDir } from '../dist/paths.js';

const gpu = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 'h200';
const cal = loadCalibration(gpu);
if (!process.argv.includes('--no-offline')) {
  const src = transferSource(gpu, listGpus());
  const run = await runOffline(cal, gpu, src ? { transferFrom: { gpu: src, cal: loadCalibration(src) } } : {});
  console.log(renderAccuracy(gpu, run.accuracy));
  console.log(run.notes.map((n) => `note: ${n}`).join('\n'));
  // The same ValidationRun file coloc validate --offline writes (without rendering the HTML report).
  console.log(`saved ${saveRun(run, join(predictionsDir(), gpu))}`);
}
const dir = join(predictionsDir(), gpu);
const fresh = existsSync(dir) ? readdirSync(dir).filter((d) => d.startsWith('fresh') && existsSync(join(dir, d, 'pairs.json'))) : [];
for (const d of fresh) {
  const read = (f) => (existsSync(join(dir, d, f)) ? JSON.parse(readFileSync(join(dir, d, f), 'utf8')).entries : []);
  const r = await validatePairs(cal, gpu, { pairs: read('pairs.json'), openLoop: read('openloop.json') }, 'fresh', { baselines: true });
  console.log(`\nfresh co-runs ${d}:`);
  console.log(renderAccuracy(gpu, accuracyRows(gpu, r.records, r.openLoop)).split('\n').slice(2).join('\n'));
}
