/**
 * Rollups: each check's runs outside maintenance summed per hour and per UTC day, added to with
 * every batch of results (one upsert per batch) so uptime and latency percentiles of any period
 * read a few dozen rows instead of the raw results, and outlive them. Minute resolution is the
 * raw results themselves (a check runs at most every 10 s). Hours are kept 35 days (the 7-day
 * figures read them), days 400 (the 30- and 90-day figures, and a year for reports).
 */
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../core/db/database.ts';
import { bucketOf, emptyBuckets } from './latency-histogram.ts';
import type { NewResultRow } from './store.ts';
import { monitorRollups } from './tables.ts';

export type Grain = 'hour' | 'day';
export type RollupRow = typeof monitorRollups.$inferSelect;

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;
const grainMs: Record<Grain, number> = { hour: hourMs, day: dayMs };
/** How long each grain is kept. */
export const rollupKeepMs: Record<Grain, number> = { hour: 35 * dayMs, day: 400 * dayMs };

/** The start of the hour or UTC day `at` falls in. */
export function startOf(grain: Grain, at: Date): Date {
  return new Date(Math.floor(at.getTime() / grainMs[grain]) * grainMs[grain]);
}

/** The UTC dates (YYYY-MM-DD) of the last `count` days, oldest first, ending with `now`'s. */
export function lastUtcDays(now: Date, count: number): string[] {
  const today = startOf('day', now).getTime();
  return Array.from({ length: count }, (_, i) => new Date(today - (count - 1 - i) * dayMs).toISOString().slice(0, 10));
}

/** The batch's results outside maintenance summed per check, grain and period. */
export function rollupsOf(results: NewResultRow[]): RollupRow[] {
  const rows = new Map<string, RollupRow>();
  for (const r of results) {
    if (r.inMaintenance) continue;
    for (const grain of ['hour', 'day'] as const) {
      const startsAt = startOf(grain, r.at);
      const key = `${r.checkId} ${grain} ${startsAt.getTime()}`;
      const row = rows.get(key) ?? blank(r, grain, startsAt);
      rows.set(key, row);
      row.runs++;
      if (!r.ok) continue;
      row.up++;
      if (r.degraded) row.degraded++;
      if (r.latencyMs === null || r.latencyMs === undefined) continue;
      row.latencyCount++;
      row.latencySumMs += r.latencyMs;
      row.latencyMinMs = Math.min(row.latencyMinMs ?? r.latencyMs, r.latencyMs);
      row.latencyMaxMs = Math.max(row.latencyMaxMs ?? r.latencyMs, r.latencyMs);
      row.latencyBuckets[bucketOf(r.latencyMs)]!++;
    }
  }
  return [...rows.values()];
}

const blank = (r: NewResultRow, grain: Grain, startsAt: Date): RollupRow => ({
  practiceId: r.practiceId,
  checkId: r.checkId,
  grain,
  startsAt,
  runs: 0,
  up: 0,
  degraded: 0,
  latencyCount: 0,
  latencySumMs: 0,
  latencyMinMs: null,
  latencyMaxMs: null,
  latencyBuckets: emptyBuckets(),
});

/**
 * Adds `rows` to the stored rollups in one statement (the rows travel as one JSON array): a new
 * period is inserted, an existing one gets the counts added, bucket by bucket.
 */
export async function addRollups(tx: Db, rows: RollupRow[]): Promise<void> {
  if (rows.length === 0) return;
  const json = rows.map((r) => ({
    practice_id: r.practiceId,
    check_id: r.checkId,
    grain: r.grain,
    starts_at: r.startsAt,
    runs: r.runs,
    up: r.up,
    degraded: r.degraded,
    latency_count: r.latencyCount,
    latency_sum_ms: r.latencySumMs,
    latency_min_ms: r.latencyMinMs,
    latency_max_ms: r.latencyMaxMs,
    latency_buckets: r.latencyBuckets,
  }));
  await tx.execute(sql`
    insert into monitor_rollups as r
    select * from jsonb_to_recordset(${JSON.stringify(json)}::jsonb) as v(
      practice_id uuid, check_id uuid, grain text, starts_at timestamptz, runs int, up int, degraded int,
      latency_count int, latency_sum_ms bigint, latency_min_ms int, latency_max_ms int, latency_buckets int[])
    on conflict (check_id, grain, starts_at) do update set
      runs = r.runs + excluded.runs,
      up = r.up + excluded.up,
      degraded = r.degraded + excluded.degraded,
      latency_count = r.latency_count + excluded.latency_count,
      latency_sum_ms = r.latency_sum_ms + excluded.latency_sum_ms,
      latency_min_ms = least(r.latency_min_ms, excluded.latency_min_ms),
      latency_max_ms = greatest(r.latency_max_ms, excluded.latency_max_ms),
      latency_buckets = array(
        select a + b from unnest(r.latency_buckets, excluded.latency_buckets) with ordinality as t(a, b, i) order by i)`);
}

/** The check's rollups of `grain` from `since` on, oldest first. */
export async function rollupsSince(tx: Db, checkId: string, grain: Grain, since: Date): Promise<RollupRow[]> {
  const r = monitorRollups;
  return tx
    .select()
    .from(r)
    .where(and(eq(r.checkId, checkId), eq(r.grain, grain), sql`${r.startsAt} >= ${since.toISOString()}::timestamptz`))
    .orderBy(r.startsAt);
}

/** Per check: runs and successful runs in rollups of `grain` from `since` on (checks without runs are absent). */
export async function runsSince(
  tx: Db,
  checkIds: string[],
  grain: Grain,
  since: Date,
): Promise<Map<string, { runs: number; up: number }>> {
  if (checkIds.length === 0) return new Map();
  const r = monitorRollups;
  const rows = await tx
    .select({ checkId: r.checkId, runs: sql<number>`sum(${r.runs})::int`, up: sql<number>`sum(${r.up})::int` })
    .from(r)
    .where(
      and(
        sql`${r.checkId} in ${checkIds}`,
        eq(r.grain, grain),
        sql`${r.startsAt} >= ${since.toISOString()}::timestamptz`,
      ),
    )
    .groupBy(r.checkId);
  return new Map(rows.filter((x) => x.runs > 0).map((x) => [x.checkId, { runs: x.runs, up: x.up }]));
}

/**
 * Per check and UTC day (YYYY-MM-DD): runs and successful runs in the daily rollups from `since`
 * on. Kept 400 days, so a 90-day status page has every day the check ran, though raw results are
 * kept only TANDEM_MONITOR_RESULT_DAYS.
 */
export async function runsByDay(
  tx: Db,
  checkIds: readonly string[],
  since: Date,
): Promise<Map<string, Map<string, { runs: number; good: number }>>> {
  const byCheck = new Map<string, Map<string, { runs: number; good: number }>>();
  if (checkIds.length === 0) return byCheck;
  const r = monitorRollups;
  const rows = await tx
    .select({ checkId: r.checkId, startsAt: r.startsAt, runs: r.runs, good: r.up })
    .from(r)
    .where(
      and(
        sql`${r.checkId} in ${checkIds}`,
        eq(r.grain, 'day'),
        sql`${r.startsAt} >= ${since.toISOString()}::timestamptz`,
      ),
    );
  for (const row of rows) {
    const days = byCheck.get(row.checkId) ?? new Map<string, { runs: number; good: number }>();
    days.set(row.startsAt.toISOString().slice(0, 10), { runs: row.runs, good: row.good });
    byCheck.set(row.checkId, days);
  }
  return byCheck;
}

/** Deletes rollups older than each grain keeps (owner, all practices); a few thousand rows an hour. */
export async function pruneRollups(tx: Db, now: Date): Promise<void> {
  for (const grain of ['hour', 'day'] as const)
    await tx
      .delete(monitorRollups)
      .where(
        and(
          eq(monitorRollups.grain, grain),
          lt(monitorRollups.startsAt, new Date(now.getTime() - rollupKeepMs[grain])),
        ),
      );
}
