// The other GPU's measurement of the same pair (tenth 2026-12-07 session). Under MPS and streams a pair's miss is
// largely its own (two small victims next to one neighbour miss in opposite directions; no feature of the two
// workloads tells it: docs/accuracy.md), and the same pair misses the same way on the other Hopper: the residuals
// log(measured / predicted) of the 150 pairs both calibrations measured correlate +0.71 to +0.75 between the H100
// and the H200 (benchmarks/experiments/other-gpu/screen.py). So where another calibrated GPU has measured the pair
// in the mode, its residual of the solo-profile prediction, r = log(measured / solo-profile prediction) there, moves
// this GPU's solo-profile prediction, blended with this GPU's full one in log space:
//   slowdown = noProbe * exp((1 - w) * log(full / noProbe) + w * r),   w = OTHER_GPU_WEIGHT.
// Not for time slicing, whose residuals carry each session's solo baseline, not the pair's (correlation +0.1).

import type { CalibrationData, Mode } from '../types.js';
import type { FittedModel } from './fit.js';
import { buildProfile, type WorkloadProfile } from './profile.js';

/** Weight of the other GPU's residual in the log-space blend (0.5 and 0.75 screened; 0.5 is no worse on either GPU's fresh sets). */
export const OTHER_GPU_WEIGHT = 0.5;
/** Modes whose pair residuals repeat across GPUs. */
export const OTHER_GPU_MODES: readonly Mode[] = ['mps', 'streams'];

/** One calibrated GPU's measured pairs, as residuals of its own solo-profile predictions. */
export interface OtherGpuPairs {
  gpu: string;
  /** log(measured / solo-profile prediction) of each side of the pair (a, b) measured there in `mode`, if it was. */
  residual(mode: Mode, a: string, b: string): [number, number] | undefined;
}

type NoProbe = (model: FittedModel, mode: Mode, a: WorkloadProfile, b: WorkloadProfile) => [number, number];

/**
 * The residuals of `gpu`'s calibrated pairs, from its calibration and its fitted model (both its own: nothing of
 * the GPU being predicted). `noProbe` is the solo-profile prediction (pairSlowdowns' noProbe), passed in to keep
 * this module below predict.ts. Computed on first use and kept.
 */
export function otherGpuPairs(gpu: string, cal: CalibrationData, model: FittedModel, noProbe: NoProbe): OtherGpuPairs {
  const cache = new Map<string, [number, number] | null>();
  const profiles = new Map<string, WorkloadProfile | undefined>();
  const profile = (id: string): WorkloadProfile | undefined => {
    if (!profiles.has(id)) profiles.set(id, buildProfile(cal, id));
    return profiles.get(id);
  };
  return {
    gpu,
    residual(mode, a, b) {
      if (!OTHER_GPU_MODES.includes(mode)) return undefined;
      const key = `${mode}|${a}|${b}`;
      if (!cache.has(key)) {
        let found: [number, number] | null = null;
        const m = cal.pairs.find((p) => p.mode === mode && p.status === 'ok' && p.slowdown && ((p.a.id === a && p.b.id === b) || (p.a.id === b && p.b.id === a)));
        const [pa, pb] = [profile(a), profile(b)];
        if (m?.slowdown && pa && pb) {
          const measured: [number, number] = m.a.id === a ? [m.slowdown[0], m.slowdown[1]] : [m.slowdown[1], m.slowdown[0]];
          const plain = noProbe(model, mode, pa, pb);
          if (measured.every((x) => x > 0) && plain.every((x) => x > 0)) found = [Math.log(measured[0] / plain[0]), Math.log(measured[1] / plain[1])];
        }
        cache.set(key, found);
      }
      return cache.get(key) ?? undefined;
    },
  };
}

/** This GPU's prediction moved by the other GPU's residual of the same pair (the blend above). */
export function withOtherGpu(full: readonly [number, number], noProbe: readonly [number, number], r: readonly [number, number], w = OTHER_GPU_WEIGHT): [number, number] {
  const side = (i: 0 | 1): number => {
    const [f, p] = [full[i], noProbe[i]];
    return p > 0 && f > 0 ? p * Math.exp((1 - w) * Math.log(f / p) + w * r[i]) : f;
  };
  return [side(0), side(1)];
}
