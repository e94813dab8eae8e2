// coloc predict --pair A,B --gpu G [--mode timeslice|mps|streams] [--rates rA,rB] [--json]

import { ColocError, EXIT } from '../errors.js';
import { byDistance, gpuSpec, GPU_SPECS, type GpuSpec } from '../gpus.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { catalogEntry, hasCalibration, listGpus, loadCalibration, loadCalibrationDir, resolveWorkload } from '../data/index.js';
import { displayPath } from '../paths.js';
import { EFFECTS_MODES } from '../predictor/effects.js';
import { fitModel, loadSavedModel, transferModel } from '../predictor/fit.js';
import { predictPair, type PredictContext } from '../predictor/predict.js';
import { buildProfile, pooledSolo, withSessionSolo, type WorkloadProfile } from '../predictor/profile.js';
import { transferProfile } from '../predictor/transfer.js';
import { mean } from '../predictor/stats.js';
import { storedOtherGpus } from '../validate/crossval.js';
import type { CalibrationData, Mode, PairPrediction, SoloProfile } from '../types.js';
import { ms, out, printJson, table } from './format.js';

const MODE_LABEL: Record<Mode, string> = {
  timeslice: 'time-slicing (separate processes, the GPU round-robins contexts)',
  mps: 'MPS (separate processes sharing SMs)',
  streams: 'CUDA streams (one process, concurrent kernels)',
};

export function parsePair(text: unknown): [string, string] {
  const parts = String(text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (parts.length !== 2) {
    throw new ColocError(`--pair needs two workloads separated by a comma, e.g. --pair llama,yolo (got '${String(text ?? '')}')`, EXIT.usage);
  }
  return [parts[0] as string, parts[1] as string];
}

export function parseRates(text: unknown): [number, number] | undefined {
  if (text === undefined || text === null || text === '') return undefined;
  const parts = String(text).split(',').map((s) => s.trim());
  const nums = parts.map((s) => (/^[+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(s) ? Number(s) : NaN));
  if (nums.length !== 2 || !nums.every((x) => Number.isFinite(x) && x > 0)) {
    throw new ColocError(`--rates needs two positive numbers of requests/s, e.g. --rates 50,20 (got '${String(text)}')`, EXIT.usage);
  }
  return [nums[0] as number, nums[1] as number];
}

function parseMode(x: unknown): Mode {
  const m = String(x ?? 'timeslice');
  if (m === 'timeslice' || m === 'mps' || m === 'streams') return m;
  throw new ColocError(`unknown mode '${m}' (modes: timeslice, mps, streams)`, EXIT.usage);
}

interface Source {
  /** The GPU whose calibration is used. */
  calGpu: string;
  cal: CalibrationData;
  /**
   * passedOver: nearer calibrated GPUs that lack a solo profile of one of the workloads; lacking: the target
   * GPU itself, calibrated but without those of `ids`.
   */
  transfer?: { basedOn: string; passedOver?: string[]; lacking?: { gpu: string; ids: string[] } };
}

/**
 * The calibration to predict from: the GPU's own where it has solo profiles of both workloads; else, by
 * transfer, the nearest other calibrated GPU by spec that has them; else the GPU's own (or, uncalibrated, the
 * nearest), whose error then says what to profile.
 */
function chooseSource(gpu: string, names: readonly string[]): Source {
  const calibrated = listGpus();
  const spec = gpuSpec(gpu);
  const own: Source | undefined = hasCalibration(gpu) ? { calGpu: gpu, cal: loadCalibration(gpu) } : undefined;
  const missing = own ? names.filter((n) => !hasProfile(n, own)) : [];
  if (own && (!spec || missing.length === 0)) return own;
  if (!spec) {
    const known = [...new Set([...calibrated, ...Object.keys(GPU_SPECS)])].sort();
    throw new ColocError(`unknown GPU '${gpu}' (known: ${known.join(', ')})`, EXIT.usage);
  }
  const order = byDistance(spec, calibrated.filter((g) => g !== gpu));
  const source = (g: string, passedOver: string[] = []): Source => ({
    calGpu: g,
    cal: loadCalibration(g),
    transfer: { basedOn: g, ...(passedOver.length ? { passedOver } : {}) },
  });
  for (const [i, g] of order.entries()) {
    const src = source(g, order.slice(0, i));
    if (!names.every((n) => hasProfile(n, src))) continue;
    // The target's own calibration lacks these: named by their id here, where they resolve.
    if (missing.length && src.transfer) src.transfer.lacking = { gpu, ids: missing.map((n) => resolveWorkload(n, g, src.cal).id) };
    return src;
  }
  if (own) return own;
  if (!order.length) {
    throw new ColocError(
      `GPU '${gpu}' has no calibration and no calibrated GPU with a spec entry to transfer from (calibrated: ${calibrated.length ? calibrated.join(', ') : 'none'})`,
      EXIT.usage,
    );
  }
  return source(order[0] as string);
}

function hasProfile(name: string, src: Source): boolean {
  try {
    return profileFor(name, src) !== undefined;
  } catch {
    return false;
  }
}

function profileFor(name: string, src: Source): WorkloadProfile {
  const ref = resolveWorkload(name, src.calGpu, src.cal);
  const p = buildProfile(src.cal, ref.id);
  if (!p) {
    const have = [...new Set(src.cal.solo.filter((s) => s.status === 'ok').map((s) => s.workload.id))].sort();
    // A catalog model at a size not yet measured is profiled by its id (a user's model needs its file).
    const how = catalogEntry(ref.model) ? `; profile it on the GPU host: coloc calibrate --gpu ${src.calGpu} --models ${ref.id} --no-pairs` : '';
    throw new ColocError(`workload '${ref.id}' has no solo profile on ${src.calGpu} (profiled there: ${have.length ? have.join(', ') : 'none'})${how}`, EXIT.usage);
  }
  return p;
}

/**
 * `--solo DIR`: solo measurements of this host (solo.json beside a meta.json, as calibrate and validate's
 * measurements write them), taken on the GPU the calibration was: the records to put in place of the calibration's
 * solo latencies (withSessionSolo).
 */
function sessionSolo(dir: string, src: Source, gpu: string): { solo: SoloProfile[]; createdAt: string } {
  if (src.transfer) throw new ColocError(`--solo: ${gpu} is estimated from ${src.transfer.basedOn}; solo measurements replace a calibrated GPU's own solo latencies only`, EXIT.usage);
  if (!existsSync(join(dir, 'solo.json'))) throw new ColocError(`--solo: no solo.json in ${displayPath(dir)} (measure one with coloc calibrate --gpu ${gpu} --models A,B --no-pairs --no-probes --no-ncu --out ${displayPath(dir)})`, EXIT.usage);
  const session = loadCalibrationDir(dir);
  const [took, cal] = [session.meta.gpu.deviceName, src.cal.meta.gpu.deviceName];
  if (took !== cal) throw new ColocError(`--solo: ${displayPath(dir)} was measured on ${took}, the ${src.calGpu} calibration on ${cal}`, EXIT.usage);
  return { solo: session.solo, createdAt: session.meta.createdAt };
}

const hasPairs = (cal: CalibrationData): boolean => cal.pairs.some((p) => p.status === 'ok');

/**
 * A GPU calibrated with solo profiles only (calibrate --no-pairs) has nothing to fit its constants on: they are
 * borrowed from the nearest GPU by spec whose calibration has pairs, while the solo profiles stay the GPU's own
 * (docs/accuracy.md: 1.6-1.7 % time slicing between the two Hoppers, against 2.5-2.7 % with profiles moved by the
 * spec table). Undefined where no calibrated GPU has pairs.
 */
function pairlessDonor(gpu: string, spec: GpuSpec): Pick<Source, 'calGpu' | 'cal'> | undefined {
  for (const g of byDistance(spec, listGpus().filter((x) => x !== gpu))) {
    const cal = loadCalibration(g);
    if (hasPairs(cal)) return { calGpu: g, cal };
  }
  return undefined;
}

/** Everything predict does short of printing: usable from tests and other commands. */
export async function predictFromArgs(args: Record<string, unknown>): Promise<PairPrediction> {
  const [na, nb] = parsePair(args.pair);
  const mode = parseMode(args.mode);
  const rates = parseRates(args.rates);
  const gpu = String(args.gpu ?? 'h200').toLowerCase();
  const src = chooseSource(gpu, [na, nb]);
  let a = profileFor(na, src);
  let b = profileFor(nb, src);
  const notes: string[] = [];
  // The GPU's own calibration, without pairs: constants borrowed where a spec entry ranks the calibrated GPUs.
  const soloOnly = !src.transfer && src.calGpu === gpu && !hasPairs(src.cal);
  const spec = gpuSpec(gpu);
  const donor = soloOnly && spec ? pairlessDonor(gpu, spec) : undefined;
  const fitted = donor ?? src;
  let model = loadSavedModel(fitted.calGpu, fitted.cal);
  if (!model) {
    model = await fitModel(fitted.cal, fitted.calGpu);
    notes.push(`calibration/${fitted.calGpu}/model.json is missing or stale: fitted on the fly (no cross-validated band; run coloc calibrate or fitAndSave to store one)`);
  }
  // The sessions measured after the calibration (fresh sets): each solo latency the mean of theirs and the
  // calibration's. Not for an estimate of another GPU: the transfer check, against the target's one calibration
  // session, came out worse with them (H100 -> H200 time slicing 2.15 -> 2.28 %, docs/accuracy.md).
  const sessions = model.soloSessions ?? [];
  if (!donor && !src.transfer && sessions.length) {
    const pool = pooledSolo(src.cal, sessions);
    const pooled: [WorkloadProfile, WorkloadProfile] = [withSessionSolo(a, pool), withSessionSolo(b, pool)];
    if (pooled[0] !== a || pooled[1] !== b) {
      const means = (p: WorkloadProfile): number[] => [p.solo.exclusive.mean, ...sessions.flatMap((s) => s.solo.filter((x) => x.id === p.id && x.context === 'exclusive').map((x) => x.meanMs))];
      // How far the workload's solo latency moved between the calibration and those sessions (standard deviation).
      const spread = (p: WorkloadProfile): string => {
        const m = means(p);
        const n = `${m.length - 1} ${m.length === 2 ? 'session' : 'sessions'}`;
        if (m.length < 3) return n;
        const avg = mean(m);
        const sd = Math.sqrt(m.reduce((t, x) => t + (x - avg) ** 2, 0) / (m.length - 1));
        return `${n}, spread ${((100 * sd) / avg).toFixed(1)} %`;
      };
      notes.push(`solo latencies: each the mean of the calibration's and the later sessions' that measured it (${[a, b].map((p) => `${p.id}: ${spread(p)}`).join('; ')}; spread: their standard deviation, the calibration's included)`);
    }
    [a, b] = pooled;
  }
  const ctx: PredictContext = { gpu, model, pairs: src.cal.pairs };
  // The fit learned from Nsight Compute measurements: a workload without them is predicted off that footing.
  if (fitted.cal.kernels.some((k) => k.ncu?.configs?.length)) ctx.ncuFit = true;
  // Calibrated GPUs of the same architecture that measured the pair (MPS, streams): also for an estimate, whose
  // transfer check between the two Hoppers this is part of (docs/method.md, "The other GPU's pair").
  const others = storedOtherGpus(gpu, { pair: [a.id, b.id], notes, loaded: new Map([[src.calGpu, src.cal], ...(donor ? ([[donor.calGpu, donor.cal]] as const) : [])]) });
  if (others.length) ctx.others = others;
  if (soloOnly && !spec) {
    notes.push(`${gpu} has solo profiles only and no spec entry to find a calibrated GPU near it by: its constants are defaults; under a name of the spec table (coloc gpus) it would borrow the nearest calibrated GPU's`);
  }
  if (donor) {
    ctx.transfer = { basedOn: donor.calGpu, bandScale: 2, bandExtra: 0.05 };
    ctx.model = transferModel(model);
    notes.push(
      `estimated: ${gpu} is calibrated with solo profiles only (no pairs to fit on); its own solo profiles with the fitted constants of ${donor.calGpu} (its probe co-runs used for MPS and streams only); band widened`,
    );
  } else if (src.transfer) {
    const from = gpuSpec(src.transfer.basedOn);
    const to = gpuSpec(gpu);
    if (from && to) {
      a = transferProfile(a, from, to);
      b = transferProfile(b, from, to);
    }
    ctx.transfer = { basedOn: src.transfer.basedOn, bandScale: 2, bandExtra: 0.05 };
    ctx.model = transferModel(model);
    const lacking = src.transfer.lacking;
    const why = lacking ? `${lacking.gpu} is calibrated but has no solo profile of ${lacking.ids.join(' or ')}` : `${gpu} has no calibration`;
    notes.push(
      `estimated: ${why}; solo profiles transferred from ${src.transfer.basedOn} by tensor throughput and memory bandwidth ratios (each kernel's DRAM share from Nsight Compute where measured), fitted constants of ${src.transfer.basedOn} kept (its probe co-runs used for MPS and streams only); band widened`,
    );
    if (to?.notes) notes.push(`${gpu} (spec table): ${to.notes}`);
    const over = src.transfer.passedOver;
    if (over?.length) notes.push(`${over.join(', ')} ${over.length > 1 ? 'are' : 'is'} nearer to ${gpu} by spec but lack${over.length > 1 ? '' : 's'} a solo profile of ${na} or ${nb}`);
  }
  if (args.solo !== undefined && args.solo !== '') {
    const dir = String(args.solo);
    const session = sessionSolo(dir, src, gpu);
    const before = [a, b];
    const ids = before.map((p) => p.id);
    [a, b] = [withSessionSolo(a, session.solo), withSessionSolo(b, session.solo)];
    // withSessionSolo returns a profile the folder has no record of unchanged.
    const has = ids.filter((_, i) => [a, b][i] !== before[i]);
    const lacking = ids.filter((id) => !has.includes(id));
    ctx.ownSolo = lacking.length === 0;
    const from = `${displayPath(dir)} (measured ${session.createdAt.slice(0, 10)})`;
    notes.push(
      has.length
        ? `solo latencies of ${has.join(' and ')} from ${from}, the difference from the calibration's counted as host time${lacking.length ? `; ${lacking[0]} keeps the calibration's (not measured there)` : ''}`
        : `${from} has no solo measurement of ${ids.join(' or ')}: the calibration's solo latencies kept`,
    );
  }
  const pred = predictPair(ctx, a, b, mode, rates);
  pred.notes.unshift(...notes);
  return pred;
}

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;

export function renderPrediction(p: PairPrediction): string {
  const [a, b] = p.models;
  const lines: string[] = [];
  lines.push(`${a.workload.id} + ${b.workload.id} on ${p.gpu}${p.estimated ? ` (ESTIMATED from ${p.basedOn ?? '?'}, see notes)` : ''}`);
  lines.push(`mode: ${MODE_LABEL[p.mode]}`);
  if (p.probeCorrected) lines.push(`corrected by both workloads' measured co-runs (docs/method.md, ${EFFECTS_MODES.includes(p.mode) ? 'probe and effects layers' : 'probe layer'})`);
  lines.push('');
  const withRates = p.models.some((m) => m.rateRps !== undefined);
  const header = ['model', 'solo', 'co-run', 'slowdown', 'band', 'throughput', 'measured'];
  if (withRates) header.push('rate', 'util', 'p50', 'p99', 'p99 range');
  const rows = p.models.map((m) => {
    const row = [
      m.workload.id,
      ms(m.soloLatencyMs),
      ms(m.latencyMs),
      `${m.slowdown.toFixed(3)}x`,
      `±${pct(m.band)}`,
      `${m.throughput.toFixed(1)} req/s`,
      m.measuredSlowdown !== undefined ? `${m.measuredSlowdown.toFixed(3)}x` : '-',
    ];
    if (withRates) {
      row.push(`${(m.rateRps ?? 0).toFixed(1)} req/s`, m.utilisation !== undefined ? pct(m.utilisation) : '-');
      if (m.overloaded) row.push('OVERLOADED', 'OVERLOADED', '-');
      else {
        const r = m.p99RangeMs;
        const range = r ? `${ms(r[0]).replace(' ms', '')}-${r[1] === null ? 'overloaded' : ms(r[1])}` : '-';
        row.push(m.p50Ms !== undefined ? ms(m.p50Ms) : '-', m.p99Ms !== undefined ? ms(m.p99Ms) : '-', range);
      }
    }
    return row;
  });
  lines.push(table(header, rows));
  lines.push('');
  const by = (Object.entries(p.byMode) as [Mode, [number, number]][]).map(([m, s]) => `${m} ${s[0].toFixed(2)}x/${s[1].toFixed(2)}x`).join(', ');
  lines.push(`pair: combined normalised throughput ${p.combinedNormThroughput.toFixed(3)}, fairness ${p.fairness.toFixed(3)}`);
  lines.push(`best mode: ${p.bestMode} (most combined throughput, measured against plain solo in every mode)`);
  lines.push(`slowdowns by mode (each against solo in that mode; MPS solo itself runs slower): ${by}`);
  for (const n of p.notes) lines.push(`note: ${n}`);
  return lines.join('\n');
}

export async function run(args: Record<string, unknown>): Promise<number> {
  const pred = await predictFromArgs(args);
  if (args.json) printJson(pred);
  else out(renderPrediction(pred));
  return 0;
}
