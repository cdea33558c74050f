/**
 * A check's figures over a period, read from the rollups: uptime (successful runs over runs,
 * runs inside maintenance windows left out) and latency of successful runs with p50, p95 and p99.
 * A period is whole rollups: the last 24 hours are the 24 hourly rollups up to and including the
 * current hour, 7 days are 168 of them, 30 and 90 days as many UTC days up to today. So the
 * figures cover a little more than the period's name (up to one hour or day at the start).
 */
import type { Db } from '../core/db/database.ts';
import { emptyBuckets, type LatencySummary } from './latency-histogram.ts';
import { runsSince, startOf, type Grain, type RollupRow } from './rollups.ts';
import type { UptimePeriod } from './schema.ts';

export const periodRollups: Record<UptimePeriod, { grain: Grain; count: number }> = {
  '24h': { grain: 'hour', count: 24 },
  '7d': { grain: 'hour', count: 7 * 24 },
  '30d': { grain: 'day', count: 30 },
  '90d': { grain: 'day', count: 90 },
};

/** Where a period's first rollup starts, seen at `now`. */
export function periodStart(period: UptimePeriod, now: Date): Date {
  const { grain, count } = periodRollups[period];
  const current = startOf(grain, now);
  const span = grain === 'hour' ? 3_600_000 : 86_400_000;
  return new Date(current.getTime() - (count - 1) * span);
}

/** The rollups added together. */
export function sumRollups(
  rows: Pick<
    RollupRow,
    'runs' | 'up' | 'degraded' | 'latencyCount' | 'latencySumMs' | 'latencyMinMs' | 'latencyMaxMs' | 'latencyBuckets'
  >[],
) {
  const latency: LatencySummary = { count: 0, sumMs: 0, minMs: null, maxMs: null, buckets: emptyBuckets() };
  let runs = 0;
  let up = 0;
  let degraded = 0;
  for (const r of rows) {
    runs += r.runs;
    up += r.up;
    degraded += r.degraded;
    latency.count += r.latencyCount;
    latency.sumMs += r.latencySumMs;
    if (r.latencyMinMs !== null) latency.minMs = Math.min(latency.minMs ?? r.latencyMinMs, r.latencyMinMs);
    if (r.latencyMaxMs !== null) latency.maxMs = Math.max(latency.maxMs ?? r.latencyMaxMs, r.latencyMaxMs);
    r.latencyBuckets.forEach((n, i) => (latency.buckets[i]! += n));
  }
  return { runs, up, degraded, latency };
}

/** Per check: uptime over the period (checks without runs in it are absent). */
export async function uptimeOf(
  tx: Db,
  checkIds: string[],
  period: UptimePeriod,
  now: Date,
): Promise<Map<string, number>> {
  const runs = await runsSince(tx, checkIds, periodRollups[period].grain, periodStart(period, now));
  return new Map([...runs].map(([id, r]) => [id, r.up / r.runs]));
}
