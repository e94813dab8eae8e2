// Predicting one GPU from another GPU's calibration alone (spec-ratio transfer).
import { describe, expect, it } from 'vitest';
import { GPU_SPECS, gpuDistance, nearestCalibrated } from '../src/gpus.js';
import { DEFAULT_CONCURRENT } from '../src/predictor/concurrent.js';
import type { CoreParams } from '../src/predictor/core.js';
import { buildProfiles } from '../src/predictor/profile.js';
import { SYNTHETIC_WORKLOADS, syntheticCalibration, syntheticProfilesOnly, syntheticRef, type SyntheticWorkload } from '../src/predictor/synthetic.js';
import { gpuTimeFactor, kernelMemoryShare, memoryBoundFraction, sequenceMemoryShares, transferProfile } from '../src/predictor/transfer.js';
import { transferCheck, transferSource } from '../src/validate/transfer.js';

const truth: CoreParams = {
  timeslice: { quantumMs: 2, switchMs: 0.05, boundary: 'preempt', jitter: 0.1 },
  mps: { ...DEFAULT_CONCURRENT, wSm: 0.4, base: 0.05, asymSm: 0.5 },
  streams: { ...DEFAULT_CONCURRENT },
};
const h100 = GPU_SPECS.h100!;
const h200 = GPU_SPECS.h200!;

describe('GPU spec table', () => {
  it('covers the GPUs the issue names, with sane figures', () => {
    for (const g of ['v100', 'a100', 'a100_40', 'a100_80', 'l4', 'a10', 't4', 'rtx2080ti', 'rtx4090', 'h100', 'h200']) {
      const s = GPU_SPECS[g];
      expect(s, g).toBeDefined();
      expect(s!.sms).toBeGreaterThan(20);
      expect(s!.memoryBandwidthGBs).toBeGreaterThan(200);
      expect(s!.fp16TensorTflops).toBeGreaterThan(20);
    }
    expect(nearestCalibrated(h200, ['a100', 'h100', 't4'])).toBe('h100');
    expect(gpuDistance(h100, h200)).toBeLessThan(gpuDistance(GPU_SPECS.a100!, h200));
    expect(transferSource('h200', ['h200'])).toBeUndefined();
    expect(transferSource('h200', ['h200', 'h100'])).toBe('h100');
  });

  it('moving to more bandwidth speeds up memory-bound work more than compute-bound work', () => {
    const p = buildProfiles(syntheticProfilesOnly());
    const mem = p.get('delta@b1s1')!;
    const comp = p.get('gamma@b1s1')!;
    expect(memoryBoundFraction(mem)).toBeGreaterThan(memoryBoundFraction(comp));
    expect(gpuTimeFactor(mem, h100, h200)).toBeLessThan(gpuTimeFactor(comp, h100, h200));
    expect(gpuTimeFactor(comp, h100, h200)).toBeLessThanOrEqual(1);
    const moved = transferProfile(mem, h100, h200);
    expect(moved.solo.exclusive.mean).toBeLessThan(mem.solo.exclusive.mean);
    expect(moved.solo.exclusive.mean - moved.gpuMs).toBeCloseTo(mem.solo.exclusive.mean - mem.gpuMs, 9);
  });
});

describe('per-kernel transfer (ncu launch configurations)', () => {
  it('a kernel\'s DRAM share is its DRAM throughput, weighted by how far DRAM rather than the SMs bounds it', () => {
    expect(kernelMemoryShare({ dramPct: 80, smPct: 10 })).toBeCloseTo(0.8, 12);
    expect(kernelMemoryShare({ dramPct: 40, smPct: 80 })).toBeCloseTo(0.2, 12);
    expect(kernelMemoryShare({ dramPct: 0, smPct: 0 })).toBe(0);
    expect(kernelMemoryShare({})).toBe(0);
  });

  it('moves each kernel by its own share; kernels ncu did not measure get the measured ones\' time-weighted share', () => {
    const base = buildProfiles(syntheticProfilesOnly()).get('delta@b1s1')!;
    const cfg = (grid: number, dramPct: number, smPct: number) =>
      ({ grid, block: 128, regs: 32, smem: 0, durUs: 10, achievedOccPct: 50, theoreticalOccPct: 100, smActivePct: 90, dramPct, smPct });
    const p = {
      ...base,
      sequenceUs: [100, 300, 50],
      sequenceShape: [[132, 128, 32, 0, 50], [264, 128, 32, 0, 50], [7, 64, 16, 0, 10]],
      launchConfigs: [cfg(132, 90, 20), cfg(264, 20, 80)],
    };
    const m = sequenceMemoryShares(p)!;
    expect(m[0]).toBeCloseTo(0.9, 12);
    expect(m[1]).toBeCloseTo(0.05, 12);
    expect(m[2]).toBeCloseTo((100 * 0.9 + 300 * 0.05) / 400, 12);
    const rb = h100.memoryBandwidthGBs / h200.memoryBandwidthGBs;
    const moved = transferProfile(p, h100, h200);
    expect(moved.sequenceUs![0]).toBeCloseTo(100 * (0.9 * rb + 0.1), 9);
    expect(moved.sequenceUs![1]).toBeCloseTo(300 * (0.05 * rb + 0.95), 9);
    const f = moved.sequenceUs!.reduce((a, b) => a + b, 0) / 450;
    expect(gpuTimeFactor(p, h100, h200)).toBeCloseTo(f, 12);
    expect(moved.gpuMs).toBeCloseTo(p.gpuMs * f, 12);
    // no measured configuration matches: the request-level split, and the sequence as it was
    const unmatched = { ...p, launchConfigs: [cfg(1, 90, 20)] };
    expect(sequenceMemoryShares(unmatched)).toBeUndefined();
    expect(transferProfile(unmatched, h100, h200).sequenceUs).toEqual(p.sequenceUs);
    const fm = memoryBoundFraction(p);
    expect(gpuTimeFactor(unmatched, h100, h200)).toBeCloseTo(fm * rb + (1 - fm), 12);
  });
});

describe('transferCheck', () => {
  it('predicts the target GPU\'s pairs from the source calibration when the target follows the transfer law', async () => {
    const workloads = SYNTHETIC_WORKLOADS.slice(0, 4);
    const src = syntheticCalibration(truth, { workloads, modes: ['timeslice', 'mps'] });
    const srcProfiles = buildProfiles(src);
    // The target GPU's workloads: the source ones moved by the spec ratios.
    const moved: SyntheticWorkload[] = workloads.map((w) => {
      const p = transferProfile(srcProfiles.get(syntheticRef(w).id)!, h100, h200);
      return { ...w, gpuMs: p.gpuMs, sm: p.demand.sm, dram: p.demand.dram, tensor: p.demand.tensor, occupancy: p.demand.occupancy };
    });
    const tgt = syntheticCalibration(truth, { workloads: moved, modes: ['timeslice', 'mps'], seed: 11 });
    const r = await transferCheck({ gpu: 'h100', cal: src }, { gpu: 'h200', cal: tgt });
    expect(r.records.length).toBe(tgt.pairs.length);
    expect(r.records.every((x) => x.split === 'transfer')).toBe(true);
    const errs = r.records.flatMap((x) => [0, 1].map((i) => Math.abs(x.predicted[i]! / x.measured[i]! - 1)));
    expect(errs.reduce((a, b) => a + b, 0) / errs.length).toBeLessThan(0.04);
    for (const s of r.soloErrors) expect(Math.abs(s.predictedMs / s.measuredMs - 1)).toBeLessThan(0.01);
    // Beside it, the target's own solo profiles with the source's constants: as good where the law holds.
    const own = r.records.flatMap((x) => [0, 1].map((i) => Math.abs(x.baselines!.ownProfiles![i]! / x.measured[i]! - 1)));
    expect(own).toHaveLength(errs.length);
    expect(own.reduce((a, b) => a + b, 0) / own.length).toBeLessThan(0.04);
  }, 600_000);
});
