// Predicting one GPU from another GPU's calibration alone (spec-ratio transfer).
import { describe, expect, it } from 'vitest';
import { GPU_SPECS, gpuDistance, nearestCalibrated } from '../src/gpus.js';
import { DEFAULT_CONCURRENT } from '../src/predictor/concurrent.js';
import type { CoreParams } from '../src/predictor/core.js';
import { buildProfiles } from '../src/predictor/profile.js';
import { SYNTHETIC_WORKLOADS, syntheticCalibration, syntheticProfilesOnly, syntheticRef, type SyntheticWorkload } from '../src/predictor/synthetic.js';
import { gpuTimeFactor, memoryBoundFraction, transferProfile } from '../src/predictor/transfer.js';
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
  }, 600_000);
});
