// Baselines the predictor is compared with, fitted on the same training pairs as each fold:
//  - mean: the mean measured slowdown of the mode;
//  - linear: least squares of slowdown on the two workloads' SM, DRAM (and L2 hit, where every profile has it)
//    utilisation, as published GPU-sharing schedulers do (e.g. gpulet's interference model).

import type { CalibrationData, Mode, PredictorName } from '../types.js';
import { excluded, trainingPairs, type FitExclusion } from '../predictor/fit.js';
import type { WorkloadProfile } from '../predictor/profile.js';
import { loadMlr } from '../predictor/regression.js';
import { mean } from '../predictor/stats.js';

export interface BaselineModels {
  predict(mode: Mode, a: WorkloadProfile, b: WorkloadProfile): Partial<Record<PredictorName, [number, number]>>;
}

function utilFeatures(a: WorkloadProfile, b: WorkloadProfile, useL2: boolean): number[] {
  const f = [a.gpm.sm, a.gpm.dram, b.gpm.sm, b.gpm.dram];
  if (useL2) f.push((a.l2HitPct ?? 0) / 100, (b.l2HitPct ?? 0) / 100);
  return f;
}

export async function fitBaselines(cal: CalibrationData, profiles: Map<string, WorkloadProfile>, ex: FitExclusion, modes: Mode[]): Promise<BaselineModels> {
  const Mlr = await loadMlr();
  const useL2 = [...profiles.values()].every((p) => p.l2HitPct !== undefined);
  const pairs = trainingPairs(cal, profiles).filter((p) => !excluded(p, ex));
  const means = new Map<Mode, number>();
  const linear = new Map<Mode, { predict(x: number[]): number[] }>();
  for (const mode of modes) {
    const mp = pairs.filter((p) => p.mode === mode);
    if (mp.length === 0) continue;
    means.set(mode, mean(mp.flatMap((p) => p.measured)));
    const x: number[][] = [];
    const y: number[][] = [];
    for (const p of mp) {
      x.push(utilFeatures(p.a, p.b, useL2));
      y.push([p.measured[0]]);
      x.push(utilFeatures(p.b, p.a, useL2));
      y.push([p.measured[1]]);
    }
    // A whisper of ridge keeps the solve defined when there are fewer rows than features or collinear ones.
    const k = x[0]?.length ?? 0;
    for (let j = 0; j < k; j++) {
      const row = new Array<number>(k).fill(0);
      row[j] = 1e-3;
      x.push(row);
      y.push([mean(y.map((v) => v[0] as number))]);
    }
    linear.set(mode, new Mlr(x, y, { intercept: true }));
  }
  return {
    predict(mode, a, b) {
      const out: Partial<Record<PredictorName, [number, number]>> = {};
      const m = means.get(mode);
      if (m !== undefined) out.mean = [m, m];
      const l = linear.get(mode);
      if (l) {
        const pa = l.predict(utilFeatures(a, b, useL2))[0] as number;
        const pb = l.predict(utilFeatures(b, a, useL2))[0] as number;
        out.linear = [Math.max(1, pa), Math.max(1, pb)];
      }
      return out;
    },
  };
}
