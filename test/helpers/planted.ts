// A synthetic MPS calibration of eight workloads, two of them the probes, whose measured slowdowns carry what
// the core cannot see: each workload is more or less sensitive (victim term) and aggressive (aggressor term)
// than its profile says. Shared by the probe and effects layers' tests.
import { DEFAULT_CONCURRENT } from '../../src/predictor/concurrent.js';
import type { CoreParams } from '../../src/predictor/core.js';
import { trainingPairs, type FittedModel } from '../../src/predictor/fit.js';
import { pairSlowdowns } from '../../src/predictor/predict.js';
import { buildProfiles } from '../../src/predictor/profile.js';
import { makeRng } from '../../src/predictor/rng.js';
import { SYNTHETIC_WORKLOADS, syntheticCalibration, type SyntheticWorkload } from '../../src/predictor/synthetic.js';
import type { CalibrationData } from '../../src/types.js';

export const PLANTED_PROBES = ['alpha@b1s1', 'beta@b1s1'];

export function plantedCalibration(seed: number): { cal: CalibrationData; ids: string[] } {
  const truth: CoreParams = {
    timeslice: { quantumMs: 1.5, switchMs: 0.08, boundary: 'preempt' },
    mps: { ...DEFAULT_CONCURRENT, base: 0.05, wSm: 0.4, wDram: 0.2 },
    streams: { ...DEFAULT_CONCURRENT },
  };
  const workloads: SyntheticWorkload[] = [
    ...SYNTHETIC_WORKLOADS,
    { name: 'eta', gpuMs: 2.8, hostMs: 0.3, sm: 0.55, dram: 0.6, tensor: 0.35, occupancy: 0.4, kernels: 140 },
    { name: 'theta', gpuMs: 4.1, hostMs: 0.5, sm: 0.75, dram: 0.25, tensor: 0.6, occupancy: 0.45, kernels: 200 },
  ];
  const ids = workloads.map((w) => `${w.name}@b1s1`);
  const rng = makeRng(seed);
  const v = new Map(ids.map((id) => [id, 0.06 * rng.normal()]));
  const n = new Map(ids.map((id) => [id, 0.06 * rng.normal()]));
  const cal = syntheticCalibration(truth, { workloads, modes: ['mps'], noise: 0.002 });
  for (const p of cal.pairs) {
    const s = p.slowdown as [number, number];
    p.slowdown = [s[0] * Math.exp((v.get(p.a.id) ?? 0) + (n.get(p.b.id) ?? 0)), s[1] * Math.exp((v.get(p.b.id) ?? 0) + (n.get(p.a.id) ?? 0))];
  }
  return { cal, ids };
}

/**
 * Over the MPS pairs of the held-out workload: the mean absolute error of the model's slowdowns and of its
 * slowdowns without the probe co-runs (noProbe), the values counted, and whether each side was corrected.
 */
export function heldOutErrors(model: FittedModel, cal: CalibrationData, held: string): { fit: number; plain: number; n: number; corrected: boolean[] } {
  const fit: number[] = [];
  const plain: number[] = [];
  const corrected: boolean[] = [];
  for (const p of trainingPairs(cal, buildProfiles(cal)).filter((x) => x.a.id === held || x.b.id === held)) {
    const s = pairSlowdowns(model, 'mps', p.a, p.b);
    corrected.push(...s.probe);
    for (const i of [0, 1] as const) {
      fit.push(Math.abs((s.slowdown[i] as number) / p.measured[i] - 1));
      plain.push(Math.abs((s.noProbe[i] as number) / p.measured[i] - 1));
    }
  }
  const mean = (e: number[]): number => e.reduce((x, y) => x + y, 0) / e.length;
  return { fit: mean(fit), plain: mean(plain), n: fit.length, corrected };
}
