// Predictions from a fitted model: slowdowns in every mode, latency, throughput, open-loop percentiles.

import type { CalibrationData, Mode, ModelPrediction, PairMeasurement, PairPrediction } from '../types.js';
import { coreClosedLoop, coreOpenLoop, MODES, PREDICT_SIM, soloContext, type OpenLoopSide, type SimSettings } from './core.js';
import { SHORT_REQUEST_MS, sideSlowdown, type FittedModel } from './fit.js';
import { OTHER_GPU_MODES, withOtherGpu, type OtherGpuPairs } from './othergpu.js';
import { buildProfile, type WorkloadProfile } from './profile.js';

export interface PairSlowdowns {
  soloMs: [number, number];
  core: [number, number];
  slowdown: [number, number];
  latencyMs: [number, number];
  /** Whether the probe layer corrected each side. */
  probe: [boolean, boolean];
  /** The slowdowns without the probe layer (as for workloads without probe co-runs). */
  noProbe: [number, number];
  /** Where another GPU's measurement of the pair moved the slowdowns (othergpu.ts): that GPU, and the slowdowns before. */
  otherGpu?: { gpu: string; thisGpu: [number, number] };
}

/**
 * Slowdown of a and b sharing the GPU in one mode: the physical core, then the probe or regression layer, then,
 * where one of `others` (other calibrated GPUs) measured the same pair in this mode, its residual (othergpu.ts).
 */
export function pairSlowdowns(model: FittedModel, mode: Mode, a: WorkloadProfile, b: WorkloadProfile, settings: SimSettings = PREDICT_SIM, others: readonly OtherGpuPairs[] = []): PairSlowdowns {
  const core = coreClosedLoop(mode, a, b, model.params, settings);
  const [sa, sb] = [sideSlowdown(model, mode, a, b, core.slowdown[0]), sideSlowdown(model, mode, b, a, core.slowdown[1])];
  let slowdown: [number, number] = [sa.slowdown, sb.slowdown];
  const noProbe: [number, number] = [sa.noProbe, sb.noProbe];
  let otherGpu: PairSlowdowns['otherGpu'];
  for (const o of others) {
    const r = o.residual(mode, a.id, b.id);
    if (!r) continue;
    otherGpu = { gpu: o.gpu, thisGpu: slowdown };
    slowdown = withOtherGpu(slowdown, noProbe, r);
    break;
  }
  return {
    soloMs: core.soloMs,
    core: core.slowdown,
    slowdown,
    latencyMs: [slowdown[0] * core.soloMs[0], slowdown[1] * core.soloMs[1]],
    probe: [sa.probe, sb.probe],
    noProbe,
    ...(otherGpu ? { otherGpu } : {}),
  };
}

/**
 * Another calibrated GPU's measured pairs for pairSlowdowns (othergpu.ts): the residuals of its own solo-profile
 * predictions, from its calibration and fitted model (nothing of the GPU being predicted), each computed on first
 * use and kept.
 */
export function otherGpu(gpu: string, cal: CalibrationData, model: FittedModel): OtherGpuPairs {
  const cache = new Map<string, [number, number] | undefined>();
  const profiles = new Map<string, WorkloadProfile | undefined>();
  const profile = (id: string): WorkloadProfile | undefined => {
    if (!profiles.has(id)) profiles.set(id, buildProfile(cal, id));
    return profiles.get(id);
  };
  const residual = (mode: Mode, a: string, b: string): [number, number] | undefined => {
    const measured = findMeasured(cal.pairs, mode, a, b)?.slowdown;
    const [pa, pb] = [profile(a), profile(b)];
    if (!measured || !pa || !pb) return undefined;
    const plain = pairSlowdowns(model, mode, pa, pb).noProbe;
    if (![...measured, ...plain].every((x) => x > 0)) return undefined;
    return [Math.log(measured[0] / plain[0]), Math.log(measured[1] / plain[1])];
  };
  return {
    gpu,
    residual(mode, a, b) {
      if (!OTHER_GPU_MODES.includes(mode)) return undefined;
      const key = `${mode}|${a}|${b}`;
      if (!cache.has(key)) cache.set(key, residual(mode, a, b));
      return cache.get(key);
    },
  };
}

export interface PredictContext {
  gpu: string;
  model: FittedModel;
  /** Pair measurements of this GPU, shown beside the prediction (never used to make it). */
  pairs: PairMeasurement[];
  /** Set when the GPU has no calibration and profiles were transferred from another GPU. */
  transfer?: { basedOn: string; bandScale: number; bandExtra: number };
  /** Both workloads' solo latencies are the user's own (`predict --solo`): no between-session band. */
  ownSolo?: boolean;
  /** Other calibrated GPUs whose measurement of the same pair moves the prediction (MPS, streams; othergpu.ts). */
  others?: readonly OtherGpuPairs[];
  /**
   * The model was fitted on a calibration with Nsight Compute measurements: a workload without them (NO_NCU_BAND)
   * gets the wider band and a note. A fit on a calibration without any (the simulated backend) keeps its own
   * cross-validated band, which is of such workloads already.
   */
  ncuFit?: boolean;
}

export function contextFromCalibration(gpu: string, cal: CalibrationData, model: FittedModel): PredictContext {
  return { gpu, model, pairs: cal.pairs };
}

/** The measured slowdowns (and latencies) of the pair (a, b) in `mode`, in that order, where `pairs` has them. */
export function findMeasured(pairs: readonly PairMeasurement[], mode: Mode, a: string, b: string): { slowdown: [number, number]; latency?: [number, number] } | undefined {
  for (const p of pairs) {
    if (p.mode !== mode || p.status !== 'ok' || !p.slowdown) continue;
    if (p.a.id === a && p.b.id === b) return { slowdown: p.slowdown, ...(p.latencyMs ? { latency: p.latencyMs } : {}) };
    if (p.a.id === b && p.b.id === a) {
      return {
        slowdown: [p.slowdown[1], p.slowdown[0]],
        ...(p.latencyMs ? { latency: [p.latencyMs[1], p.latencyMs[0]] as [number, number] } : {}),
      };
    }
  }
  return undefined;
}

/**
 * A measured slowdown is against the solo latency of the session that measured the pair; the prediction's is
 * against the pooled solo of every session (the table's solo column). Where the two differ by more than this,
 * the measured and predicted slowdowns differ by the baseline as well, so predict shows the co-run latencies.
 */
export const MEASURED_BASELINE_GAP = 0.02;

/** The note for a measured pair whose session's solo latency is MEASURED_BASELINE_GAP or more from the pooled one. */
export function measuredBaselineNote(
  ids: readonly [string, string],
  measured: { slowdown: readonly [number, number]; latency?: readonly [number, number] },
  soloMs: readonly number[],
  latencyMs: readonly number[],
): string | undefined {
  const lat = measured.latency;
  if (!lat) return undefined;
  // The session's solo latency, and how far it is from the pooled one, per side.
  const session = [0, 1].map((i) => (lat[i] as number) / (measured.slowdown[i] as number));
  const gap = [0, 1].map((i) => (session[i] as number) / (soloMs[i] as number) - 1);
  const off = (ids[0] === ids[1] ? [0] : [0, 1]).filter((i) => Math.abs(gap[i] as number) >= MEASURED_BASELINE_GAP);
  if (!off.length) return undefined;
  const fmt = (x: number): string => `${x.toPrecision(3)} ms`;
  const what = off.map((i) => {
    const g = (gap[i] as number) * 100;
    return `${ids[i]}'s was ${fmt(session[i] as number)} (${g > 0 ? '+' : ''}${g.toFixed(1)} % from the ${fmt(soloMs[i] as number)} above): co-run measured ${fmt(lat[i] as number)}, predicted ${fmt(latencyMs[i] as number)}`;
  });
  return `measured slowdowns are against the solo latencies of the session that measured the pair; ${what.join('; ')}`;
}

/**
 * The 90th percentile of the slowdown errors of a pair with one workload whose Nsight Compute measurements are
 * left out, in leave-one-model-out (the larger of the two Hoppers'; docs/accuracy.md, fourteenth 2026-12-08
 * session). Time slicing does not use them.
 */
export const NO_NCU_BAND: Partial<Record<Mode, number>> = { mps: 0.158, streams: 0.138 };

function noNcuNote(ids: readonly string[], mode: Mode, band: number): string {
  return `${ids.join(' and ')} ${ids.length > 1 ? 'have' : 'has'} no Nsight Compute measurement (calibrated with --no-ncu, or ncu was not on PATH): ${mode} is predicted without ${ids.length > 1 ? 'their' : 'its'} kernels' SM activity and occupancy, so the band is at least ±${(band * 100).toFixed(1)} % (the 90th percentile of such pairs' errors, cross-validated); coloc calibrate with Nsight Compute on PATH measures them`;
}

/** Default band when cross-validation has not produced one (no pairs in that mode). */
export const DEFAULT_BAND = 0.15;

/** The slowdown band of a pair: the probe layer's where it corrects both sides, the band without it otherwise. */
export function slowdownBand(model: Pick<FittedModel, 'band' | 'bandNoProbe'>, mode: Mode, probed: boolean): number {
  return (probed ? model.band[mode] : model.bandNoProbe?.[mode] ?? model.band[mode]) ?? DEFAULT_BAND;
}

/**
 * The band shown beside a prediction: the cross-validated one combined with the between-session one
 * (FittedModel.bandSession) as independent errors, hypot(band, session); the band alone where the model has
 * none for the mode or the solo latencies are the user's own. For a workload with a short request (`short`),
 * each part is at least the short requests' (bandShort, bandSession.short).
 */
export function shownBand(model: Pick<FittedModel, 'bandSession' | 'bandShort'>, mode: Mode, band: number, ownSolo = false, short = false): number {
  const cv = short ? Math.max(band, model.bandShort?.[mode] ?? 0) : band;
  const session = ownSolo ? undefined : model.bandSession;
  const s = session?.band[mode] !== undefined ? Math.max(session.band[mode] as number, short ? (session.short?.[mode] ?? 0) : 0) : undefined;
  return s !== undefined && s > 0 ? Math.hypot(cv, s) : cv;
}

/**
 * Each model's open-loop p99 range: the slowdown band carried through the queue (the p99 with both slowdowns
 * at the band's lower edge, and at its upper edge: near capacity a few percent more service time move the tail
 * by tens of percent), widened by the relative residual the open-loop simulation leaves beyond that
 * (FittedModel.p99RangeResidual). `run(f)` is the open-loop simulation with both sides' service time scaled by
 * f; `p99` the central prediction. An upper edge at which a model is overloaded is null (as in the JSON).
 */
export function p99Ranges(run: (f: number) => (OpenLoopSide | undefined)[], p99: readonly number[], band: number, residual = 0): [number, number | null][] {
  const b = Math.min(0.9, Math.max(0, band));
  const e = Math.max(0, residual);
  const [lo, hi] = [run(1 - b), run(1 + b)];
  return p99.map((mid, i): [number, number | null] => {
    const l = lo[i];
    const h = hi[i];
    const low = l && !l.overloaded && Number.isFinite(l.p99Ms) ? Math.min(mid, l.p99Ms) : mid;
    const high = h && !h.overloaded && Number.isFinite(h.p99Ms) ? Math.max(mid, h.p99Ms) * (1 + e) : null;
    return [low * (1 - Math.min(0.9, e)), high];
  });
}

export function predictPair(ctx: PredictContext, a: WorkloadProfile, b: WorkloadProfile, mode: Mode, ratesRps?: [number, number]): PairPrediction {
  const notes: string[] = [];
  const byMode: PairPrediction['byMode'] = {};
  const exclusiveNorm: Partial<Record<Mode, number>> = {};
  let chosen: PairSlowdowns | undefined;
  for (const m of MODES) {
    const s = pairSlowdowns(ctx.model, m, a, b, PREDICT_SIM, ctx.others);
    byMode[m] = s.slowdown;
    // Throughput of the pair normalised to exclusive solo throughput: the fair way to compare modes.
    exclusiveNorm[m] = a.solo.exclusive.mean / s.latencyMs[0] + b.solo.exclusive.mean / s.latencyMs[1];
    if (m === mode) chosen = s;
  }
  const sel = chosen as PairSlowdowns;
  let bestMode: Mode = mode;
  for (const m of MODES) if ((exclusiveNorm[m] ?? 0) > (exclusiveNorm[bestMode] ?? 0) + 1e-9) bestMode = m;
  const trained = ctx.model.trained[mode];
  if (!trained) notes.push(`no ${mode} pairs in the calibration of ${ctx.model.gpu}: ${mode} constants are defaults, not fitted`);
  const probed = sel.probe[0] && sel.probe[1];
  // An estimate's bands are widened (transfer), the short requests' as the others.
  const widen = (x: number): number => (ctx.transfer ? x * ctx.transfer.bandScale + ctx.transfer.bandExtra : x);
  // A workload without Nsight Compute measurements (calibrate --no-ncu, or no ncu on its host) is dispatched under
  // MPS and streams without its kernels' SM activity and occupancy: its band is at least what such a workload got.
  const noNcuBand = ctx.ncuFit ? NO_NCU_BAND[mode] : undefined;
  const noNcu = noNcuBand === undefined ? [] : [...new Set([a, b].filter((p) => !p.launchConfigs?.length).map((p) => p.id))];
  const floor = noNcuBand !== undefined && noNcu.length ? widen(noNcuBand) : 0;
  const band = Math.max(widen(slowdownBand(ctx.model, mode, probed)), floor);
  if (floor) notes.push(noNcuNote(noNcu, mode, floor));
  // The p99 range keeps the cross-validated band (its residual was fitted with it); the slowdown shows both.
  // A workload whose request is short alone gets at least the short requests' bands, as the one slowed.
  const short = [a, b].map((p) => p.solo.exclusive.mean < SHORT_REQUEST_MS);
  const cvShort = ctx.model.bandShort?.[mode];
  const bandModel = cvShort === undefined ? ctx.model : { bandSession: ctx.model.bandSession, bandShort: { [mode]: widen(cvShort) } };
  const shown = short.map((x) => shownBand(bandModel, mode, band, ctx.ownSolo, x));
  const session = ctx.ownSolo ? undefined : ctx.model.bandSession;
  if (session?.band[mode] !== undefined) {
    notes.push(
      `band: ±${(band * 100).toFixed(1)} % cross-validated, with ±${((session.band[mode] as number) * 100).toFixed(1)} % for another session's solo latencies (90 % of ${session.n[mode]} fresh values moved less; --solo with your host's narrows it)`,
    );
  }
  const shortIds = [a, b].filter((_, i) => short[i]).map((p) => p.id);
  if (shortIds.length && (cvShort !== undefined || session?.short?.[mode] !== undefined)) {
    const parts = [
      cvShort !== undefined ? `±${(widen(cvShort) * 100).toFixed(1)} % cross-validated` : undefined,
      session?.short?.[mode] !== undefined ? `±${((session.short[mode] as number) * 100).toFixed(1)} % between sessions` : undefined,
    ].filter(Boolean);
    const ids = [...new Set(shortIds)];
    notes.push(`${ids.join(' and ')}: ${ids.length > 1 ? 'requests' : 'a request'} under ${SHORT_REQUEST_MS} ms alone, so the band is at least that of such requests (${parts.join(', ')})`);
  }
  const measured = ctx.transfer ? undefined : findMeasured(ctx.pairs, mode, a.id, b.id);
  if (measured) {
    notes.push('this pair is in the calibration: measured values shown beside the prediction');
    const off = measuredBaselineNote([a.id, b.id], measured, sel.soloMs, sel.latencyMs);
    if (off) notes.push(off);
  }
  if (sel.otherGpu) {
    const before = sel.otherGpu.thisGpu.map((x) => `${x.toFixed(3)}x`).join('/');
    const alone = ctx.transfer ? 'in the estimate without it' : `from ${ctx.gpu}'s data alone`;
    notes.push(`moved by this pair's ${mode} measurement on ${sel.otherGpu.gpu}, a GPU of the same architecture (a pair misses the same way on both calibrated Hoppers; ${before} ${alone}; docs/method.md, "The other GPU's pair")`);
  }
  const probeModel = ctx.model.probes;
  if (probeModel && !probed && Object.keys(probeModel.layers[mode] ?? {}).length) {
    const lacking = [...new Set([a.id, b.id])].filter((id) => !probeModel.residuals[mode]?.[id]);
    if (lacking.length) {
      notes.push(`${lacking.join(' and ')} ${lacking.length > 1 ? 'have' : 'has'} no ${mode} co-runs next to the probe workloads (${probeModel.ids.join(', ')}): predicted from solo profiles alone, with the wider band (coloc calibrate --model-file measures them)`);
    }
  }

  const models = [0, 1].map((i): ModelPrediction => {
    const p = i === 0 ? a : b;
    const latencyMs = sel.latencyMs[i] as number;
    return {
      name: p.ref.model,
      workload: p.ref,
      soloLatencyMs: sel.soloMs[i] as number,
      latencyMs,
      slowdown: sel.slowdown[i] as number,
      throughput: 1000 / latencyMs,
      band: shown[i] as number,
      ...(measured ? { measuredSlowdown: measured.slowdown[i] as number } : {}),
      ...(measured?.latency ? { measuredLatencyMs: measured.latency[i] as number } : {}),
    };
  }) as [ModelPrediction, ModelPrediction];

  let nearCapacity: PairPrediction['nearCapacity'];
  let powerLimited: string[] | undefined;
  if (ratesRps) {
    // Carry the regression layer's correction of the slowdown onto the open-loop service time.
    const scale: [number, number] = [sel.slowdown[0] / sel.core[0], sel.slowdown[1] / sel.core[1]];
    const [oa, ob] = coreOpenLoop(mode, a, b, ctx.model.params, ratesRps, scale);
    for (const [i, o] of [oa, ob].entries()) {
      const m = models[i] as ModelPrediction;
      if (!o) continue;
      m.rateRps = o.rateRps;
      m.utilisation = o.utilisation;
      m.overloaded = o.overloaded;
      if (o.overloaded) {
        m.throughput = 1000 / (m.latencyMs || Infinity);
        notes.push(`${m.name} is overloaded at ${o.rateRps} req/s in ${mode} next to ${(models[1 - i] as ModelPrediction).name}: its queue grows without bound (it can serve about ${(1000 / m.latencyMs).toFixed(1)} req/s closed loop)`);
      } else {
        m.throughput = o.rateRps;
        m.p50Ms = o.p50Ms;
        m.p99Ms = o.p99Ms;
      }
    }
    const served = !oa.overloaded && !ob?.overloaded;
    if (served) {
      const ranges = p99Ranges((f) => coreOpenLoop(mode, a, b, ctx.model.params, ratesRps, [scale[0] * f, scale[1] * f], { horizonRequests: RANGE_HORIZON }), [oa.p99Ms, ob?.p99Ms ?? NaN], band, ctx.model.p99RangeResidual);
      ranges.forEach((r, i) => ((models[i] as ModelPrediction).p99RangeMs = r));
    }
    // Near capacity the tail rises steeply with the rate: say how far, from the same simulation at 5 % more.
    const busiest = Math.max(oa.utilisation, ob?.utilisation ?? 0);
    if (served && busiest > NEAR_CAPACITY) {
      const more: [number, number] = [ratesRps[0] * HEADROOM_STEP, ratesRps[1] * HEADROOM_STEP];
      const up = coreOpenLoop(mode, a, b, ctx.model.params, more, scale);
      const sides = up.filter((o) => o !== undefined);
      nearCapacity = { rateScale: HEADROOM_STEP, p99Ms: sides.map((o) => (o.overloaded ? null : o.p99Ms)), overloaded: sides.map((o) => o.overloaded) };
      const what = sides.map((o, i) => `${(models[i] as ModelPrediction).name} ${o.overloaded ? 'overloaded' : `p99 ${o.p99Ms.toFixed(1)} ms`}`).join(', ');
      notes.push(
        `near capacity (a server ${(busiest * 100).toFixed(0)} % busy): the tail rises steeply with the rate; at ${((HEADROOM_STEP - 1) * 100).toFixed(0)} % higher rates ${what}`,
      );
    }
    if (mode !== 'timeslice' && !ctx.transfer) {
      powerLimited = [...new Set([a, b].filter((p) => (p.cappedFraction ?? 0) >= POWER_LIMITED).map((p) => p.id))];
      if (powerLimited.length) notes.push(powerLimitNote(powerLimited));
    }
    if (models[0].p99RangeMs) {
      const e = ctx.model.p99RangeResidual;
      notes.push(
        `p99 range: the p99 at the slowdown band's lower and upper edge${e !== undefined ? `, widened by ±${(e * 100).toFixed(1)} % (what the open-loop simulation misses beyond that in cross-validation)` : ''}; it widens towards capacity, where the tail is steep`,
      );
    }
  }
  const [sa, sb] = [models[0].slowdown, models[1].slowdown];
  return {
    gpu: ctx.gpu,
    mode,
    estimated: ctx.transfer !== undefined,
    ...(ctx.transfer ? { basedOn: ctx.transfer.basedOn } : {}),
    models,
    probeCorrected: probed,
    combinedNormThroughput: 1 / sa + 1 / sb,
    fairness: Math.min(sa, sb) / Math.max(sa, sb),
    bestMode,
    byMode,
    ...(nearCapacity ? { nearCapacity } : {}),
    ...(powerLimited?.length ? { powerLimited } : {}),
    notes,
  };
}

/**
 * A workload whose solo clock readings are held down by the power limit at least this often runs at the limit
 * alone (profile cappedFraction, exclusive context): of the H200's MPS pair measurements with clocks (calibration
 * and fresh sets), those with such a workload ran power-capped closed loop in 114 of 122, the others in 17 of 154.
 */
const POWER_LIMITED = 0.5;

/**
 * What the open loop still misses for a power-capped pair (docs/accuracy.md, fourth session of 2026-12-03 and
 * sixth of 2026-12-06): its service times come from closed-loop runs at the limit's lower clock, and with idle
 * time between requests the clock rises; the simulation takes the held time out only as far as the GPU idles.
 */
function powerLimitNote(ids: readonly string[]): string {
  return `power limit: ${ids.join(' and ')} ${ids.length > 1 ? 'run' : 'runs'} at the GPU's power limit alone, so this pair most likely does closed loop, where its service times were measured; with idle time between requests the clock rises: the time held at the limit is taken out as far as the GPU idles at these rates, and the latencies may still come out high (H200, MPS pairs at the limit, simulated with their own measured slowdowns: p50 +2.5 % at loads 0.3-0.6, +9 % at 0.7-0.9)`;
}

/** A model's server busier than this at the given rates gets the p99 at HEADROOM_STEP times the rates as well. */
const NEAR_CAPACITY = 0.85;
const HEADROOM_STEP = 1.05;
/** Arrivals of each edge's steady-state simulation of the p99 range (the central one takes the default 20 000). */
const RANGE_HORIZON = 10000;

export { soloContext };
