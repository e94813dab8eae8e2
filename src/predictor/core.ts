// The physical core: time-slice simulation and concurrent-sharing model over two solo profiles.

import type { Mode, SoloContext } from '../types.js';
import { busySlowdown, concurrentClosedLoop, type ConcurrentParams, type ConcurrentSide } from './concurrent.js';
import { simulateConcurrent, type ConcurrentServer } from './concurrent-sim.js';
import { kernelStream, type KernelStream } from './dispatch.js';
import { bulkLatencySigma, kernelDurationsMs, latencySigma, type WorkloadProfile } from './profile.js';
import { runnerArrivalsMs } from './pyrandom.js';
import { hashString } from './rng.js';
import { quantileSorted } from './stats.js';
import { simulateTimeslice, type SimClient, type TimesliceParams } from './timeslice.js';

export interface CoreParams {
  timeslice: TimesliceParams;
  mps: ConcurrentParams;
  streams: ConcurrentParams;
  /**
   * MPS/streams open loop: extra latency (ms) of a request that finds its worker idle (nothing in service or
   * waiting), on top of its solo latency. Fitted on the open-loop runs (fitIdleStart); absent: 0.
   */
  idleStartMs?: number;
}

export const MODES: readonly Mode[] = ['timeslice', 'mps', 'streams'];

/** The solo context a mode's slowdown is measured against. */
export function soloContext(mode: Mode): SoloContext {
  return mode === 'mps' ? 'mps' : 'exclusive';
}

export interface CoreClosedLoop {
  soloMs: [number, number];
  latencyMs: [number, number];
  slowdown: [number, number];
}

export interface SimSettings {
  requests: number;
}

// Requests per client of a closed-loop time-slice simulation for a prediction. Against 1000 requests, 250 differ
// by 0.1 % on average (max 0.6 %) over the H200's 120 time-slicing pairs and 500 by 0.05 % (max 0.3 %), both
// far below the model's error (1.8 %); 250 halve that part of every `coloc predict`.
export const PREDICT_SIM: SimSettings = { requests: 250 };

const kernelCache = new WeakMap<WorkloadProfile, Float64Array>();
function kernels(p: WorkloadProfile): Float64Array {
  let k = kernelCache.get(p);
  if (!k) {
    k = kernelDurationsMs(p);
    kernelCache.set(p, k);
  }
  return k;
}

/**
 * One workload's client of the time-slice simulation, next to `neighbour` (absent: alone). With the runner's
 * host-gap probe, the host gap is the probed GPU-idle time between requests and the request keeps the GPU for
 * the rest of its solo latency: its kernels plus an excess (gaps between kernels and, where a power limit
 * holds the clock down while it runs alone, the slower clock). The clock-held part of the excess, the share of
 * its solo clock readings under a power limit, stays in a co-run only as far as the pair's clock stays down
 * (heldShareKept): a lighter neighbour lets the clock up (docs/method.md, time slicing); with arrivals, only as far as
 * the GPU is busy too (`idle`: the share of the time the offered load leaves it idle, as concurrentServers
 * does for MPS and streams). Without the probe the host gap is solo latency - summed kernel time.
 */
export function simClient(p: WorkloadProfile, ratePerMs?: number, neighbour?: WorkloadProfile, idle = 0, clocks: HeldClocks = {}): SimClient {
  const L = p.solo.exclusive.mean;
  // The solo latency spread, as a relative variation shared by the host gap and the GPU work: in a closed loop
  // the bulk's (a request that crosses the time slice now and then), with arrivals the whole tail's (the p99).
  const sigma = ratePerMs === undefined ? bulkLatencySigma(p.solo.exclusive) : latencySigma(p.solo.exclusive);
  const rel = Math.min(0.3, sigma / L);
  const hostMs = p.hostMs.exclusive ?? Math.max(0, L - p.gpuMs);
  let kernelsMs = kernels(p);
  const excess = soloExcessMs(p);
  if (excess !== undefined) {
    const held = p.cappedFraction ?? 0;
    const kept = neighbour ? heldShareKept(p, neighbour, clocks) : 1;
    kernelsMs = scaledKernels(p, p.gpuMs + excess * (1 - held + held * kept * (1 - idle)));
  }
  return {
    kernelsMs,
    hostMs,
    hostSigmaMs: rel * hostMs,
    gpuSigma: rel,
    ...(ratePerMs !== undefined ? { ratePerMs } : {}),
  };
}

/** What heldShareKept needs of TimesliceParams. */
export type HeldClocks = Pick<TimesliceParams, 'clockLift' | 'unheldClockMHz'>;

/**
 * The share of `p`'s solo clock depth (unheld clock - its solo clock) that its time-sliced co-run next to
 * `neighbour` keeps: the pair's clock is the mean of the two solo clocks raised by `clockLift`, at most the unheld
 * clock (a neighbour without clock readings counts as unheld). Measured on the calibrations' pairs of held
 * workloads (clockLiftFromClocks): the pair's clock sits about 5 % above that mean on both Hoppers (two
 * llama8b@b1s512 on the H100 at 1853 MHz against 1748 alone; deepseek next to gpt2@b32s512 on the H200 at 1927
 * against 1738 and 1884), so a deeply held pair keeps most of its depth and a shallowly held one none. 1 for a
 * workload that runs at the unheld clock alone (nothing to lose); without its solo clock, the neighbour's held
 * share of clock readings.
 */
export function heldShareKept(p: WorkloadProfile, neighbour: WorkloadProfile, clocks: HeldClocks): number {
  const f = p.soloClockMHz;
  // Without its clock readings: as far as the neighbour is held alone (model version 21).
  if (f === undefined) return neighbour.cappedFraction ?? 0;
  const top = clocks.unheldClockMHz ?? Math.max(f, neighbour.soloClockMHz ?? f);
  if (!(top - f > 0)) return 1;
  const pair = pairClockMHz(f, neighbour.soloClockMHz ?? top, top, clocks.clockLift);
  return Math.max(0, Math.min(1, (top - pair) / (top - f)));
}

/** The clock (MHz) of a time-sliced pair whose workloads run at fa and fb alone: their mean raised by `lift`, at most `top`. */
export function pairClockMHz(fa: number, fb: number, top: number, lift = 0): number {
  return Math.min(top, (1 + lift) * 0.5 * (Math.min(top, fa) + Math.min(top, fb)));
}

/**
 * The part of the exclusive solo latency beyond the probed host gap and the profiled kernel time (gaps between
 * kernels, and the slower clock where a power limit holds it down); undefined without the host-gap probe.
 */
function soloExcessMs(p: WorkloadProfile): number | undefined {
  const host = p.hostMs.exclusive;
  return host === undefined ? undefined : Math.max(0, p.solo.exclusive.mean - host - p.gpuMs);
}

/**
 * The time a request spent held at the power limit in its exclusive solo run: the excess times the share of its
 * solo clock readings held down (0 without the probe or clock readings). Solo and pair runs are closed loops,
 * the GPU always busy; in an open loop it idles between requests, its power falls below the limit and the clock
 * rises (H200: bert@b64s128's MPS pairs 1620-1666 MHz closed loop, 1843-1903 MHz at load 0.9, 1979 MHz at 0.3;
 * docs/accuracy.md), so the concurrent open-loop simulation takes this time out of the GPU work as far as the
 * GPU idles (concurrentServers).
 */
export function powerHeldMs(p: WorkloadProfile): number {
  return (soloExcessMs(p) ?? 0) * (p.cappedFraction ?? 0);
}

const scaledCache = new WeakMap<WorkloadProfile, Map<number, Float64Array>>();
/** The request's kernels stretched to `busyMs`, the time it keeps the GPU busy (gaps between kernels included). */
function scaledKernels(p: WorkloadProfile, busyMs: number): Float64Array {
  let byBusy = scaledCache.get(p);
  if (!byBusy) scaledCache.set(p, (byBusy = new Map()));
  let k = byBusy.get(busyMs);
  if (!k) {
    const f = busyMs / p.gpuMs;
    k = kernels(p).map((d) => d * f);
    byBusy.set(busyMs, k);
  }
  return k;
}

/** Time-weighted mean kernel duration (ms) of a workload: sum d^2 / sum d over its kernels. */
export function weightedKernelMs(p: WorkloadProfile): number {
  const k = kernels(p);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < k.length; i++) {
    const d = k[i] as number;
    s1 += d;
    s2 += d * d;
  }
  return s1 > 0 ? s2 / s1 : p.gpuMs;
}

const streamCache = new WeakMap<WorkloadProfile, KernelStream>();
/** The workload's kernels with their SM footprints (dispatch.ts), at their exclusive-solo durations. */
export function profileStream(p: WorkloadProfile): KernelStream {
  let s = streamCache.get(p);
  if (!s) {
    // kernelStream ignores shapes that do not match the durations one to one (e.g. a synthesised sequence).
    s = kernelStream(kernels(p), p.sequenceShape, p.smCount, p.launchConfigs);
    streamCache.set(p, s);
  }
  return s;
}

function concurrentSide(p: WorkloadProfile, mode: Mode): ConcurrentSide {
  const L = p.solo[soloContext(mode)].mean;
  const gpuMs = Math.min(p.gpuMs * (L / p.solo.exclusive.mean), 0.995 * L);
  // The stream's durations are scaled to sum to the profiled GPU time (kernelDurationsMs): streamMs is p.gpuMs.
  return { gpuMs, hostMs: L - gpuMs, demand: p.demand, kernelMs: weightedKernelMs(p), threads: p.threads, stream: profileStream(p), streamMs: p.gpuMs };
}

function pairSeed(a: WorkloadProfile, b: WorkloadProfile): number {
  return (hashString(a.id) ^ hashString(b.id)) >>> 0;
}

/**
 * Simulate both orderings (a as client 0 and as client 1) with the same seed and average, so swapping
 * the pair swaps the outputs exactly and a workload paired with a copy of itself gets equal results.
 */
function symmetricTimeslice(a: WorkloadProfile, b: WorkloadProfile, params: TimesliceParams, settings: SimSettings): [number, number] {
  const seed = pairSeed(a, b);
  const [ca, cb] = [simClient(a, undefined, b, 0, params), simClient(b, undefined, a, 0, params)];
  const r1 = simulateTimeslice([ca, cb], params, { requests: settings.requests, seed });
  const r2 = simulateTimeslice([cb, ca], params, { requests: settings.requests, seed });
  return [
    0.5 * ((r1.clients[0]?.meanMs as number) + (r2.clients[1]?.meanMs as number)),
    0.5 * ((r1.clients[1]?.meanMs as number) + (r2.clients[0]?.meanMs as number)),
  ];
}

export function coreClosedLoop(mode: Mode, a: WorkloadProfile, b: WorkloadProfile, params: CoreParams, settings: SimSettings = PREDICT_SIM): CoreClosedLoop {
  const ctx = soloContext(mode);
  const soloMs: [number, number] = [a.solo[ctx].mean, b.solo[ctx].mean];
  let latencyMs: [number, number];
  if (mode === 'timeslice') {
    latencyMs = symmetricTimeslice(a, b, params.timeslice, settings);
  } else {
    latencyMs = concurrentClosedLoop(concurrentSide(a, mode), concurrentSide(b, mode), params[mode]).latencyMs;
  }
  // The core never predicts a speed-up: co-running cannot make a request faster than solo.
  latencyMs = [Math.max(latencyMs[0], soloMs[0]), Math.max(latencyMs[1], soloMs[1])];
  return { soloMs, latencyMs, slowdown: [latencyMs[0] / soloMs[0], latencyMs[1] / soloMs[1]] };
}

export interface OpenLoopSettings {
  /** Steady state: simulate about this many arrivals (after warm-up). */
  horizonRequests: number;
  /**
   * A finite measurement window (ms) started from an empty queue, as the runner measures: arrivals during
   * the window, every one served however late. Time slicing is simulated over `replications` such windows
   * and the latencies pooled; overload is then not flagged, the latencies are what such a window shows.
   */
  windowMs?: number;
  replications?: number;
  /**
   * With windowMs: the seeds the runner drew each model's arrivals from (OpenLoopMeasurement.arrivalSeeds), to
   * simulate the run with its own arrival sequence; the replications then differ only in the service times.
   */
  arrivalSeeds?: number[];
}

export interface OpenLoopSide {
  rateRps: number;
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
  /** Fraction of time this model's server is busy (lambda * service time). */
  utilisation: number;
  overloaded: boolean;
  /**
   * Over measurement windows only: how far one simulated window's p50/p99 typically lies from their median, mean
   * |x / median - 1| over the replications (fractions): the error a perfect predictor would have against one
   * measured window. With the run's own arrivals (OpenLoopSettings.arrivalSeeds) only the service times differ.
   */
  windowNoise?: { p50: number; p99: number };
}

/**
 * Open loop with Poisson arrivals at rates (requests/s). Time slicing: the time-slice event simulation with
 * arrivals; MPS/streams: the event simulation of two FIFO servers whose GPU work stretches by the pair's busy
 * slowdown while both have GPU work (concurrent-sim.ts). Both: over the measurement window from an empty queue
 * when `settings.windowMs` is given, else one long steady-state run. `slowdownScale` carries the regression
 * layer's correction of the closed-loop slowdown onto the GPU work.
 */
export function coreOpenLoop(
  mode: Mode,
  a: WorkloadProfile,
  b: WorkloadProfile | undefined,
  params: CoreParams,
  ratesRps: [number, number],
  slowdownScale: [number, number] = [1, 1],
  settings: OpenLoopSettings = { horizonRequests: 20000 },
): [OpenLoopSide, OpenLoopSide | undefined] {
  const rates: [number, number] = [ratesRps[0] / 1000, b ? ratesRps[1] / 1000 : 0];
  const profiles = [a, b];
  if (mode === 'timeslice' || !b) {
    const other = b ?? a;
    const idle = idleShare(rates, a, b, 'exclusive');
    const clocks = params.timeslice;
    const clients: [SimClient, SimClient] = [simClient(a, rates[0], b, idle, clocks), simClient(other, rates[1], b ? a : undefined, idle, clocks)];
    // The runner's idle-start latency is the worker's, whatever the mode (fitted on the MPS/streams runs).
    for (const c of clients) c.idleOverheadMs = Math.max(0, params.idleStartMs ?? 0);
    // The regression's correction scales each one's GPU work (its share of the co-run inflation).
    for (let i = 0; i < 2; i++) {
      const f = slowdownScale[i] as number;
      const c = clients[i] as SimClient;
      if (f !== 1) c.kernelsMs = c.kernelsMs.map((x) => x * f);
    }
    const totalRate = rates[0] + rates[1];
    const horizonMs = settings.horizonRequests / Math.max(totalRate, 1e-9);
    const loads = [0, 1].map((i) => (rates[i] as number) * (profiles[i]?.solo.exclusive.mean ?? 0));
    if (settings.windowMs !== undefined) {
      givenArrivals(clients, ratesRps, settings);
      return windowedTimeslice(clients, params.timeslice, settings.windowMs, settings.replications ?? 15, pairSeed(a, other), rates, b !== undefined);
    }
    const r = simulateTimeslice(clients, params.timeslice, {
      horizonMs: Math.min(horizonMs, 2e6),
      keepSamples: true,
      seed: pairSeed(a, other),
      maxQueue: Math.max(200, settings.horizonRequests / 10),
    });
    const sides = r.clients.map((c, i): OpenLoopSide => {
      const rate = rates[i] as number;
      // Overloaded: the queue ran away, or the backlog at the end is a sizeable part of the arrivals.
      const overloaded = c.overloaded || (rate > 0 && c.backlog > Math.max(50, 0.05 * rate * r.simulatedMs));
      const utilisation = overloaded ? Math.max(1, loads[i] as number) : c.throughputPerMs > 0 ? rate * c.meanServiceMs : 0;
      return steadySide(rate, c.samples, c.meanMs, overloaded, utilisation);
    });
    return [sides[0] as OpenLoopSide, b ? sides[1] : undefined];
  }
  return concurrentOpenLoop(mode, a, b, params[mode], ratesRps, settings, slowdownScale, params.idleStartMs ?? 0);
}

/**
 * The share of the time the GPU idles at these rates (requests per ms): 1 - the offered load, each rate times its
 * solo latency in `ctx`. With idle time between requests a workload held at the power limit runs at a higher
 * clock than in its closed-loop solo run (powerHeldMs).
 */
function idleShare(rates: [number, number], a: WorkloadProfile, b: WorkloadProfile | undefined, ctx: SoloContext): number {
  return 1 - Math.min(1, rates[0] * a.solo[ctx].mean + (b ? rates[1] * b.solo[ctx].mean : 0));
}

/**
 * The concurrent (MPS/streams) open-loop simulation of a pair: its two servers, with busy slowdowns from `cp`
 * or given directly as `busy` (the measured ones, fit.ts), each side's arrivals as the runner drew them where
 * the settings carry its seeds, over measurement windows when `settings.windowMs` is set, else in steady state.
 */
export function concurrentOpenLoop(
  mode: Mode,
  a: WorkloadProfile,
  b: WorkloadProfile,
  cp: ConcurrentParams | { busy: [number, number] },
  ratesRps: [number, number],
  settings: OpenLoopSettings,
  slowdownScale: [number, number] = [1, 1],
  idleStartMs = 0,
): [OpenLoopSide, OpenLoopSide] {
  const rates: [number, number] = [ratesRps[0] / 1000, ratesRps[1] / 1000];
  const servers = concurrentServers(mode, a, b, cp, rates, slowdownScale, idleStartMs);
  givenArrivals(servers, ratesRps, settings);
  return concurrentOpenLoopSides(servers, serverSeeds(a, b, rates), settings, rates);
}

/** Each side's arrivals as the runner drew them, where the settings carry its seeds (a measured run). */
function givenArrivals(sides: { arrivalsMs?: Float64Array }[], ratesRps: [number, number], settings: OpenLoopSettings): void {
  const seeds = settings.arrivalSeeds;
  if (!seeds || settings.windowMs === undefined) return;
  sides.forEach((side, i) => {
    const seed = seeds[i];
    if (seed !== undefined) side.arrivalsMs = runnerArrivalsMs(seed, ratesRps[i] as number, (settings.windowMs as number) / 1000);
  });
}

/**
 * The two workloads as servers of the concurrent open-loop simulation (rates in requests per ms): host part and
 * GPU work in the mode's solo context, less the share of the time its solo run spent held at the power limit
 * (powerHeldMs) that the GPU idles at these rates (with idle time between requests the clock rises; at most half
 * the GPU work), the GPU work scaled by `slowdownScale`, and the busy slowdown of each from `cp`, or given
 * directly as `busy`.
 */
function concurrentServers(
  mode: Mode,
  a: WorkloadProfile,
  b: WorkloadProfile,
  cp: ConcurrentParams | { busy: [number, number] },
  rates: [number, number],
  slowdownScale: [number, number] = [1, 1],
  idleStartMs = 0,
): [ConcurrentServer, ConcurrentServer] {
  const ctx = soloContext(mode);
  const sides = [concurrentSide(a, mode), concurrentSide(b, mode)] as const;
  const idle = idleShare(rates, a, b, ctx);
  const unheld = [a, b].map((p, i) => 1 - Math.min(0.5, (powerHeldMs(p) * idle) / Math.max(1e-9, (sides[i] as ConcurrentSide).gpuMs)));
  sides[0].gpuMs *= slowdownScale[0];
  sides[1].gpuMs *= slowdownScale[1];
  const out = [a, b].map((p, i): ConcurrentServer => {
    const side = sides[i] as ConcurrentSide;
    // The solo latency spread, as a relative variation shared by the host part and the GPU work (as simClient).
    const rel = Math.min(0.3, latencySigma(p.solo[ctx]) / Math.max(1e-9, p.solo[ctx].mean));
    return {
      ratePerMs: rates[i] as number,
      hostMs: side.hostMs,
      hostSigmaMs: rel * side.hostMs,
      gpuMs: side.gpuMs * (unheld[i] as number),
      gpuSigma: rel,
      busySlowdown: 'busy' in cp ? (cp.busy[i] as number) : busySlowdown(side, sides[1 - i] as ConcurrentSide, cp),
      idleOverheadMs: Math.max(0, idleStartMs),
    };
  });
  return [out[0] as ConcurrentServer, out[1] as ConcurrentServer];
}

/**
 * The busy slowdowns that reproduce a measured closed-loop slowdown pair under the closed-loop model of
 * concurrentClosedLoop (latency = host + gpu (1 + (S - 1) b_other), b = inflated gpu / latency): its inverse.
 */
export function busySlowdownFromClosedLoop(mode: Mode, a: WorkloadProfile, b: WorkloadProfile, measured: [number, number]): [number, number] {
  const ctx = soloContext(mode);
  const sides = [concurrentSide(a, mode), concurrentSide(b, mode)];
  const lat = [measured[0] * a.solo[ctx].mean, measured[1] * b.solo[ctx].mean];
  const g = sides.map((s, i) => Math.max(s.gpuMs, (lat[i] as number) - s.hostMs));
  const busy = g.map((x, i) => x / Math.max(1e-9, lat[i] as number));
  const S = sides.map((s, i) => 1 + ((g[i] as number) / s.gpuMs - 1) / Math.max(1e-6, busy[1 - i] as number));
  return [Math.max(1, S[0] as number), Math.max(1, S[1] as number)];
}

/** Open-loop figures of two concurrent servers: over measurement windows when `settings.windowMs` is set, else steady state. */
function concurrentOpenLoopSides(servers: [ConcurrentServer, ConcurrentServer], seeds: [number, number], settings: OpenLoopSettings, rates: [number, number]): [OpenLoopSide, OpenLoopSide] {
  if (settings.windowMs !== undefined) return windowedConcurrent(servers, seeds, settings.windowMs, settings.replications ?? 15, rates);
  return steadyConcurrent(servers, seeds, settings.horizonRequests, rates);
}

/** Per-server seeds from the workload and its rate, so swapping the pair swaps the outputs exactly. */
function serverSeeds(a: WorkloadProfile, b: WorkloadProfile, rates: [number, number]): [number, number] {
  const s = (p: WorkloadProfile, r: number): number => (hashString(`${p.id}@${r.toPrecision(12)}`) ^ pairSeed(a, b)) >>> 0;
  const s0 = s(a, rates[0]);
  let s1 = s(b, rates[1]);
  if (s1 === s0) s1 = (s0 + 0x9e3779b9) >>> 0;
  return [s0, s1];
}

/** Steady state: one long run of about `horizonRequests` arrivals, the first tenth discarded as warm-up. */
function steadyConcurrent(servers: [ConcurrentServer, ConcurrentServer], seeds: [number, number], horizonRequests: number, rates: [number, number]): [OpenLoopSide, OpenLoopSide] {
  const total = Math.max(1e-9, rates[0] + rates[1]);
  const n = Math.max(1000, horizonRequests);
  const horizonMs = Math.min(n / total, 2e6);
  const warmupMs = 0.1 * horizonMs;
  const r = simulateConcurrent(servers, { seeds, arrivalsUntilMs: horizonMs, warmupMs, keepSamples: true, maxQueue: Math.max(200, n / 10) });
  const sides = r.servers.map((c, i): OpenLoopSide => {
    const rate = rates[i] as number;
    // Overloaded: the queue ran away, or the backlog when arrivals stopped is a sizeable part of them.
    const overloaded = c.overloaded || (rate > 0 && c.backlogAtEnd > Math.max(50, 0.05 * c.arrivals));
    const util = c.completed > 0 ? rate * c.meanServiceMs : 0;
    return steadySide(rate, c.samples, c.meanMs, overloaded, overloaded ? Math.max(1, util) : util);
  });
  return [sides[0] as OpenLoopSide, sides[1] as OpenLoopSide];
}

/** One model's figures from a long steady-state run; an overloaded model has no finite latency. */
function steadySide(rate: number, samples: ArrayLike<number> | undefined, meanMs: number, overloaded: boolean, utilisation: number): OpenLoopSide {
  const s = samples ? Float64Array.from(samples).sort() : new Float64Array();
  return {
    rateRps: rate * 1000,
    meanMs: overloaded ? Infinity : meanMs,
    p50Ms: overloaded || s.length === 0 ? Infinity : quantileSorted(s, 0.5),
    p99Ms: overloaded || s.length === 0 ? Infinity : quantileSorted(s, 0.99),
    utilisation,
    overloaded,
  };
}

/**
 * The typical measurement window of one model: each window's mean and quantiles taken as the runner's worker
 * takes them (`add`, once per replication), then their medians (`side`).
 */
function windowStats(): { add: (samples: ArrayLike<number> | undefined, meanMs?: number) => boolean; side: (rate: number, utilisation: number) => OpenLoopSide } {
  const mean: number[] = [];
  const p50: number[] = [];
  const p99: number[] = [];
  return {
    add(samples, meanMs) {
      const s = Float64Array.from(samples ?? []).sort();
      if (s.length === 0) return false;
      mean.push(meanMs ?? s.reduce((x, y) => x + y, 0) / s.length);
      p50.push(windowQuantile(s, 0.5));
      p99.push(windowQuantile(s, 0.99));
      return true;
    },
    side: (rate, utilisation) => ({
      rateRps: rate * 1000,
      meanMs: median(mean),
      p50Ms: median(p50),
      p99Ms: median(p99),
      utilisation,
      overloaded: false,
      windowNoise: { p50: meanDeviation(p50), p99: meanDeviation(p99) },
    }),
  };
}

/** Mean |x / median - 1| of the finite values (0 for fewer than two). */
function meanDeviation(xs: number[]): number {
  const f = xs.filter((x) => Number.isFinite(x));
  const m = median(f);
  if (f.length < 2 || !(m > 0)) return 0;
  return f.reduce((s, x) => s + Math.abs(x / m - 1), 0) / f.length;
}

/** MPS/streams over finite measurement windows from an empty queue, as windowedTimeslice (the typical window's quantiles). */
function windowedConcurrent(servers: [ConcurrentServer, ConcurrentServer], seeds: [number, number], windowMs: number, replications: number, rates: [number, number]): [OpenLoopSide, OpenLoopSide] {
  const stats = [windowStats(), windowStats()];
  const service: [number[], number[]] = [[], []];
  for (let r = 0; r < replications; r++) {
    const res = simulateConcurrent(servers, { seeds: [seeds[0] + 101 * r, seeds[1] + 101 * r], arrivalsUntilMs: windowMs, keepSamples: true });
    res.servers.forEach((c, i) => {
      if (stats[i]?.add(c.samples, c.meanMs)) service[i]?.push(c.meanServiceMs);
    });
  }
  const sides = [0, 1].map((i): OpenLoopSide => {
    const rate = rates[i] as number;
    const svc = service[i] as number[];
    return (stats[i] as ReturnType<typeof windowStats>).side(rate, svc.length > 0 ? rate * median(svc) : 0);
  });
  return [sides[0] as OpenLoopSide, sides[1] as OpenLoopSide];
}

/** A quantile as the runner's worker computes it from one window's latencies: the sample at round(p (n - 1)). */
export function windowQuantile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  return n === 0 ? NaN : (sorted[Math.min(n - 1, Math.max(0, Math.round(p * (n - 1))))] as number);
}

function median(xs: number[]): number {
  const s = xs.filter((x) => Number.isFinite(x)).sort((x, y) => x - y);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : 0.5 * ((s[m - 1] as number) + (s[m] as number));
}

/**
 * Time slicing over finite measurement windows, each from an empty queue, as the runner measures. A window's
 * p99 is one sample of a statistic whose spread between windows is wide (a 4 s window of a 17 ms model has
 * ~100 requests, so its p99 is close to its maximum); pooling the windows' latencies would instead give the
 * p99 of many windows, pulled up by the worst one. So each window's quantiles are taken as the worker takes
 * them and the median over the replications is reported (the typical window).
 */
function windowedTimeslice(
  clients: [SimClient, SimClient],
  params: TimesliceParams,
  windowMs: number,
  replications: number,
  seed: number,
  rates: [number, number],
  paired: boolean,
): [OpenLoopSide, OpenLoopSide | undefined] {
  const stats = [windowStats(), windowStats()];
  const service = [0, 0];
  for (let r = 0; r < replications; r++) {
    const res = simulateTimeslice(clients, params, { arrivalsUntilMs: windowMs, warmupRequests: 0, keepSamples: true, seed: seed + 101 * r, maxQueue: 1e9 });
    res.clients.forEach((c, i) => {
      stats[i]?.add(c.samples);
      service[i] = (service[i] as number) + (c.completed > 0 ? c.meanServiceMs / replications : 0);
    });
  }
  const sides = [0, 1].map((i): OpenLoopSide => (stats[i] as ReturnType<typeof windowStats>).side(rates[i] as number, (rates[i] as number) * (service[i] as number)));
  return [sides[0] as OpenLoopSide, paired ? sides[1] : undefined];
}
