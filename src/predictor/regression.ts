// The small regression layer: a ridge-shrunk linear model of the core's residual in log slowdown,
// on a handful of features of the two solo profiles. Applying it needs no library (a dot product);
// fitting loads ml-regression-multivariate-linear lazily, so predict never pays for it.

import type { Mode } from '../types.js';
import type { WorkloadProfile } from './profile.js';
import { soloContext } from './core.js';
import { ape, mean } from './stats.js';

export const FEATURES = ['logCore', 'smSum', 'dramSum', 'neighbourBusy', 'logLengthRatio'] as const;

export interface RegressionLayer {
  features: readonly string[];
  /** Standardisation of each feature. */
  center: number[];
  scale: number[];
  /** Intercept first, then one weight per feature (on standardised features). */
  coef: number[];
  lambda: number;
  /** Inner leave-one-model-out MAPE of the core alone and with this layer, on the training pairs. */
  innerCoreMape: number;
  innerMape: number;
}

/** Features of A's slowdown next to B. Only solo-profile quantities and the core's own prediction. */
export function regressionFeatures(mode: Mode, a: WorkloadProfile, b: WorkloadProfile, coreSlowdown: number): number[] {
  const ctx = soloContext(mode);
  const busyB = Math.min(1, b.gpuMs / b.solo[ctx].mean);
  return [
    Math.log(Math.max(coreSlowdown, 1)),
    a.demand.sm + b.demand.sm,
    a.demand.dram + b.demand.dram,
    busyB,
    Math.log(a.solo[ctx].mean / b.solo[ctx].mean),
  ];
}

/** The corrected slowdown (never below 1). */
export function applyRegression(layer: RegressionLayer | undefined, feats: number[], coreSlowdown: number): number {
  if (!layer) return coreSlowdown;
  let z = layer.coef[0] as number;
  for (let i = 0; i < feats.length; i++) {
    z += (layer.coef[i + 1] as number) * (((feats[i] as number) - (layer.center[i] as number)) / (layer.scale[i] as number));
  }
  if (!Number.isFinite(z)) return coreSlowdown;
  return Math.max(1, coreSlowdown * Math.exp(z));
}

export interface RegressionRow {
  feats: number[];
  core: number;
  measured: number;
  /** Workload ids of the pair this row came from, for leave-one-model-out. */
  group: [string, string];
}

/** ml-regression's multivariate linear regression, as the fits here use it. */
export type MLRCtor = new (x: number[][], y: number[][], o?: { intercept?: boolean }) => { weights: number[][]; predict(x: number[]): number[] };

/** Loaded on first use, so predict never pays for it. */
export async function loadMlr(): Promise<MLRCtor> {
  const mod = (await import('ml-regression-multivariate-linear')) as unknown as { default: MLRCtor };
  return mod.default;
}

function ridge(Mlr: MLRCtor, rows: RegressionRow[], lambda: number, features: readonly string[] = FEATURES): RegressionLayer | undefined {
  if (rows.length < 4) return undefined;
  const k = rows[0]?.feats.length ?? 0;
  const center = new Array<number>(k).fill(0);
  const scale = new Array<number>(k).fill(1);
  for (let j = 0; j < k; j++) {
    const col = rows.map((r) => r.feats[j] as number);
    center[j] = mean(col);
    const sd = Math.sqrt(mean(col.map((x) => (x - (center[j] as number)) ** 2)));
    scale[j] = sd > 1e-9 ? sd : 1;
  }
  // Ridge as least squares on augmented rows: sqrt(lambda) * e_j with target 0 (the intercept is not shrunk).
  const x: number[][] = rows.map((r) => [1, ...r.feats.map((v, j) => (v - (center[j] as number)) / (scale[j] as number))]);
  const y: number[][] = rows.map((r) => [Math.log(r.measured / r.core)]);
  const s = Math.sqrt(lambda);
  for (let j = 0; j < k; j++) {
    const row = new Array<number>(k + 1).fill(0);
    row[j + 1] = s;
    x.push(row);
    y.push([0]);
  }
  const model = new Mlr(x, y, { intercept: false });
  const coef = model.weights.map((w) => w[0] as number);
  if (!coef.every(Number.isFinite)) return undefined;
  return { features, center, scale, coef, lambda, innerCoreMape: NaN, innerMape: NaN };
}

/**
 * Inner leave-one-model-out MAPE of the layer `fit` makes from the rows without each workload, on that
 * workload's rows (a fit returning undefined: the core alone).
 */
function innerLomo(rows: RegressionRow[], fit: (train: RegressionRow[]) => RegressionLayer | undefined): number {
  const ids = [...new Set(rows.flatMap((r) => r.group))];
  const errs: number[] = [];
  for (const id of ids) {
    const test = rows.filter((r) => r.group.includes(id));
    const layer = fit(rows.filter((r) => !r.group.includes(id)));
    for (const r of test) errs.push(ape(applyRegression(layer, r.feats, r.core), r.measured));
  }
  return mean(errs);
}

const coreAlone = (): undefined => undefined;

export const LAMBDAS = [0.3, 3, 30];

/**
 * Fit the layer on training rows and keep it only if it beats the core alone in an inner leave-one-model-out
 * on those rows (by at least 3 % relative). Returns undefined when the core alone is as good. `features` names
 * the columns of the rows' feats (the solo-profile features unless told).
 */
export async function fitRegression(rows: RegressionRow[], features: readonly string[] = FEATURES): Promise<RegressionLayer | undefined> {
  const ids = new Set(rows.flatMap((r) => r.group));
  if (rows.length < 8 || ids.size < 4) return undefined;
  const Mlr = await loadMlr();
  const coreMape = innerLomo(rows, coreAlone);
  let best: { lambda: number; mape: number } | undefined;
  for (const lambda of LAMBDAS) {
    const m = innerLomo(rows, (train) => ridge(Mlr, train, lambda));
    if (!best || m < best.mape) best = { lambda, mape: m };
  }
  if (!best || !(best.mape < coreMape * 0.97)) return undefined;
  const layer = ridge(Mlr, rows, best.lambda, features);
  if (!layer) return undefined;
  return { ...layer, innerCoreMape: coreMape, innerMape: best.mape };
}

/** Steps of the mean-residual layer's two weights (0 to 1.5 in 0.05). */
const MEAN_WEIGHTS = Array.from({ length: 31 }, (_, i) => i * 0.05);

/** The two weights (victim, aggressor) of the mean-residual layer with the least MAPE on `rows`. */
function fitMeanWeights(rows: RegressionRow[], n: number): [number, number] {
  const mv = rows.map((r) => mean(r.feats.slice(0, n)));
  const ma = rows.map((r) => mean(r.feats.slice(n)));
  let best: [number, number] = [0, 0];
  let bestErr = Infinity;
  for (const kv of MEAN_WEIGHTS) {
    for (const ka of MEAN_WEIGHTS) {
      let e = 0;
      rows.forEach((r, i) => {
        e += ape(Math.max(1, r.core * Math.exp(kv * (mv[i] as number) + ka * (ma[i] as number))), r.measured);
      });
      if (e < bestErr) {
        bestErr = e;
        best = [kv, ka];
      }
    }
  }
  return best;
}

function meanLayer(features: readonly string[], n: number, [kv, ka]: [number, number]): RegressionLayer {
  const k = features.length;
  const coef = [0, ...Array.from({ length: k }, (_, j) => (j < n ? kv : ka) / n)];
  return { features, center: new Array<number>(k).fill(0), scale: new Array<number>(k).fill(1), coef, lambda: 0, innerCoreMape: NaN, innerMape: NaN };
}

/**
 * The probe layer's two-weight alternative to the ridge layer: two weights only, on the mean of the victim
 * features (the first half of each row: the workload's log residual next to each probe) and of the aggressor
 * features (the second half), no intercept. Small data (a GPU with few paired workloads) often leaves the
 * four-feature ridge short of its 3 % margin, or shrinks it hard, while a workload's own residual next to the
 * probes still says which way the core misses it. Returned where it beats the core alone in the same inner
 * leave-one-model-out (any margin), with that inner MAPE, so the fit can take whichever of the two does better.
 */
export function fitMeanProbeLayer(rows: RegressionRow[], features: readonly string[]): RegressionLayer | undefined {
  const ids = [...new Set(rows.flatMap((r) => r.group))];
  const n = features.length / 2;
  if (rows.length < 8 || ids.length < 4 || !Number.isInteger(n) || n < 1) return undefined;
  const coreMape = innerLomo(rows, coreAlone);
  const innerMape = innerLomo(rows, (train) => meanLayer(features, n, fitMeanWeights(train, n)));
  if (!(innerMape < coreMape)) return undefined;
  return { ...meanLayer(features, n, fitMeanWeights(rows, n)), innerCoreMape: coreMape, innerMape };
}

/** Of two candidate layers (either may be missing), the one with the lower inner leave-one-model-out MAPE; the first on a tie. */
export function betterLayer(first: RegressionLayer | undefined, second: RegressionLayer | undefined): RegressionLayer | undefined {
  if (!first || !second) return first ?? second;
  return first.innerMape <= second.innerMape ? first : second;
}

