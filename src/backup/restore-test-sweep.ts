/**
 * Overdue restore tests (issue 20 item 7): each protected system with a schedule is due a restore
 * test every restore_test_days after the newest that passed (quarterly by default for a system
 * with patient data, systems.ts). The sweep, run with each RPO evaluation, finds the systems whose
 * test has just fallen due and opens a ticket for each through the desk's shared incident steps
 * (desk/incidents.ts), routed by the matrix to the party on duty for the system's backups (the
 * activity of its first job, else the catalog's backup activity); their people hear
 * `backup.restore_test_overdue`. Once, because the system is marked overdue; a test that passes
 * moves the due date past now, and the next sweep resolves the ticket and clears the mark.
 * As in rpo.ts: who is on duty is asked first, then the row is re-read, locked, in the practice's
 * transaction, so two sweeps act once.
 */
import type { Clock } from '../core/clock.ts';
import type { Database } from '../core/db/database.ts';
import type { InPractice } from '../core/tenancy/acting.ts';
import { unsafeWithSystem, withTenant } from '../core/tenancy/with-tenant.ts';
import { openIncident, resolveIncident, type IncidentDeps } from '../desk/incidents.ts';
import { onDuty } from '../matrix/on-duty.ts';
import { backupOrigin } from './rpo.ts';
import { defaultBackupActivity } from './schema.ts';
import { auditBackup, restoreTestDue } from './systems.ts';
import {
  jobsOfSystems,
  lastPassedTests,
  lockSystem,
  newlyRestoreOverdue,
  restoreTestedAgain,
  updateSystem,
  type SystemRow,
} from './store.ts';

export interface SweepDeps extends IncidentDeps {
  database: Database;
  clock: Clock;
}

const batch = 500;

const systemUrl = (deps: IncidentDeps, system: SystemRow) =>
  `${deps.publicUrl}/practice/backups/systems/${system.id}?practice=${system.practiceId}`;

/** The matrix activity of the system's backups: its oldest job's, or the catalog's. */
async function backupActivity(deps: SweepDeps, system: SystemRow): Promise<string> {
  const jobs = await withTenant(deps.database.db, system.practiceId, (tx) => jobsOfSystems(tx, [system.id]));
  const oldest = jobs.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())[0];
  return oldest?.activity ?? defaultBackupActivity;
}

async function markOverdue(deps: SweepDeps, found: SystemRow): Promise<boolean> {
  const now = deps.clock.now();
  const activity = await backupActivity(deps, found);
  const duty = await onDuty(deps.database, found.practiceId, activity, now);
  return withTenant(deps.database.db, found.practiceId, async (tx) => {
    const system = await lockSystem(tx, found.id);
    const lastPassed = system ? (await lastPassedTests(tx, [system.id])).get(system.id) : undefined;
    const due = system ? restoreTestDue(system, lastPassed) : null;
    if (!system || system.restoreOverdueSince !== null || !due || due > now) return false;
    const s: InPractice = { tx, clock: deps.clock, practiceId: system.practiceId, origin: backupOrigin };
    const last = lastPassed ? `the last one that passed finished ${lastPassed.toISOString()}` : 'none has passed yet';
    const ticketId = await openIncident(
      s,
      deps,
      {
        activity,
        ticketId: system.restoreTicketId,
        title: `Restore test of ${system.name} is overdue`,
        description: `${system.name} is due a restore test every ${system.restoreTestDays} days; it was due ${due.toISOString()} and ${last}. Record a restore test that passes to resolve this ticket.`,
        againNote: `Overdue again: the restore test was due ${due.toISOString()}.`,
        fallbackCategory: 'backup',
        deviceId: system.deviceId,
      },
      duty,
      {
        event: 'backup.restore_test_overdue',
        params: (practiceName, holder) => ({
          practiceName,
          systemName: system.name,
          since: due,
          lastPassed: lastPassed ?? null,
          onDuty: holder ? holder.name : 'the triage queue (nobody on duty)',
          url: systemUrl(deps, system),
        }),
      },
    );
    await updateSystem(tx, system.id, { restoreOverdueSince: due, restoreTicketId: ticketId });
    await auditBackup(s, 'backup.restore_test_overdue', 'backup_system', system.id, {
      due,
      incidentTicketId: ticketId,
    });
    return true;
  });
}

async function markTested(deps: SweepDeps, found: SystemRow): Promise<boolean> {
  return withTenant(deps.database.db, found.practiceId, async (tx) => {
    const now = deps.clock.now();
    const system = await lockSystem(tx, found.id);
    if (!system || system.restoreOverdueSince === null) return false;
    const lastPassed = (await lastPassedTests(tx, [system.id])).get(system.id);
    const due = restoreTestDue(system, lastPassed);
    if (due && due <= now) return false;
    const s: InPractice = { tx, clock: deps.clock, practiceId: system.practiceId, origin: backupOrigin };
    const since = system.restoreOverdueSince;
    if (system.restoreTicketId) {
      const note = lastPassed
        ? `A restore test passed, finished ${lastPassed.toISOString()}; the next is due ${due?.toISOString() ?? 'never (no schedule)'}.`
        : 'The restore-test schedule was removed.';
      await resolveIncident(s, deps, system.restoreTicketId, note, {
        event: 'backup.restore_test_done',
        params: (practiceName) => ({ practiceName, systemName: system.name, since, url: systemUrl(deps, system) }),
      });
    }
    await updateSystem(tx, system.id, { restoreOverdueSince: null });
    await auditBackup(s, 'backup.restore_test_current', 'backup_system', system.id, {
      lastPassed: lastPassed ?? null,
      incidentTicketId: system.restoreTicketId,
    });
    return true;
  });
}

/** One sweep at the clock's now; returns how many systems turned overdue and how many were tested since. */
export async function sweepRestoreTests(deps: SweepDeps): Promise<{ overdue: number; tested: number }> {
  const counts = { overdue: 0, tested: 0 };
  for (;;) {
    const now = deps.clock.now();
    const late = await unsafeWithSystem(deps.database.db, (tx) => newlyRestoreOverdue(tx, now, batch));
    for (const system of late) if (await markOverdue(deps, system)) counts.overdue += 1;
    const back = await unsafeWithSystem(deps.database.db, (tx) => restoreTestedAgain(tx, now, batch));
    for (const system of back) if (await markTested(deps, system)) counts.tested += 1;
    if (late.length < batch && back.length < batch) return counts;
  }
}
