// Probe co-runs. Every workload's profile includes its co-runs next to a few fixed probe workloads
// (models/catalog.json "probes"), measured like its solo runs: a user's own model gets them from `coloc
// calibrate --model-file`, without any of its other pairs. How far the core misses a workload's probe co-runs,
// as the one slowed (victim) and as the one slowing (aggressor), says how far it will miss that workload's
// other pairs: the probe layer is a small regression of a pair's residual on those four numbers (two probes
// x victim / aggressor), fitted on the training pairs. A pair that includes a probe uses the other probes'
// co-runs only (its co-run next to that probe is the pair itself), with a layer of its own fitted on those
// features; where a workload lacks a co-run, or no probe is left, the prediction is the core's (and the
// solo-profile regression layer where kept). Bubble-Up (Mars et al., MICRO 2011) characterises workloads the same way,
// against one synthetic pressure source.

import type { Mode } from '../types.js';
import type { EffectsLayer } from './effects.js';
import type { RegressionLayer } from './regression.js';

/** One workload's log(measured / core) slowdown in its co-run next to each probe (null where not measured). */
export interface ProbeResiduals {
  /** Its own slowdown next to probe i. */
  victim: (number | null)[];
  /** Probe i's slowdown next to it. */
  aggressor: (number | null)[];
}

export interface ProbeModel {
  /** Workload ids of the probes, in the order of the features. */
  ids: string[];
  /** Per mode and workload id, from the fitted core. */
  residuals: Partial<Record<Mode, Record<string, ProbeResiduals>>>;
  /**
   * Per mode, a layer for each set of probes a pair can use (key: their ids joined by ','; all of them for a
   * pair without a probe), where it beat the core in the inner leave-one-model-out.
   */
  layers: Partial<Record<Mode, Record<string, RegressionLayer>>>;
  /** The effects layer of MPS and streams: each workload's terms as the one slowed and the one slowing (effects.ts). */
  effects?: Partial<Record<Mode, EffectsLayer>>;
}

export function probeFeatureNames(use: readonly string[]): string[] {
  return [...use.map((p) => `victimNext:${p}`), ...use.map((p) => `aggressorFor:${p}`)];
}

/** The probes a pair of a and b can use: those it does not include. */
export function usableProbes(ids: readonly string[], a: string, b: string): string[] {
  return ids.filter((p) => p !== a && p !== b);
}

/** Every set of probes some pair can use: all of them, and all but one (for a pair with one probe). */
export function probeSets(ids: readonly string[]): string[][] {
  const sets = [[...ids], ...ids.map((x) => ids.filter((p) => p !== x))].filter((s) => s.length > 0);
  return [...new Map(sets.map((s) => [s.join(','), s])).values()];
}

/** A measured pair of one mode with the core's slowdowns for it. */
export interface CoredPair {
  a: string;
  b: string;
  measured: [number, number];
  core: [number, number];
}

/** Residuals of every workload with a co-run next to a probe, from the measured pairs of one mode. */
export function probeResiduals(ids: readonly string[], pairs: readonly CoredPair[]): Record<string, ProbeResiduals> {
  const out: Record<string, ProbeResiduals> = {};
  const entry = (w: string): ProbeResiduals => (out[w] ??= { victim: ids.map(() => null), aggressor: ids.map(() => null) });
  const r = (p: CoredPair, side: 0 | 1): number => Math.log(p.measured[side] / p.core[side]);
  for (const p of pairs) {
    if (!(p.measured[0] > 0 && p.measured[1] > 0 && p.core[0] > 0 && p.core[1] > 0)) continue;
    const ib = ids.indexOf(p.b);
    if (ib >= 0) {
      entry(p.a).victim[ib] = r(p, 0);
      entry(p.a).aggressor[ib] = r(p, 1);
    }
    const ia = ids.indexOf(p.a);
    if (ia >= 0) {
      entry(p.b).victim[ia] = r(p, 1);
      entry(p.b).aggressor[ia] = r(p, 0);
    }
  }
  return out;
}

/**
 * Features of a's slowdown next to b from the probes in `use` (by default those the pair can use): a's
 * residuals as victim of each, b's as aggressor on each, and the key of that set of probes. Undefined when no
 * probe is left or a residual is missing.
 */
export function probeFeatures(
  ids: readonly string[],
  res: Record<string, ProbeResiduals> | undefined,
  a: string,
  b: string,
  use: readonly string[] = usableProbes(ids, a, b),
): { key: string; feats: number[] } | undefined {
  const ra = res?.[a];
  const rb = res?.[b];
  if (!use.length || !ra || !rb) return undefined;
  const at = use.map((p) => ids.indexOf(p));
  const feats = [...at.map((i) => ra.victim[i]), ...at.map((i) => rb.aggressor[i])];
  return feats.every((v): v is number => typeof v === 'number' && Number.isFinite(v)) ? { key: use.join(','), feats } : undefined;
}
