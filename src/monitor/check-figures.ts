/**
 * A check's figures over a period (GET .../checks/{id}/uptime): uptime and latency percentiles
 * from its rollups (uptime.ts, latency-histogram.ts), for the check page, charts and reports; and
 * its uptime per UTC day for the check page's bars (GET .../uptime-days).
 */
import type { InPractice } from '../core/tenancy/acting.ts';
import { existingCheck } from './checks.ts';
import { percentile } from './latency-histogram.ts';
import { occurrencesBetween, timesOf } from './maintenance-windows.ts';
import { lastUtcDays, rollupsSince, runsByDay, startOf } from './rollups.ts';
import { uptimePeriods, type CheckFigures, type UptimeDays, type UptimePeriod } from './schema.ts';
import { statusPageDays } from './status-page-schema.ts';
import { maintenanceOf } from './store.ts';
import { periodRollups, periodStart, sumRollups, uptimeOf } from './uptime.ts';

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

const dayMs = 86_400_000;

/**
 * A check's uptime on each of the last 90 UTC days, the days as the public status page counts them
 * (runsByDay), each marked when a maintenance window covered part of it, and the four periods'
 * uptime. A day wholly in maintenance has no run counted and shows as maintenance, not as a gap.
 */
export async function readUptimeDays(s: InPractice, checkId: string): Promise<UptimeDays> {
  await existingCheck(s, checkId);
  const now = s.clock.now();
  const dates = lastUtcDays(now, statusPageDays);
  const from = new Date(Date.parse(dates[0]!));
  const to = new Date(Date.parse(dates.at(-1)!) + dayMs);
  const counts = (await runsByDay(s.tx, [checkId], from)).get(checkId);
  const inMaintenance = new Set<string>();
  for (const { window } of await maintenanceOf(s.tx, [checkId], { from, to }))
    for (const o of occurrencesBetween(timesOf(window), from, to))
      // Every UTC day the occurrence touches (it may cross midnight).
      for (let day = startOf('day', o.startsAt).getTime(); day < o.endsAt.getTime(); day += dayMs)
        inMaintenance.add(new Date(day).toISOString().slice(0, 10));
  // One after the other: the queries share the practice's transaction (one connection).
  const uptime = {} as UptimeDays['uptime'];
  for (const p of uptimePeriods) uptime[p] = (await uptimeOf(s.tx, [checkId], p, now)).get(checkId) ?? null;
  return {
    checkId,
    days: dates.map((date) => {
      const c = counts?.get(date);
      return {
        date,
        runs: c?.runs ?? 0,
        upRuns: c?.good ?? 0,
        uptime: c?.runs ? c.good / c.runs : null,
        maintenance: inMaintenance.has(date),
      };
    }),
    uptime,
  };
}
