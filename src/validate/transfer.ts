// Transfer check: predict a calibrated GPU's measured pairs from ANOTHER GPU's calibration alone (its solo
// profiles moved by the spec ratios, its fitted constants), as coloc does for a GPU without calibration; and,
// as `ownProfiles`, from the target GPU's own solo profiles with the other GPU's constants, as coloc does for a
// GPU calibrated with solo profiles only (calibrate --no-pairs). Both, as predict does, moved under MPS and streams by
// the source GPU's own residual of the pair where it measured it and shares the target's architecture (othergpu.ts;
// the prediction without it kept as `thisGpu`).

import { gpuSpec, nearestCalibrated, sameArchitecture } from '../gpus.js';
import { fitModel, transferModel, type FittedModel } from '../predictor/fit.js';
import { otherGpu, pairSlowdowns } from '../predictor/predict.js';
import { buildProfiles } from '../predictor/profile.js';
import { transferProfile } from '../predictor/transfer.js';
import type { CalibrationData, ValidationRecord } from '../types.js';

export interface TransferResult {
  records: ValidationRecord[];
  /** Relative error of transferred solo latency (exclusive) per workload. */
  soloErrors: { workload: string; predictedMs: number; measuredMs: number }[];
}

export async function transferCheck(
  source: { gpu: string; cal: CalibrationData; model?: FittedModel },
  target: { gpu: string; cal: CalibrationData },
): Promise<TransferResult> {
  const from = gpuSpec(source.gpu);
  const to = gpuSpec(target.gpu);
  if (!from || !to) throw new Error(`transfer check needs spec entries for ${source.gpu} and ${target.gpu}`);
  // As predict does for a GPU without calibration: the source GPU's probe and effects layers in MPS and streams only.
  const sourceModel = source.model ?? (await fitModel(source.cal, source.gpu));
  const model = transferModel(sourceModel);
  const others = sameArchitecture(source.gpu, target.gpu) ? [otherGpu(source.gpu, source.cal, sourceModel)] : [];
  const srcProfiles = buildProfiles(source.cal);
  const tgtProfiles = buildProfiles(target.cal);
  const moved = new Map([...srcProfiles].map(([id, p]) => [id, transferProfile(p, from, to)]));
  const records: ValidationRecord[] = [];
  for (const m of target.cal.pairs) {
    if (m.status !== 'ok' || !m.slowdown) continue;
    const a = moved.get(m.a.id);
    const b = moved.get(m.b.id);
    if (!a || !b) continue;
    const s = pairSlowdowns(model, m.mode, a, b, undefined, others);
    const ownA = tgtProfiles.get(m.a.id);
    const ownB = tgtProfiles.get(m.b.id);
    const own = ownA && ownB ? pairSlowdowns(model, m.mode, ownA, ownB, undefined, others).slowdown : undefined;
    records.push({
      gpu: target.gpu,
      mode: m.mode,
      split: 'transfer',
      a: a.id,
      b: b.id,
      measured: m.slowdown,
      predicted: s.slowdown,
      ...(m.latencyMs ? { measuredLatencyMs: m.latencyMs } : {}),
      predictedLatencyMs: s.latencyMs,
      ...(own || s.otherGpu ? { baselines: { ...(own ? { ownProfiles: own } : {}), ...(s.otherGpu ? { thisGpu: s.otherGpu.thisGpu } : {}) } } : {}),
    });
  }
  const soloErrors = [...moved.values()]
    .filter((p) => tgtProfiles.has(p.id))
    .map((p) => ({ workload: p.id, predictedMs: p.solo.exclusive.mean, measuredMs: (tgtProfiles.get(p.id) as { solo: { exclusive: { mean: number } } }).solo.exclusive.mean }));
  return { records, soloErrors };
}

/** The calibrated GPU (other than `gpu`) to check transfer from: the nearest by spec, or undefined. */
export function transferSource(gpu: string, calibrated: string[]): string | undefined {
  const to = gpuSpec(gpu);
  if (!to) return undefined;
  return nearestCalibrated(to, calibrated.filter((g) => g !== gpu));
}
