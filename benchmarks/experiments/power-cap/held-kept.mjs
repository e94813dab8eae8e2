// The measurement behind model version 23's heldKept: every calibration time-slicing pair of two workloads that a
// power limit holds down alone (solo clock at least 1 % below the unheld one), with the share of their mean solo
// clock depth that the pair's own clock keeps, and the median the fit takes (rounded to 0.1). Also the fresh sets'
// such pairs where folders are given (they do not enter the fit).
// Usage: npm run build && node benchmarks/experiments/power-cap/held-kept.mjs [gpu] [fresh folder ...]
import { loadCalibration, loadCalibrationDir } from '../../../dist/data/index.js';
import { heldKeptFromClocks, heldPairClockShares, trainingPairs } from '../../../dist/predictor/fit.js';
import { buildProfiles } from '../../../dist/predictor/profile.js';
import { median } from '../../../dist/predictor/stats.js';

const gpu = process.argv[2] ?? 'h200';
const cal = loadCalibration(gpu);
const profiles = buildProfiles(cal);
const show = (label, ts) => {
  const shares = heldPairClockShares(ts);
  for (const { pair, share } of shares) {
    const c = (p) => p.soloClockMHz?.toFixed(0);
    console.log(`${label}  ${pair.a.id} (${c(pair.a)} MHz) + ${pair.b.id} (${c(pair.b)} MHz): pair ${pair.source.gpm?.smClockMHz?.toFixed(0)} MHz, share ${share.toFixed(2)}`);
  }
  if (shares.length) console.log(`${label}  ${shares.length} pairs, median share ${median(shares.map((x) => x.share)).toFixed(3)}`);
};
const ts = trainingPairs(cal, profiles).filter((p) => p.mode === 'timeslice');
show(`${gpu} calibration`, ts);
console.log(`${gpu} heldKept ${heldKeptFromClocks(ts)}`);
for (const dir of process.argv.slice(3)) {
  // A fresh set's pairs, against the calibration's solo profiles (as predicted).
  const fresh = loadCalibrationDir(dir);
  show(dir, trainingPairs({ ...cal, pairs: fresh.pairs }, profiles).filter((p) => p.mode === 'timeslice'));
}
