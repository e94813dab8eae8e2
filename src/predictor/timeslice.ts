// Event simulation of the GPU's round-robin time-slice scheduler for two contexts.
//
// Each client alternates a host gap (launch + sync: no GPU work) and the GPU work of a request.
// While both contexts have work, the one holding the GPU keeps it until its time slice expires
// (slices renew every quantumMs while it runs), then the GPU switches at a cost of switchMs.
// A context that runs out of work hands over at once (also paying the switch cost). With
// `boundary: 'kernel'` a slice can only end at a kernel boundary; with 'preempt' it ends mid-kernel.

import { makeRng, type Rng } from './rng.js';

export interface TimesliceParams {
  quantumMs: number;
  switchMs: number;
  boundary: 'kernel' | 'preempt';
  /** Relative jitter of each slice's length (uniform +-), smoothing the steps at request length ~ k * quantum. */
  jitter?: number;
  /**
   * 'renew' (default): a context running alone keeps renewing its slice, so a newly ready neighbour waits for
   * the current slice to end. 'expire': a context that has run past its slice alone is preempted as soon as
   * a neighbour becomes ready.
   */
  slice?: 'renew' | 'expire';
  /**
   * 'free' (default): a context that finds the GPU idle starts at once, even when the last context to run was
   * the other one (nothing is running, so nothing is preempted or saved). 'cost': it pays the switch cost.
   */
  idleSwitch?: 'free' | 'cost';
  /**
   * How far a time-sliced pair's clock rises above the mean of its two workloads' solo clocks (a fraction; the
   * pair's clock is at most `unheldClockMHz`). A power-held workload keeps in a co-run the share of its held time
   * that the pair's clock keeps of its own solo clock depth (heldShareKept in core.ts): context switches and the
   * lighter neighbour pull the pair's power under the limit. Measured from the calibration pairs' clocks
   * (clockLiftFromClocks); absent: 0.
   */
  clockLift?: number;
  /** The SM clock (MHz) of a workload the power limit does not hold down (the highest solo clock calibrated). */
  unheldClockMHz?: number;
}

export interface SimClient {
  /** Kernel durations (ms) of one request's GPU work. */
  kernelsMs: Float64Array;
  /** Mean host gap per request (ms): solo latency - GPU time. */
  hostMs: number;
  /** Standard deviation of the host gap (ms); a floor of jitter is always applied. */
  hostSigmaMs: number;
  /** Relative standard deviation of a request's GPU work (every kernel scaled by one factor per request). */
  gpuSigma?: number;
  /** This context's slice as a multiple of the quantum (default 1). */
  quantumScale?: number;
  /** Poisson arrival rate (requests per ms). Absent: closed loop, one outstanding request. */
  ratePerMs?: number;
  /** Open loop: extra host time (ms) of a request that finds its client idle (CoreParams.idleStartMs). */
  idleOverheadMs?: number;
  /** Open loop: arrival times (ms, ascending) to use instead of drawing them at ratePerMs (a run's own, runnerArrivalsMs). */
  arrivalsMs?: Float64Array;
}

export interface SimOptions {
  /** Requests the slower client must complete (closed loop) after warm-up. */
  requests?: number;
  /** Open loop: simulated horizon in ms (after warm-up). */
  horizonMs?: number;
  warmupRequests?: number;
  seed?: number;
  /** Keep every latency sample (for percentiles). */
  keepSamples?: boolean;
  /**
   * Open loop: no arrivals after this time; the simulation then runs until every arrival is served (as the
   * runner's open-loop worker does: all arrivals of its window are served, however late).
   */
  arrivalsUntilMs?: number;
  /** Stop early when the queue of an open-loop client exceeds this many requests (overload). */
  maxQueue?: number;
}

export interface ClientResult {
  meanMs: number;
  /** Mean time from the start of a request's processing (after queueing) to its completion. */
  meanServiceMs: number;
  completed: number;
  /** Completed requests per ms of simulated time. */
  throughputPerMs: number;
  samples?: Float64Array;
  /** True when an open-loop queue grew past maxQueue. */
  overloaded: boolean;
  /** Open loop: requests still queued (not started) when the simulation stopped. */
  backlog: number;
  /** Fraction of simulated time this client held the GPU (running its kernels). */
  gpuShare: number;
}

export interface SimResult {
  clients: ClientResult[];
  simulatedMs: number;
  switches: number;
}

interface State {
  kernels: Float64Array;
  cum: Float64Array;
  total: number;
  phase: 'idle' | 'host' | 'gpu';
  hostEnd: number;
  progress: number;
  reqStart: number;
  arrivals: number[];
  arrivalHead: number;
  nextArrival: number;
  rng: Rng;
  hostMs: number;
  hostSigma: number;
  idleOverhead: number;
  /** The given arrival times (SimClient.arrivalsMs) and the index of the next one after nextArrival. */
  given: Float64Array | null;
  givenNext: number;
  rate?: number;
  done: number;
  sum: number;
  samples: number[];
  busyMs: number;
  overloaded: boolean;
  freeAt: number;
  svcStart: number;
  svcSum: number;
  gpuSigma: number;
  quantumScale: number;
  /** GPU-work scale of the current request. */
  scale: number;
}

/** Relative jitter of the host gap applied even to a perfectly steady workload, so phases mix. */
const MIN_JITTER = 0.03;

function hostSample(s: State): number {
  if (s.hostMs <= 0) return 0;
  const sigma = Math.max(s.hostSigma, MIN_JITTER * s.hostMs);
  const sl = Math.sqrt(Math.log(1 + (sigma / s.hostMs) ** 2));
  return s.hostMs * Math.exp(sl * s.rng.normal() - (sl * sl) / 2);
}

function makeState(c: SimClient, seed: number): State {
  const cum = new Float64Array(c.kernelsMs.length);
  let acc = 0;
  for (let i = 0; i < c.kernelsMs.length; i++) {
    acc += c.kernelsMs[i] as number;
    cum[i] = acc;
  }
  const rng = makeRng(seed);
  const s: State = {
    kernels: c.kernelsMs,
    cum,
    total: acc,
    phase: 'idle',
    hostEnd: 0,
    progress: 0,
    reqStart: 0,
    arrivals: [],
    arrivalHead: 0,
    nextArrival: Infinity,
    rng,
    hostMs: c.hostMs,
    hostSigma: c.hostSigmaMs,
    idleOverhead: Math.max(0, c.idleOverheadMs ?? 0),
    given: c.arrivalsMs ?? null,
    givenNext: 1,
    done: 0,
    sum: 0,
    samples: [],
    busyMs: 0,
    overloaded: false,
    freeAt: 0,
    svcStart: 0,
    svcSum: 0,
    gpuSigma: Math.max(0, c.gpuSigma ?? 0),
    quantumScale: Math.max(0.05, c.quantumScale ?? 1),
    scale: 1,
    ...(c.ratePerMs !== undefined ? { rate: c.ratePerMs } : {}),
  };
  if (s.rate !== undefined) {
    s.nextArrival = s.given ? (s.given.length > 0 ? (s.given[0] as number) : Infinity) : rng.exp(1 / s.rate);
  } else {
    // Closed loop: start at a random point of the first host gap so the two clients' phases differ.
    s.phase = 'host';
    s.reqStart = 0;
    s.hostEnd = rng.next() * hostSample(s);
  }
  return s;
}

/** The first kernel boundary at or after `progress` (ms of work done in the current request). */
function boundaryAtOrAfter(s: State, progress: number): number {
  const cum = s.cum;
  const x = progress / s.scale;
  let lo = 0;
  let hi = cum.length - 1;
  if (x >= (cum[hi] as number) - 1e-12) return s.total * s.scale;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cum[mid] as number) >= x - 1e-12) hi = mid;
    else lo = mid + 1;
  }
  return (cum[lo] as number) * s.scale;
}

function drawScale(s: State): number {
  if (s.gpuSigma <= 0) return 1;
  const sl = Math.sqrt(Math.log(1 + s.gpuSigma * s.gpuSigma));
  return Math.exp(sl * s.rng.normal() - (sl * sl) / 2);
}

function startRequest(s: State, now: number, arrival: number): void {
  s.phase = 'host';
  s.reqStart = arrival;
  s.svcStart = now;
  // A request that starts the moment it arrives found its client idle (as concurrent-sim.ts).
  s.hostEnd = now + hostSample(s) + (s.rate !== undefined && arrival === now ? s.idleOverhead : 0);
}

/** Processes one client's host-gap end and arrivals up to time `now`. */
function settle(s: State, now: number, arrivalsUntil: number, maxQueue: number): void {
  if (s.rate !== undefined) {
    while (s.nextArrival <= now) {
      s.arrivals.push(s.nextArrival);
      if (s.given) s.nextArrival = s.givenNext < s.given.length ? (s.given[s.givenNext++] as number) : Infinity;
      else s.nextArrival += s.rng.exp(1 / s.rate);
      if (s.nextArrival > arrivalsUntil) s.nextArrival = Infinity;
      if (s.arrivals.length - s.arrivalHead > maxQueue) s.overloaded = true;
    }
    if (s.phase === 'idle' && s.arrivalHead < s.arrivals.length) {
      const a = s.arrivals[s.arrivalHead++] as number;
      startRequest(s, Math.max(a, s.freeAt), a);
    }
  }
  if (s.phase === 'host' && s.hostEnd <= now) {
    s.phase = 'gpu';
    s.progress = 0;
    s.scale = drawScale(s);
  }
}

/** settle for both clients, client 0 first. */
function settleBoth(s0: State, s1: State, now: number, arrivalsUntil: number, maxQueue: number): void {
  settle(s0, now, arrivalsUntil, maxQueue);
  settle(s1, now, arrivalsUntil, maxQueue);
}

function nextHostEvent(s: State): number {
  if (s.phase === 'host') return s.hostEnd;
  if (s.phase === 'idle') return s.nextArrival;
  return Infinity;
}

function drained(s: State): boolean {
  return s.phase === 'idle' && s.arrivalHead >= s.arrivals.length && !Number.isFinite(s.nextArrival);
}

/** A new slice's length: the quantum times the context's scale, jittered. */
function sliceLength(q0: number, quantumScale: number, jitter: number, rng: Rng): number {
  const base = q0 * quantumScale;
  return jitter > 0 ? base * (1 + jitter * (2 * rng.next() - 1)) : base;
}

// Every `coloc predict` runs this twice for ~2000 events each, mostly before V8 optimises it: the loop keeps
// its state in locals and calls only module-level functions, no closures over its variables (the two cold runs
// for llama and yolo took ~18 ms with them, ~12 ms so; medians of 6 processes).
/**
 * Simulate two clients sharing the GPU by time slicing. Returns per-client mean latency (closed loop:
 * from the start of a request's host gap to the end of its GPU work; open loop: from arrival).
 */
export function simulateTimeslice(clients: [SimClient, SimClient], params: TimesliceParams, opts: SimOptions = {}): SimResult {
  const seed = opts.seed ?? 1;
  const s0 = makeState(clients[0], seed * 2 + 1);
  const s1 = makeState(clients[1], seed * 2 + 2);
  const st: [State, State] = [s0, s1];
  const q0 = Math.max(1e-4, params.quantumMs);
  const jitter = Math.min(0.9, Math.max(0, params.jitter ?? 0));
  const renew = (params.slice ?? 'renew') === 'renew';
  const sliceRng = makeRng(seed * 7 + 3);
  let q = q0;
  const c = Math.max(0, params.switchMs);
  const warm = opts.warmupRequests ?? 5;
  const openLoop = s0.rate !== undefined || s1.rate !== undefined;
  const requests = opts.requests ?? 400;
  const maxQueue = opts.maxQueue ?? 5000;
  const arrivalsUntil = opts.arrivalsUntilMs ?? Infinity;
  const untilDrained = openLoop && Number.isFinite(arrivalsUntil);
  const keepSamples = Boolean(opts.keepSamples);
  const kernelBoundary = params.boundary === 'kernel';
  let t = 0;
  let cur = -1;
  let last = -1;
  let sliceStart = 0;
  let switches = 0;
  // The GPU ran out of work (both contexts in host gaps or idle) since the last context held it.
  let idle = false;
  const idleFree = (params.idleSwitch ?? 'free') === 'free';
  let measuring = false;
  let measureStart = 0;
  let horizonEnd = Infinity;
  let warm0 = 0;
  let warm1 = 0;
  const active0 = s0.rate === undefined || s0.rate > 0;
  const active1 = s1.rate === undefined || s1.rate > 0;
  if (warm === 0) {
    // Measure from an empty system (like a finite measurement window started cold).
    measuring = true;
    if (openLoop) horizonEnd = opts.horizonMs ?? 10000;
  }

  let guard = 0;
  for (;;) {
    let finished: boolean;
    if (s0.overloaded || s1.overloaded) finished = true;
    else if (!measuring) finished = false;
    else if (untilDrained) finished = drained(s0) && drained(s1);
    else if (openLoop) finished = t >= horizonEnd;
    else finished = (s0.done >= requests && s1.done >= requests) || s0.done >= requests * 50 || s1.done >= requests * 50;
    if (finished || !(guard++ < 5e7)) break;
    settleBoth(s0, s1, t, arrivalsUntil, maxQueue);
    const ready0 = s0.phase === 'gpu';
    const ready1 = s1.phase === 'gpu';
    if (cur === -1 || (cur === 0 ? s0 : s1).phase !== 'gpu') {
      // GPU free: give it to a context with work, paying a switch if it is not the last one.
      const pick = ready0 && ready1 ? (last === 0 ? 1 : 0) : ready0 ? 0 : ready1 ? 1 : -1;
      if (pick === -1) {
        cur = -1;
        idle = true;
        const tn = Math.min(nextHostEvent(s0), nextHostEvent(s1));
        if (!Number.isFinite(tn)) break;
        t = Math.max(t, tn);
        continue;
      }
      if (pick !== last && last !== -1 && !(idle && idleFree)) {
        t += c;
        switches++;
        settleBoth(s0, s1, t, arrivalsUntil, maxQueue);
      }
      cur = pick;
      last = pick;
      idle = false;
      sliceStart = t;
      q = sliceLength(q0, (cur === 0 ? s0 : s1).quantumScale, jitter, sliceRng);
      continue;
    }
    const s = cur === 0 ? s0 : s1;
    const o = cur === 0 ? s1 : s0;
    const tDone = t + (s.total * s.scale - s.progress);
    let tEnd: number;
    let preempt = false;
    if (o.phase === 'gpu') {
      let tSwitch: number;
      if (renew) {
        const k = Math.max(1, Math.ceil((t - sliceStart) / q - 1e-9));
        tSwitch = sliceStart + k * q;
      } else {
        tSwitch = Math.max(t, sliceStart + q);
      }
      if (kernelBoundary) {
        const b = boundaryAtOrAfter(s, s.progress + (tSwitch - t));
        tSwitch = t + (b - s.progress);
      }
      if (tSwitch < tDone - 1e-12) {
        tEnd = tSwitch;
        preempt = true;
      } else tEnd = tDone;
    } else {
      const tOther = nextHostEvent(o);
      tEnd = Math.min(tDone, tOther);
      if (tOther < tDone) {
        // The other becomes ready before we finish: advance to that point and re-evaluate.
        s.progress += tEnd - t;
        s.busyMs += tEnd - t;
        t = tEnd;
        continue;
      }
    }
    s.progress += tEnd - t;
    s.busyMs += tEnd - t;
    t = tEnd;
    if (preempt) {
      cur = 1 - cur;
      last = cur;
      t += c;
      switches++;
      settleBoth(s0, s1, t, arrivalsUntil, maxQueue);
      sliceStart = t;
      q = sliceLength(q0, (cur === 0 ? s0 : s1).quantumScale, jitter, sliceRng);
      continue;
    }
    // Request complete: the context releases the GPU.
    s.phase = 'host';
    if (measuring) {
      s.done++;
      s.sum += t - s.reqStart;
      s.svcSum += t - s.svcStart;
      if (keepSamples) s.samples.push(t - s.reqStart);
    } else {
      if (cur === 0) warm0++;
      else warm1++;
      if ((!active0 || warm0 >= warm) && (!active1 || warm1 >= warm)) {
        measuring = true;
        measureStart = t;
        s0.busyMs = 0;
        s1.busyMs = 0;
        if (openLoop) horizonEnd = t + (opts.horizonMs ?? 10000);
      }
    }
    if (s.rate !== undefined) {
      s.phase = 'idle';
      s.freeAt = t;
      settleBoth(s0, s1, t, arrivalsUntil, maxQueue);
      if (s.arrivalHead > 4096) {
        s.arrivals = s.arrivals.slice(s.arrivalHead);
        s.arrivalHead = 0;
      }
    } else {
      startRequest(s, t, t);
    }
    cur = -1;
  }
  const span = Math.max(1e-9, t - measureStart);
  return {
    simulatedMs: span,
    switches,
    clients: st.map((s) => ({
      meanMs: s.done > 0 ? s.sum / s.done : NaN,
      meanServiceMs: s.done > 0 ? s.svcSum / s.done : NaN,
      completed: s.done,
      throughputPerMs: s.done / span,
      overloaded: s.overloaded,
      backlog: s.arrivals.length - s.arrivalHead,
      gpuShare: s.busyMs / span,
      ...(opts.keepSamples ? { samples: Float64Array.from(s.samples) } : {}),
    })),
  };
}
