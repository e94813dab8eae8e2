// Synthetic calibrations from a known ground truth (the core itself with chosen constants, plus noise), for
// tests and for checking that a fit recovers what generated the data.

import type { CalibrationData, KernelSummary, Mode, OpenLoopMeasurement, PairMeasurement, SoloProfile, WorkloadRef } from '../types.js';
import { coreClosedLoop, coreOpenLoop, type CoreParams } from './core.js';
import { runnerArrivalSeeds } from './pyrandom.js';
import { buildProfiles } from './profile.js';
import { makeRng } from './rng.js';

export interface SyntheticWorkload {
  name: string;
  /** GPU ms per request, host gap ms, SM / DRAM / tensor / occupancy demand while busy, kernel count. */
  gpuMs: number;
  hostMs: number;
  sm: number;
  dram: number;
  tensor: number;
  occupancy: number;
  kernels: number;
  /** MPS solo latency / exclusive solo latency. */
  mpsFactor?: number;
  /**
   * One request's kernels in launch order, for the dispatch simulation: their relative durations and launch
   * shapes [grid, block, registers, shared memory, 0], and the DRAM throughput (% of peak) ncu would measure
   * of every launch configuration.
   */
  sequence?: { durations: number[]; shapes: [number, number, number, number, number][]; dramPct: number };
}

export const SYNTHETIC_WORKLOADS: SyntheticWorkload[] = [
  { name: 'alpha', gpuMs: 3.1, hostMs: 0.3, sm: 0.7, dram: 0.35, tensor: 0.5, occupancy: 0.4, kernels: 150 },
  { name: 'beta', gpuMs: 1.6, hostMs: 0.5, sm: 0.6, dram: 0.3, tensor: 0.4, occupancy: 0.35, kernels: 110 },
  { name: 'gamma', gpuMs: 5.2, hostMs: 0.2, sm: 0.85, dram: 0.3, tensor: 0.7, occupancy: 0.5, kernels: 260 },
  { name: 'delta', gpuMs: 1.1, hostMs: 0.6, sm: 0.3, dram: 0.85, tensor: 0.1, occupancy: 0.3, kernels: 230 },
  { name: 'epsilon', gpuMs: 6.5, hostMs: 0.4, sm: 0.45, dram: 0.8, tensor: 0.3, occupancy: 0.45, kernels: 180 },
  { name: 'zeta', gpuMs: 2.2, hostMs: 1.2, sm: 0.4, dram: 0.55, tensor: 0.2, occupancy: 0.3, kernels: 160 },
];

export function syntheticRef(w: SyntheticWorkload): WorkloadRef {
  return { id: `${w.name}@b1s1`, model: w.name, batch: 1, seq: 1 };
}

function stats(mean: number) {
  return { mean, p50: mean, p99: mean * 1.01, min: mean * 0.99, max: mean * 1.02 };
}

/** Solo profiles and kernel summaries (no pairs) of the given workloads. */
export function syntheticProfilesOnly(workloads: SyntheticWorkload[] = SYNTHETIC_WORKLOADS): CalibrationData {
  const solo: SoloProfile[] = [];
  const kernels: KernelSummary[] = [];
  for (const w of workloads) {
    const ref = syntheticRef(w);
    const L = w.gpuMs + w.hostMs;
    const busy = w.gpuMs / L;
    const gpm = { smUtil: w.sm * busy, smOccupancy: w.occupancy * busy, tensorUtil: w.tensor * busy, dramBwUtil: w.dram * busy };
    solo.push({ workload: ref, context: 'exclusive', status: 'ok', latencyMs: stats(L), throughput: 1000 / L, gpm });
    solo.push({ workload: ref, context: 'mps', status: 'ok', latencyMs: stats(L * (w.mpsFactor ?? 1.04)), throughput: 1000 / (L * (w.mpsFactor ?? 1.04)), gpm });
    const meanUs = (w.gpuMs * 1000) / w.kernels;
    const seq = w.sequence;
    const total = seq ? seq.durations.reduce((x, y) => x + y, 0) : 0;
    const configs = seq
      ? [...new Map(seq.shapes.map((sh) => [sh.join(','), sh])).values()].map((sh) => ({
          grid: sh[0], block: sh[1], regs: sh[2], smem: sh[3], durUs: meanUs, achievedOccPct: 50, theoreticalOccPct: 50, smActivePct: 100, dramPct: seq.dramPct, smPct: seq.dramPct / 2,
        }))
      : undefined;
    kernels.push({
      ...(seq && total > 0 ? { sequenceUs: seq.durations.map((d) => (d / total) * w.gpuMs * 1000), sequenceShape: seq.shapes } : {}),
      workload: ref,
      capture: 'graph',
      kernelCount: w.kernels,
      gpuTimeMs: w.gpuMs,
      eagerKernelCount: w.kernels,
      eagerGpuTimeMs: w.gpuMs,
      durationUs: { mean: meanUs, p10: meanUs * 0.4, p50: meanUs * 0.9, p90: meanUs * 1.6, p99: meanUs * 2.5, max: meanUs * 3 },
      longKernelFraction: { over100us: meanUs > 100 ? 0.8 : 0.2, over1ms: 0 },
      gridBlocks: { p50: 264, max: 4096 },
      blockThreads: { p50: 256, max: 1024 },
      ncu: {
        profiledKernels: w.kernels,
        coverage: 1,
        smThroughputPct: w.sm * 100,
        dramThroughputPct: w.dram * 100,
        achievedOccupancyPct: w.occupancy * 100,
        tensorPipePct: w.tensor * 100,
        ...(configs ? { configs } : {}),
      },
      top: [],
    });
  }
  return {
    meta: {
      schemaVersion: 1,
      gpu: { name: 'synthetic', deviceName: 'Synthetic GPU', driver: 'none', cuda: 'none', torch: 'none', smCount: 132, memoryGiB: 80 },
      createdAt: '2025-01-01T00:00:00Z',
      updatedAt: '2025-01-01T00:00:00Z',
      method: { windowS: 4, repeats: 2, warmupS: 1, spreadThreshold: 0.05, cpuPinning: false, cudaGraphs: true, backend: 'sim' },
      wallTimeS: {},
      failures: [],
    },
    solo,
    kernels,
    pairs: [],
    openLoop: [],
  };
}

/**
 * A calibration whose pairs (every unordered pair incl. self-pairs, in each mode) are the core's own
 * predictions under `truth`, times (1 + noise * N(0,1)). Open-loop runs for the first `openLoopPairs` pairs.
 */
export function syntheticCalibration(
  truth: CoreParams,
  opts: { workloads?: SyntheticWorkload[]; modes?: Mode[]; noise?: number; seed?: number; openLoopPairs?: number; loads?: number[] } = {},
): CalibrationData {
  const workloads = opts.workloads ?? SYNTHETIC_WORKLOADS;
  const cal = syntheticProfilesOnly(workloads);
  const profiles = buildProfiles(cal);
  const rng = makeRng(opts.seed ?? 7);
  const noise = opts.noise ?? 0.003;
  const ids = workloads.map((w) => syntheticRef(w).id);
  const pairs: PairMeasurement[] = [];
  const openLoop: OpenLoopMeasurement[] = [];
  for (const mode of opts.modes ?? (['timeslice', 'mps', 'streams'] as Mode[])) {
    let k = 0;
    for (let i = 0; i < ids.length; i++) {
      for (let j = i; j < ids.length; j++) {
        const a = profiles.get(ids[i] as string);
        const b = profiles.get(ids[j] as string);
        if (!a || !b) continue;
        const core = coreClosedLoop(mode, a, b, truth, { requests: 600 });
        const f = (): number => 1 + noise * rng.normal();
        const s: [number, number] = i === j ? [core.slowdown[0] * f(), 0] : [core.slowdown[0] * f(), core.slowdown[1] * f()];
        if (i === j) s[1] = s[0];
        pairs.push({
          mode,
          a: a.ref,
          b: b.ref,
          status: 'ok',
          slowdown: s,
          latencyMs: [s[0] * core.soloMs[0], s[1] * core.soloMs[1]],
          soloLatencyMs: core.soloMs,
          throughput: [1000 / (s[0] * core.soloMs[0]), 1000 / (s[1] * core.soloMs[1])],
          normThroughput: [1 / s[0], 1 / s[1]],
        });
        if (mode !== 'streams' && i !== j && k++ < (opts.openLoopPairs ?? 0)) {
          for (const load of opts.loads ?? [0.3, 0.6]) {
            const rates: [number, number] = [(load * 1000) / core.soloMs[0], (load * 1000) / core.soloMs[1]];
            // Measured as the runner measures: its arrival sequences, one 4 s window (the replications differ in
            // the service times alone).
            const arrivalSeeds = runnerArrivalSeeds(mode, load, 2);
            const [oa, ob] = coreOpenLoop(mode, a, b, truth, rates, [1, 1], { horizonRequests: 0, windowMs: 4000, replications: 4, arrivalSeeds });
            openLoop.push({
              mode,
              a: a.ref,
              b: b.ref,
              status: 'ok',
              load,
              ratesRps: rates,
              windowS: 4,
              arrivalSeeds,
              p50Ms: [oa.p50Ms, ob?.p50Ms ?? NaN],
              p99Ms: [oa.p99Ms, ob?.p99Ms ?? NaN],
              meanMs: [oa.meanMs, ob?.meanMs ?? NaN],
            });
          }
        }
      }
    }
  }
  cal.pairs = pairs;
  cal.openLoop = openLoop;
  return cal;
}
