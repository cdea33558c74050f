/**
 * Backup jobs as a practice manages them: create (the report token shown once), read with their
 * freshness against the RPO, change, delete, and each job's reports. Every write is audited with
 * what it set, never the token.
 */
import { newSecret, sha256 } from '../core/identity/tokens.ts';
import { AppError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import type { InPractice } from '../core/tenancy/acting.ts';
import type { Job, JobInput, JobPatch, Report } from './schema.ts';
import {
  deleteJob,
  findJob,
  insertJob,
  listJobs,
  listReports,
  systemNames,
  updateJob,
  type JobRow,
  type Page,
  type ReportRow,
} from './store.ts';
import { auditBackup, existingSystem } from './systems.ts';

const hourMs = 3_600_000;

export function jobState(row: JobRow): Job['state'] {
  if (row.paused) return 'paused';
  if (row.overdueSince) return 'overdue';
  return row.lastGoodAt ? 'fresh' : 'waiting';
}

function presentJob(row: JobRow, systemName: string): Job {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: row.id,
    systemId: row.systemId,
    systemName,
    name: row.name,
    destination: row.destination as Job['destination'],
    medium: row.medium as Job['medium'],
    immutable: row.immutable,
    schedule: row.schedule,
    rpoHours: row.rpoHours,
    retentionDays: row.retentionDays,
    activity: row.activity,
    paused: row.paused,
    state: jobState(row),
    lastGoodAt: iso(row.lastGoodAt),
    lastReportAt: iso(row.lastReportAt),
    lastResult: row.lastResult as Job['lastResult'],
    lastMessage: row.lastMessage,
    dueBy: row.dueBy.toISOString(),
    overdueSince: iso(row.overdueSince),
    incidentTicketId: row.incidentTicketId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function presentJobs(s: InPractice, rows: JobRow[]): Promise<Job[]> {
  const names = await systemNames(s.tx, [...new Set(rows.map((r) => r.systemId))]);
  return rows.map((r) => presentJob(r, names.get(r.systemId) ?? ''));
}

const auditDetails = (row: JobRow) => ({
  systemId: row.systemId,
  name: row.name,
  destination: row.destination,
  medium: row.medium,
  immutable: row.immutable,
  schedule: row.schedule,
  rpoHours: row.rpoHours,
  retentionDays: row.retentionDays,
  activity: row.activity,
  paused: row.paused,
});

export async function existingJob(s: InPractice, id: string): Promise<JobRow> {
  const row = await findJob(s.tx, id);
  if (!row) throw new AppError('not_found', 'No backup job with that id in this practice');
  return row;
}

/** When the newest good copy (or, before the first, the job's start) passes the RPO. */
const dueAfter = (from: Date, rpoHours: number) => new Date(from.getTime() + rpoHours * hourMs);

export async function createJob(s: InPractice, input: JobInput): Promise<{ job: Job; token: string }> {
  const system = await existingSystem(s, input.systemId).catch(() => {
    throw new AppError('validation_failed', 'The request is not valid', [
      { path: 'body.systemId', message: 'is not a protected system of this practice' },
    ]);
  });
  const now = s.clock.now();
  const token = newSecret();
  const row: JobRow = {
    id: newId(),
    practiceId: s.practiceId,
    systemId: system.id,
    name: input.name,
    destination: input.destination,
    medium: input.medium ?? (input.destination === 'cloud' ? 'cloud' : 'disk'),
    immutable: input.immutable,
    schedule: input.schedule,
    rpoHours: input.rpoHours,
    retentionDays: input.retentionDays,
    activity: input.activity,
    paused: input.paused,
    tokenHash: sha256(token),
    lastGoodAt: null,
    lastReportAt: null,
    lastResult: null,
    lastMessage: null,
    dueBy: dueAfter(now, input.rpoHours),
    overdueSince: null,
    incidentTicketId: null,
    createdAt: now,
    updatedAt: now,
  };
  await insertJob(s.tx, row);
  await auditBackup(s, 'backup.job_created', 'backup_job', row.id, auditDetails(row));
  return { job: presentJob(row, system.name), token };
}

export async function readJob(s: InPractice, id: string): Promise<Job> {
  return (await presentJobs(s, [await existingJob(s, id)]))[0]!;
}

export async function readJobs(s: InPractice, page: Page): Promise<{ rows: JobRow[]; jobs: Job[] }> {
  const rows = await listJobs(s.tx, s.practiceId, page);
  return { rows, jobs: await presentJobs(s, rows) };
}

export async function changeJob(s: InPractice, id: string, patch: JobPatch): Promise<Job> {
  const row = await existingJob(s, id);
  const now = s.clock.now();
  const changes: Partial<JobRow> = { ...patch, updatedAt: now };
  // A new RPO moves the deadline of the newest good copy; resuming counts from now for a job with none.
  if (patch.rpoHours !== undefined || (patch.paused === false && row.paused))
    changes.dueBy = dueAfter(row.lastGoodAt ?? now, patch.rpoHours ?? row.rpoHours);
  await updateJob(s.tx, id, changes);
  await auditBackup(s, 'backup.job_updated', 'backup_job', id, {
    fields: Object.keys(patch),
    ...auditDetails({ ...row, ...changes }),
  });
  return readJob(s, id);
}

/** A new secret report URL for the job: the old token stops working at once; the audit says so, without either token. */
export async function rotateJobToken(s: InPractice, id: string): Promise<string> {
  const row = await existingJob(s, id);
  const token = newSecret();
  await updateJob(s.tx, id, { tokenHash: sha256(token), updatedAt: s.clock.now() });
  await auditBackup(s, 'backup.job_token_rotated', 'backup_job', id, { name: row.name });
  return token;
}

export async function removeJob(s: InPractice, id: string): Promise<void> {
  const row = await existingJob(s, id);
  await deleteJob(s.tx, id);
  await auditBackup(s, 'backup.job_deleted', 'backup_job', id, auditDetails(row));
}

export function presentReport(r: ReportRow): Report {
  return {
    id: r.id,
    start: r.startedAt.toISOString(),
    end: r.endedAt.toISOString(),
    bytes: r.bytes,
    result: r.result as Report['result'],
    message: r.message,
    receivedAt: r.receivedAt.toISOString(),
  };
}

export async function readReports(s: InPractice, jobId: string, page: Page): Promise<ReportRow[]> {
  await existingJob(s, jobId);
  return listReports(s.tx, jobId, page);
}
