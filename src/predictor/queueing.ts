// M/G/1 formulas for open-loop (Poisson) arrivals. Not on predict's path any more (open loop is simulated:
// timeslice.ts, concurrent-sim.ts); kept as the analytic reference the simulations are tested against.
//
// Service time S ~ Gamma(k, beta) matched to a mean and squared coefficient of variation.
// Mean wait: Pollaczek-Khinchine. Waiting-time tail: P(W > t) ~ C exp(-theta t) where theta is the
// Cramer-Lundberg decay rate, lambda (M_S(theta) - 1) = theta, and C is set so the tail's mean
// matches the Pollaczek-Khinchine mean (C <= rho). Response time R = W + S; its quantiles are
// found by integrating the tail over the gamma density and bisecting.

export interface MG1Result {
  rho: number;
  overloaded: boolean;
  meanWaitMs: number;
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
}

/** Pollaczek-Khinchine mean wait. Infinity at rho >= 1. */
export function pkMeanWait(ratePerMs: number, meanS: number, scv: number): number {
  const rho = ratePerMs * meanS;
  if (rho >= 1) return Infinity;
  const es2 = meanS * meanS * (1 + scv);
  return (ratePerMs * es2) / (2 * (1 - rho));
}

/** Decay rate theta of the waiting-time tail for Gamma(k, beta) service (mean k/beta). */
export function cramerLundberg(ratePerMs: number, meanS: number, scv: number): number {
  const rho = ratePerMs * meanS;
  if (rho >= 1) return 0;
  if (ratePerMs <= 0) return Infinity;
  const k = 1 / Math.max(scv, 1e-6);
  const beta = k / meanS;
  // f(s) = lambda (M(s) - 1) - s, M(s) = (1 - s/beta)^-k; f(0) = 0, f'(0) = rho - 1 < 0, f -> inf at beta.
  const f = (s: number): number => ratePerMs * (Math.exp(-k * Math.log1p(-s / beta)) - 1) - s;
  let lo = 1e-12 * beta;
  let hi = beta * (1 - 1e-12);
  // find a point where f > 0 near beta
  for (let i = 0; i < 200 && f(hi) <= 0; i++) hi = beta - (beta - hi) / 2;
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (f(mid) > 0) hi = mid;
    else lo = mid;
    if (hi - lo < 1e-12 * beta) break;
  }
  return 0.5 * (lo + hi);
}

function lgamma(x: number): number {
  // Lanczos approximation (g = 7, n = 9).
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  const xx = x - 1;
  let a = c[0] as number;
  const t = xx + 7.5;
  for (let i = 1; i < 9; i++) a += (c[i] as number) / (xx + i);
  return 0.5 * Math.log(2 * Math.PI) + (xx + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Gauss-Legendre-free quadrature grid over the bulk of a Gamma(k, beta) density: points and weights. */
function gammaGrid(meanS: number, scv: number, n = 400): { s: Float64Array; w: Float64Array } {
  const k = 1 / Math.max(scv, 1e-6);
  const beta = k / meanS;
  const sd = meanS * Math.sqrt(Math.max(scv, 1e-6));
  const lo = Math.max(0, meanS - 8 * sd);
  const hi = meanS + 12 * sd + (k < 2 ? 20 * meanS : 0);
  const s = new Float64Array(n);
  const w = new Float64Array(n);
  const h = (hi - lo) / n;
  const lg = lgamma(k);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const x = lo + (i + 0.5) * h;
    s[i] = x;
    w[i] = Math.exp(k * Math.log(beta) + (k - 1) * Math.log(x) - beta * x - lg) * h;
    total += w[i] as number;
  }
  for (let i = 0; i < n; i++) w[i] = (w[i] as number) / total;
  return { s, w };
}

/** M/G/1 response-time figures for Poisson arrivals at ratePerMs and service with the given mean and SCV. */
export function mg1(ratePerMs: number, meanS: number, scv: number): MG1Result {
  const rho = ratePerMs * meanS;
  if (!(rho < 1)) {
    return { rho, overloaded: true, meanWaitMs: Infinity, meanMs: Infinity, p50Ms: Infinity, p99Ms: Infinity };
  }
  const wq = pkMeanWait(ratePerMs, meanS, scv);
  const theta = cramerLundberg(ratePerMs, meanS, scv);
  const C = Number.isFinite(theta) ? Math.min(rho, theta * wq) : 0;
  const { s, w } = gammaGrid(meanS, scv);
  const tail = (t: number): number => {
    let p = 0;
    for (let i = 0; i < s.length; i++) {
      const si = s[i] as number;
      p += (w[i] as number) * (si >= t ? 1 : C * Math.exp(-theta * (t - si)));
    }
    return p;
  };
  const quantile = (q: number): number => {
    let lo = 0;
    let hi = meanS * 2 + wq * 2 + 1e-9;
    while (tail(hi) > 1 - q) hi *= 2;
    for (let i = 0; i < 60; i++) {
      const mid = 0.5 * (lo + hi);
      if (tail(mid) > 1 - q) lo = mid;
      else hi = mid;
    }
    return 0.5 * (lo + hi);
  };
  return { rho, overloaded: false, meanWaitMs: wq, meanMs: wq + meanS, p50Ms: quantile(0.5), p99Ms: quantile(0.99) };
}
