/**
 * The evidence report for a period, per system: the share of the period with a good copy inside
 * the RPO (from the stored reports, coverage.ts), the stretches without one, the restore tests
 * finished in the period with their RTO against the target, and whether a restore test is overdue
 * now. Printable as evidence for HIPAA 164.308(a)(7) (contingency plan: backup, recovery, testing).
 */
import type { InPractice } from '../core/tenancy/acting.ts';
import { coverage, type Span } from './coverage.ts';
import { rule321 } from './rule-321.ts';
import type { PeriodReport } from './schema.ts';
import { goodCopyEnds, jobsOfSystems, listSystems, restoreTestsBetween, type SystemRow } from './store.ts';
import { presentRestoreTest } from './restore-tests.ts';
import { presentSystems } from './systems.ts';

const hourMs = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** Every system of the practice (a report covers them all, not a page). */
async function allSystems(s: InPractice): Promise<SystemRow[]> {
  const rows: SystemRow[] = [];
  for (;;) {
    const last = rows.at(-1);
    const page = await listSystems(s.tx, s.practiceId, {
      limit: 500,
      ...(last ? { after: { createdAt: last.createdAt, id: last.id } } : {}),
    });
    rows.push(...page);
    if (page.length < 500) return rows;
  }
}

export async function periodReport(s: InPractice, period: { from: string; to: string }): Promise<PeriodReport> {
  const from = Date.parse(`${period.from}T00:00:00Z`);
  const to = Date.parse(`${period.to}T00:00:00Z`);
  const systems = await allSystems(s);
  const ids = systems.map((r) => r.id);
  const jobs = await jobsOfSystems(s.tx, ids);
  const rpoOf = new Map(jobs.map((j) => [j.id, j.rpoHours]));
  const copies = await goodCopyEnds(
    s.tx,
    jobs.map((j) => j.id),
    new Date(from),
    new Date(to),
  );
  const tests = await restoreTestsBetween(s.tx, ids, new Date(from), new Date(to));
  const present = new Map((await presentSystems(s, systems)).map((p) => [p.id, p]));
  return {
    from: iso(from),
    to: iso(to),
    generatedAt: s.clock.now().toISOString(),
    systems: systems.map((system) => {
      const own = jobs.filter((j) => j.systemId === system.id);
      const ownIds = new Set(own.map((j) => j.id));
      const spans: Span[] = copies
        .filter((c) => ownIds.has(c.jobId))
        .map((c) => ({ from: c.endedAt.getTime(), to: c.endedAt.getTime() + rpoOf.get(c.jobId)! * hourMs }));
      const covered = own.length > 0 ? coverage(spans, from, to) : null;
      return {
        systemId: system.id,
        name: system.name,
        kind: system.kind as PeriodReport['systems'][number]['kind'],
        storesPatientData: system.storesPatientData,
        rule321: rule321(own),
        rpoMet: covered ? covered.share : null,
        gaps: covered ? covered.gaps.map((g) => ({ from: iso(g.from), to: iso(g.to) })) : [],
        restoreTests: tests
          .filter((t) => t.systemId === system.id)
          .map((t) => {
            const p = presentRestoreTest(t, undefined);
            return {
              id: p.id,
              finishedAt: p.finishedAt,
              result: p.result,
              rtoMinutes: p.rtoMinutes,
              rtoTargetHours: p.rtoTargetHours,
              rtoMet: p.rtoMet,
            };
          }),
        restoreTestOverdue: present.get(system.id)!.restoreTestOverdue,
      };
    }),
  };
}
