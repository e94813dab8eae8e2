// The physical core: time-slice simulation and concurrent-sharing model over two solo profiles.

import type { Mode, SoloContext } from '../types.js';
import { concurrentClosedLoop, concurrentOpenLoop, type ConcurrentParams, type ConcurrentSide } from './concurrent.js';
import { kernelStream, type KernelStream } from './dispatch.js';
import { kernelDurationsMs, latencySigma, type WorkloadProfile } from './profile.js';
import { mg1 } from './queueing.js';
import { hashString } from './rng.js';
import { quantileSorted } from './stats.js';
import { simulateTimeslice, type SimClient, type TimesliceParams } from './timeslice.js';

export interface CoreParams {
  timeslice: TimesliceParams;
  mps: ConcurrentParams;
  streams: ConcurrentParams;
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

export const PREDICT_SIM: SimSettings = { requests: 500 };

const kernelCache = new WeakMap<WorkloadProfile, Float64Array>();
function kernels(p: WorkloadProfile): Float64Array {
  let k = kernelCache.get(p);
  if (!k) {
    k = kernelDurationsMs(p);
    kernelCache.set(p, k);
  }
  return k;
}

export function simClient(p: WorkloadProfile, ratePerMs?: number): SimClient {
  const L = p.solo.exclusive.mean;
  // The solo latency spread, as a relative variation shared by the host gap and the GPU work.
  const rel = Math.min(0.3, latencySigma(p.solo.exclusive) / L);
  const hostMs = Math.max(0, L - p.gpuMs);
  return {
    kernelsMs: kernels(p),
    hostMs,
    hostSigmaMs: rel * hostMs,
    gpuSigma: rel,
    ...(ratePerMs !== undefined ? { ratePerMs } : {}),
  };
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
    const d = kernels(p);
    s = kernelStream(d, p.sequenceShape && p.sequenceShape.length === d.length ? p.sequenceShape : undefined, p.smCount);
    streamCache.set(p, s);
  }
  return s;
}

function concurrentSide(p: WorkloadProfile, mode: Mode): ConcurrentSide {
  const L = p.solo[soloContext(mode)].mean;
  const gpuMs = Math.min(p.gpuMs * (L / p.solo.exclusive.mean), 0.995 * L);
  return { gpuMs, hostMs: L - gpuMs, demand: p.demand, kernelMs: weightedKernelMs(p), threads: p.threads, stream: profileStream(p) };
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
  const r1 = simulateTimeslice([simClient(a), simClient(b)], params, { requests: settings.requests, seed });
  const r2 = simulateTimeslice([simClient(b), simClient(a)], params, { requests: settings.requests, seed });
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
}

export interface OpenLoopSide {
  rateRps: number;
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
  /** Fraction of time this model's server is busy (lambda * service time). */
  utilisation: number;
  overloaded: boolean;
}

/**
 * Open loop with Poisson arrivals at rates (requests/s). Time slicing: the event simulation with arrivals;
 * MPS/streams: M/G/1 per model with the co-run-inflated service time (neighbour busy fraction as a fixed
 * point), Pollaczek-Khinchine mean and a Cramer-Lundberg tail. `slowdownScale` carries the regression layer's
 * correction of the closed-loop slowdown onto the service time.
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
  const ctx = soloContext(mode);
  if (mode === 'timeslice' || !b) {
    const other = b ?? a;
    const clients: [SimClient, SimClient] = [simClient(a, rates[0]), simClient(other, rates[1])];
    // The regression's correction scales each one's GPU work (its share of the co-run inflation).
    for (let i = 0; i < 2; i++) {
      const f = slowdownScale[i] as number;
      const c = clients[i] as SimClient;
      if (f !== 1) c.kernelsMs = c.kernelsMs.map((x) => x * f);
    }
    const totalRate = rates[0] + rates[1];
    const horizonMs = settings.horizonRequests / Math.max(totalRate, 1e-9);
    const loads = [0, 1].map((i) => (rates[i] as number) * (profiles[i]?.solo.exclusive.mean ?? 0));
    if (settings.windowMs !== undefined) return windowedTimeslice(clients, params.timeslice, settings.windowMs, settings.replications ?? 15, pairSeed(a, other), rates, b !== undefined);
    const r = simulateTimeslice(clients, params.timeslice, {
      horizonMs: Math.min(horizonMs, 2e6),
      keepSamples: true,
      seed: pairSeed(a, other),
      maxQueue: Math.max(200, settings.horizonRequests / 10),
    });
    const sides = r.clients.map((c, i): OpenLoopSide => {
      const s = c.samples ? Float64Array.from(c.samples).sort() : new Float64Array();
      const served = c.throughputPerMs;
      const rate = rates[i] as number;
      // Overloaded: the queue ran away, or the backlog at the end is a sizeable part of the arrivals.
      const overloaded = c.overloaded || (rate > 0 && c.backlog > Math.max(50, 0.05 * rate * r.simulatedMs));
      return {
        rateRps: rate * 1000,
        meanMs: overloaded ? Infinity : c.meanMs,
        p50Ms: overloaded || s.length === 0 ? Infinity : quantileSorted(s, 0.5),
        p99Ms: overloaded || s.length === 0 ? Infinity : quantileSorted(s, 0.99),
        utilisation: overloaded ? Math.max(1, loads[i] as number) : served > 0 ? rate * c.meanServiceMs : 0,
        overloaded,
      };
    });
    return [sides[0] as OpenLoopSide, b ? sides[1] : undefined];
  }
  const sideA = concurrentSide(a, mode);
  const sideB = concurrentSide(b, mode);
  sideA.gpuMs *= slowdownScale[0];
  sideB.gpuMs *= slowdownScale[1];
  const svc = concurrentOpenLoop(sideA, sideB, params[mode], rates);
  const out = [0, 1].map((i): OpenLoopSide => {
    const p = profiles[i] as WorkloadProfile;
    const S = svc.serviceMs[i] as number;
    const sigma = latencySigma(p.solo[ctx]);
    const nb = svc.gpuBusy[1 - i] as number;
    // Service-time variance: the solo spread plus the randomness of meeting the neighbour busy. The
    // inflation of one request is (S_busy - 1) * G * X with X the overlapped fraction of its GPU work,
    // mean nb; taking X uniform-like gives var = inflation^2 (1 - nb) / (3 nb).
    const inflation = Math.max(0, S - p.solo[ctx].mean);
    const varS = sigma * sigma + (nb > 1e-6 ? (inflation * inflation * (1 - nb)) / (3 * nb) : 0);
    const scv = Math.max(1e-4, varS / (S * S));
    const q = mg1(rates[i] as number, S, scv);
    return {
      rateRps: (rates[i] as number) * 1000,
      meanMs: q.meanMs,
      p50Ms: q.p50Ms,
      p99Ms: q.p99Ms,
      utilisation: q.rho,
      overloaded: q.overloaded,
    };
  });
  return [out[0] as OpenLoopSide, out[1]];
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
  const stats: { mean: number[]; p50: number[]; p99: number[] }[] = [
    { mean: [], p50: [], p99: [] },
    { mean: [], p50: [], p99: [] },
  ];
  const service = [0, 0];
  for (let r = 0; r < replications; r++) {
    const res = simulateTimeslice(clients, params, { arrivalsUntilMs: windowMs, warmupRequests: 0, keepSamples: true, seed: seed + 101 * r, maxQueue: 1e9 });
    res.clients.forEach((c, i) => {
      const s = Float64Array.from(c.samples ?? []).sort();
      const st = stats[i] as { mean: number[]; p50: number[]; p99: number[] };
      if (s.length > 0) {
        st.mean.push(s.reduce((x, y) => x + y, 0) / s.length);
        st.p50.push(windowQuantile(s, 0.5));
        st.p99.push(windowQuantile(s, 0.99));
      }
      service[i] = (service[i] as number) + (c.completed > 0 ? c.meanServiceMs / replications : 0);
    });
  }
  const sides = [0, 1].map((i): OpenLoopSide => {
    const st = stats[i] as { mean: number[]; p50: number[]; p99: number[] };
    const rate = rates[i] as number;
    return {
      rateRps: rate * 1000,
      meanMs: median(st.mean),
      p50Ms: median(st.p50),
      p99Ms: median(st.p99),
      utilisation: rate * (service[i] as number),
      overloaded: false,
    };
  });
  return [sides[0] as OpenLoopSide, paired ? sides[1] : undefined];
}
