/**
 * Protected systems as a practice manages them: create, read with their 3-2-1 status and restore
 * test schedule, change, delete (with their jobs, reports and restore tests). Every write is audited.
 */
import { hasDevice } from '../assets/devices.ts';
import { appendAudit } from '../core/audit/append.ts';
import { AppError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import type { InPractice } from '../core/tenancy/acting.ts';
import { rule321 } from './rule-321.ts';
import { quarterlyDays, type System, type SystemInput, type SystemPatch } from './schema.ts';
import {
  deleteSystem,
  findSystem,
  insertSystem,
  jobsOfSystems,
  lastPassedTests,
  listSystems,
  updateSystem,
  type Page,
  type SystemRow,
} from './store.ts';

const dayMs = 86_400_000;

export async function auditBackup(
  s: InPractice,
  action: string,
  targetType: string,
  targetId: string,
  details: Record<string, unknown>,
) {
  await appendAudit(s.tx, {
    at: s.clock.now(),
    ...s.origin,
    practiceId: s.practiceId,
    action,
    targetType,
    targetId,
    details,
  });
}

/** When the next restore test is due: the interval after the newest that passed, or after the system's creation. */
export function restoreTestDue(row: SystemRow, lastPassed: Date | undefined): Date | null {
  if (row.restoreTestDays === null) return null;
  return new Date((lastPassed ?? row.createdAt).getTime() + row.restoreTestDays * dayMs);
}

/** The systems as read: each with its jobs' 3-2-1 status and its restore-test schedule. */
export async function presentSystems(s: InPractice, rows: SystemRow[]): Promise<System[]> {
  const ids = rows.map((r) => r.id);
  const jobs = await jobsOfSystems(s.tx, ids);
  const tests = await lastPassedTests(s.tx, ids);
  const now = s.clock.now();
  return rows.map((row) => {
    const own = jobs.filter((j) => j.systemId === row.id);
    const last = tests.get(row.id);
    const due = restoreTestDue(row, last);
    return {
      id: row.id,
      name: row.name,
      kind: row.kind as System['kind'],
      storesPatientData: row.storesPatientData,
      deviceId: row.deviceId,
      restoreTestDays: row.restoreTestDays,
      rtoTargetHours: row.rtoTargetHours,
      rule321: rule321(own),
      jobs: own.length,
      overdueJobs: own.filter((j) => j.overdueSince !== null).length,
      lastRestoreTestAt: last ? last.toISOString() : null,
      restoreTestDueAt: due ? due.toISOString() : null,
      restoreTestOverdue: due !== null && due < now,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  });
}

const auditDetails = (row: SystemRow) => ({
  name: row.name,
  kind: row.kind,
  storesPatientData: row.storesPatientData,
  deviceId: row.deviceId,
  restoreTestDays: row.restoreTestDays,
  rtoTargetHours: row.rtoTargetHours,
});

export async function existingSystem(s: InPractice, id: string): Promise<SystemRow> {
  const row = await findSystem(s.tx, id);
  if (!row) throw new AppError('not_found', 'No protected system with that id in this practice');
  return row;
}

/** A named device must be one of this practice's (the foreign key alone would only say it exists). */
async function checkDevice(s: InPractice, deviceId: string | null | undefined): Promise<void> {
  if (deviceId && !(await hasDevice(s, deviceId)))
    throw new AppError('validation_failed', 'The request is not valid', [
      { path: 'body.deviceId', message: 'no device with that id in this practice' },
    ]);
}

export async function createSystem(s: InPractice, input: SystemInput): Promise<System> {
  await checkDevice(s, input.deviceId);
  const now = s.clock.now();
  const row: SystemRow = {
    id: newId(),
    practiceId: s.practiceId,
    name: input.name,
    kind: input.kind,
    storesPatientData: input.storesPatientData,
    deviceId: input.deviceId,
    // Quarterly for a system with patient data unless told otherwise (HIPAA 164.308(a)(7)(ii)(D) asks for testing).
    restoreTestDays:
      input.restoreTestDays !== undefined ? input.restoreTestDays : input.storesPatientData ? quarterlyDays : null,
    rtoTargetHours: input.rtoTargetHours,
    restoreOverdueSince: null,
    restoreTicketId: null,
    createdAt: now,
    updatedAt: now,
  };
  await insertSystem(s.tx, row);
  await auditBackup(s, 'backup.system_created', 'backup_system', row.id, auditDetails(row));
  return (await presentSystems(s, [row]))[0]!;
}

export async function readSystem(s: InPractice, id: string): Promise<System> {
  return (await presentSystems(s, [await existingSystem(s, id)]))[0]!;
}

export async function readSystems(
  s: InPractice,
  page: Page,
  restoreTestOverdue: boolean,
): Promise<{ rows: SystemRow[]; systems: System[] }> {
  const rows = await listSystems(s.tx, s.practiceId, page, restoreTestOverdue ? s.clock.now() : undefined);
  return { rows, systems: await presentSystems(s, rows) };
}

export async function changeSystem(s: InPractice, id: string, patch: SystemPatch): Promise<System> {
  const row = await existingSystem(s, id);
  await checkDevice(s, patch.deviceId);
  const changes = { ...patch, updatedAt: s.clock.now() };
  await updateSystem(s.tx, id, changes);
  await auditBackup(s, 'backup.system_updated', 'backup_system', id, {
    fields: Object.keys(patch),
    ...auditDetails({ ...row, ...changes }),
  });
  return readSystem(s, id);
}

export async function removeSystem(s: InPractice, id: string): Promise<void> {
  const row = await existingSystem(s, id);
  await deleteSystem(s.tx, id);
  await auditBackup(s, 'backup.system_deleted', 'backup_system', id, auditDetails(row));
}
