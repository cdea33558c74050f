/**
 * The inventory's queries, all in the practice's transaction (row-level security). Lists page
 * newest first by (created_at, id) with the cursor of server/pagination.ts. Unlike core's keyset
 * helpers the columns are compared as stored, not truncated to the millisecond: every created_at
 * here is written from a JavaScript Date, so it already is, and the plain comparison lets
 * devices_practice_created_idx give the order without sorting a large practice's devices.
 */
import { and, count, desc, eq, sql, type SQL } from 'drizzle-orm';
import { auditLog } from '../core/audit/tables.ts';
import type { Db } from '../core/db/database.ts';
import type { KeysetAfter } from '../core/db/keyset.ts';
import { riskCondition, type RiskMoment } from './risks.ts';
import { riskIds, type DeviceFilter, type RiskId } from './schema.ts';
import { devices } from './tables.ts';

export type DeviceRow = typeof devices.$inferSelect;

export interface Page {
  after?: KeysetAfter;
  limit: number;
}

function filterConditions(practiceId: string, filter: Pick<DeviceFilter, 'risk' | 'kind'>, m: RiskMoment): SQL {
  return and(
    eq(devices.practiceId, practiceId),
    filter.kind ? eq(devices.kind, filter.kind) : undefined,
    filter.risk ? riskCondition(filter.risk, m) : undefined,
  )!;
}

const after = (page: Page) =>
  page.after
    ? sql`(${devices.createdAt}, ${devices.id}) < (${page.after.createdAt.toISOString()}::timestamptz, ${page.after.id}::uuid)`
    : undefined;

export async function listDevices(
  tx: Db,
  practiceId: string,
  filter: Pick<DeviceFilter, 'risk' | 'kind'>,
  m: RiskMoment,
  page: Page,
): Promise<DeviceRow[]> {
  return tx
    .select()
    .from(devices)
    .where(and(filterConditions(practiceId, filter, m), after(page)))
    .orderBy(desc(devices.createdAt), desc(devices.id))
    .limit(page.limit);
}

export async function findDevice(tx: Db, practiceId: string, id: string): Promise<DeviceRow | undefined> {
  const [row] = await tx
    .select()
    .from(devices)
    .where(and(eq(devices.practiceId, practiceId), eq(devices.id, id)));
  return row;
}

export async function findBySerial(tx: Db, practiceId: string, serial: string): Promise<DeviceRow | undefined> {
  const [row] = await tx
    .select()
    .from(devices)
    .where(and(eq(devices.practiceId, practiceId), eq(devices.serial, serial)));
  return row;
}

/** Every device of the practice (the import matches rows against them). */
export async function allDevices(tx: Db, practiceId: string): Promise<DeviceRow[]> {
  return tx.select().from(devices).where(eq(devices.practiceId, practiceId));
}

/** Rows a statement may carry: 24 columns each, under PostgreSQL's 65,535 bind parameters. */
const insertBatch = 1_000;

export async function insertDevices(tx: Db, rows: DeviceRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += insertBatch) await tx.insert(devices).values(rows.slice(i, i + insertBatch));
}

export async function updateDevice(tx: Db, id: string, patch: Partial<DeviceRow>): Promise<void> {
  await tx.update(devices).set(patch).where(eq(devices.id, id));
}

export async function deleteDevice(tx: Db, id: string): Promise<void> {
  await tx.delete(devices).where(eq(devices.id, id));
}

/** The practice's device count and, per risk view, how many devices are in it: one statement. */
export async function countRisks(
  tx: Db,
  practiceId: string,
  m: RiskMoment,
): Promise<{ total: number; counts: Record<RiskId, number> }> {
  const columns = Object.fromEntries(
    riskIds.map((risk) => [risk, sql<number>`(count(*) filter (where ${riskCondition(risk, m)}))::int`]),
  ) as Record<RiskId, SQL<number>>;
  const [row] = await tx
    .select({ total: count(), ...columns })
    .from(devices)
    .where(eq(devices.practiceId, practiceId));
  const { total, ...counts } = row!;
  return { total, counts };
}

/** The device's audit entries, newest first: its manual changes and the imports that changed it. */
export async function deviceAudit(tx: Db, practiceId: string, id: string, limit: number) {
  return tx
    .select({ at: auditLog.at, action: auditLog.action, actorLabel: auditLog.actorLabel, details: auditLog.details })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.practiceId, practiceId),
        sql`(${auditLog.targetType} = 'device' and ${auditLog.targetId} = ${id})
          or (${auditLog.action} = 'device.import_applied' and ${auditLog.details}->'devices' ? ${id})`,
      ),
    )
    .orderBy(desc(auditLog.seq))
    .limit(limit);
}
