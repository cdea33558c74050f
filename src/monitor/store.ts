/**
 * Monitoring's queries. Practice work runs in the practice's transaction (row-level security);
 * the scheduler's claim and the push lookup run as the owner, across practices.
 */
import { and, asc, eq, gt, inArray, isNotNull, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../core/db/database.ts';
import { newestFirst, olderThan, type KeysetAfter } from '../core/db/keyset.ts';
import { executeRows } from '../core/db/rows.ts';
import { maxRecurringMs } from './maintenance-windows.ts';
import { monitorChecks, monitorMaintenance, monitorResults } from './tables.ts';

export type CheckRow = typeof monitorChecks.$inferSelect;
export type NewCheckRow = typeof monitorChecks.$inferInsert;
export type ResultRow = typeof monitorResults.$inferSelect;
export type MaintenanceRow = typeof monitorMaintenance.$inferSelect;

export interface Page {
  after?: KeysetAfter;
  limit: number;
}

export async function insertCheck(tx: Db, row: NewCheckRow): Promise<void> {
  await tx.insert(monitorChecks).values(row);
}

export async function findCheck(tx: Db, practiceId: string, id: string): Promise<CheckRow | undefined> {
  const [row] = await tx
    .select()
    .from(monitorChecks)
    .where(and(eq(monitorChecks.practiceId, practiceId), eq(monitorChecks.id, id)));
  return row;
}

/** The row, locked until the transaction ends: a run and an edit of the same check do not interleave. */
export async function lockCheck(tx: Db, id: string): Promise<CheckRow | undefined> {
  const [row] = await tx.select().from(monitorChecks).where(eq(monitorChecks.id, id)).for('update');
  return row;
}

export async function listChecks(tx: Db, practiceId: string, page: Page): Promise<CheckRow[]> {
  return tx
    .select()
    .from(monitorChecks)
    .where(
      and(eq(monitorChecks.practiceId, practiceId), olderThan(monitorChecks.createdAt, monitorChecks.id, page.after)),
    )
    .orderBy(...newestFirst(monitorChecks.createdAt, monitorChecks.id))
    .limit(page.limit);
}

/** The checks that watch a device, by name. */
export async function checksOfDevice(tx: Db, practiceId: string, deviceId: string): Promise<CheckRow[]> {
  return tx
    .select()
    .from(monitorChecks)
    .where(and(eq(monitorChecks.practiceId, practiceId), eq(monitorChecks.deviceId, deviceId)))
    .orderBy(asc(monitorChecks.name));
}

export async function updateCheck(tx: Db, id: string, patch: Partial<NewCheckRow>): Promise<void> {
  await tx.update(monitorChecks).set(patch).where(eq(monitorChecks.id, id));
}

export async function deleteCheck(tx: Db, id: string): Promise<void> {
  // A child keeps running without its parent.
  await tx.update(monitorChecks).set({ parentId: null }).where(eq(monitorChecks.parentId, id));
  await tx.delete(monitorChecks).where(eq(monitorChecks.id, id));
}

/** Per check: the share of runs outside maintenance since `since` that succeeded. */
export async function uptimeSince(tx: Db, checkIds: string[], since: Date): Promise<Map<string, number>> {
  if (checkIds.length === 0) return new Map();
  const rows = await tx
    .select({
      checkId: monitorResults.checkId,
      runs: sql<number>`count(*)::int`,
      good: sql<number>`(count(*) filter (where ${monitorResults.ok}))::int`,
    })
    .from(monitorResults)
    .where(
      and(
        inArray(monitorResults.checkId, checkIds),
        gt(monitorResults.at, since),
        eq(monitorResults.inMaintenance, false),
      ),
    )
    .groupBy(monitorResults.checkId);
  return new Map(rows.filter((r) => r.runs > 0).map((r) => [r.checkId, r.good / r.runs]));
}

export async function insertResult(tx: Db, row: typeof monitorResults.$inferInsert): Promise<void> {
  await tx.insert(monitorResults).values(row);
}

export async function listResults(tx: Db, checkId: string, page: Page): Promise<ResultRow[]> {
  return tx
    .select()
    .from(monitorResults)
    .where(and(eq(monitorResults.checkId, checkId), olderThan(monitorResults.at, monitorResults.id, page.after)))
    .orderBy(...newestFirst(monitorResults.at, monitorResults.id))
    .limit(page.limit);
}

export async function insertMaintenance(tx: Db, row: MaintenanceRow): Promise<void> {
  await tx.insert(monitorMaintenance).values(row);
}

export async function listMaintenance(tx: Db, checkId: string, page: Page): Promise<MaintenanceRow[]> {
  return tx
    .select()
    .from(monitorMaintenance)
    .where(
      and(
        eq(monitorMaintenance.checkId, checkId),
        olderThan(monitorMaintenance.createdAt, monitorMaintenance.id, page.after),
      ),
    )
    .orderBy(...newestFirst(monitorMaintenance.createdAt, monitorMaintenance.id))
    .limit(page.limit);
}

export async function deleteMaintenance(tx: Db, checkId: string, id: string): Promise<boolean> {
  const gone = await tx
    .delete(monitorMaintenance)
    .where(and(eq(monitorMaintenance.checkId, checkId), eq(monitorMaintenance.id, id)))
    .returning({ id: monitorMaintenance.id });
  return gone.length > 0;
}

/** The check's windows that may cover `at`: one-off windows around it and repeating ones not yet over. */
export async function maintenanceAround(tx: Db, checkId: string, at: Date): Promise<MaintenanceRow[]> {
  const dayBefore = new Date(at.getTime() - maxRecurringMs);
  const m = monitorMaintenance;
  return tx
    .select()
    .from(m)
    .where(
      and(
        eq(m.checkId, checkId),
        lte(m.startsAt, at),
        or(gt(m.endsAt, at), and(isNotNull(m.repeatEvery), or(isNull(m.repeatUntil), gt(m.repeatUntil, dayBefore)))),
      ),
    );
}

/**
 * Leases up to `limit` due checks to `owner` until `leaseUntil` (owner connection, all practices).
 * SKIP LOCKED lets several workers claim at once without waiting on or taking each other's rows;
 * a check whose lease has run out (its worker died) is due again.
 */
export async function claimDue(tx: Db, owner: string, now: Date, leaseUntil: Date, limit: number): Promise<CheckRow[]> {
  // One statement: the due rows no other worker holds are locked, leased and returned.
  const due = tx
    .select({ id: monitorChecks.id })
    .from(monitorChecks)
    .where(
      and(
        sql`not ${monitorChecks.paused}`,
        lte(monitorChecks.nextRunAt, now),
        or(isNull(monitorChecks.leaseUntil), lt(monitorChecks.leaseUntil, now)),
      ),
    )
    .orderBy(asc(monitorChecks.nextRunAt))
    .limit(limit)
    .for('update', { skipLocked: true });
  const claimed = await tx
    .update(monitorChecks)
    .set({ leaseUntil, leaseOwner: owner })
    .where(inArray(monitorChecks.id, due))
    .returning();
  return claimed.sort((x, y) => x.nextRunAt.getTime() - y.nextRunAt.getTime());
}

export async function findByPushTokenHash(tx: Db, hash: string): Promise<CheckRow | undefined> {
  const [row] = await tx.select().from(monitorChecks).where(eq(monitorChecks.pushTokenHash, hash));
  return row;
}

/** Drops results older than `before`, at most `limit` at a time (no long DELETE under the scheduler). */
export async function pruneResults(tx: Db, before: Date, limit: number): Promise<number> {
  const rows = await executeRows<{ id: string }>(
    tx,
    sql`delete from monitor_results where id in
        (select id from monitor_results where at < ${before.toISOString()}::timestamptz limit ${limit}) returning id`,
  );
  return rows.length;
}
