/**
 * A check's figures over a period (GET .../checks/{id}/uptime): uptime and latency percentiles
 * from its rollups (uptime.ts, latency-histogram.ts), for the check page, charts and reports.
 */
import type { InPractice } from '../core/tenancy/acting.ts';
import { existingCheck } from './checks.ts';
import { percentile } from './latency-histogram.ts';
import { rollupsSince } from './rollups.ts';
import type { CheckFigures, UptimePeriod } from './schema.ts';
import { periodRollups, periodStart, sumRollups } from './uptime.ts';

/** A check of the practice's figures over `period` up to now (not_found for another practice's check). */
export async function readCheckFigures(s: InPractice, checkId: string, period: UptimePeriod): Promise<CheckFigures> {
  await existingCheck(s, checkId);
  const now = s.clock.now();
  const from = periodStart(period, now);
  const rows = await rollupsSince(s.tx, checkId, periodRollups[period].grain, from);
  const { runs, up, degraded, latency } = sumRollups(rows);
  const mean = latency.count > 0 ? Math.round((latency.sumMs / latency.count) * 10) / 10 : null;
  return {
    checkId,
    period,
    from: from.toISOString(),
    to: now.toISOString(),
    runs,
    upRuns: up,
    degradedRuns: degraded,
    uptime: runs > 0 ? up / runs : null,
    latency: {
      count: latency.count,
      meanMs: mean,
      minMs: latency.minMs,
      maxMs: latency.maxMs,
      p50Ms: percentile(latency, 0.5),
      p95Ms: percentile(latency, 0.95),
      p99Ms: percentile(latency, 0.99),
    },
  };
}
