// Concurrent sharing (MPS: separate processes; streams: one process) of SMs and DRAM bandwidth.
//
// While both have GPU work, workload A progresses at 1/S_A of its solo speed: S_A from the kernel-level
// dispatch simulation (dispatch.ts) where the fit gives it weight 1 (every workload with launch shapes), else
// a closed form, S_A - 1 growing linearly with the summed resource demands of the two and tilted by the ratio
// of their kernel lengths (or a blend of the two). In a closed loop A meets B busy a fraction b_B of the time,
// and b_B itself depends on B's own inflated service time: a fixed point. Open loop: concurrent-sim.ts.

import type { WorkloadProfile } from './profile.js';
import { saturatedWithWaits, type DispatchParams, type KernelStream } from './dispatch.js';

export interface ConcurrentParams {
  /** Excess slowdown while both are busy: base + wSm (sm_A + sm_B) + wDram (dram_A + dram_B), floored at 0. */
  base: number;
  wSm: number;
  wDram: number;
  /**
   * Asymmetry: the workload that holds more SMs for longer gets the larger share. A's excess is scaled by
   * (k_B/k_A)^asym * (sm_B/sm_A)^asymSm * (threads_B/threads_A)^asymGrid (clamped to 0.25..4), with k the
   * time-weighted mean kernel duration, sm the SM demand, threads the median grid x block size. 0: symmetric.
   */
  asym: number;
  asymSm: number;
  asymGrid: number;
  /**
   * The kernel-level dispatch simulation (dispatch.ts), and its weight in the busy slowdown:
   * (1 - weight) * closed form + weight * simulation. Absent or weight 0: the closed form alone.
   */
  dispatch?: DispatchParams & { weight: number };
}

export const DEFAULT_DISPATCH: DispatchParams & { weight: number } = { weight: 0, interference: 0.1 };

export const DEFAULT_CONCURRENT: ConcurrentParams = {
  base: 0,
  wSm: 0.5,
  wDram: 0,
  asym: 0,
  asymSm: 0,
  asymGrid: 0,
};

export interface ConcurrentSide {
  gpuMs: number;
  hostMs: number;
  demand: WorkloadProfile['demand'];
  /** Time-weighted mean kernel duration (ms): sum d^2 / sum d. */
  kernelMs: number;
  /** Median threads per kernel (grid blocks x block threads). */
  threads: number;
  /** The request's kernels with their SM footprints, for the dispatch simulation. */
  stream?: KernelStream;
  /**
   * The stream's kernel time (ms): the request's kernels at their profiled (exclusive) durations. gpuMs is
   * longer in the MPS context (its solo requests are); absent: gpuMs.
   */
  streamMs?: number;
}

/** The excess (S - 1) of a pair's busy slowdown before the asymmetry tilt; symmetric in A and B. */
export function busyExcess(a: ConcurrentSide, b: ConcurrentSide, p: ConcurrentParams): number {
  const x = p.base + p.wSm * (a.demand.sm + b.demand.sm) + p.wDram * (a.demand.dram + b.demand.dram);
  return Number.isFinite(x) ? Math.max(0, x) : 0;
}

export function kernelTilt(a: ConcurrentSide, b: ConcurrentSide, p: ConcurrentParams): number {
  const lr = (x: number, y: number): number => Math.log(Math.max(1e-6, x || 1e-6) / Math.max(1e-6, y || 1e-6));
  const z = p.asym * lr(b.kernelMs, a.kernelMs) + p.asymSm * lr(b.demand.sm, a.demand.sm) + p.asymGrid * lr(b.threads, a.threads);
  const t = Math.exp(z);
  return Number.isFinite(t) ? Math.min(4, Math.max(0.25, t)) : 1;
}

/** Slowdown of A's GPU work while B is also busy. Always >= 1. */
export function busySlowdown(a: ConcurrentSide, b: ConcurrentSide, p: ConcurrentParams): number {
  const closed = 1 + busyExcess(a, b, p) * kernelTilt(a, b, p);
  const w = Math.min(1, Math.max(0, p.dispatch?.weight ?? 0));
  if (!(w > 0) || !p.dispatch || !a.stream || !b.stream) return closed;
  const [slowdown, , waitShare] = saturatedWithWaits(a.stream, b.stream, p.dispatch);
  const sim = slowdown * waitAtLength(a, waitShare);
  const s = (1 - w) * closed + w * sim;
  return Number.isFinite(s) ? Math.max(1, s) : closed;
}

/**
 * The simulation runs A's kernels at their profiled durations (streamMs) and its slowdown S scales A's solo
 * GPU time gpuMs, which in the MPS context is longer (0.6-24 % on the H200: its kernels and the gaps between
 * them run slower under the MPS server). That stretch applies to what A runs, not to the time its kernels wait
 * for the neighbour's kernel to free the SMs, which the neighbour's kernels set. Of the co-run time S x streamMs
 * the share w waits (saturatedWithWaits): scaled by gpuMs / streamMs only the rest is, so the slowdown of gpuMs is
 * S (1 - w) + S w streamMs / gpuMs = S (1 - w (1 - streamMs / gpuMs)). Kernel timelines of small-kernel
 * workloads next to deepseek's 0.9 ms GEMMs (benchmarks/experiments/mps-dispatch, tenth round) have the
 * simulation's waits within 3-6 % of the measured and its kernel time 7-20 % short, as much as their MPS solo
 * kernels are longer: S x gpuMs overstated them by their whole MPS stretch (yolo@b1s640 +20 %). Beside other
 * neighbours the traces' waits run longer than simulated (gpt2's GEMM tails, deepseek's GEMMs under MPS), so
 * only WAIT_UNSTRETCHED of w keeps its simulated length (model version 25).
 */
function waitAtLength(a: ConcurrentSide, w: number): number {
  const streamMs = a.streamMs ?? a.gpuMs;
  if (!(a.gpuMs > 0) || !(streamMs > 0) || streamMs >= a.gpuMs) return 1;
  const f = 1 - WAIT_UNSTRETCHED * Math.min(1, Math.max(0, w)) * (1 - streamMs / a.gpuMs);
  return Number.isFinite(f) ? f : 1;
}

/**
 * The share of a workload's simulated waits that keeps its simulated length in the MPS context (the rest is
 * stretched with its MPS solo request, as its kernels are). 1 in model versions 16-24; 0.75 since version 25, chosen
 * among 0, 0.25, 0.5, 0.75 and 1 by MPS leave-one-model-out on both Hoppers (the largest error 13.6 -> 11.8 % on
 * the H200, 13.5 -> 12.1 % on the H100) and checked on the fresh sets (docs/accuracy.md, fifth 2026-12-07 session).
 */
export const WAIT_UNSTRETCHED = 0.75;

export interface ConcurrentResult {
  /** Mean co-run latency (ms) of each. */
  latencyMs: [number, number];
  /** Busy fraction of each in the co-run. */
  busy: [number, number];
  /** Slowdown of each one's GPU work while the other is busy. */
  busySlowdown: [number, number];
}

/**
 * Closed loop: each client has one outstanding request. Solo latency L = host + gpu. In the co-run the
 * GPU part stretches by 1 + (S - 1) * (neighbour busy fraction); the busy fractions are a fixed point.
 */
export function concurrentClosedLoop(a: ConcurrentSide, b: ConcurrentSide, p: ConcurrentParams): ConcurrentResult {
  const sA = busySlowdown(a, b, p);
  const sB = busySlowdown(b, a, p);
  const hostA = a.hostMs;
  const hostB = b.hostMs;
  let bA = a.gpuMs / (a.gpuMs + a.hostMs);
  let bB = b.gpuMs / (b.gpuMs + b.hostMs);
  let gA = a.gpuMs;
  let gB = b.gpuMs;
  for (let i = 0; i < 200; i++) {
    gA = a.gpuMs * (1 + (sA - 1) * bB);
    gB = b.gpuMs * (1 + (sB - 1) * bA);
    const nA = gA / (gA + hostA);
    const nB = gB / (gB + hostB);
    const diff = Math.abs(nA - bA) + Math.abs(nB - bB);
    bA = 0.5 * bA + 0.5 * nA;
    bB = 0.5 * bB + 0.5 * nB;
    if (diff < 1e-10) break;
  }
  return { latencyMs: [hostA + gA, hostB + gB], busy: [bA, bB], busySlowdown: [sA, sB] };
}
