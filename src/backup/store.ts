/**
 * Backups' queries. Practice work runs in the practice's transaction (row-level security); the
 * report push's token lookup and the RPO evaluation's search run as the owner, across practices.
 */
import { and, eq, getTableColumns, gte, inArray, isNotNull, isNull, lt, lte, sql } from 'drizzle-orm';
import type { Database, Db } from '../core/db/database.ts';
import { newestFirst, olderThan, type KeysetAfter } from '../core/db/keyset.ts';
import { executeRows, preparedRows } from '../core/db/rows.ts';
import { backupJobs, backupReports, backupRestoreEvidence, backupRestoreTests, backupSystems } from './tables.ts';

export type SystemRow = typeof backupSystems.$inferSelect;
export type JobRow = typeof backupJobs.$inferSelect;
export type ReportRow = typeof backupReports.$inferSelect;
export type RestoreTestRow = typeof backupRestoreTests.$inferSelect;
export type EvidenceRow = typeof backupRestoreEvidence.$inferSelect;
export type EvidenceFacts = Omit<EvidenceRow, 'content' | 'practiceId'>;

export interface Page {
  after?: KeysetAfter;
  limit: number;
}

export async function insertSystem(tx: Db, row: SystemRow): Promise<void> {
  await tx.insert(backupSystems).values(row);
}

export async function findSystem(tx: Db, id: string): Promise<SystemRow | undefined> {
  const [row] = await tx.select().from(backupSystems).where(eq(backupSystems.id, id));
  return row;
}

/** A page of systems, newest first; with `overdueAt`, only those whose restore test was due before it. */
export async function listSystems(tx: Db, practiceId: string, page: Page, overdueAt?: Date): Promise<SystemRow[]> {
  // Due: a restore test every restore_test_days after the newest that passed, or after the system's creation.
  const overdue = overdueAt
    ? sql`${backupSystems.restoreTestDays} is not null and coalesce(
        (select max(t.finished_at) from backup_restore_tests t where t.system_id = ${backupSystems.id} and t.result = 'passed'),
        ${backupSystems.createdAt}) + make_interval(days => ${backupSystems.restoreTestDays}) < ${overdueAt.toISOString()}::timestamptz`
    : undefined;
  return tx
    .select()
    .from(backupSystems)
    .where(
      and(
        eq(backupSystems.practiceId, practiceId),
        olderThan(backupSystems.createdAt, backupSystems.id, page.after),
        overdue,
      ),
    )
    .orderBy(...newestFirst(backupSystems.createdAt, backupSystems.id))
    .limit(page.limit);
}

/** The protected systems that are this device, by name. */
export async function systemsOfDevice(tx: Db, practiceId: string, deviceId: string): Promise<SystemRow[]> {
  return tx
    .select()
    .from(backupSystems)
    .where(and(eq(backupSystems.practiceId, practiceId), eq(backupSystems.deviceId, deviceId)))
    .orderBy(backupSystems.name);
}

export async function updateSystem(tx: Db, id: string, patch: Partial<SystemRow>): Promise<void> {
  await tx.update(backupSystems).set(patch).where(eq(backupSystems.id, id));
}

export async function deleteSystem(tx: Db, id: string): Promise<void> {
  await tx.delete(backupSystems).where(eq(backupSystems.id, id));
}

/** Every job of these systems, for their 3-2-1 status. */
export async function jobsOfSystems(tx: Db, systemIds: string[]): Promise<JobRow[]> {
  if (systemIds.length === 0) return [];
  return tx.select().from(backupJobs).where(inArray(backupJobs.systemId, systemIds));
}

/** The finish of each system's newest restore test that passed. */
export async function lastPassedTests(tx: Db, systemIds: string[]): Promise<Map<string, Date>> {
  if (systemIds.length === 0) return new Map();
  const rows = await tx
    .select({ systemId: backupRestoreTests.systemId, at: sql<string>`max(${backupRestoreTests.finishedAt})` })
    .from(backupRestoreTests)
    .where(and(inArray(backupRestoreTests.systemId, systemIds), eq(backupRestoreTests.result, 'passed')))
    .groupBy(backupRestoreTests.systemId);
  return new Map(rows.map((r) => [r.systemId, new Date(r.at)]));
}

export async function insertJob(tx: Db, row: JobRow): Promise<void> {
  await tx.insert(backupJobs).values(row);
}

export async function findJob(tx: Db, id: string): Promise<JobRow | undefined> {
  const [row] = await tx.select().from(backupJobs).where(eq(backupJobs.id, id));
  return row;
}

/** The row, locked until the transaction ends: an evaluation and an edit of the same job do not interleave. */
export async function lockJob(tx: Db, id: string): Promise<JobRow | undefined> {
  const [row] = await tx.select().from(backupJobs).where(eq(backupJobs.id, id)).for('update');
  return row;
}

export async function listJobs(tx: Db, practiceId: string, page: Page): Promise<JobRow[]> {
  return tx
    .select()
    .from(backupJobs)
    .where(and(eq(backupJobs.practiceId, practiceId), olderThan(backupJobs.createdAt, backupJobs.id, page.after)))
    .orderBy(...newestFirst(backupJobs.createdAt, backupJobs.id))
    .limit(page.limit);
}

export async function updateJob(tx: Db, id: string, patch: Partial<JobRow>): Promise<void> {
  await tx.update(backupJobs).set(patch).where(eq(backupJobs.id, id));
}

export async function deleteJob(tx: Db, id: string): Promise<void> {
  await tx.delete(backupJobs).where(eq(backupJobs.id, id));
}

export async function systemNames(tx: Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select({ id: backupSystems.id, name: backupSystems.name })
    .from(backupSystems)
    .where(inArray(backupSystems.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The active (not paused) job with this report token hash. */
export async function jobOfTokenHash(
  tx: Db,
  tokenHash: string,
): Promise<{ id: string; practiceId: string; name: string } | null> {
  const [row] = await tx
    .select({ id: backupJobs.id, practiceId: backupJobs.practiceId, name: backupJobs.name })
    .from(backupJobs)
    .where(and(eq(backupJobs.tokenHash, tokenHash), eq(backupJobs.paused, false)));
  return row ?? null;
}

/**
 * Stores a report for the job whose token hash this is, and moves the job's state, in one
 * statement (owner connection: the push names no practice; the statement reaches only the row its
 * token finds, and the report takes that row's practice). A good run whose end is newer than the
 * newest good copy moves last_good_at and due_by (= that end + the RPO). False when no active job
 * has the token.
 */
export async function recordReport(
  tx: Db,
  tokenHash: string,
  report: Omit<ReportRow, 'practiceId' | 'jobId'>,
): Promise<boolean> {
  return (await executeRows<{ id: string }>(tx, recordReportStatement(tokenHash, report))).length > 0;
}

/** recordReport on its own, outside a transaction, as a prepared statement: the push route's hot path. */
export async function recordPushedReport(
  database: Pick<Database, 'query'>,
  tokenHash: string,
  report: Omit<ReportRow, 'practiceId' | 'jobId'>,
): Promise<boolean> {
  const rows = await preparedRows<{ id: string }>(
    database,
    'backup_record_report',
    recordReportStatement(tokenHash, report),
  );
  return rows.length > 0;
}

function recordReportStatement(tokenHash: string, report: Omit<ReportRow, 'practiceId' | 'jobId'>) {
  const good = report.result === 'success' || report.result === 'warning';
  const end = report.endedAt.toISOString();
  const received = report.receivedAt.toISOString();
  return sql`
    with job as (
      select id, practice_id from backup_jobs where token_hash = ${tokenHash} and not paused
    ), stored as (
      insert into backup_reports (id, practice_id, job_id, started_at, ended_at, bytes, result, message, received_at)
      select ${report.id}, job.practice_id, job.id, ${report.startedAt.toISOString()}::timestamptz, ${end}::timestamptz,
             ${report.bytes}, ${report.result}, ${report.message}, ${received}::timestamptz
        from job
    )
    update backup_jobs j set
      last_report_at = ${received}::timestamptz,
      last_result = ${report.result},
      last_message = ${report.message},
      last_good_at = case when ${good} and (j.last_good_at is null or j.last_good_at < ${end}::timestamptz)
                          then ${end}::timestamptz else j.last_good_at end,
      due_by = case when ${good} and (j.last_good_at is null or j.last_good_at < ${end}::timestamptz)
                    then ${end}::timestamptz + make_interval(hours => j.rpo_hours) else j.due_by end
      from job where j.id = job.id
    returning j.id`;
}

export async function listReports(tx: Db, jobId: string, page: Page): Promise<ReportRow[]> {
  return tx
    .select()
    .from(backupReports)
    .where(and(eq(backupReports.jobId, jobId), olderThan(backupReports.receivedAt, backupReports.id, page.after)))
    .orderBy(...newestFirst(backupReports.receivedAt, backupReports.id))
    .limit(page.limit);
}

/** The good copies' ends of these jobs from `since` to `until`, with the newest one before `since`. */
export async function goodCopyEnds(
  tx: Db,
  jobIds: string[],
  since: Date,
  until: Date,
): Promise<{ jobId: string; endedAt: Date }[]> {
  if (jobIds.length === 0) return [];
  const good = inArray(backupReports.result, ['success', 'warning']);
  const inside = await tx
    .select({ jobId: backupReports.jobId, endedAt: backupReports.endedAt })
    .from(backupReports)
    .where(
      and(
        inArray(backupReports.jobId, jobIds),
        good,
        gte(backupReports.endedAt, since),
        lt(backupReports.endedAt, until),
      ),
    );
  const before = await tx
    .select({ jobId: backupReports.jobId, endedAt: sql<string>`max(${backupReports.endedAt})` })
    .from(backupReports)
    .where(and(inArray(backupReports.jobId, jobIds), good, lt(backupReports.endedAt, since)))
    .groupBy(backupReports.jobId);
  return [...inside, ...before.map((r) => ({ jobId: r.jobId, endedAt: new Date(r.endedAt) }))];
}

/**
 * The RPO evaluation's one question per direction (owner connection, every practice): jobs not yet
 * overdue whose newest good copy is now older than the RPO, and overdue jobs that have a fresh
 * copy again. Each is an index range scan on due_by (partial indexes backup_jobs_due_idx and
 * backup_jobs_overdue_idx), however many jobs there are.
 */
export async function newlyOverdue(tx: Db, now: Date, limit: number): Promise<JobRow[]> {
  return tx
    .select()
    .from(backupJobs)
    .where(and(isNull(backupJobs.overdueSince), sql`not ${backupJobs.paused}`, lte(backupJobs.dueBy, now)))
    .orderBy(backupJobs.dueBy)
    .limit(limit);
}

export async function freshAgain(tx: Db, now: Date, limit: number): Promise<JobRow[]> {
  return tx
    .select()
    .from(backupJobs)
    .where(and(isNotNull(backupJobs.overdueSince), sql`${backupJobs.dueBy} > ${now.toISOString()}::timestamptz`))
    .orderBy(backupJobs.dueBy)
    .limit(limit);
}

/** When each system's next restore test falls due: every restore_test_days after the newest that passed, or after its creation. */
const restoreDueBy = sql`coalesce(
    (select max(t.finished_at) from backup_restore_tests t where t.system_id = ${backupSystems.id} and t.result = 'passed'),
    ${backupSystems.createdAt}) + make_interval(days => ${backupSystems.restoreTestDays})`;

/**
 * The restore-test sweep's two questions (owner connection, every practice): systems whose test
 * has just fallen due, and systems marked overdue whose test has since passed (no longer due).
 */
export async function newlyRestoreOverdue(tx: Db, now: Date, limit: number): Promise<SystemRow[]> {
  return tx
    .select()
    .from(backupSystems)
    .where(
      and(
        isNull(backupSystems.restoreOverdueSince),
        isNotNull(backupSystems.restoreTestDays),
        sql`${restoreDueBy} <= ${now.toISOString()}::timestamptz`,
      ),
    )
    .limit(limit);
}

export async function restoreTestedAgain(tx: Db, now: Date, limit: number): Promise<SystemRow[]> {
  return tx
    .select()
    .from(backupSystems)
    .where(
      and(
        isNotNull(backupSystems.restoreOverdueSince),
        sql`(${backupSystems.restoreTestDays} is null or ${restoreDueBy} > ${now.toISOString()}::timestamptz)`,
      ),
    )
    .limit(limit);
}

/** The system's row, locked until the transaction ends (a sweep racing another acts once). */
export async function lockSystem(tx: Db, id: string): Promise<SystemRow | undefined> {
  const [row] = await tx.select().from(backupSystems).where(eq(backupSystems.id, id)).for('update');
  return row;
}

/** How many of the practice's systems are past their restore test, as the last sweep found them. */
export async function countRestoreOverdue(tx: Db, practiceId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(backupSystems)
    .where(and(eq(backupSystems.practiceId, practiceId), isNotNull(backupSystems.restoreOverdueSince)));
  return row?.n ?? 0;
}

export async function insertRestoreTest(tx: Db, row: RestoreTestRow): Promise<void> {
  await tx.insert(backupRestoreTests).values(row);
}

const testColumns = getTableColumns(backupRestoreTests);

export async function findRestoreTest(tx: Db, id: string): Promise<RestoreTestRow | undefined> {
  const [row] = await tx.select(testColumns).from(backupRestoreTests).where(eq(backupRestoreTests.id, id));
  return row;
}

export async function listRestoreTests(tx: Db, systemId: string, page: Page): Promise<RestoreTestRow[]> {
  return tx
    .select()
    .from(backupRestoreTests)
    .where(
      and(
        eq(backupRestoreTests.systemId, systemId),
        olderThan(backupRestoreTests.createdAt, backupRestoreTests.id, page.after),
      ),
    )
    .orderBy(...newestFirst(backupRestoreTests.createdAt, backupRestoreTests.id))
    .limit(page.limit);
}

/** Restore tests of these systems finished inside [since, until), oldest first. */
export async function restoreTestsBetween(
  tx: Db,
  systemIds: string[],
  since: Date,
  until: Date,
): Promise<RestoreTestRow[]> {
  if (systemIds.length === 0) return [];
  return tx
    .select()
    .from(backupRestoreTests)
    .where(
      and(
        inArray(backupRestoreTests.systemId, systemIds),
        gte(backupRestoreTests.finishedAt, since),
        lt(backupRestoreTests.finishedAt, until),
      ),
    )
    .orderBy(backupRestoreTests.finishedAt);
}

const evidenceFacts = {
  restoreTestId: backupRestoreEvidence.restoreTestId,
  fileName: backupRestoreEvidence.fileName,
  contentType: backupRestoreEvidence.contentType,
  size: backupRestoreEvidence.size,
  sha256: backupRestoreEvidence.sha256,
  uploadedAt: backupRestoreEvidence.uploadedAt,
};

/** What is known of these tests' evidence files, without their content. */
export async function evidenceOf(tx: Db, testIds: string[]): Promise<Map<string, EvidenceFacts>> {
  if (testIds.length === 0) return new Map();
  const rows = await tx
    .select(evidenceFacts)
    .from(backupRestoreEvidence)
    .where(inArray(backupRestoreEvidence.restoreTestId, testIds));
  return new Map(rows.map((r) => [r.restoreTestId, r]));
}

export async function readEvidence(tx: Db, testId: string): Promise<EvidenceRow | undefined> {
  const [row] = await tx.select().from(backupRestoreEvidence).where(eq(backupRestoreEvidence.restoreTestId, testId));
  return row;
}

/** Stores (or replaces) a test's evidence file. */
export async function putEvidence(tx: Db, row: EvidenceRow): Promise<void> {
  const { fileName, contentType, size, sha256, content, uploadedAt } = row;
  await tx.insert(backupRestoreEvidence).values(row).onConflictDoUpdate({
    target: backupRestoreEvidence.restoreTestId,
    set: { fileName, contentType, size, sha256, content, uploadedAt },
  });
}
