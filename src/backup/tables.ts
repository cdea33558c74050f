import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { bytea } from '../core/db/column-types.ts';
import { practices } from '../core/tenancy/tables.ts';

/**
 * What a practice protects with backups: a server, a workstation, a cloud service, the EHR's
 * database. It may name a device of the inventory (device_id; the foreign key to devices is added
 * where the inventory exists). Restore tests are due every restore_test_days after the last one.
 */
export const backupSystems = pgTable(
  'backup_systems',
  {
    id: uuid('id').primaryKey(),
    practiceId: uuid('practice_id')
      .notNull()
      .references(() => practices.id),
    name: text('name').notNull(),
    /** server | workstation | cloud_service | ehr_database | other */
    kind: text('kind').notNull(),
    storesPatientData: boolean('stores_patient_data').notNull(),
    deviceId: uuid('device_id'),
    /** Days between restore tests; null: none scheduled. */
    restoreTestDays: integer('restore_test_days'),
    /** How long a restore may take (the recovery time objective). */
    rtoTargetHours: integer('rto_target_hours').notNull(),
    /** When the restore test the sweep found overdue was due; null while none is (restore-test-sweep.ts). */
    restoreOverdueSince: timestamp('restore_overdue_since', { withTimezone: true }),
    /** The ticket of the overdue restore test (kept after it is resolved, reused while not closed). */
    restoreTicketId: uuid('restore_ticket_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('backup_systems_practice_created_idx').on(t.practiceId, t.createdAt),
    check(
      'backup_systems_kind_known',
      sql`${t.kind} in ('server', 'workstation', 'cloud_service', 'ehr_database', 'other')`,
    ),
  ],
);

/**
 * One backup job of a system: where its copies go, how fresh the newest good copy must be (RPO)
 * and who is on duty for it. The job's state is kept on the row (newest good copy, last run, and
 * due_by: when the newest good copy becomes older than the RPO), so the minute's evaluation finds
 * the overdue jobs with one index range scan.
 */
export const backupJobs = pgTable(
  'backup_jobs',
  {
    id: uuid('id').primaryKey(),
    practiceId: uuid('practice_id')
      .notNull()
      .references(() => practices.id),
    systemId: uuid('system_id')
      .notNull()
      .references(() => backupSystems.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** local | offsite | cloud */
    destination: text('destination').notNull(),
    /** disk | tape | removable | cloud: the medium the copies are kept on (3-2-1 counts distinct media). */
    medium: text('medium').notNull(),
    immutable: boolean('immutable').notNull(),
    schedule: text('schedule').notNull(),
    rpoHours: integer('rpo_hours').notNull(),
    retentionDays: integer('retention_days').notNull(),
    activity: text('activity').notNull(),
    paused: boolean('paused').notNull(),
    /** SHA-256 of the job's report token; the token itself is shown once. */
    tokenHash: text('token_hash').notNull(),
    /** End of the newest run that left a good copy (success or warning). */
    lastGoodAt: timestamp('last_good_at', { withTimezone: true }),
    lastReportAt: timestamp('last_report_at', { withTimezone: true }),
    /** success | warning | failed | unknown (an emailed report matching no pattern) */
    lastResult: text('last_result'),
    lastMessage: text('last_message'),
    /** When the newest good copy (or, with none yet, the job's creation) becomes older than the RPO. */
    dueBy: timestamp('due_by', { withTimezone: true }).notNull(),
    /** Past due_by, as the last evaluation found it; its incident is open. */
    overdueSince: timestamp('overdue_since', { withTimezone: true }),
    incidentTicketId: uuid('incident_ticket_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('backup_jobs_practice_created_idx').on(t.practiceId, t.createdAt),
    index('backup_jobs_system_idx').on(t.systemId),
    index('backup_jobs_token_idx').on(t.tokenHash),
    // The evaluation's two questions: which fresh jobs are now past due, which overdue ones are fresh again.
    index('backup_jobs_due_idx')
      .on(t.dueBy)
      .where(sql`${t.overdueSince} is null and not ${t.paused}`),
    index('backup_jobs_overdue_idx')
      .on(t.dueBy)
      .where(sql`${t.overdueSince} is not null`),
    check('backup_jobs_destination_known', sql`${t.destination} in ('local', 'offsite', 'cloud')`),
    check('backup_jobs_medium_known', sql`${t.medium} in ('disk', 'tape', 'removable', 'cloud')`),
    check('backup_jobs_result_known', sql`${t.lastResult} in ('success', 'warning', 'failed', 'unknown')`),
  ],
);

/** One run as the backup product reported it. */
export const backupReports = pgTable(
  'backup_reports',
  {
    id: uuid('id').primaryKey(),
    practiceId: uuid('practice_id')
      .notNull()
      .references(() => practices.id),
    jobId: uuid('job_id')
      .notNull()
      .references(() => backupJobs.id, { onDelete: 'cascade' }),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }).notNull(),
    bytes: bigint('bytes', { mode: 'number' }).notNull(),
    result: text('result').notNull(),
    message: text('message').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('backup_reports_job_received_idx').on(t.jobId, t.receivedAt),
    index('backup_reports_job_ended_idx').on(t.jobId, t.endedAt),
    check('backup_reports_result_known', sql`${t.result} in ('success', 'warning', 'failed', 'unknown')`),
  ],
);

/** A restore test of a system: what was restored from which copy, by whom, how long it took, and how it went. */
export const backupRestoreTests = pgTable(
  'backup_restore_tests',
  {
    id: uuid('id').primaryKey(),
    practiceId: uuid('practice_id')
      .notNull()
      .references(() => practices.id),
    systemId: uuid('system_id')
      .notNull()
      .references(() => backupSystems.id, { onDelete: 'cascade' }),
    /** The job whose copy was restored; null when the copy came from elsewhere (described in `copy`). */
    jobId: uuid('job_id').references(() => backupJobs.id, { onDelete: 'set null' }),
    restored: text('restored').notNull(),
    copy: text('copy').notNull(),
    performedBy: text('performed_by').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }).notNull(),
    /** The system's RTO target when the test was recorded. */
    rtoTargetHours: integer('rto_target_hours').notNull(),
    /** passed | partial | failed */
    result: text('result').notNull(),
    notes: text('notes').notNull(),
    recordedBy: text('recorded_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('backup_restore_tests_system_idx').on(t.systemId, t.finishedAt),
    index('backup_restore_tests_practice_created_idx').on(t.practiceId, t.createdAt),
    check('backup_restore_tests_result_known', sql`${t.result} in ('passed', 'partial', 'failed')`),
    check('backup_restore_tests_finished_after_start', sql`${t.finishedAt} >= ${t.startedAt}`),
  ],
);

/** The evidence file of a restore test (a screenshot, a log): in the database, so backups and row-level security cover it. */
export const backupRestoreEvidence = pgTable('backup_restore_evidence', {
  restoreTestId: uuid('restore_test_id')
    .primaryKey()
    .references(() => backupRestoreTests.id, { onDelete: 'cascade' }),
  practiceId: uuid('practice_id')
    .notNull()
    .references(() => practices.id),
  fileName: text('file_name').notNull(),
  contentType: text('content_type').notNull(),
  size: integer('size').notNull(),
  sha256: text('sha256').notNull(),
  content: bytea('content').notNull(),
  uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull(),
});
