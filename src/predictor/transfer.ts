// Transfer of workload profiles from a calibrated GPU to one known only by its spec: the compute-bound part
// of each request's GPU time scales with tensor throughput, the bandwidth-bound part with memory bandwidth,
// split by the workload's own utilisation profile. Host time stays. Fitted constants are kept.

import type { GpuSpec } from '../gpus.js';
import type { LatencyStats } from '../types.js';
import type { WorkloadProfile } from './profile.js';
import { clamp } from './stats.js';

/** Fraction of a workload's GPU time that is bandwidth-bound (the rest counts as compute-bound). */
export function memoryBoundFraction(p: WorkloadProfile): number {
  const compute = Math.max(p.demand.sm, p.demand.tensor, 1e-3);
  const mem = Math.max(p.demand.dram, 1e-3);
  return clamp(mem / (mem + compute), 0.05, 0.95);
}

/** GPU-time factor (new / old) of a workload moved from one GPU to another. */
export function gpuTimeFactor(p: WorkloadProfile, from: GpuSpec, to: GpuSpec): number {
  const fm = memoryBoundFraction(p);
  return fm * (from.memoryBandwidthGBs / to.memoryBandwidthGBs) + (1 - fm) * (from.fp16TensorTflops / to.fp16TensorTflops);
}

function scaleStats(s: LatencyStats, deltaMs: number): LatencyStats {
  // Every percentile moves with the mean (the spread scales with it).
  const m = Math.max(1e-6, s.mean + deltaMs);
  const k = m / s.mean;
  return { mean: m, p50: s.p50 * k, p99: s.p99 * k, min: s.min * k, max: s.max * k };
}

export function transferProfile(p: WorkloadProfile, from: GpuSpec, to: GpuSpec): WorkloadProfile {
  const f = gpuTimeFactor(p, from, to);
  const gpuMs = p.gpuMs * f;
  const delta = gpuMs - p.gpuMs;
  const k = p.kernelUs;
  const smPeak = (from.sms * from.boostClockMHz) / (to.sms * to.boostClockMHz);
  return {
    ...p,
    solo: { exclusive: scaleStats(p.solo.exclusive, delta), mps: scaleStats(p.solo.mps, delta) },
    gpuMs,
    kernelUs: { mean: k.mean * f, p10: k.p10 * f, p50: k.p50 * f, p90: k.p90 * f, p99: k.p99 * f, max: k.max * f },
    // The same bytes and instructions over a busy time f times as long, on different peaks.
    demand: {
      dram: clamp((p.demand.dram * (from.memoryBandwidthGBs / to.memoryBandwidthGBs)) / f, 0, 1),
      tensor: clamp((p.demand.tensor * (from.fp16TensorTflops / to.fp16TensorTflops)) / f, 0, 1),
      sm: clamp((p.demand.sm * smPeak) / f, 0, 1),
      occupancy: p.demand.occupancy,
    },
  };
}
