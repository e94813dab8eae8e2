// The measurement behind model version 24's clockLift: every calibration time-slicing pair with a workload that a
// power limit holds down alone (solo clock at least 1 % below the unheld one), with its clock, the mean of its two
// solo clocks, and the clock the model puts it at (that mean raised by the lift, at most the unheld clock), and
// the lift the fit takes (the median over the pairs whose clock stayed below the unheld one, to 0.01). Also the
// fresh sets' such pairs where folders are given (they do not enter the fit).
// Usage: npm run build && node benchmarks/experiments/power-cap/pair-clock.mjs [gpu] [fresh folder ...]
import { loadCalibration, loadCalibrationDir } from '../../../dist/data/index.js';
import { pairClockMHz } from '../../../dist/predictor/core.js';
import { clockLiftFromClocks, HELD_DEPTH, trainingPairs } from '../../../dist/predictor/fit.js';
import { buildProfiles } from '../../../dist/predictor/profile.js';
import { mean } from '../../../dist/predictor/stats.js';

const gpu = process.argv[2] ?? 'h200';
const cal = loadCalibration(gpu);
const profiles = buildProfiles(cal);
const ts = trainingPairs(cal, profiles).filter((p) => p.mode === 'timeslice');
const { clockLift = 0, unheldClockMHz: top } = clockLiftFromClocks(ts);
console.log(`${gpu}: unheld clock ${top} MHz, clockLift ${clockLift}`);
const show = (label, pairs) => {
  const errs = [];
  for (const pair of pairs) {
    const [fa, fb, fp] = [pair.a.soloClockMHz, pair.b.soloClockMHz, pair.source.gpm?.smClockMHz];
    if (fa === undefined || fb === undefined || fp === undefined || top === undefined || top - Math.min(fa, fb) < HELD_DEPTH * top) continue;
    const m = (fa + fb) / 2;
    const model = pairClockMHz(fa, fb, top, clockLift);
    errs.push(Math.abs(model - fp));
    console.log(`${label}  ${pair.a.id} (${fa.toFixed(0)}) + ${pair.b.id} (${fb.toFixed(0)}): pair ${fp.toFixed(0)} MHz = ${(fp / m).toFixed(3)} x their mean; model ${model.toFixed(0)}`);
  }
  if (errs.length) console.log(`${label}  ${errs.length} pairs, model's clock off by ${mean(errs).toFixed(1)} MHz on average (max ${Math.max(...errs).toFixed(1)})`);
};
show(`${gpu} calibration`, ts);
for (const dir of process.argv.slice(3)) {
  // A fresh set's pairs, against the calibration's solo profiles (as predicted).
  const fresh = loadCalibrationDir(dir);
  show(dir, trainingPairs({ ...cal, pairs: fresh.pairs }, profiles).filter((p) => p.mode === 'timeslice'));
}
