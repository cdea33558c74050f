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

/** A device's columns but the site's folded key, which PostgreSQL derives (tables.ts site_key). */
export type DeviceRow = Omit<typeof devices.$inferSelect, 'siteKey'>;

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

/** The practice's devices with this name, compared without case (a host name). */
export async function findByName(tx: Db, practiceId: string, name: string): Promise<DeviceRow[]> {
  return tx
    .select()
    .from(devices)
    .where(and(eq(devices.practiceId, practiceId), sql`lower(${devices.name}) = lower(${name})`));
}

/**
 * The practice's devices with one of these serials or one of these names (given lower-case,
 * compared without case): the rows an import may match, in one statement. Each list travels as
 * one JSON parameter (not one parameter per value), so the statement is the same whatever the
 * file's size; devices_practice_serial_idx and devices_practice_lower_name_idx find the rows.
 */
export async function devicesMatching(
  tx: Db,
  practiceId: string,
  serials: string[],
  lowerNames: string[],
): Promise<DeviceRow[]> {
  if (serials.length === 0 && lowerNames.length === 0) return [];
  return tx
    .select()
    .from(devices)
    .where(
      and(
        eq(devices.practiceId, practiceId),
        sql`(${devices.serial} in (select jsonb_array_elements_text(${JSON.stringify(serials)}::jsonb))
          or lower(${devices.name}) in (select jsonb_array_elements_text(${JSON.stringify(lowerNames)}::jsonb)))`,
      ),
    );
}

/** Rows a statement may carry: 24 columns each, under PostgreSQL's 65,535 bind parameters. */
const insertBatch = 1_000;

export async function insertDevices(tx: Db, rows: DeviceRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += insertBatch) await tx.insert(devices).values(rows.slice(i, i + insertBatch));
}

export async function updateDevice(tx: Db, id: string, patch: Partial<DeviceRow>): Promise<void> {
  await tx.update(devices).set(patch).where(eq(devices.id, id));
}

/**
 * Writes many devices' facts in one statement per batch (an import's updates): the rows travel as
 * one JSON parameter, unpacked by jsonb_to_recordset. One UPDATE per device cost a round trip
 * each, which made a 5,000-update import take most of half a minute on a loaded PostgreSQL.
 */
export async function updateDevices(tx: Db, rows: readonly DeviceRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += insertBatch) {
    const batch = rows.slice(i, i + insertBatch).map((r) => ({
      id: r.id,
      kind: r.kind,
      name: r.name,
      site: r.site,
      room: r.room,
      owner: r.owner,
      activity: r.activity,
      vendor: r.vendor,
      model: r.model,
      serial: r.serial,
      purchase_date: r.purchaseDate,
      warranty_end: r.warrantyEnd,
      end_of_life: r.endOfLife,
      os: r.os,
      os_version: r.osVersion,
      os_support_ends: r.osSupportEnds,
      disk_encryption: r.diskEncryption,
      endpoint_protection: r.endpointProtection,
      last_seen_at: r.lastSeenAt?.toISOString() ?? null,
      stores_patient_data: r.storesPatientData,
      sources: r.sources,
      updated_at: r.updatedAt.toISOString(),
    }));
    await tx.execute(sql`update devices d set
        kind = u.kind, name = u.name, site = u.site, room = u.room, owner = u.owner, activity = u.activity,
        vendor = u.vendor, model = u.model, serial = u.serial, purchase_date = u.purchase_date,
        warranty_end = u.warranty_end, end_of_life = u.end_of_life, os = u.os, os_version = u.os_version,
        os_support_ends = u.os_support_ends, disk_encryption = u.disk_encryption,
        endpoint_protection = u.endpoint_protection, last_seen_at = u.last_seen_at,
        stores_patient_data = u.stores_patient_data, sources = u.sources, updated_at = u.updated_at
      from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) as u(
        id uuid, kind text, name text, site text, room text, owner text, activity text, vendor text, model text,
        serial text, purchase_date date, warranty_end date, end_of_life date, os text, os_version text,
        os_support_ends date, disk_encryption text, endpoint_protection text, last_seen_at timestamptz,
        stores_patient_data boolean, sources jsonb, updated_at timestamptz)
      where d.id = u.id`);
  }
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
