// Transfer of workload profiles from a calibrated GPU to one known only by its spec: the part of each kernel's
// time spent on DRAM traffic scales with memory bandwidth, the rest with tensor throughput. Where Nsight Compute
// measured the kernel's launch configuration, its DRAM share is its own (kernelMemoryShare); otherwise the
// request's utilisation profile splits the whole request (memoryBoundFraction). Host time stays. Fitted
// constants are kept.

import type { GpuSpec } from '../gpus.js';
import type { LatencyStats, NcuLaunchConfig } from '../types.js';
import { matchConfig } from './dispatch.js';
import type { WorkloadProfile } from './profile.js';
import { clamp } from './stats.js';

/** Fraction of a workload's GPU time that is bandwidth-bound (the rest counts as compute-bound). */
export function memoryBoundFraction(p: WorkloadProfile): number {
  const compute = Math.max(p.demand.sm, p.demand.tensor, 1e-3);
  const mem = Math.max(p.demand.dram, 1e-3);
  return clamp(mem / (mem + compute), 0.05, 0.95);
}

/**
 * Share of one kernel's time that is DRAM traffic, from ncu's measurement of its launch configuration: its DRAM
 * throughput (fraction of peak), weighted by how far DRAM rather than the SMs bounds it (DRAM over the larger
 * of DRAM and SM throughput). A kernel streaming at 80 % of peak bandwidth with idle SMs: 0.8; a GEMM whose SMs
 * run at 80 % while it reads at 40 %: 0.2.
 */
export function kernelMemoryShare(c: Pick<NcuLaunchConfig, 'dramPct' | 'smPct'>): number {
  const d = clamp((c.dramPct ?? 0) / 100, 0, 1);
  const top = Math.max(d, clamp((c.smPct ?? 0) / 100, 0, 1));
  return top > 0 ? (d * d) / top : 0;
}

/**
 * The DRAM share of each kernel of the request (sequenceUs order) where ncu measured its launch configuration;
 * a kernel it did not measure gets the measured kernels' time-weighted share. Undefined without a kernel
 * sequence with shapes, or where no kernel matches a measured configuration.
 */
export function sequenceMemoryShares(p: WorkloadProfile): number[] | undefined {
  const seq = p.sequenceUs;
  const shapes = p.sequenceShape;
  if (!seq?.length || !shapes || shapes.length !== seq.length || !p.launchConfigs?.length) return undefined;
  const shares = shapes.map((sh) => {
    const c = matchConfig(sh, p.launchConfigs);
    return c && c.dramPct !== undefined && c.smPct !== undefined ? kernelMemoryShare(c) : undefined;
  });
  let t = 0;
  let tm = 0;
  shares.forEach((m, i) => {
    if (m === undefined) return;
    t += seq[i] as number;
    tm += (seq[i] as number) * m;
  });
  if (!(t > 0)) return undefined;
  return shares.map((m) => m ?? tm / t);
}

/** Time factors (new / old) of the request's kernels (sequenceUs order), or undefined as sequenceMemoryShares. */
export function kernelTimeFactors(p: WorkloadProfile, from: GpuSpec, to: GpuSpec): number[] | undefined {
  const rb = from.memoryBandwidthGBs / to.memoryBandwidthGBs;
  const rc = from.fp16TensorTflops / to.fp16TensorTflops;
  return sequenceMemoryShares(p)?.map((m) => m * rb + (1 - m) * rc);
}

/** GPU-time factor (new / old) of a workload moved from one GPU to another, with its kernels' where known. */
function timeFactors(p: WorkloadProfile, from: GpuSpec, to: GpuSpec): { f: number; perKernel?: number[] } {
  const perKernel = kernelTimeFactors(p, from, to);
  const seq = p.sequenceUs;
  if (perKernel && seq) {
    let t = 0;
    let moved = 0;
    seq.forEach((d, i) => {
      t += d;
      moved += d * (perKernel[i] as number);
    });
    return { f: moved / t, perKernel };
  }
  return { f: requestTimeFactor(p, from, to) };
}

/** GPU-time factor of the whole request split by its utilisation profile (memoryBoundFraction), kernels unseen. */
export function requestTimeFactor(p: WorkloadProfile, from: GpuSpec, to: GpuSpec): number {
  const fm = memoryBoundFraction(p);
  return fm * (from.memoryBandwidthGBs / to.memoryBandwidthGBs) + (1 - fm) * (from.fp16TensorTflops / to.fp16TensorTflops);
}

/** GPU-time factor (new / old) of a workload moved from one GPU to another: per kernel where it can be, else per request. */
export function gpuTimeFactor(p: WorkloadProfile, from: GpuSpec, to: GpuSpec): number {
  return timeFactors(p, from, to).f;
}

function scaleStats(s: LatencyStats, deltaMs: number): LatencyStats {
  // Every percentile moves with the mean (the spread scales with it).
  const m = Math.max(1e-6, s.mean + deltaMs);
  const k = m / s.mean;
  return { mean: m, p50: s.p50 * k, p99: s.p99 * k, min: s.min * k, max: s.max * k };
}

export function transferProfile(p: WorkloadProfile, from: GpuSpec, to: GpuSpec): WorkloadProfile {
  const { f, perKernel } = timeFactors(p, from, to);
  const gpuMs = p.gpuMs * f;
  const delta = gpuMs - p.gpuMs;
  const k = p.kernelUs;
  const smPeak = (from.sms * from.boostClockMHz) / (to.sms * to.boostClockMHz);
  return {
    ...p,
    solo: { exclusive: scaleStats(p.solo.exclusive, delta), mps: scaleStats(p.solo.mps, delta) },
    gpuMs,
    kernelUs: { mean: k.mean * f, p10: k.p10 * f, p50: k.p50 * f, p90: k.p90 * f, p99: k.p99 * f, max: k.max * f },
    ...(perKernel && p.sequenceUs ? { sequenceUs: p.sequenceUs.map((d, i) => d * (perKernel[i] as number)) } : {}),
    // The same bytes and instructions over a busy time f times as long, on different peaks.
    demand: {
      dram: clamp((p.demand.dram * (from.memoryBandwidthGBs / to.memoryBandwidthGBs)) / f, 0, 1),
      tensor: clamp((p.demand.tensor * (from.fp16TensorTflops / to.fp16TensorTflops)) / f, 0, 1),
      sm: clamp((p.demand.sm * smPeak) / f, 0, 1),
      occupancy: p.demand.occupancy,
    },
  };
}
