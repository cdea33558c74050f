/**
 * Latency counted in fixed buckets, so percentiles of any period are computable from the rollups
 * by adding counts (a sketch would also add, but fixed buckets add in plain SQL and read at a
 * glance). Bucket i holds latencies from latencyBoundsMs[i - 1] (0 for the first) up to but not
 * including latencyBoundsMs[i]; the last holds everything from 10 s on (a probe times out at 10 s).
 * The bounds are closer where a clinic's sites usually answer (tens to hundreds of milliseconds).
 * A percentile is read as Prometheus's histogram_quantile does, by linear interpolation inside
 * its bucket, here also narrowed to the period's own minimum and maximum: the error is at most the
 * bucket's width.
 */
export const latencyBoundsMs = [
  5, 10, 25, 50, 75, 100, 150, 200, 300, 400, 500, 750, 1000, 1500, 2000, 3000, 5000, 7500, 10000,
] as const;

/** The bucket a latency falls in: how many bounds are at or below it (as SQL's width_bucket counts). */
export function bucketOf(latencyMs: number): number {
  let i = 0;
  while (i < latencyBoundsMs.length && latencyBoundsMs[i]! <= latencyMs) i++;
  return i;
}

export const emptyBuckets = (): number[] => new Array<number>(latencyBoundsMs.length + 1).fill(0);

/** Latencies of a period: how many, their sum, extremes and counts per bucket. */
export interface LatencySummary {
  count: number;
  sumMs: number;
  minMs: number | null;
  maxMs: number | null;
  buckets: number[];
}

/** The p-th quantile (0 < p <= 1) in milliseconds, to 0.1 ms; null without latencies. */
export function percentile(summary: LatencySummary, p: number): number | null {
  const { count, minMs, maxMs, buckets } = summary;
  if (count === 0 || minMs === null || maxMs === null) return null;
  const rank = p * count;
  let before = 0;
  for (let i = 0; i < buckets.length; i++) {
    const inBucket = buckets[i]!;
    if (inBucket > 0 && before + inBucket >= rank) {
      const lower = Math.max(i === 0 ? 0 : latencyBoundsMs[i - 1]!, minMs);
      const upper = Math.min(latencyBoundsMs[i] ?? maxMs, maxMs);
      return Math.round((lower + ((upper - lower) * (rank - before)) / inBucket) * 10) / 10;
    }
    before += inBucket;
  }
  return maxMs;
}
