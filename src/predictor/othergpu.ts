// The other GPU's measurement of the same pair (tenth 2026-12-07 session). Under MPS and streams a pair's miss is
// largely its own (two small victims next to one neighbour miss in opposite directions; no feature of the two
// workloads tells it: docs/accuracy.md), and the same pair misses the same way on the other Hopper: the residuals
// log(measured / predicted) of the 150 pairs both calibrations measured correlate +0.71 to +0.75 between the H100
// and the H200 (benchmarks/experiments/other-gpu/screen.py). So where another calibrated GPU has measured the pair
// in the mode, its residual of the solo-profile prediction, r = log(measured / solo-profile prediction) there, moves
// this GPU's solo-profile prediction, blended with this GPU's full one in log space:
//   slowdown = noProbe * exp((1 - w) * log(full / noProbe) + w * r),   w = OTHER_GPU_WEIGHT.
// Not for time slicing, whose residuals carry each session's solo baseline, not the pair's (correlation +0.1).
// Only between GPUs of one architecture in the spec table (gpus.ts sameArchitecture; the repeat is shown for the two
// Hoppers), and there also for estimates: a GPU without calibration or with solo profiles only (predict, and the
// transfer check with the source GPU's own pairs).

import type { Mode } from '../types.js';

/** Weight of the other GPU's residual in the log-space blend (0.5 and 0.75 screened; 0.5 is no worse on either GPU's fresh sets). */
export const OTHER_GPU_WEIGHT = 0.5;
/** Modes whose pair residuals repeat across GPUs. */
export const OTHER_GPU_MODES: readonly Mode[] = ['mps', 'streams'];

/** One calibrated GPU's measured pairs, as residuals of its own solo-profile predictions (predict.ts otherGpu). */
export interface OtherGpuPairs {
  gpu: string;
  /** log(measured / solo-profile prediction) of each side of the pair (a, b) measured there in `mode`, if it was. */
  residual(mode: Mode, a: string, b: string): [number, number] | undefined;
}

/** This GPU's prediction moved by the other GPU's residual of the same pair (the blend above). */
export function withOtherGpu(full: readonly [number, number], noProbe: readonly [number, number], r: readonly [number, number], w = OTHER_GPU_WEIGHT): [number, number] {
  const side = (i: 0 | 1): number => {
    const [f, p] = [full[i], noProbe[i]];
    return p > 0 && f > 0 ? p * Math.exp((1 - w) * Math.log(f / p) + w * r[i]) : f;
  };
  return [side(0), side(1)];
}
