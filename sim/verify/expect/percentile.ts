/**
 * The nearest-rank percentile: sort ascending, take the value at rank ceil(p/100 * n)
 * (1-based). It is always one of the values, never an interpolation, so `p95 <= 3`
 * reads as "at least 95% of the steps have a value of at most 3". `values` must not
 * be empty and 0 < p <= 100.
 */
export function nearestRankPercentile(values: Iterable<number>, p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}
