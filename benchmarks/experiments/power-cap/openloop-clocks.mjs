// Open-loop runs against their pairs' closed-loop clocks (docs/accuracy.md, fourth session of 2026-12-03; the last
// table: model version 20, sixth session of 2026-12-06).
//
//   npm run build && node benchmarks/experiments/power-cap/openloop-clocks.mjs
//
// Each MPS open-loop run of the fresh sets is simulated with its pair's measured closed-loop slowdowns (so that only
// the open-loop part can be wrong; fit.ts measuredOpenLoopRuns) and its own arrivals. First, the errors grouped by
// whether the pair's closed-loop co-run was held at the power limit (its gpm SM clock below 1975 MHz) and by load;
// then, per run whose window recorded NVML's clock (openloop.json gpm, since fresh-2026-12-03f), the same with the
// compute-bound part of each request (1 - memoryBoundFraction) scaled by the clock ratio: the closed-loop co-run's
// clock as the reference while both run, each solo's clock while one runs alone.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadCalibration, loadCalibrationDir } from '../../../dist/data/calibration.js';
import { PACKAGE_ROOT } from '../../../dist/paths.js';
import * as fit from '../../../dist/predictor/fit.js';
import * as core from '../../../dist/predictor/core.js';
import { memoryBoundFraction } from '../../../dist/predictor/transfer.js';
import { buildProfiles } from '../../../dist/predictor/profile.js';
import { measuredArrivalSeeds } from '../../../dist/predictor/pyrandom.js';

const FREE_MHZ = 1975;
const cal = loadCalibration('h200');
const profiles = buildProfiles(cal);
// The first two tables are the simulation as it was before model version 20, which took no power-held time out of
// the open-loop GPU work: the profiles without their clock readings (core.ts powerHeldMs is then 0).
const withHeld = (p, share) => ({ ...p, cappedFraction: (p.cappedFraction ?? 0) * share });
const unheldOff = new Map([...profiles].map(([id, p]) => [id, withHeld(p, 0)]));
const idle = fit.loadSavedModel('h200', cal)?.params.idleStartMs ?? 0;
const dir = join(PACKAGE_ROOT, 'predictions', 'h200');
const sets = readdirSync(dir).filter((d) => d.startsWith('fresh-')).map((d) => join(dir, d));
const pct = (x) => (100 * x).toFixed(1);
/** The closed-loop co-run, in the set `f`, of an open-loop run's pair and mode (either order). */
const closedLoopPair = (f, r) => f.pairs.find((p) => fit.pairKey(p.mode, p.a.id, p.b.id) === fit.pairKey(r.mode, r.a.id, r.b.id));
const groups = {};
const rows = [];
for (const d of sets) {
  const f = loadCalibrationDir(d);
  for (const r of fit.measuredOpenLoopRuns({ ...cal, pairs: f.pairs, openLoop: f.openLoop }, unheldOff)) {
    const pair = closedLoopPair(f, r);
    const fc = pair?.gpm?.smClockMHz;
    if (!fc) continue;
    const base = fit.openLoopFromMeasured(r, idle, 15);
    const key = `${r.mode} load ${r.o.load >= 0.7 ? '0.7-0.9' : '0.3-0.6'} ${fc < FREE_MHZ ? 'power-capped' : 'unthrottled'}`;
    base.forEach((x, i) => (groups[key] ??= []).push([x.p50Ms / r.o.p50Ms[i] - 1, x.p99Ms / r.o.p99Ms[i] - 1]));
    const fo = r.o.gpm?.smClockMHz;
    if (!fo) continue;
    const P = [r.a, r.b];
    const m = P.map((p) => memoryBoundFraction(p));
    const fs = P.map((p) => f.solo.find((s) => s.workload.id === p.id && s.context === 'mps')?.gpm?.smClockMHz ?? fo);
    const alone = P.map((_, i) => m[i] + (1 - m[i]) * (fs[i] / fo));
    const both = P.map((_, i) => (r.busy[i] * (m[i] + (1 - m[i]) * (fc / fo))) / alone[i]);
    const settings = { horizonRequests: 0, windowMs: r.o.windowS * 1000, replications: 15, arrivalSeeds: measuredArrivalSeeds(r.o) };
    const clocked = core.concurrentOpenLoop(r.mode, r.a, r.b, { busy: both }, r.o.ratesRps, settings, alone, idle);
    P.forEach((p, i) => rows.push(`${d.split('/').pop()} ${r.o.load} ${p.id.padEnd(20)} closed loop ${fc} MHz, open loop ${fo} MHz; mean ${pct(base[i].meanMs / r.o.meanMs[i] - 1)} % -> ${pct(clocked[i].meanMs / r.o.meanMs[i] - 1)} %, p99 ${pct(base[i].p99Ms / r.o.p99Ms[i] - 1)} % -> ${pct(clocked[i].p99Ms / r.o.p99Ms[i] - 1)} %`));
  }
}
console.log('Simulated with the measured closed-loop slowdowns, signed error (bias) and MAPE:');
for (const [k, v] of Object.entries(groups).sort()) {
  const bias = (j) => pct(v.reduce((s, x) => s + x[j], 0) / v.length);
  const mape = (j) => pct(v.reduce((s, x) => s + Math.abs(x[j]), 0) / v.length);
  console.log(`  ${k.padEnd(34)} n ${String(v.length).padStart(2)}  p50 bias ${bias(0)} %, MAPE ${mape(0)} %; p99 bias ${bias(1)} %, MAPE ${mape(1)} %`);
}
console.log('Runs with the open-loop clock: error without -> with the clock-scaled service times:');
for (const row of rows) console.log(`  ${row}`);

// Without any clock reading, as model version 20 does (core.ts powerHeldMs, concurrentServers): the time each
// workload's exclusive solo run spent held at the power limit taken out of its open-loop GPU work as far as the
// GPU idles, 1 - load ('model'); none (before version 20); all of it at every load ('full'); or 1 - load^2. Same
// runs as the first table, grouped the same way (pairs without a clock reading apart). The shares scale the
// workloads' held share of clock readings, by which the held time is linear, relative to the model's 1 - load.
const variants = { none: () => 0, model: () => 1, '1 - load^2': (load) => 1 + load, full: (load) => 1 / (1 - load) };
const vg = {};
for (const d of sets) {
  const f = loadCalibrationDir(d);
  for (const [name, share] of Object.entries(variants)) {
    for (const r of fit.measuredOpenLoopRuns({ ...cal, pairs: f.pairs, openLoop: f.openLoop }, profiles)) {
      const pair = closedLoopPair(f, r);
      const fc = pair?.gpm?.smClockMHz;
      const group = `${r.mode} load ${r.o.load >= 0.7 ? '0.7-0.9' : '0.3-0.6'} ${fc === undefined ? 'no clock' : fc < FREE_MHZ ? 'power-capped' : 'unthrottled'}`;
      const sim = fit.openLoopFromMeasured({ ...r, a: withHeld(r.a, share(r.o.load)), b: withHeld(r.b, share(r.o.load)) }, idle, 15);
      sim.forEach((x, i) => ((vg[group] ??= {})[name] ??= []).push([x.p50Ms / r.o.p50Ms[i] - 1, x.p99Ms / r.o.p99Ms[i] - 1]));
    }
  }
}
console.log('Power-held time out of the open-loop GPU work (p50 bias / MAPE, p99 bias / MAPE):');
for (const [k, byName] of Object.entries(vg).sort()) {
  const cells = Object.entries(byName).map(([name, v]) => {
    const bias = (j) => pct(v.reduce((s, x) => s + x[j], 0) / v.length);
    const mape = (j) => pct(v.reduce((s, x) => s + Math.abs(x[j]), 0) / v.length);
    return `${name}: ${bias(0)}/${mape(0)}, ${bias(1)}/${mape(1)}`;
  });
  console.log(`  ${k.padEnd(34)} n ${String(byName.none.length).padStart(3)}  ${cells.join('   ')}`);
}
const all = {};
for (const byName of Object.values(vg)) for (const [name, v] of Object.entries(byName)) (all[name] ??= []).push(...v);
console.log('  all MPS runs: ' + Object.entries(all).map(([name, v]) => `${name}: p50 ${pct(v.reduce((s, x) => s + Math.abs(x[0]), 0) / v.length)} %, p99 ${pct(v.reduce((s, x) => s + Math.abs(x[1]), 0) / v.length)} % (n ${v.length})`).join('   '));
