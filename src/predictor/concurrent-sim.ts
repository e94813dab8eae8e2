// Event simulation of two open-loop (Poisson) FIFO servers sharing the GPU concurrently (MPS, streams).
//
// Each workload is one FIFO server: a request waits for the one before it, then runs a host part (launch,
// sync, Python: no GPU work) and then its GPU work. The GPU work progresses at rate 1 while the neighbour
// has no GPU work and at rate 1/S while it has, S being the closed-loop busy slowdown of the pair
// (`busySlowdown`). Unlike a single-server formula with independent service times, the simulation keeps
// the correlation that matters for the tail: every request that meets one long burst of the neighbour's
// GPU work is slowed, so the queue builds up behind that burst.

import { makeRng, type Rng } from './rng.js';

export interface ConcurrentServer {
  /** Poisson arrival rate (requests per ms); 0: never arrives. */
  ratePerMs: number;
  /** Mean host part of a request (ms). */
  hostMs: number;
  /** Standard deviation of the host part (ms). */
  hostSigmaMs: number;
  /** Mean GPU work of a request (ms at solo speed). */
  gpuMs: number;
  /** Relative standard deviation of a request's GPU work. */
  gpuSigma: number;
  /** Slowdown of this one's GPU work while the neighbour also has GPU work (>= 1). */
  busySlowdown: number;
  /** Extra host time (ms) of a request that finds its server idle (no request in service or waiting). */
  idleOverheadMs?: number;
  /** Arrival times (ms, ascending) to use instead of drawing Poisson arrivals at ratePerMs (a run's own, runnerArrivalsMs). */
  arrivalsMs?: Float64Array;
}

export interface ConcurrentSimOptions {
  /** Seed of each server's random stream (arrivals, host and GPU draws): swapping the servers and the seeds swaps the results. */
  seeds: [number, number];
  /** No arrivals after this time (ms); the simulation then serves every arrival (a measurement window). */
  arrivalsUntilMs: number;
  /** Latencies of requests that arrive before this time are not recorded (steady-state warm-up). */
  warmupMs?: number;
  /** Stop when a queue exceeds this many waiting requests (overload). */
  maxQueue?: number;
  /** Keep every recorded latency. */
  keepSamples?: boolean;
}

export interface ConcurrentServerResult {
  completed: number;
  meanMs: number;
  /** Mean time from the start of a request's processing (after queueing) to its completion. */
  meanServiceMs: number;
  samples?: Float64Array;
  /** A queue grew past maxQueue. */
  overloaded: boolean;
  /** Requests still waiting when arrivals stopped. */
  backlogAtEnd: number;
  /** Fraction of the simulated time this one had GPU work. */
  gpuBusy: number;
  /** Arrivals (after warm-up). */
  arrivals: number;
}

export interface ConcurrentSimResult {
  servers: [ConcurrentServerResult, ConcurrentServerResult];
  simulatedMs: number;
}

const IDLE = 0;
const HOST = 1;
const GPU = 2;

interface Srv {
  c: ConcurrentServer;
  rng: Rng;
  /** The given arrival times (ConcurrentServer.arrivalsMs) and the index of the next one after nextArrival. */
  given: Float64Array | null;
  givenNext: number;
  queue: Float64Array;
  qHead: number;
  qTail: number;
  nextArrival: number;
  phase: number;
  hostEnd: number;
  /** GPU work left of the current request (ms at solo speed). */
  left: number;
  arrival: number;
  svcStart: number;
  done: number;
  sum: number;
  svcSum: number;
  samples: number[];
  gpuTime: number;
  overloaded: boolean;
  backlogAtEnd: number;
  arrivals: number;
  hostSl: number;
  gpuSl: number;
}

function lognormalScale(rng: Rng, sl: number): number {
  return sl > 0 ? Math.exp(sl * rng.normal() - (sl * sl) / 2) : 1;
}

function makeSrv(c: ConcurrentServer, seed: number, until: number): Srv {
  const rng = makeRng(seed);
  const hostRel = c.hostMs > 0 ? Math.max(0, c.hostSigmaMs) / c.hostMs : 0;
  const rate = Number.isFinite(c.ratePerMs) && c.ratePerMs > 0 ? c.ratePerMs : 0;
  const given = c.arrivalsMs;
  const first = given ? (given.length > 0 ? (given[0] as number) : Infinity) : rate > 0 ? rng.exp(1 / rate) : Infinity;
  return {
    c,
    rng,
    given: given ?? null,
    givenNext: 1,
    queue: new Float64Array(1024),
    qHead: 0,
    qTail: 0,
    nextArrival: first < until ? first : Infinity,
    phase: IDLE,
    hostEnd: Infinity,
    left: 0,
    arrival: 0,
    svcStart: 0,
    done: 0,
    sum: 0,
    svcSum: 0,
    samples: [],
    gpuTime: 0,
    overloaded: false,
    backlogAtEnd: 0,
    arrivals: 0,
    hostSl: Math.sqrt(Math.log(1 + hostRel * hostRel)),
    gpuSl: Math.sqrt(Math.log(1 + Math.max(0, c.gpuSigma) ** 2)),
  };
}

function push(s: Srv, t: number): void {
  if (s.qTail === s.queue.length) {
    const live = s.qTail - s.qHead;
    if (s.qHead > s.queue.length / 2) s.queue.copyWithin(0, s.qHead, s.qTail);
    else {
      const q = new Float64Array(s.queue.length * 2);
      q.set(s.queue.subarray(s.qHead, s.qTail));
      s.queue = q;
    }
    s.qHead = 0;
    s.qTail = live;
  }
  s.queue[s.qTail++] = t;
}

/**
 * Simulate the two servers from an empty system: Poisson arrivals until `arrivalsUntilMs`, then every
 * arrival is served (or the run stops at an overload). Latency: arrival to the end of the GPU work.
 */
export function simulateConcurrent(servers: [ConcurrentServer, ConcurrentServer], opts: ConcurrentSimOptions): ConcurrentSimResult {
  const until = opts.arrivalsUntilMs;
  const warm = opts.warmupMs ?? 0;
  const maxQueue = opts.maxQueue ?? Infinity;
  const st: [Srv, Srv] = [makeSrv(servers[0], opts.seeds[0], until), makeSrv(servers[1], opts.seeds[1], until)];
  const slow = st.map((s) => Math.max(1, Number.isFinite(s.c.busySlowdown) ? s.c.busySlowdown : 1));
  let t = 0;
  let endedArrivals = false;

  const start = (s: Srv, now: number): void => {
    s.arrival = s.queue[s.qHead++] as number;
    // A request that starts the moment it arrives found its server idle.
    const fromIdle = s.arrival === now ? Math.max(0, s.c.idleOverheadMs ?? 0) : 0;
    s.svcStart = now;
    const host = (s.c.hostMs > 0 ? s.c.hostMs * lognormalScale(s.rng, s.hostSl) : 0) + fromIdle;
    s.phase = HOST;
    s.hostEnd = now + host;
  };

  // (Plain loops and no destructuring inside: the first call of a CLI run is mostly not yet optimised code.)
  const a = st[0];
  const b = st[1];
  const slowA = slow[0] as number;
  const slowB = slow[1] as number;
  for (let guard = 0; guard < 1e8; guard++) {
    if (!endedArrivals && a.nextArrival === Infinity && b.nextArrival === Infinity) {
      endedArrivals = true;
      a.backlogAtEnd = a.qTail - a.qHead;
      b.backlogAtEnd = b.qTail - b.qHead;
    }
    // Rates of GPU progress over the next interval.
    const rA = a.phase === GPU ? (b.phase === GPU ? 1 / slowA : 1) : 0;
    const rB = b.phase === GPU ? (a.phase === GPU ? 1 / slowB : 1) : 0;
    // The next event: an arrival (0, 1), a host part ending (2, 3), a GPU part ending (4, 5).
    let tn = a.nextArrival;
    let ev = tn < Infinity ? 0 : -1;
    if (b.nextArrival < tn) {
      tn = b.nextArrival;
      ev = 1;
    }
    if (a.phase === HOST && a.hostEnd < tn) {
      tn = a.hostEnd;
      ev = 2;
    }
    if (b.phase === HOST && b.hostEnd < tn) {
      tn = b.hostEnd;
      ev = 3;
    }
    if (rA > 0) {
      const x = t + a.left / rA;
      if (x < tn) {
        tn = x;
        ev = 4;
      }
    }
    if (rB > 0) {
      const x = t + b.left / rB;
      if (x < tn) {
        tn = x;
        ev = 5;
      }
    }
    if (ev < 0) break;
    const dt = Math.max(0, tn - t);
    if (rA > 0) {
      a.left -= rA * dt;
      a.gpuTime += dt;
    }
    if (rB > 0) {
      b.left -= rB * dt;
      b.gpuTime += dt;
    }
    t = Math.max(t, tn);
    const s = ev & 1 ? b : a;
    if (ev <= 1) {
      push(s, t);
      if (t >= warm) s.arrivals++;
      const next = s.given ? (s.givenNext < s.given.length ? (s.given[s.givenNext++] as number) : Infinity) : t + s.rng.exp(1 / s.c.ratePerMs);
      s.nextArrival = next < until ? next : Infinity;
      if (s.qTail - s.qHead > maxQueue) {
        s.overloaded = true;
        break;
      }
    } else if (ev <= 3) {
      s.phase = GPU;
      s.left = s.c.gpuMs * lognormalScale(s.rng, s.gpuSl);
      s.hostEnd = Infinity;
    } else {
      // GPU work done: the request completes.
      if (s.arrival >= warm) {
        const lat = t - s.arrival;
        s.done++;
        s.sum += lat;
        s.svcSum += t - s.svcStart;
        if (opts.keepSamples) s.samples.push(lat);
      }
      s.phase = IDLE;
      s.left = 0;
    }
    // An idle server takes the next waiting request at once.
    if (a.phase === IDLE && a.qHead < a.qTail) start(a, t);
    if (b.phase === IDLE && b.qHead < b.qTail) start(b, t);
  }
  if (!endedArrivals) {
    a.backlogAtEnd = a.qTail - a.qHead;
    b.backlogAtEnd = b.qTail - b.qHead;
  }
  const span = Math.max(1e-9, t);
  const res = st.map(
    (s): ConcurrentServerResult => ({
      completed: s.done,
      meanMs: s.done > 0 ? s.sum / s.done : NaN,
      meanServiceMs: s.done > 0 ? s.svcSum / s.done : NaN,
      overloaded: s.overloaded,
      backlogAtEnd: s.backlogAtEnd,
      gpuBusy: s.gpuTime / span,
      arrivals: s.arrivals,
      ...(opts.keepSamples ? { samples: Float64Array.from(s.samples) } : {}),
    }),
  );
  return { servers: [res[0] as ConcurrentServerResult, res[1] as ConcurrentServerResult], simulatedMs: span };
}
