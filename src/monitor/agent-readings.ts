/**
 * The history of an endpoint agent's readings (issue 20): disk free, CPU, OS version, endpoint
 * protection and last boot as each heartbeat reported them, so a technician sees "disk free went
 * 40% -> 8% over three weeks" or "antivirus out of date since the 3rd" where the check itself
 * keeps only the last heartbeat (agentFacts).
 *
 * A table of its own, monitor_agent_readings, not columns of the check's result rows: results are
 * written when the scheduler runs the check (at its interval, judging the last heartbeat against
 * the thresholds), not when a heartbeat arrives, so a result would carry a heartbeat twice or miss
 * one; the readings are a different series with different columns, which every other kind of
 * check would carry empty; and raw results are kept only TANDEM_MONITOR_RESULT_DAYS (31 days),
 * too short for a trend over months.
 *
 * Bounded by downsampling, then retention: each heartbeat is added to its check's row for the UTC
 * hour (one upsert: count, first and last arrival, minimum, maximum and sum of disk free and CPU,
 * the last OS version, protection and boot), so an agent beating every minute makes 24 rows a day
 * instead of 1,440, and the scheduler's hourly upkeep deletes the rows older than readingKeepDays
 * (about one row per agent check each hour, as for the rollups). A year of one endpoint is at most
 * 8,760 rows. What the hour hides: a value that changes and changes back within the hour, and a
 * second boot in the same hour (the last boot time is kept; every boot an hour apart is seen).
 */
import { and, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../core/db/database.ts';
import { AppError } from '../core/errors.ts';
import type { InPractice } from '../core/tenancy/acting.ts';
import { startOf } from './rollups.ts';
import {
  readingsDefaultDays,
  readingsMaxDays,
  type AgentHeartbeat,
  type AgentReading,
  type AgentReadings,
  type ReadingChange,
  type ReadingsQuery,
} from './schema.ts';
import { monitorAgentReadings } from './tables.ts';

const dayMs = 86_400_000;
/** How long readings are kept: as long as the daily rollups, a year with room for a report. */
export const readingKeepDays = 400;
/** The most rows one read returns: a quarter of hours for several agents on one device. */
export const maxReadingRows = 10_000;

type Protection = 'current' | 'outdated' | 'none';

function protectionOf(beat: AgentHeartbeat): Protection | null {
  if (beat.endpointProtection === undefined) return null;
  if (beat.endpointProtection === null) return 'none';
  return beat.endpointProtection.upToDate ? 'current' : 'outdated';
}

/** Adds a heartbeat to its check's hour, in the practice's transaction (one statement). */
export async function addReading(
  tx: Db,
  at: { practiceId: string; checkId: string; deviceId: string; receivedAt: Date },
  beat: AgentHeartbeat,
): Promise<void> {
  const disk = beat.diskFreePercent ?? null;
  const cpu = beat.cpuPercent ?? null;
  const row = {
    practiceId: at.practiceId,
    checkId: at.checkId,
    deviceId: at.deviceId,
    hour: startOf('hour', at.receivedAt),
    heartbeats: 1,
    firstAt: at.receivedAt,
    lastAt: at.receivedAt,
    diskFreeCount: disk === null ? 0 : 1,
    diskFreeSum: disk ?? 0,
    diskFreeMin: disk,
    diskFreeMax: disk,
    cpuCount: cpu === null ? 0 : 1,
    cpuSum: cpu ?? 0,
    cpuMin: cpu,
    cpuMax: cpu,
    osVersion: beat.osVersion ?? null,
    protection: protectionOf(beat),
    protectionName: beat.endpointProtection?.name ?? null,
    lastBoot: beat.lastBoot ? new Date(beat.lastBoot) : null,
  };
  const r = monitorAgentReadings;
  // What a heartbeat does not send keeps the hour's earlier value (coalesce); least/greatest skip nulls.
  await tx
    .insert(r)
    .values(row)
    .onConflictDoUpdate({
      target: [r.checkId, r.hour],
      set: {
        deviceId: sql`excluded.device_id`,
        heartbeats: sql`${r.heartbeats} + 1`,
        firstAt: sql`least(${r.firstAt}, excluded.first_at)`,
        lastAt: sql`greatest(${r.lastAt}, excluded.last_at)`,
        diskFreeCount: sql`${r.diskFreeCount} + excluded.disk_free_count`,
        diskFreeSum: sql`${r.diskFreeSum} + excluded.disk_free_sum`,
        diskFreeMin: sql`least(${r.diskFreeMin}, excluded.disk_free_min)`,
        diskFreeMax: sql`greatest(${r.diskFreeMax}, excluded.disk_free_max)`,
        cpuCount: sql`${r.cpuCount} + excluded.cpu_count`,
        cpuSum: sql`${r.cpuSum} + excluded.cpu_sum`,
        cpuMin: sql`least(${r.cpuMin}, excluded.cpu_min)`,
        cpuMax: sql`greatest(${r.cpuMax}, excluded.cpu_max)`,
        osVersion: sql`coalesce(excluded.os_version, ${r.osVersion})`,
        protectionName: sql`case when excluded.protection is null then ${r.protectionName} else excluded.protection_name end`,
        protection: sql`coalesce(excluded.protection, ${r.protection})`,
        lastBoot: sql`greatest(${r.lastBoot}, excluded.last_boot)`,
      },
    });
}

/** Deletes readings older than readingKeepDays (owner, all practices); run by the hourly upkeep. */
export async function pruneReadings(tx: Db, now: Date): Promise<void> {
  await tx
    .delete(monitorAgentReadings)
    .where(lt(monitorAgentReadings.hour, new Date(now.getTime() - readingKeepDays * dayMs)));
}

/**
 * The period a read covers: `to` defaults to now, `from` to readingsDefaultDays before `to`. A
 * `from` not before `to`, or more than readingsMaxDays before it, is a 400 naming query.from, as the schema names its fields
 * (checked here, not in the schema, because `to` may be the clock's now).
 */
export function readingsPeriod(now: Date, q: ReadingsQuery): { from: Date; to: Date } {
  const to = q.to ? new Date(q.to) : now;
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - readingsDefaultDays * dayMs);
  const bad = (message: string) =>
    new AppError('validation_failed', 'The request is not valid', [{ path: 'query.from', message }]);
  if (from >= to) throw bad(`must be before to (${to.toISOString()})`);
  if (to.getTime() - from.getTime() > readingsMaxDays * dayMs)
    throw bad(`must be at most ${readingsMaxDays} days before to (${to.toISOString()})`);
  return { from, to };
}

type Row = typeof monitorAgentReadings.$inferSelect;

const rounded = (n: number) => Math.round(n * 10) / 10;
const spreadOf = (count: number, sum: number, min: number | null, max: number | null) =>
  count > 0 && min !== null && max !== null
    ? { min: rounded(min), mean: rounded(sum / count), max: rounded(max) }
    : null;

function present(row: Row): AgentReading {
  return {
    checkId: row.checkId,
    hour: row.hour.toISOString(),
    heartbeats: row.heartbeats,
    firstAt: row.firstAt.toISOString(),
    lastAt: row.lastAt.toISOString(),
    diskFreePercent: spreadOf(row.diskFreeCount, row.diskFreeSum, row.diskFreeMin, row.diskFreeMax),
    cpuPercent: spreadOf(row.cpuCount, row.cpuSum, row.cpuMin, row.cpuMax),
    osVersion: row.osVersion,
    protection: row.protection ? { state: row.protection as Protection, name: row.protectionName } : null,
    lastBoot: row.lastBoot?.toISOString() ?? null,
  };
}

/**
 * Boots inside the period (each last-boot time once) and changes of OS version or protection
 * between one check's consecutive hours, oldest first. A value first reported in the period is
 * no change: nothing says what it was before.
 */
export function changesOf(readings: AgentReading[], from: Date, to: Date): ReadingChange[] {
  const changes: ReadingChange[] = [];
  const last = new Map<string, AgentReading>();
  const boots = new Set<string>();
  for (const r of readings) {
    const prev = last.get(r.checkId);
    const bootKey = `${r.checkId} ${r.lastBoot}`;
    if (r.lastBoot && !boots.has(bootKey)) {
      boots.add(bootKey);
      const at = Date.parse(r.lastBoot);
      if (at >= from.getTime() && at <= to.getTime())
        changes.push({ checkId: r.checkId, at: r.lastBoot, kind: 'boot', from: null, to: null });
    }
    if (prev?.osVersion && r.osVersion && prev.osVersion !== r.osVersion)
      changes.push({ checkId: r.checkId, at: r.hour, kind: 'os_version', from: prev.osVersion, to: r.osVersion });
    if (prev?.protection && r.protection && prev.protection.state !== r.protection.state)
      changes.push({
        checkId: r.checkId,
        at: r.hour,
        kind: 'protection',
        from: prev.protection.state,
        to: r.protection.state,
      });
    // An hour that did not report a value keeps the one before it for the next comparison.
    last.set(r.checkId, {
      ...r,
      osVersion: r.osVersion ?? prev?.osVersion ?? null,
      protection: r.protection ?? prev?.protection ?? null,
    });
  }
  return changes.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/**
 * The readings of the agent checks `which` selects (a device's, or one check's) whose hour
 * overlaps [from, to], oldest first, at most maxReadingRows (the newest are kept when there are
 * more), with the boots and changes among them.
 */
export async function readReadings(
  s: InPractice,
  which: { deviceId: string } | { checkId: string },
  period: { from: Date; to: Date },
): Promise<AgentReadings> {
  const r = monitorAgentReadings;
  const selects: SQL | undefined = 'deviceId' in which ? eq(r.deviceId, which.deviceId) : eq(r.checkId, which.checkId);
  const rows = await s.tx
    .select()
    .from(r)
    .where(
      and(eq(r.practiceId, s.practiceId), selects, gte(r.hour, startOf('hour', period.from)), lt(r.hour, period.to)),
    )
    .orderBy(sql`${r.hour} desc`, r.checkId)
    .limit(maxReadingRows);
  const readings = rows.reverse().map(present);
  return {
    from: period.from.toISOString(),
    to: period.to.toISOString(),
    readings,
    changes: changesOf(readings, period.from, period.to),
  };
}
