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

import type { Mode, PairMeasurement } from '../types.js';

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

/** One pair's measured slowdowns (a, b) in one mode, from a session after the calibration (a fresh set). */
export interface SessionPair {
  mode: Mode;
  a: string;
  b: string;
  slowdown: [number, number];
}

/**
 * A fresh set's pairs of OTHER_GPU_MODES (FittedModel.sessionPairs): another GPU of this architecture takes them as
 * this one's measurement of a pair its calibration lacks (predict.ts otherGpu).
 */
export interface SessionPairs {
  /** The set's folder name (fresh-2026-12-06h). */
  name: string;
  pairs: SessionPair[];
}

/** The ok pairs of OTHER_GPU_MODES of a fresh set, as SessionPairs. */
export function sessionPairsOf(name: string, pairs: readonly PairMeasurement[]): SessionPairs {
  return {
    name,
    pairs: pairs
      .filter((p) => p.status === 'ok' && p.slowdown && OTHER_GPU_MODES.includes(p.mode))
      .map((p) => ({ mode: p.mode, a: p.a.id, b: p.b.id, slowdown: p.slowdown as [number, number] })),
  };
}

/**
 * The slowdowns (a, b) of the pair in `mode` over the sessions that measured it (either order), each side the
 * geometric mean of theirs; undefined where none did.
 */
export function sessionMeasured(sessions: readonly SessionPairs[], mode: Mode, a: string, b: string): [number, number] | undefined {
  const logs: [number, number][] = [];
  for (const s of sessions) {
    for (const p of s.pairs) {
      if (p.mode !== mode || !(p.slowdown[0] > 0 && p.slowdown[1] > 0)) continue;
      if (p.a === a && p.b === b) logs.push([Math.log(p.slowdown[0]), Math.log(p.slowdown[1])]);
      else if (p.a === b && p.b === a) logs.push([Math.log(p.slowdown[1]), Math.log(p.slowdown[0])]);
    }
  }
  if (!logs.length) return undefined;
  const mean = (i: 0 | 1): number => Math.exp(logs.reduce((t, l) => t + l[i], 0) / logs.length);
  return [mean(0), mean(1)];
}
