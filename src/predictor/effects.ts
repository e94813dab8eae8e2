// The effects layer (model version 26): what the core misses about each workload, fitted jointly on every
// measured pair the fit may use. log(measured / core) of A's slowdown next to B ~ mu + victim[A] + aggressor[B],
// ridge-shrunk towards 0 (lambda 1 on each effect, none on mu), over the training pairs and the probe co-runs of
// every workload, held-out ones included (a workload's co-runs next to the probes are part of its profile, as its
// solo runs are). A workload calibrated with pairs gets effects from all of them; a user's own workload, from its
// probe co-runs alone. The probe layer (probes.ts) estimates the same two terms from four residuals with fitted
// weights; the prediction is the geometric mean of the two where both apply (EFFECTS_WEIGHT), the effects
// alone beside the solo-profile layer where the probe layer does not. Kept for MPS and streams (EFFECTS_MODES),
// where the residuals are a property of a workload's kernels; see docs/method.md, "Effects layer".

import type { Mode } from '../types.js';
import type { FitExclusion, TrainingPair } from './fit.js';
import { loadMlr } from './regression.js';

export interface EffectsLayer {
  mu: number;
  /** Per workload id: its term as the one slowed. */
  victim: Record<string, number>;
  /** Per workload id: its term as the one slowing. */
  aggressor: Record<string, number>;
  lambda: number;
  /** Measured slowdowns the layer was fitted on. */
  n: number;
}

export interface EffectEntry {
  victim: string;
  aggressor: string;
  /** log(measured / core) of the victim's slowdown. */
  r: number;
}

/** Ridge penalty on each workload's two effects. */
export const EFFECTS_LAMBDA = 1;
/** Weight of the probe layer (or the solo-profile layer) in the log-space blend with the effects. */
export const EFFECTS_WEIGHT = 0.5;
/** Modes that get the layer. Time slicing's residuals carry each session's solo baseline, not the pair's. */
export const EFFECTS_MODES: readonly Mode[] = ['mps', 'streams'];

/**
 * The pairs of one mode the effects are fitted on: the training pairs, and the probe co-runs that are a
 * held-out workload's profile (its co-run next to a probe that is not held out, or next to itself), never a
 * pair the exclusion names (a self-pair's own fold names it: crossval's exclusionFor) nor another pair of a
 * held-out probe.
 */
export function effectPairs(mode: Mode, measured: readonly TrainingPair[], train: readonly TrainingPair[], probes: readonly string[], ex: FitExclusion | undefined): TrainingPair[] {
  const out = new Set<TrainingPair>(train.filter((p) => p.mode === mode));
  const held = (id: string): boolean => ex?.workloads?.has(id) ?? false;
  const profileOf = (w: string, r: string): boolean => probes.includes(r) && held(w) && (!held(r) || r === w);
  for (const p of measured) {
    if (p.mode !== mode || out.has(p) || ex?.pairs?.has(p.key)) continue;
    if (!(probes.includes(p.a.id) || probes.includes(p.b.id))) continue;
    if ((held(p.a.id) || held(p.b.id)) && !profileOf(p.a.id, p.b.id) && !profileOf(p.b.id, p.a.id)) continue;
    out.add(p);
  }
  return [...out];
}

/** Both sides of each pair as entries, with the core's slowdowns `coreOf` gives. */
export function effectEntries(pairs: readonly TrainingPair[], coreOf: (p: TrainingPair) => [number, number]): EffectEntry[] {
  return pairs.flatMap((p) => {
    const core = coreOf(p);
    if (!(p.measured[0] > 0 && p.measured[1] > 0 && core[0] > 0 && core[1] > 0)) return [];
    return [
      { victim: p.a.id, aggressor: p.b.id, r: Math.log(p.measured[0] / core[0]) },
      { victim: p.b.id, aggressor: p.a.id, r: Math.log(p.measured[1] / core[1]) },
    ];
  });
}

/** The ridge fit of mu and the two effects of every workload in the entries (undefined under eight entries). */
export async function fitEffects(entries: readonly EffectEntry[], lambda = EFFECTS_LAMBDA): Promise<EffectsLayer | undefined> {
  if (entries.length < 8) return undefined;
  const ids = [...new Set(entries.flatMap((e) => [e.victim, e.aggressor]))].sort();
  const at = new Map(ids.map((id, i) => [id, i]));
  const n = ids.length;
  const row = (set: [number, number][]): number[] => {
    const r = new Array<number>(1 + 2 * n).fill(0);
    for (const [j, v] of set) r[j] = v;
    return r;
  };
  const x = entries.map((e) => row([[0, 1], [1 + (at.get(e.victim) as number), 1], [1 + n + (at.get(e.aggressor) as number), 1]]));
  const y = entries.map((e) => [e.r]);
  // Ridge as least squares on augmented rows, as regression.ts does: sqrt(lambda) e_j with target 0.
  for (let j = 1; j <= 2 * n; j++) {
    x.push(row([[j, Math.sqrt(lambda)]]));
    y.push([0]);
  }
  const Mlr = await loadMlr();
  const coef = new Mlr(x, y, { intercept: false }).weights.map((w) => w[0] as number);
  if (!coef.every(Number.isFinite)) return undefined;
  return {
    mu: coef[0] as number,
    victim: Object.fromEntries(ids.map((id, i) => [id, coef[1 + i] as number])),
    aggressor: Object.fromEntries(ids.map((id, i) => [id, coef[1 + n + i] as number])),
    lambda,
    n: entries.length,
  };
}

/** The log correction of A's slowdown next to B, or undefined where A has no victim or B no aggressor term. */
export function effectOf(layer: EffectsLayer | undefined, a: string, b: string): number | undefined {
  const va = layer?.victim[a];
  const ab = layer?.aggressor[b];
  return layer && va !== undefined && ab !== undefined ? layer.mu + va + ab : undefined;
}

/** The slowdown from the layer below (probe or solo-profile) and the effects, blended in log space. */
export function blendEffects(below: number, coreSlowdown: number, effect: number): number {
  return Math.exp(EFFECTS_WEIGHT * Math.log(below) + (1 - EFFECTS_WEIGHT) * (Math.log(coreSlowdown) + effect));
}
