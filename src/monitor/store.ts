/**
 * Monitoring's queries. Practice work runs in the practice's transaction (row-level security);
 * the scheduler's claim and the push lookup run as the owner, across practices.
 */
import { and, asc, eq, gt, inArray, isNotNull, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../core/db/database.ts';
import { newestFirst, olderThan, type KeysetAfter } from '../core/db/keyset.ts';
import { devicePlaces as devices } from '../assets/sites.ts';
import { maxRecurringMs } from './maintenance-windows.ts';
import { monitorChecks, monitorMaintenance, monitorResults } from './tables.ts';

export type CheckRow = typeof monitorChecks.$inferSelect;
export type NewCheckRow = typeof monitorChecks.$inferInsert;
export type ResultRow = typeof monitorResults.$inferSelect;
/** A window's columns but the site's folded key, which PostgreSQL derives (tables.ts site_key). */
export type MaintenanceRow = Omit<typeof monitorMaintenance.$inferSelect, 'siteKey'>;

export interface Page {
  after?: KeysetAfter;
  limit: number;
}

export async function insertCheck(tx: Db, row: NewCheckRow): Promise<void> {
  await tx.insert(monitorChecks).values(row);
}

/** Rows a statement may carry: about 35 columns each, under PostgreSQL's 65,535 bind parameters. */
const insertBatch = 1_000;

export async function insertChecks(tx: Db, rows: NewCheckRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += insertBatch)
    await tx.insert(monitorChecks).values(rows.slice(i, i + insertBatch));
}

/** The practice's checks whose lower-cased name is one of these, in one query (what a CSV import's rows may match). */
export async function checksNamed(tx: Db, practiceId: string, lowerNames: string[]): Promise<CheckRow[]> {
  if (lowerNames.length === 0) return [];
  return tx
    .select()
    .from(monitorChecks)
    .where(
      and(
        eq(monitorChecks.practiceId, practiceId),
        sql`lower(${monitorChecks.name}) in (select jsonb_array_elements_text(${JSON.stringify(lowerNames)}::jsonb))`,
      ),
    );
}

export async function findCheck(tx: Db, practiceId: string, id: string): Promise<CheckRow | undefined> {
  const [row] = await tx
    .select()
    .from(monitorChecks)
    .where(and(eq(monitorChecks.practiceId, practiceId), eq(monitorChecks.id, id)));
  return row;
}

/** The rows of a batch, locked in id order (two workers locking overlapping sets cannot deadlock). */
export async function lockChecks(tx: Db, ids: string[]): Promise<CheckRow[]> {
  if (ids.length === 0) return [];
  return tx
    .select()
    .from(monitorChecks)
    .where(inArray(monitorChecks.id, ids))
    .orderBy(asc(monitorChecks.id))
    .for('update');
}

/** The state of each of `ids` (a batch's parents). */
export async function statesOf(tx: Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select({ id: monitorChecks.id, state: monitorChecks.state })
    .from(monitorChecks)
    .where(inArray(monitorChecks.id, ids));
  return new Map(rows.map((r) => [r.id, r.state]));
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

export type NewResultRow = typeof monitorResults.$inferInsert;

/** A batch's results as one multi-row insert. */
export async function insertResults(tx: Db, rows: NewResultRow[]): Promise<void> {
  if (rows.length > 0) await tx.insert(monitorResults).values(rows);
}

/** What a run changes on its check. */
export type RunUpdate = Pick<
  CheckRow,
  | 'id'
  | 'state'
  | 'failures'
  | 'successes'
  | 'suppressed'
  | 'flapHistory'
  | 'flapRuns'
  | 'flapping'
  | 'flappingSince'
  | 'incidentOpen'
  | 'stateSince'
  | 'incidentTicketId'
  | 'lastCheckedAt'
  | 'lastOk'
  | 'lastMessage'
  | 'lastLatencyMs'
  | 'nextRunAt'
>;

/**
 * A batch's check updates as one statement: the new values travel as one JSON array, unpacked by
 * jsonb_to_recordset, and each run gives its lease back. updated_at is the run's time.
 */
export async function updateRuns(tx: Db, updates: RunUpdate[]): Promise<void> {
  if (updates.length === 0) return;
  await tx.execute(sql`
    update monitor_checks c set
      state = v.state, failures = v.failures, successes = v.successes, suppressed = v.suppressed,
      flap_history = v.flap_history, flap_runs = v.flap_runs, flapping = v.flapping,
      flapping_since = v.flapping_since, incident_open = v.incident_open, state_since = v.state_since, incident_ticket_id = v.incident_ticket_id,
      last_checked_at = v.last_checked_at, last_ok = v.last_ok, last_message = v.last_message,
      last_latency_ms = v.last_latency_ms, next_run_at = v.next_run_at,
      lease_until = null, lease_owner = null, updated_at = v.last_checked_at
    from jsonb_to_recordset(${JSON.stringify(updates.map(updateRecord))}::jsonb) as v(
      id uuid, state text, failures int, successes int, suppressed boolean,
      flap_history int, flap_runs int, flapping boolean, flapping_since timestamptz, incident_open boolean,
      state_since timestamptz,
      incident_ticket_id uuid, last_checked_at timestamptz, last_ok boolean, last_message text,
      last_latency_ms int, next_run_at timestamptz)
    where c.id = v.id`);
}

const updateRecord = (u: RunUpdate) => ({
  id: u.id,
  state: u.state,
  failures: u.failures,
  successes: u.successes,
  suppressed: u.suppressed,
  flap_history: u.flapHistory,
  flap_runs: u.flapRuns,
  flapping: u.flapping,
  flapping_since: u.flappingSince,
  incident_open: u.incidentOpen,
  state_since: u.stateSince,
  incident_ticket_id: u.incidentTicketId,
  last_checked_at: u.lastCheckedAt,
  last_ok: u.lastOk,
  last_message: u.lastMessage,
  last_latency_ms: u.lastLatencyMs,
  next_run_at: u.nextRunAt,
});

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

/**
 * Every window that applies to a check, newest first: its own, its device's and its device's
 * site's, each with the names its scope is shown by (the check's and its device's: a check window
 * applies to its own check only). The same join as the scheduler's (maintenanceOf), one statement.
 */
export async function listMaintenance(
  tx: Db,
  practiceId: string,
  checkId: string,
  page: Page,
): Promise<{ window: MaintenanceRow; checkName: string; deviceName: string | null }[]> {
  const m = monitorMaintenance;
  const c = monitorChecks;
  return tx
    .select({ window: m, checkName: c.name, deviceName: devices.name })
    .from(c)
    .leftJoin(devices, deviceOfCheck)
    .innerJoin(m, windowAppliesToCheck)
    .where(and(eq(c.practiceId, practiceId), eq(c.id, checkId), olderThan(m.createdAt, m.id, page.after)))
    .orderBy(...newestFirst(m.createdAt, m.id))
    .limit(page.limit);
}

/**
 * Deletes a window of any scope, returning it; undefined when the practice has no such window, or
 * when `checkId` is given and the window is not that check's.
 */
export async function deleteMaintenance(
  tx: Db,
  where: { practiceId: string; id: string; checkId?: string },
): Promise<MaintenanceRow | undefined> {
  const m = monitorMaintenance;
  const [gone] = await tx
    .delete(m)
    .where(
      and(
        eq(m.practiceId, where.practiceId),
        eq(m.id, where.id),
        where.checkId ? eq(m.checkId, where.checkId) : undefined,
      ),
    )
    .returning();
  return gone;
}

/** Windows that may cover a moment between `from` and `to`: one-off ones around it and repeating ones not yet over. */
function mayCover({ from, to }: { from: Date; to: Date }) {
  const dayBefore = new Date(from.getTime() - maxRecurringMs);
  const m = monitorMaintenance;
  return and(
    lte(m.startsAt, to),
    or(gt(m.endsAt, from), and(isNotNull(m.repeatEvery), or(isNull(m.repeatUntil), gt(m.repeatUntil, dayBefore)))),
  );
}

/** A check's device (joined as `devicePlaces`), when it names one. */
const deviceOfCheck = and(eq(devices.practiceId, monitorChecks.practiceId), eq(devices.id, monitorChecks.deviceId));

/**
 * Which windows apply to a check joined with its device: the check's own, its device's, its
 * device's site's. Each branch names its index's leading columns, so PostgreSQL reads the windows
 * of each check by a BitmapOr of the three indexes rather than scanning every window (PGlite,
 * 40,000 checks and 46,000 windows: 2 ms against 23 ms for a batch of 50).
 */
const windowAppliesToCheck = and(
  eq(monitorMaintenance.practiceId, monitorChecks.practiceId),
  or(
    eq(monitorMaintenance.checkId, monitorChecks.id),
    and(
      eq(monitorMaintenance.practiceId, monitorChecks.practiceId),
      eq(monitorMaintenance.deviceId, monitorChecks.deviceId),
    ),
    // A site as people type it, case, spacing and composition aside: both keys are stored folded.
    and(eq(monitorMaintenance.practiceId, devices.practiceId), eq(monitorMaintenance.siteKey, devices.siteKey)),
  ),
);

/**
 * The windows that may cover a moment between `from` and `to` for each of `checkIds`, whatever
 * their scope: the check's own, its device's, and its device's site's, each paired with the check
 * it applies to (a device or site window applies to several). One statement, since the scheduler
 * asks once per batch; each branch of the join's OR has its index (tables.ts).
 */
export async function maintenanceOf(
  tx: Db,
  checkIds: string[],
  period: { from: Date; to: Date },
): Promise<{ checkId: string; window: MaintenanceRow }[]> {
  if (checkIds.length === 0) return [];
  const m = monitorMaintenance;
  const c = monitorChecks;
  return tx
    .select({ checkId: c.id, window: m })
    .from(c)
    .leftJoin(devices, deviceOfCheck)
    .innerJoin(m, windowAppliesToCheck)
    .where(and(inArray(c.id, checkIds), mayCover(period)));
}

/**
 * Every window of the practice that may cover a moment between `from` and `to`, with what it
 * covers named: its check's name, its device's name, or its site.
 */
export async function practiceMaintenanceOf(tx: Db, practiceId: string, period: { from: Date; to: Date }) {
  const m = monitorMaintenance;
  return tx
    .select({ window: m, checkName: monitorChecks.name, deviceName: devices.name })
    .from(m)
    .leftJoin(monitorChecks, eq(monitorChecks.id, m.checkId))
    .leftJoin(devices, and(eq(devices.practiceId, m.practiceId), eq(devices.id, m.deviceId)))
    .where(and(eq(m.practiceId, practiceId), mayCover(period)));
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
