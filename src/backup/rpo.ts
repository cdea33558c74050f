/**
 * The RPO evaluation, a recurring job (every minute, on processes that work jobs). One query finds
 * the jobs whose newest good copy has just become older than their RPO (or that never had one
 * within the RPO of their creation; a failed last run changes only the words); each gets an
 * incident on the IT desk, routed by the matrix to the party on duty for the job's activity, and
 * its people hear `backup.overdue`. A second query finds overdue jobs with a fresh copy again; their
 * incident is resolved with a note and `backup.restored`.
 *
 * Per job in two steps, because onDuty opens its own transaction (and PGlite runs one at a time):
 * ask who is on duty, then act in the practice's transaction on the re-read, locked row, so an
 * evaluation racing another (or a report) acts once.
 */
import { z } from 'zod';
import type { AuditOrigin } from '../core/audit/append.ts';
import type { Clock } from '../core/clock.ts';
import type { Database } from '../core/db/database.ts';
import { defineJob } from '../core/jobs/job-type.ts';
import type { InPractice } from '../core/tenancy/acting.ts';
import { unsafeWithSystem, withTenant } from '../core/tenancy/with-tenant.ts';
import { openIncident, resolveIncident, type IncidentDeps } from '../desk/incidents.ts';
import { onDuty } from '../matrix/on-duty.ts';
import { auditBackup } from './systems.ts';
import { findSystem, freshAgain, lockJob, newlyOverdue, updateJob, type JobRow } from './store.ts';

export const rpoEvaluationJob = defineJob({
  name: 'backup.rpo-evaluation',
  data: z.object({}),
  retry: { limit: 2, delaySeconds: 30, backoff: true },
  timeoutSeconds: 600,
});
export const rpoEvaluationCron = '* * * * *';

export interface RpoDeps extends IncidentDeps {
  database: Database;
  clock: Clock;
}

/** Who opens and resolves backup incidents, as the audit log and ticket history name it. */
export const backupOrigin: AuditOrigin = {
  actorType: 'system',
  actorId: null,
  actorLabel: 'Tandem backups',
  ip: null,
  userAgent: null,
  requestId: null,
};

const batch = 500;

const jobUrl = (deps: IncidentDeps, job: JobRow) =>
  `${deps.publicUrl}/practice/backups/jobs/${job.id}?practice=${job.practiceId}`;

/** Why the job is overdue, in words (no patient data: the product's message is about the run). */
export function overdueReason(job: JobRow): string {
  if (job.lastResult === 'failed') return `the last run failed (${job.lastMessage || 'no message'})`;
  if (!job.lastGoodAt) return `no good copy reported within ${job.rpoHours} hours of the job's creation`;
  return `the newest good copy ended ${job.lastGoodAt.toISOString()}, older than the ${job.rpoHours}-hour RPO`;
}

const stillOverdue = (job: JobRow | undefined, now: Date) =>
  job !== undefined && job.overdueSince === null && !job.paused && job.dueBy <= now;

async function markOverdue(deps: RpoDeps, found: JobRow): Promise<boolean> {
  const now = deps.clock.now();
  const duty = await onDuty(deps.database, found.practiceId, found.activity, now);
  return withTenant(deps.database.db, found.practiceId, async (tx) => {
    const job = await lockJob(tx, found.id);
    if (!stillOverdue(job, now)) return false;
    const s: InPractice = { tx, clock: deps.clock, practiceId: job!.practiceId, origin: backupOrigin };
    const system = await findSystem(tx, job!.systemId);
    const systemName = system?.name ?? 'a protected system';
    const reason = overdueReason(job!);
    const subject = {
      activity: job!.activity,
      ticketId: job!.incidentTicketId,
      title: `Backup ${job!.name} of ${systemName} is overdue`,
      description: `Backup job "${job!.name}" of ${systemName} has no good copy inside its ${job!.rpoHours}-hour recovery point objective: ${reason}.`,
      againNote: `Overdue again: ${reason}.`,
      fallbackCategory: 'backup',
      deviceId: system?.deviceId ?? null,
    };
    const ticketId = await openIncident(s, deps, subject, duty, {
      event: 'backup.overdue',
      params: (practiceName, holder) => ({
        practiceName,
        jobName: job!.name,
        systemName,
        since: job!.dueBy,
        reason,
        onDuty: holder ? holder.name : 'the triage queue (nobody on duty)',
        url: jobUrl(deps, job!),
      }),
    });
    await updateJob(tx, job!.id, { overdueSince: job!.dueBy, incidentTicketId: ticketId });
    await auditBackup(s, 'backup.job_overdue', 'backup_job', job!.id, { reason, incidentTicketId: ticketId });
    return true;
  });
}

async function markFresh(deps: RpoDeps, found: JobRow): Promise<boolean> {
  return withTenant(deps.database.db, found.practiceId, async (tx) => {
    const now = deps.clock.now();
    const job = await lockJob(tx, found.id);
    if (!job || job.overdueSince === null || job.dueBy <= now) return false;
    const s: InPractice = { tx, clock: deps.clock, practiceId: job.practiceId, origin: backupOrigin };
    const systemName = (await findSystem(tx, job.systemId))?.name ?? 'a protected system';
    const freshAt = job.lastGoodAt ?? now;
    const overdueMinutes = Math.max(0, Math.round((freshAt.getTime() - job.overdueSince.getTime()) / 60_000));
    if (job.incidentTicketId) {
      const note = `A good copy ended ${freshAt.toISOString()}, after ${overdueMinutes} minutes overdue (since ${job.overdueSince.toISOString()}).`;
      await resolveIncident(s, deps, job.incidentTicketId, note, {
        event: 'backup.restored',
        params: (practiceName) => ({
          practiceName,
          jobName: job.name,
          systemName,
          since: freshAt,
          overdueMinutes,
          url: jobUrl(deps, job),
        }),
      });
    }
    await updateJob(tx, job.id, { overdueSince: null });
    await auditBackup(s, 'backup.job_fresh', 'backup_job', job.id, {
      overdueMinutes,
      incidentTicketId: job.incidentTicketId,
    });
    return true;
  });
}

/** One evaluation at the clock's now; returns how many jobs turned overdue and how many fresh again. */
export async function evaluateRpo(deps: RpoDeps): Promise<{ overdue: number; fresh: number }> {
  const counts = { overdue: 0, fresh: 0 };
  for (;;) {
    const now = deps.clock.now();
    const late = await unsafeWithSystem(deps.database.db, (tx) => newlyOverdue(tx, now, batch));
    for (const job of late) if (await markOverdue(deps, job)) counts.overdue += 1;
    const back = await unsafeWithSystem(deps.database.db, (tx) => freshAgain(tx, now, batch));
    for (const job of back) if (await markFresh(deps, job)) counts.fresh += 1;
    if (late.length < batch && back.length < batch) return counts;
  }
}
