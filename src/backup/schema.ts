/**
 * Backups' HTTP contract, shared with the web app: protected systems with their 3-2-1 status and
 * restore-test schedule, backup jobs with their freshness against the RPO, the report a backup
 * product pushes, restore tests, and the period report.
 */
import { z } from 'zod';
import { listPageSchema, pageQuerySchema } from '../core/page-schema.ts';

export const systemKinds = ['server', 'workstation', 'cloud_service', 'ehr_database', 'other'] as const;
export const destinations = ['local', 'offsite', 'cloud'] as const;
export const media = ['disk', 'tape', 'removable', 'cloud'] as const;
export const reportResults = ['success', 'warning', 'failed'] as const;
export const restoreResults = ['passed', 'partial', 'failed'] as const;
export type ReportResult = (typeof reportResults)[number];
/**
 * A stored report's result: what a push may say, or unknown for an emailed report whose words
 * match no known pattern (src/mail/backup-email.ts); unknown leaves no good copy.
 */
export const storedReportResults = [...reportResults, 'unknown'] as const;
export type StoredReportResult = (typeof storedReportResults)[number];

/** A quarter, in days: the default restore-test interval for a system that stores patient data. */
export const quarterlyDays = 91;
/** The matrix catalog's activity for running and checking backup jobs. */
export const defaultBackupActivity = 'backup_jobs';

const activity = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be a matrix activity id');

const systemFields = {
  name: z.string().trim().min(1).max(120),
  kind: z.enum(systemKinds),
  storesPatientData: z.boolean().describe('Holds electronic patient data (HIPAA 164.308(a)(7))'),
  deviceId: z.uuid().nullable().describe('The inventory device this system is, if any'),
  restoreTestDays: z
    .number()
    .int()
    .min(1)
    .max(730)
    .nullable()
    .describe('Days between restore tests; null for none (default: quarterly when it stores patient data)'),
  rtoTargetHours: z.number().int().min(1).max(720).describe('How long a restore may take (RTO)'),
};

export const systemInputSchema = z.strictObject({
  ...systemFields,
  deviceId: systemFields.deviceId.default(null),
  restoreTestDays: systemFields.restoreTestDays.optional(),
  rtoTargetHours: systemFields.rtoTargetHours.default(24),
});
export type SystemInput = z.output<typeof systemInputSchema>;

export const systemPatchSchema = z
  .strictObject(systemFields)
  .partial()
  .refine((p) => Object.keys(p).length > 0, { message: 'must change at least one field' });
export type SystemPatch = z.output<typeof systemPatchSchema>;

export const ruleStatusSchema = z.object({
  copies: z.number().int().describe('Backup jobs (not paused) plus the original'),
  media: z.number().int().describe('Distinct media among those jobs'),
  offsite: z.number().int().describe('Jobs copying off the site (offsite or cloud)'),
  met: z.boolean().describe('At least 3 copies, 2 media, 1 off the site'),
  missing: z.array(z.string()).describe('What the system lacks for 3-2-1, in words'),
});
export type RuleStatus = z.infer<typeof ruleStatusSchema>;

export const systemSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(systemKinds),
  storesPatientData: z.boolean(),
  deviceId: z.uuid().nullable(),
  restoreTestDays: z.number().int().nullable(),
  rtoTargetHours: z.number().int(),
  rule321: ruleStatusSchema,
  jobs: z.number().int(),
  overdueJobs: z.number().int(),
  lastRestoreTestAt: z.iso.datetime().nullable(),
  restoreTestDueAt: z.iso.datetime().nullable(),
  restoreTestOverdue: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type System = z.infer<typeof systemSchema>;
export const systemPageSchema = listPageSchema('systems', systemSchema);
export const systemQuerySchema = pageQuerySchema.extend({
  restoreTestOverdue: z.stringbool().optional().describe('Only systems whose restore test is overdue'),
});

const jobFields = {
  systemId: z.uuid(),
  name: z.string().trim().min(1).max(120),
  destination: z.enum(destinations),
  medium: z.enum(media),
  immutable: z.boolean(),
  schedule: z.string().trim().min(1).max(200).describe('When it runs, in words or cron ("nightly 01:00")'),
  rpoHours: z.number().int().min(1).max(8760).describe('How old the newest good copy may be'),
  retentionDays: z.number().int().min(1).max(36_500),
  activity: activity.describe('The matrix activity whose party on duty gets the incident'),
  paused: z.boolean(),
};

export const jobInputSchema = z.strictObject({
  ...jobFields,
  medium: jobFields.medium.optional().describe('Default: cloud for a cloud destination, else disk'),
  immutable: jobFields.immutable.default(false),
  rpoHours: jobFields.rpoHours.default(24),
  retentionDays: jobFields.retentionDays.default(30),
  activity: jobFields.activity.default(defaultBackupActivity),
  paused: jobFields.paused.default(false),
});
export type JobInput = z.output<typeof jobInputSchema>;

export const jobPatchSchema = z
  .strictObject(jobFields)
  .omit({ systemId: true })
  .partial()
  .refine((p) => Object.keys(p).length > 0, { message: 'must change at least one field' });
export type JobPatch = z.output<typeof jobPatchSchema>;

export const freshnessStates = ['waiting', 'fresh', 'overdue', 'paused'] as const;

export const jobSchema = z.object({
  id: z.uuid(),
  systemId: z.uuid(),
  systemName: z.string(),
  name: z.string(),
  destination: z.enum(destinations),
  medium: z.enum(media),
  immutable: z.boolean(),
  schedule: z.string(),
  rpoHours: z.number().int(),
  retentionDays: z.number().int(),
  activity: z.string(),
  paused: z.boolean(),
  /** waiting: no good copy yet but inside the RPO since creation; fresh; overdue (incident open); paused. */
  state: z.enum(freshnessStates),
  lastGoodAt: z.iso.datetime().nullable(),
  lastReportAt: z.iso.datetime().nullable(),
  lastResult: z.enum(storedReportResults).nullable(),
  lastMessage: z.string().nullable(),
  dueBy: z.iso.datetime(),
  overdueSince: z.iso.datetime().nullable(),
  incidentTicketId: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Job = z.infer<typeof jobSchema>;
export const jobPageSchema = listPageSchema('jobs', jobSchema);

export const createdJobSchema = z.object({
  job: jobSchema,
  reportUrl: z.string().describe('The job’s secret report URL, in this reply only'),
  reportEmail: z
    .string()
    .describe(
      'The address for a product that can only email its report (backup+<token>@TANDEM_MAIL_DOMAIN), in this reply only',
    ),
});
export type CreatedJob = z.infer<typeof createdJobSchema>;

export const rotatedReportUrlSchema = z.object({
  reportUrl: z.string().describe('The job’s new secret report URL, in this reply only; the old one stopped working'),
  reportEmail: z.string().describe('The job’s new report address, which changes with the URL; the old one stopped working'),
});

export const maxReportMessage = 2000;

/** What a backup product's post-job script sends. */
export const reportInputSchema = z
  .strictObject({
    start: z.iso.datetime({ offset: true }).describe('When the run started'),
    end: z.iso.datetime({ offset: true }).describe('When it ended'),
    bytes: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).describe('Bytes written'),
    result: z.enum(reportResults).describe('warning: finished with a usable copy'),
    message: z.string().max(maxReportMessage).default(''),
  })
  .refine((r) => Date.parse(r.end) >= Date.parse(r.start), { message: 'must not be before start', path: ['end'] });
export type ReportInput = z.output<typeof reportInputSchema>;

export const reportSchema = z.object({
  id: z.uuid(),
  start: z.iso.datetime(),
  end: z.iso.datetime(),
  bytes: z.number().int(),
  result: z.enum(storedReportResults),
  message: z.string(),
  receivedAt: z.iso.datetime(),
});
export type Report = z.infer<typeof reportSchema>;
export const reportPageSchema = listPageSchema('reports', reportSchema);

const restoreFields = {
  jobId: z.uuid().nullable().describe('The job whose copy was restored, if it was one of them'),
  restored: z.string().trim().min(1).max(500).describe('What was restored (a database, files, a whole server)'),
  copy: z.string().trim().min(1).max(300).describe('Which copy (its date, the destination)'),
  performedBy: z.string().trim().min(1).max(120),
  startedAt: z.iso.datetime({ offset: true }),
  finishedAt: z.iso.datetime({ offset: true }),
  result: z.enum(restoreResults),
  notes: z.string().max(4000),
};

export const restoreTestInputSchema = z
  .strictObject({ ...restoreFields, jobId: restoreFields.jobId.default(null), notes: restoreFields.notes.default('') })
  .refine((r) => Date.parse(r.finishedAt) >= Date.parse(r.startedAt), {
    message: 'must not be before startedAt',
    path: ['finishedAt'],
  });
export type RestoreTestInput = z.output<typeof restoreTestInputSchema>;

export const evidenceSchema = z.object({
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  uploadedAt: z.iso.datetime(),
});

export const restoreTestSchema = z.object({
  id: z.uuid(),
  systemId: z.uuid(),
  jobId: z.uuid().nullable(),
  restored: z.string(),
  copy: z.string(),
  performedBy: z.string(),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  rtoMinutes: z.number().int().describe('The time the restore took (the RTO achieved)'),
  rtoTargetHours: z.number().int(),
  rtoMet: z.boolean(),
  result: z.enum(restoreResults),
  notes: z.string(),
  recordedBy: z.string(),
  evidence: evidenceSchema.nullable(),
  createdAt: z.iso.datetime(),
});
export type RestoreTest = z.infer<typeof restoreTestSchema>;
export const restoreTestPageSchema = listPageSchema('restoreTests', restoreTestSchema);

export const evidenceTypes = ['application/pdf', 'image/png', 'image/jpeg', 'text/plain', 'text/csv'] as const;
export const maxEvidenceBytes = 5 * 1024 * 1024;

export const periodQuerySchema = z
  .strictObject({ from: z.iso.date(), to: z.iso.date() })
  .refine((q) => q.to > q.from, { message: 'must be after from', path: ['to'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000, {
    message: 'must be at most 366 days after from',
    path: ['to'],
  });

export const gapSchema = z.object({ from: z.iso.datetime(), to: z.iso.datetime() });

export const systemReportSchema = z.object({
  systemId: z.uuid(),
  name: z.string(),
  kind: z.enum(systemKinds),
  storesPatientData: z.boolean(),
  rule321: ruleStatusSchema,
  /** Share of the period in which some job had a good copy inside its RPO; null for a system without jobs. */
  rpoMet: z.number().nullable(),
  gaps: z.array(gapSchema).describe('Stretches without a good copy inside the RPO'),
  restoreTests: z.array(
    restoreTestSchema.pick({
      id: true,
      finishedAt: true,
      result: true,
      rtoMinutes: true,
      rtoTargetHours: true,
      rtoMet: true,
    }),
  ),
  restoreTestOverdue: z.boolean(),
});
export type SystemReport = z.infer<typeof systemReportSchema>;

export const periodReportSchema = z.object({
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  generatedAt: z.iso.datetime(),
  systems: z.array(systemReportSchema),
});
export type PeriodReport = z.infer<typeof periodReportSchema>;
