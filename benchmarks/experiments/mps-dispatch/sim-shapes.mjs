// The dispatch simulation's view of one MPS pair, per launch shape of B's kernels, to set beside a trace's
// (shapes.py): for every kernel of A, which B kernel was running when it became ready, how much of that kernel
// was left and how long A's kernel waited with no block placed; and A's kernel execution time per request.
// It runs the built simulation (dist/predictor/dispatch.js) with an observer added to a copy of it, at the
// calibration's fitted interferences (IB, IL override them).
//   npm run build && node benchmarks/experiments/mps-dispatch/sim-shapes.mjs yolo@b1s640 deepseek@b1s512 > sim.json
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const dist = join(root, 'dist/predictor');
const src = readFileSync(join(dist, 'dispatch.js'), 'utf8');
const observed = src
  .replace(/^function saturatedOnce/m, 'export function saturatedOnce')
  .replace(/^(\s*)const r1 = o0 \? rnn : ro;$/m, '$&\n$1globalThis.__dispatchLog?.push([t, dt, s.i0, s.i1, r0, r1, s.rem0, s.rem1]);');
if (!observed.includes('__dispatchLog') || !observed.includes('export function saturatedOnce')) {
  console.error('sim-shapes: dist/predictor/dispatch.js no longer has the lines this script instruments');
  process.exit(1);
}
writeFileSync(join(dist, 'dispatch-observed.js'), observed);
const { saturatedOnce } = await import(pathToFileURL(join(dist, 'dispatch-observed.js')).href);
const { loadCalibration } = await import(pathToFileURL(join(root, 'dist/data/index.js')).href);
const { buildProfiles } = await import(pathToFileURL(join(root, 'dist/predictor/profile.js')).href);
const { profileStream } = await import(pathToFileURL(join(root, 'dist/predictor/core.js')).href);

const [A, B, gpu = 'h200'] = process.argv.slice(2);
const model = JSON.parse(readFileSync(join(root, 'calibration', gpu, 'model.json'), 'utf8'));
const dp = model.params.mps.dispatch;
const prof = buildProfiles(loadCalibration(gpu));
const pa = prof.get(A);
const pb = prof.get(B);
if (!pa || !pb) {
  console.error(`sim-shapes: unknown workload ${pa ? B : A}`);
  process.exit(1);
}
const ka = profileStream(pa);
const kb = profileStream(pb);
const p = { interference: Number(process.env.IB ?? dp.interference), latencyInterference: Number(process.env.IL ?? dp.latencyInterference) };
globalThis.__dispatchLog = [];
const [slowdown] = saturatedOnce(ka, kb, p);
const log = globalThis.__dispatchLog;
globalThis.__dispatchLog = undefined;
// A's kernel instances: from the event it became current (ready) to the end of its last event.
const inst = [];
let cur;
for (const [t, dt, i0, i1, r0, , , rem1] of log) {
  if (!cur || cur.i !== i0) {
    if (cur) inst.push(cur);
    cur = { i: i0, ready: t, start: undefined, end: t, blocker: i1, left: rem1 };
  }
  if (cur.start === undefined && r0 > 1e-6) cur.start = t;
  cur.end = t + dt;
}
const done = inst.slice(1); // the first began mid-kernel; the unfinished last is not pushed
const requests = done.length / ka.d.length;
const by = {};
let exec = 0;
for (const k of done) {
  const start = k.start ?? k.end;
  exec += k.end - start;
  const key = (pb.sequenceShape?.[k.blocker] ?? []).slice(0, 4).join(',');
  const o = (by[key] ??= { n: 0, wait: 0, left: 0, dur: kb.d[k.blocker] });
  o.n++;
  o.wait += start - k.ready;
  o.left += k.left;
}
const shapes = Object.fromEntries(
  Object.entries(by).map(([k, v]) => [k, { perReq: v.n / requests, meanWait: (1000 * v.wait) / v.n, waitPerReq: v.wait / requests, dur: 1000 * v.dur, left: (1000 * v.left) / v.n }]),
);
console.log(JSON.stringify({ a: A, b: B, interference: p, slowdown, requests, exec: exec / requests, soloExec: ka.d.reduce((x, y) => x + y, 0), shapes }));
