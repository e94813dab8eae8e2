// Small numeric helpers shared by the predictor and validation.

export function mean(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Quantile with linear interpolation (q in 0..1) of an unsorted array. */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return quantileSorted(s, q);
}

export function quantileSorted(s: ArrayLike<number>, q: number): number {
  const n = s.length;
  if (n === 0) return NaN;
  const pos = Math.min(Math.max(q, 0), 1) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  return (s[lo] as number) + ((s[hi] as number) - (s[lo] as number)) * (pos - lo);
}

export function median(xs: readonly number[]): number {
  return quantile(xs, 0.5);
}

/** Absolute percentage error as a fraction. */
export function ape(predicted: number, measured: number): number {
  return Math.abs(predicted - measured) / Math.abs(measured);
}

export function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/** Nelder-Mead minimisation (unconstrained; callers clamp inside f). */
export function nelderMead(
  f: (x: number[]) => number,
  start: number[],
  opts: { step?: number[]; maxIter?: number; tol?: number } = {},
): { x: number[]; fx: number } {
  const n = start.length;
  const maxIter = opts.maxIter ?? 200 * n;
  const tol = opts.tol ?? 1e-7;
  const simplex: number[][] = [start.slice()];
  for (let i = 0; i < n; i++) {
    const p = start.slice();
    p[i] = (p[i] as number) + (opts.step?.[i] ?? (Math.abs(p[i] as number) > 1e-9 ? 0.1 * (p[i] as number) : 0.05));
    simplex.push(p);
  }
  let values = simplex.map(f);
  for (let iter = 0; iter < maxIter; iter++) {
    const order = values.map((v, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number));
    const pts = order.map((i) => simplex[i] as number[]);
    const vals = order.map((i) => values[i] as number);
    simplex.splice(0, simplex.length, ...pts);
    values = vals;
    if (Math.abs((values[n] as number) - (values[0] as number)) < tol) break;
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j] = (centroid[j] as number) + (pts[i]![j] as number) / n;
    const worst = pts[n] as number[];
    const along = (t: number): number[] => centroid.map((c, j) => c + t * ((worst[j] as number) - c));
    const refl = along(-1);
    const fr = f(refl);
    if (fr < (values[0] as number)) {
      const exp = along(-2);
      const fe = f(exp);
      if (fe < fr) [simplex[n], values[n]] = [exp, fe];
      else [simplex[n], values[n]] = [refl, fr];
    } else if (fr < (values[n - 1] as number)) {
      [simplex[n], values[n]] = [refl, fr];
    } else {
      const con = along(fr < (values[n] as number) ? -0.5 : 0.5);
      const fc = f(con);
      if (fc < Math.min(fr, values[n] as number)) [simplex[n], values[n]] = [con, fc];
      else {
        const best = simplex[0] as number[];
        for (let i = 1; i <= n; i++) {
          simplex[i] = (simplex[i] as number[]).map((v, j) => (best[j] as number) + 0.5 * (v - (best[j] as number)));
          values[i] = f(simplex[i] as number[]);
        }
      }
    }
  }
  let bi = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] as number) < (values[bi] as number)) bi = i;
  return { x: simplex[bi] as number[], fx: values[bi] as number };
}
