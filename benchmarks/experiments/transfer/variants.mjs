// Transfer between the two calibrated Hoppers, H100 <-> H200: which part of a transferred prediction's error comes
// from what. For every measured pair of the target GPU, slowdown MAPE per mode of:
//   spec      the source GPU's profiles moved by the spec table, its model with the probe layer of MPS and
//             streams only (transferModel: what predict does for a GPU without calibration; validate
//             --offline's "transfer" rows);
//   bare      the same without any probe layer;
//   +probes   the same with the source GPU's whole probe layer (the workloads' probe residuals measured there);
//   own       the target GPU's own measured profiles with the source GPU's fitted model, without probes;
//   own+pr    the same with the source GPU's probe layer;
//   own/srcH  the target GPU's own profiles with the source GPU's host times (GPU-idle time between requests,
//             its solo latencies shifted by the difference), the source's model without probes;
//   spec/tgtH the moved profiles with the target GPU's host times: what the host machine's CPU, not the GPU,
//             adds to the transfer error (spec keeps the source host's times, which nothing else can give);
//   spec/unheld  spec with the power-limit-held part of each source solo latency removed (as if the target ran
//             every workload below its power limit);
//   spec/meanH spec with each source profile's exclusive host time the mean of its exclusive and MPS host-gap
//             probes (its solo latency shifted by the difference).
// Last, the requests' GPU time moved per kernel (what predict does) and by one share per request (before
// 2026-12-06) against the target GPU's measured GPU time. Needs npm run build; both models come from calibration/<gpu>/model.json (fitted when stale).
import { loadCalibration } from '../../../dist/data/index.js';
import { fitModel, loadSavedModel, transferModel, withoutProbes } from '../../../dist/predictor/fit.js';
import { pairSlowdowns } from '../../../dist/predictor/predict.js';
import { buildProfiles } from '../../../dist/predictor/profile.js';
import { gpuTimeFactor, requestTimeFactor, transferProfile } from '../../../dist/predictor/transfer.js';
import { gpuSpec } from '../../../dist/gpus.js';

const gpus = ['h100', 'h200'];
const cal = Object.fromEntries(gpus.map((g) => [g, loadCalibration(g)]));
const model = {};
for (const g of gpus) model[g] = loadSavedModel(g, cal[g]) ?? (await fitModel(cal[g], g));

/** Latency statistics s moved by d ms. */
const shifted = (s, d) => ({ mean: s.mean + d, p50: s.p50 + d, p99: s.p99 + d, min: s.min + d, max: s.max + d });

/** Profile p with the host times of h: per solo context, h's host time, and p's solo latency shifted by the difference. */
function withHost(p, h) {
  const hostMs = {};
  const solo = {};
  for (const ctx of ['exclusive', 'mps']) {
    const own = p.hostMs[ctx] ?? p.solo[ctx].mean - p.gpuMs;
    const other = h.hostMs[ctx] ?? h.solo[ctx].mean - h.gpuMs;
    const d = other - own;
    hostMs[ctx] = other;
    solo[ctx] = shifted(p.solo[ctx], d);
  }
  return { ...p, hostMs, solo };
}

/** p with the clock-held part of its excess GPU time removed (core.ts simClient), as if the target ran it unheld. */
function unheld(p) {
  const host = p.hostMs.exclusive;
  if (host === undefined) return p;
  const d = -Math.max(0, p.solo.exclusive.mean - host - p.gpuMs) * (p.cappedFraction ?? 0);
  const { cappedFraction: _, ...rest } = p;
  return { ...rest, solo: { exclusive: shifted(p.solo.exclusive, d), mps: shifted(p.solo.mps, d) } };
}

/** p with its exclusive host time the mean of its two host-gap probes' (exclusive and MPS), where it has both. */
function meanHost(p) {
  const ex = p.hostMs.exclusive;
  const mps = p.hostMs.mps;
  if (ex === undefined || mps === undefined) return p;
  const d = (ex + mps) / 2 - ex;
  return { ...p, hostMs: { ...p.hostMs, exclusive: ex + d }, solo: { ...p.solo, exclusive: shifted(p.solo.exclusive, d) } };
}

const pct = (x) => (100 * x).toFixed(2).padStart(6);
for (const [src, tgt] of [['h100', 'h200'], ['h200', 'h100']]) {
  const from = gpuSpec(src);
  const to = gpuSpec(tgt);
  const srcP = buildProfiles(cal[src]);
  const tgtP = buildProfiles(cal[tgt]);
  const moved = new Map([...srcP].map(([id, p]) => [id, transferProfile(p, from, to)]));
  const common = new Map([...moved].filter(([id]) => tgtP.has(id)));
  const variants = {
    spec: [transferModel(model[src]), moved],
    bare: [withoutProbes(model[src]), moved],
    '+probes': [model[src], moved],
    own: [withoutProbes(model[src]), tgtP],
    'own+pr': [model[src], tgtP],
    'own/srcH': [withoutProbes(model[src]), new Map([...common].map(([id, p]) => [id, withHost(tgtP.get(id), p)]))],
    'spec/tgtH': [withoutProbes(model[src]), new Map([...common].map(([id, p]) => [id, withHost(p, tgtP.get(id))]))],
    'spec/unheld': [transferModel(model[src]), new Map([...srcP].map(([id, p]) => [id, transferProfile(unheld(p), from, to)]))],
    'spec/meanH': [transferModel(model[src]), new Map([...srcP].map(([id, p]) => [id, transferProfile(meanHost(p), from, to)]))],
  };
  const err = {};
  // The spec transfer's time-slicing values with their pair's two workloads: which workload's pairs carry the error.
  const specTs = [];
  for (const m of cal[tgt].pairs) {
    if (m.status !== 'ok' || !m.slowdown || !common.get(m.a.id) || !common.get(m.b.id)) continue;
    for (const [name, [mod, profiles]] of Object.entries(variants)) {
      const s = pairSlowdowns(mod, m.mode, profiles.get(m.a.id), profiles.get(m.b.id)).slowdown;
      const signed = s.map((x, i) => x / m.slowdown[i] - 1);
      ((err[m.mode] ??= {})[name] ??= []).push(...signed.map(Math.abs));
      if (name === 'spec' && m.mode === 'timeslice') specTs.push(...signed.map((x, i) => ({ x: Math.abs(x), signed: x, victim: i === 0 ? m.a.id : m.b.id, ids: [m.a.id, m.b.id] })));
    }
  }
  console.log(`${src} -> ${tgt}: slowdown MAPE % (max) per mode`);
  for (const [mode, e] of Object.entries(err)) {
    console.log(`  ${mode.padEnd(10)} n=${String(e.spec.length).padStart(3)} ` + Object.entries(e).map(([k, v]) => `${k} ${pct(v.reduce((a, b) => a + b, 0) / v.length)} (${pct(Math.max(...v)).trim()})`).join('   '));
  }
  const gpu = { 'per kernel': [], 'per request': [] };
  for (const p of srcP.values()) {
    const q = tgtP.get(p.id);
    if (!q) continue;
    const request = requestTimeFactor(p, from, to);
    gpu['per kernel'].push(Math.abs((p.gpuMs * gpuTimeFactor(p, from, to)) / q.gpuMs - 1));
    gpu['per request'].push(Math.abs((p.gpuMs * request) / q.gpuMs - 1));
  }
  console.log('  GPU time moved vs measured: ' + Object.entries(gpu).map(([k, v]) => `${k} mean |error| ${pct(v.reduce((a, b) => a + b, 0) / v.length)} % (max ${pct(Math.max(...v)).trim()} %)`).join(', '));
  const solo = [...moved.values()].filter((p) => tgtP.has(p.id)).map((p) => p.solo.exclusive.mean / tgtP.get(p.id).solo.exclusive.mean - 1);
  console.log(`  solo latency moved by spec vs measured: mean |error| ${pct(solo.reduce((a, b) => a + Math.abs(b), 0) / solo.length)} %, signed mean ${pct(solo.reduce((a, b) => a + b, 0) / solo.length)} % (${solo.length} workloads)`);
  const without = [...common.keys()].map((id) => {
    const rest = specTs.filter((v) => !v.ids.includes(id)).map((v) => v.x);
    const own = specTs.filter((v) => v.victim === id).map((v) => v.signed);
    const soloErr = common.get(id).solo.exclusive.mean / tgtP.get(id).solo.exclusive.mean - 1;
    return { id, n: rest.length, mape: rest.reduce((a, b) => a + b, 0) / rest.length, own: own.reduce((a, b) => a + b, 0) / own.length, soloErr };
  }).sort((p, q) => p.mape - q.mape);
  console.log('  spec, time slicing, without the pairs of one workload (the three that lower it most; its solo latency moved, its own slowdowns signed mean): ' +
    without.slice(0, 3).map((w) => `${w.id} ${pct(w.mape).trim()} % (n=${w.n}; solo ${pct(w.soloErr).trim()} %, slowdowns ${pct(w.own).trim()} %)`).join(', '));
}
