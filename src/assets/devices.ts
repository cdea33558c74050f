/**
 * Devices as a practice manages them by hand: create, read (with each fact's source and the risk
 * views it is in), change, delete, and its history. Every write is audited with the facts it set;
 * a serial already used in the practice is a 409 naming it.
 */
import { appendAudit, diffForAudit } from '../core/audit/append.ts';
import { AppError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import type { InPractice } from '../core/tenancy/acting.ts';
import { osSupportEndOf } from './os-support.ts';
import { risksOf, type RiskMoment } from './risks.ts';
import {
  deviceFields,
  type Device,
  type DeviceField,
  type DeviceHistory,
  type DeviceInput,
  type DevicePatch,
  type FactSource,
} from './schema.ts';
import {
  deleteDevice,
  deviceAudit,
  devicesMatching,
  findBySerial,
  findDevice,
  insertDevices,
  updateDevice,
  type DeviceRow,
} from './store.ts';

/** A device's facts as the API names them, from its row. */
export type DeviceFacts = Pick<DeviceRow, DeviceField>;

export function presentDevice(row: DeviceRow, m: RiskMoment): Device {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    site: row.site,
    room: row.room,
    owner: row.owner,
    activity: row.activity,
    vendor: row.vendor,
    model: row.model,
    serial: row.serial,
    purchaseDate: row.purchaseDate,
    warrantyEnd: row.warrantyEnd,
    endOfLife: row.endOfLife,
    os: row.os,
    osVersion: row.osVersion,
    osSupportEnds: row.osSupportEnds,
    diskEncryption: row.diskEncryption,
    endpointProtection: row.endpointProtection,
    lastSeenAt: row.lastSeenAt ? row.lastSeenAt.toISOString() : null,
    storesPatientData: row.storesPatientData,
    sources: row.sources,
    risks: risksOf(row, m),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The facts of an input or patch as stored (the time as a Date), only the fields it names. */
export function storedFacts(input: Partial<DeviceInput>): Partial<DeviceFacts> {
  const { lastSeenAt, ...rest } = input;
  return { ...rest, ...(lastSeenAt !== undefined ? { lastSeenAt: lastSeenAt ? new Date(lastSeenAt) : null } : {}) };
}

/** The row's values that follow from its facts: the OS's end of support, and each fact's source. */
export function withSources(
  row: DeviceRow,
  changed: readonly DeviceField[],
  source: FactSource,
  at: Date,
): Pick<DeviceRow, 'osSupportEnds' | 'sources'> {
  const sources = { ...row.sources };
  for (const field of changed) sources[field] = { source, at: at.toISOString() };
  return { osSupportEnds: osSupportEndOf(row.os), sources };
}

/** The fields whose values differ between a device and the facts given for it. */
export function changedFields(row: DeviceFacts, facts: Partial<DeviceFacts>): DeviceField[] {
  return deviceFields.filter((field) => {
    if (!(field in facts)) return false;
    const [was, now] = [row[field], facts[field]];
    return was instanceof Date || now instanceof Date
      ? (was as Date | null)?.getTime() !== (now as Date | null)?.getTime()
      : was !== now;
  });
}

/** What the audit log keeps of a device: its facts (no patient data is among them). */
export function auditFacts(row: DeviceFacts): Record<string, unknown> {
  return Object.fromEntries(
    deviceFields.map((field) => {
      const value = row[field];
      return [field, value instanceof Date ? value.toISOString() : value];
    }),
  );
}

/** A device change in the practice's audit log (also the agent's, agent-facts.ts). */
export async function audit(s: InPractice, action: string, targetId: string, details: Record<string, unknown>) {
  await appendAudit(s.tx, {
    at: s.clock.now(),
    ...s.origin,
    practiceId: s.practiceId,
    action,
    targetType: 'device',
    targetId,
    details,
  });
}

export const serialTaken = (serial: string) =>
  new AppError('conflict', 'Another device of this practice has that serial', [
    { path: 'body.serial', message: `${serial} is already the serial of another device` },
  ]);

async function checkSerialFree(s: InPractice, serial: string | null | undefined, selfId: string | null) {
  if (!serial) return;
  const holder = await findBySerial(s.tx, s.practiceId, serial);
  if (holder && holder.id !== selfId) throw serialTaken(serial);
}

export async function existingDevice(s: InPractice, id: string): Promise<DeviceRow> {
  const row = await findDevice(s.tx, s.practiceId, id);
  if (!row) throw new AppError('not_found', 'No device with that id in this practice');
  return row;
}

/** Whether the practice has this device: other modules check a device they are asked to name. */
export async function hasDevice(s: InPractice, id: string): Promise<boolean> {
  return (await findDevice(s.tx, s.practiceId, id)) !== undefined;
}

export const riskMoment = (s: Pick<InPractice, 'clock'>, notSeenDays: number): RiskMoment => ({
  now: s.clock.now(),
  notSeenDays,
});

export async function createDevice(s: InPractice, input: DeviceInput, m: RiskMoment): Promise<Device> {
  await checkSerialFree(s, input.serial, null);
  const now = s.clock.now();
  const facts = storedFacts(input) as DeviceFacts;
  const base: DeviceRow = {
    id: newId(),
    practiceId: s.practiceId,
    ...facts,
    osSupportEnds: null,
    sources: {},
    createdAt: now,
    updatedAt: now,
  };
  const given = deviceFields.filter((field) => facts[field] !== null);
  const row = { ...base, ...withSources(base, given, 'manual', now) };
  await insertDevices(s.tx, [row]);
  await audit(s, 'device.created', row.id, auditFacts(row));
  return presentDevice(row, m);
}

export async function changeDevice(s: InPractice, id: string, patch: DevicePatch, m: RiskMoment): Promise<Device> {
  const row = await existingDevice(s, id);
  if (patch.serial !== undefined) await checkSerialFree(s, patch.serial, id);
  const facts = storedFacts(patch);
  const changed = changedFields(row, facts);
  if (changed.length === 0) return presentDevice(row, m);
  const now = s.clock.now();
  const next = { ...row, ...facts, updatedAt: now };
  const updated = { ...next, ...withSources(next, changed, 'manual', now) };
  await updateDevice(s.tx, id, {
    ...facts,
    osSupportEnds: updated.osSupportEnds,
    sources: updated.sources,
    updatedAt: now,
  });
  await audit(s, 'device.updated', id, {
    name: updated.name,
    changes: diffForAudit(auditFacts(row), auditFacts(updated), { redact: [] }),
  });
  return presentDevice(updated, m);
}

export async function removeDevice(s: InPractice, id: string): Promise<void> {
  const row = await existingDevice(s, id);
  await deleteDevice(s.tx, id);
  await audit(s, 'device.deleted', id, auditFacts(row));
}

/** The newest entries of the device's history (the audit log): manual changes and the imports that touched it. */
export async function readHistory(s: InPractice, id: string): Promise<DeviceHistory> {
  await existingDevice(s, id);
  const rows = await deviceAudit(s.tx, s.practiceId, id, 100);
  return {
    entries: rows.map((r) => ({
      at: r.at.toISOString(),
      action: r.action,
      actorLabel: r.actorLabel,
      details: importDetailsFor(r.action, r.details as Record<string, unknown>, id),
    })),
  };
}

/** An import's entry names every device it touched; the device's history shows only its own part. */
function importDetailsFor(action: string, details: Record<string, unknown>, id: string): Record<string, unknown> {
  if (action !== 'device.import_applied') return details;
  const mine = (details.devices as Record<string, unknown> | undefined)?.[id];
  return { ...(mine && typeof mine === 'object' ? mine : {}), import: details.summary };
}

/**
 * The practice's devices that cells of another module's import may name (by serial, or by name
 * ignoring case, which may match several): e.g. the devices a check import links checks to.
 */
export async function deviceReferences(
  s: InPractice,
  cells: string[],
): Promise<{ bySerial: Map<string, string>; byName: Map<string, string[]> }> {
  const found = await devicesMatching(
    s.tx,
    s.practiceId,
    cells,
    cells.map((c) => c.toLowerCase()),
  );
  const bySerial = new Map(found.flatMap((d) => (d.serial ? [[d.serial, d.id] as const] : [])));
  const byName = new Map<string, string[]>();
  for (const d of found) byName.set(d.name.toLowerCase(), [...(byName.get(d.name.toLowerCase()) ?? []), d.id]);
  return { bySerial, byName };
}
