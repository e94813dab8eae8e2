// What the predictor knows about one workload: its solo profile and kernel summary only.
// Nothing here may come from pair runs: a user's own workload has only these.

import type { CalibrationData, KernelSummary, LatencyStats, NcuLaunchConfig, SoloContext, SoloProfile, WorkloadRef } from '../types.js';
import { clamp } from './stats.js';

export interface Demand {
  /** Fractions of peak while the workload has GPU work (not averaged over host gaps). */
  sm: number;
  occupancy: number;
  tensor: number;
  dram: number;
}

export interface WorkloadProfile {
  id: string;
  ref: WorkloadRef;
  /** Solo closed-loop latency per context. exclusive is always present; mps falls back to exclusive. */
  solo: Record<SoloContext, LatencyStats>;
  hasMpsSolo: boolean;
  /** GPU time of one request (summed kernel time), <= solo latency. */
  gpuMs: number;
  kernelCount: number;
  kernelUs: KernelSummary['durationUs'];
  longKernelFraction: KernelSummary['longKernelFraction'];
  /** Resource demand while busy: ncu weighted by its coverage of GPU time, the rest GPM scaled by the busy fraction. */
  demand: Demand;
  /** Raw GPM metrics (window averages) of the exclusive solo run. */
  gpm: Demand;
  l2HitPct?: number;
  memoryMiB?: number;
  /** Median threads per kernel (grid blocks x block threads), when the kernel summary has them. */
  threads: number;
  /** The request's kernel durations in launch order (us), when the runner recorded them (kernels.json `sequenceUs`). */
  sequenceUs?: number[];
  /** Launch shape of each of those kernels (kernels.json `sequenceShape`), when recorded. */
  sequenceShape?: number[][];
  /** ncu's measurement of one launch of each launch configuration (kernels.json ncu.configs), when taken. */
  launchConfigs?: NcuLaunchConfig[];
  /** SMs of the GPU the profile was measured on. */
  smCount: number;
  /**
   * GPU-idle host time between closed-loop requests per solo context (ms), from the runner's host-gap probe
   * (SoloProfile.hostGap), as the same share of that context's solo latency as in the probe. Absent where the
   * profile has no probe: latency - summed kernel time stands in.
   */
  hostMs: Partial<Record<SoloContext, number>>;
  /**
   * Share of the exclusive solo run's clock readings with the SM clock held down by a power or thermal limit
   * (the host-gap probe's, else the solo windows'); absent where neither read the clocks.
   */
  cappedFraction?: number;
  /**
   * Mean SM clock (MHz) of the exclusive solo run: the solo windows' readings (back to back, as the pairs' own
   * readings are taken), else the host-gap probe's (its short windows, partly one request at a time, read higher:
   * deepseek 1843 MHz on the H200 against 1738 in its solo windows).
   */
  soloClockMHz?: number;
}

const FALLBACK_DEMAND: Demand = { sm: 0.6, occupancy: 0.4, tensor: 0.2, dram: 0.3 };

/** The calibration's ok solo profile of a workload in one context, with its latency. */
export function okSolo(cal: CalibrationData, id: string, context: SoloContext): SoloProfile | undefined {
  return cal.solo.find((s) => s.workload.id === id && s.context === context && s.status === 'ok' && s.latencyMs);
}

/** Ids of every workload with an ok exclusive solo profile. */
export function profiledWorkloads(cal: CalibrationData): string[] {
  const ids = new Set<string>();
  for (const s of cal.solo) if (s.status === 'ok' && s.context === 'exclusive' && s.latencyMs) ids.add(s.workload.id);
  return [...ids].sort();
}

export function buildProfile(cal: CalibrationData, id: string): WorkloadProfile | undefined {
  const ex = okSolo(cal, id, 'exclusive');
  if (!ex?.latencyMs) return undefined;
  const mps = okSolo(cal, id, 'mps');
  const k = cal.kernels.find((x) => x.workload.id === id);
  const L = ex.latencyMs.mean;
  const gpm: Demand = ex.gpm
    ? { sm: ex.gpm.smUtil, occupancy: ex.gpm.smOccupancy, tensor: ex.gpm.tensorUtil, dram: ex.gpm.dramBwUtil }
    : { ...FALLBACK_DEMAND };
  // GPU time: the kernel summary when there is one, else the GPM SM activity times latency.
  const gpuMs = clamp(k ? k.gpuTimeMs : gpm.sm * L, 0.01 * L, 0.995 * L);
  const busy = gpuMs / L;
  const fromGpm = (x: number): number => clamp(x / busy, 0, 1);
  // ncu metrics describe only the kernels it profiled: weight them by the share of GPU time they cover and
  // take the rest from GPM (window averages scaled to the busy time).
  const g: Demand = { sm: fromGpm(gpm.sm), occupancy: fromGpm(gpm.occupancy), tensor: fromGpm(gpm.tensor), dram: fromGpm(gpm.dram) };
  const w = k?.ncu ? clamp(k.ncu.coverage, 0, 1) : 0;
  const n = k?.ncu;
  const demand: Demand = n
    ? {
        sm: w * clamp(n.smThroughputPct / 100, 0, 1) + (1 - w) * g.sm,
        occupancy: w * clamp(n.achievedOccupancyPct / 100, 0, 1) + (1 - w) * g.occupancy,
        tensor: w * clamp(n.tensorPipePct / 100, 0, 1) + (1 - w) * g.tensor,
        dram: w * clamp(n.dramThroughputPct / 100, 0, 1) + (1 - w) * g.dram,
      }
    : g;
  const meanUs = (gpuMs * 1000) / Math.max(1, k?.kernelCount ?? 1);
  const clocks = ex.hostGap?.clocks?.clockCappedFraction !== undefined ? ex.hostGap.clocks : ex.gpm;
  const capped = clocks?.clockCappedFraction;
  const soloClock = ex.gpm?.smClockMHz ?? ex.hostGap?.clocks?.smClockMHz;
  // Not part of the typed contract: the runner may add the launch-order durations of one request.
  const seq = (k as (KernelSummary & { sequenceUs?: unknown }) | undefined)?.sequenceUs;
  const sequence = Array.isArray(seq) && seq.length > 0 && seq.every((x) => typeof x === 'number' && x >= 0) ? (seq as number[]) : undefined;
  const shapes = sequence && k?.sequenceShape?.length === sequence.length ? k.sequenceShape : undefined;
  return {
    id,
    ref: ex.workload,
    solo: { exclusive: ex.latencyMs, mps: mps?.latencyMs ?? ex.latencyMs },
    hasMpsSolo: mps !== undefined,
    gpuMs,
    kernelCount: Math.max(1, k?.kernelCount ?? 1),
    kernelUs: k?.durationUs ?? { mean: meanUs, p10: meanUs, p50: meanUs, p90: meanUs, p99: meanUs, max: meanUs },
    longKernelFraction: k?.longKernelFraction ?? { over100us: meanUs > 100 ? 1 : 0, over1ms: meanUs > 1000 ? 1 : 0 },
    demand,
    gpm,
    threads: k ? Math.max(1, k.gridBlocks.p50 * k.blockThreads.p50) : 1,
    ...(k?.ncu?.l2HitPct !== undefined ? { l2HitPct: k.ncu.l2HitPct } : {}),
    ...(ex.memoryMiB !== undefined ? { memoryMiB: ex.memoryMiB } : {}),
    ...(sequence ? { sequenceUs: sequence } : {}),
    ...(shapes ? { sequenceShape: shapes } : {}),
    ...(k?.ncu?.configs?.length ? { launchConfigs: k.ncu.configs } : {}),
    smCount: cal.meta.gpu.smCount > 0 ? cal.meta.gpu.smCount : 132,
    hostMs: { ...probedHost(ex), ...(mps ? probedHost(mps) : {}) },
    ...(capped !== undefined ? { cappedFraction: capped } : {}),
    ...(soloClock !== undefined ? { soloClockMHz: soloClock } : {}),
  };
}

/** The probe's host time as a share of its own batch-of-one time, applied to the solo latency; clamped to >= 0. */
function probedHost(s: SoloProfile): Partial<Record<SoloContext, number>> {
  const g = s.hostGap;
  const L = s.latencyMs?.mean;
  if (!g || !L) return {};
  const b1 = g.hostMs + g.gpuMs;
  if (!(b1 > 0) || !Number.isFinite(g.hostMs)) return {};
  return { [s.context]: clamp(g.hostMs / b1, 0, 0.5) * L };
}

/**
 * The profile with the solo latencies of another session on the same GPU (the host a user deploys on, or the
 * processes of a fresh set): each context's mean solo latency from `solo` where it has an ok record, the
 * difference from the calibration's counted as host time (the calibration's distribution moved by it), the GPU
 * work kept. Between sessions the host-gap probe's GPU time per request stayed within 0.6 % (median) while launch-
 * bound workloads' solo latencies moved by 5-9 % (docs/accuracy.md, "The host between sessions"). Unchanged where
 * `solo` has no record of the workload.
 */
export function withSessionSolo(p: WorkloadProfile, solo: readonly SoloProfile[]): WorkloadProfile {
  const found = (['exclusive', 'mps'] as const)
    .map((ctx) => [ctx, solo.find((s) => s.workload.id === p.id && s.context === ctx && s.status === 'ok' && s.latencyMs)?.latencyMs] as const)
    .filter((x): x is readonly [SoloContext, LatencyStats] => x[1] !== undefined);
  if (!found.length) return p;
  const soloStats = { ...p.solo };
  const hostMs = { ...p.hostMs };
  for (const [ctx, stats] of found) {
    const was = ctx === 'mps' && !p.hasMpsSolo ? undefined : p.solo[ctx];
    if (!was) {
      soloStats[ctx] = stats;
      continue;
    }
    const d = stats.mean - was.mean;
    const host = hostMs[ctx];
    // Without a probe the core takes latency - GPU time as the host gap, which moves with the latency by itself.
    if (host !== undefined) hostMs[ctx] = Math.max(0, host + d);
    // The calibration's distribution moved by the difference: a shorter window's percentiles would change the
    // spread the simulation draws requests from (a request near a multiple of the time slice is sensitive to it).
    soloStats[ctx] = { mean: stats.mean, p50: was.p50 + d, p99: was.p99 + d, min: was.min + d, max: was.max + d };
  }
  const hasMps = p.hasMpsSolo || found.some(([ctx]) => ctx === 'mps');
  if (!hasMps) soloStats.mps = soloStats.exclusive;
  return { ...p, solo: soloStats, hasMpsSolo: hasMps, hostMs, gpuMs: Math.min(p.gpuMs, 0.995 * soloStats.exclusive.mean) };
}

/** One later session's solo latency means (a fresh set's solo.json; FittedModel.soloSessions). */
export interface SessionSolo {
  /** The set's folder name (fresh-2026-12-06h). */
  name: string;
  solo: { id: string; context: SoloContext; meanMs: number }[];
}

/** A fresh set's solo measurements as a SessionSolo (ok ones with a latency). */
export function sessionSoloOf(name: string, solo: readonly SoloProfile[]): SessionSolo {
  return { name, solo: solo.filter((s) => s.status === 'ok' && s.latencyMs).map((s) => ({ id: s.workload.id, context: s.context, meanMs: (s.latencyMs as LatencyStats).mean })) };
}

/**
 * The solo latencies to predict a new session with: per workload and context that at least one later session
 * measured, the mean of the calibration's and those sessions' (each session once; `exclude` left out, as when
 * that session is the one predicted). A solo latency moves by about 1 % between sessions, mostly with the host's
 * time between requests, so one session's is a noisier estimate of the next one's than the mean of several
 * (docs/accuracy.md, "The solo latencies of several sessions"). As SoloProfiles for withSessionSolo.
 */
export function pooledSolo(cal: CalibrationData, sessions: readonly SessionSolo[], exclude?: string): SoloProfile[] {
  const later = new Map<string, number[]>();
  for (const s of sessions) {
    if (s.name === exclude) continue;
    for (const x of s.solo) {
      if (!(x.meanMs > 0)) continue;
      const key = `${x.id}|${x.context}`;
      const list = later.get(key);
      if (list) list.push(x.meanMs);
      else later.set(key, [x.meanMs]);
    }
  }
  const out: SoloProfile[] = [];
  for (const c of cal.solo) {
    const more = later.get(`${c.workload.id}|${c.context}`);
    if (c.status !== 'ok' || !c.latencyMs || !more?.length) continue;
    const meanMs = (c.latencyMs.mean + more.reduce((t, x) => t + x, 0)) / (1 + more.length);
    out.push({ ...c, latencyMs: { ...c.latencyMs, mean: meanMs } });
  }
  return out;
}

export function buildProfiles(cal: CalibrationData): Map<string, WorkloadProfile> {
  const out = new Map<string, WorkloadProfile>();
  for (const id of profiledWorkloads(cal)) {
    const p = buildProfile(cal, id);
    if (p) out.set(id, p);
  }
  return out;
}

/** Standard deviation of a latency distribution estimated from its p50 and p99 (normal tail). */
export function latencySigma(stats: LatencyStats): number {
  return Math.max(0, (stats.p99 - stats.p50) / 2.326);
}

/**
 * Standard deviation of the bulk of a latency distribution, from its lower side: the fastest of a solo run's
 * ~10^3 requests lies about 3 standard deviations below the median; at most latencySigma. A solo run's p99 is set
 * by a few long requests (bert@b32s128 on the H100: p99 6 % above the median, the fastest 1.8 % below), and a
 * normal spread fitted to it has a request near the time slice cross it again and again where the co-runs
 * show it finishing within one slice next to every neighbour (docs/accuracy.md, "Model version 19: the time
 * slice").
 */
export function bulkLatencySigma(stats: LatencyStats): number {
  return Math.min(latencySigma(stats), Math.max(0, (stats.p50 - stats.min) / 3));
}

/**
 * Kernel durations of one request (ms): the recorded launch order when there is one; else, deterministic: quantiles of the duration distribution
 * (piecewise log-linear through p10..max) at evenly spaced probabilities, scaled so they sum to gpuMs,
 * in an order interleaved so long and short kernels alternate like a real layer stack.
 */
export function kernelDurationsMs(p: WorkloadProfile, maxKernels = 4000): Float64Array {
  if (p.sequenceUs && p.sequenceUs.length <= maxKernels) {
    // The recorded launch order, scaled so it sums to the request's GPU time.
    const total = p.sequenceUs.reduce((x, y) => x + y, 0);
    if (total > 0) return Float64Array.from(p.sequenceUs, (d) => (d / total) * p.gpuMs);
  }
  const n = Math.min(p.kernelCount, maxKernels);
  const d = p.kernelUs;
  const knots: [number, number][] = [
    [0, Math.max(1e-3, Math.min(d.p10, d.p50) * 0.5)],
    [0.1, Math.max(1e-3, d.p10)],
    [0.5, Math.max(1e-3, d.p50)],
    [0.9, Math.max(1e-3, d.p90)],
    [0.99, Math.max(1e-3, d.p99)],
    [1, Math.max(1e-3, d.max)],
  ];
  const q = (u: number): number => {
    for (let i = 1; i < knots.length; i++) {
      const [u1, v1] = knots[i] as [number, number];
      const [u0, v0] = knots[i - 1] as [number, number];
      if (u <= u1) {
        const t = u1 > u0 ? (u - u0) / (u1 - u0) : 0;
        return Math.exp(Math.log(v0) + t * (Math.log(Math.max(v1, v0)) - Math.log(v0)));
      }
    }
    return d.max;
  };
  const sorted = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sorted[i] = q((i + 0.5) / n);
    sum += sorted[i] as number;
  }
  const scale = p.gpuMs / sum;
  // Bit-reversal-like interleave: take from both ends alternately so the long kernels spread out.
  const out = new Float64Array(n);
  let lo = 0;
  let hi = n - 1;
  const stride = Math.max(1, Math.round(n / Math.max(1, Math.round(n * 0.1))));
  for (let i = 0; i < n; i++) {
    const takeLong = i % stride === stride - 1;
    out[i] = ((takeLong ? sorted[hi--] : sorted[lo++]) as number) * scale;
  }
  return out;
}
