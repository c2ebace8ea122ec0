/** Sparse histograms ({"bucket": count}) as stored in analytics_daily: merging and nearest-rank percentiles. */

export type Histogram = Record<string, number>;

/** Adds `from` into `into` (in place) and returns it. */
export function mergeHistogram(into: Histogram, from: Histogram): Histogram {
  for (const [bucket, n] of Object.entries(from)) into[bucket] = (into[bucket] ?? 0) + n;
  return into;
}

export function histogramCount(h: Histogram): number {
  return Object.values(h).reduce((a, b) => a + b, 0);
}

/**
 * The nearest-rank percentile: the smallest bucket whose cumulative count reaches ceil(p × N). With whole-hour
 * buckets, p50 of transit times 20, 30, 40 and 90 hours is 30 h (rank 2 of 4), p90 is 90 h (rank 4).
 */
export function percentile(h: Histogram, p: number): number | null {
  const entries = Object.entries(h)
    .map(([bucket, n]) => [Number(bucket), n] as const)
    .filter(([, n]) => n > 0)
    .sort((a, b) => a[0] - b[0]);
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (const [bucket, n] of entries) {
    seen += n;
    if (seen >= rank) return bucket;
  }
  return entries[entries.length - 1]![0];
}
