// How a measured open-loop p99 stands against its predicted range (predict.ts p99Ranges).

/**
 * How far (relative) a measured open-loop p99 lies outside its predicted range: 0 inside, else the smallest
 * relative widening of the range that takes it in (lower edge x (1 - e), upper edge x (1 + e), as p99Ranges
 * widens). Undefined without a range.
 */
export function outsideRange(measured: number, range: [number, number | null] | undefined): number | undefined {
  if (!range || !(measured > 0)) return undefined;
  const [lo, hi] = range;
  if (measured < lo) return 1 - measured / lo;
  if (hi !== null && measured > hi) return measured / hi - 1;
  return 0;
}
