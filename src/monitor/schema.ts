/**
 * Monitoring's HTTP contract, shared with the web app: a check's probe (one shape per kind), the
 * check as created and changed, the check as read (with its state and uptime), its results and its
 * maintenance windows.
 */
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { listPageSchema } from '../core/page-schema.ts';
import { serialSchema } from '../assets/schema.ts';

export const checkStates = ['pending', 'up', 'degraded', 'down', 'maintenance', 'paused'] as const;
export type CheckState = (typeof checkStates)[number];

const host = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.:[\]-]+$/, 'must be a host name or an IP address');
const port = z.number().int().min(1).max(65535);

export const httpProbeSchema = z
  .strictObject({
    kind: z.literal('http'),
    url: z
      .url({ protocol: /^https?$/, error: 'must be an http or https URL' })
      .max(2000)
      // zod runs this even when the URL check failed: a text that is no URL must not throw (a 500).
      .refine((u) => !URL.canParse(u) || (!new URL(u).username && !new URL(u).password), {
        message: 'must not carry a user name or password',
      }),
    expectedStatus: z.number().int().min(100).max(599).default(200).describe('The status code that means up'),
    keyword: z.string().min(1).max(200).optional().describe('Text the body must contain (first 64 KiB)'),
    maxLatencyMs: z.number().int().min(1).max(60_000).optional().describe('Slower than this counts as a failure'),
    slowLatencyMs: z
      .number()
      .int()
      .min(1)
      .max(60_000)
      .optional()
      .describe('Slower than this (and not over maxLatencyMs) is degraded'),
    verifyTls: z.boolean().default(true).describe('Refuse an invalid or untrusted certificate'),
  })
  .refine((p) => !p.slowLatencyMs || !p.maxLatencyMs || p.slowLatencyMs < p.maxLatencyMs, {
    message: 'must be below maxLatencyMs',
    path: ['slowLatencyMs'],
  });

export const tcpProbeSchema = z.strictObject({ kind: z.literal('tcp'), host, port });

export const tlsProbeSchema = z
  .strictObject({
    kind: z.literal('tls'),
    host,
    port: port.default(443),
    minDaysLeft: z.number().int().min(1).max(365).default(14).describe('Fewer days left than this counts as a failure'),
    warnDaysLeft: z
      .number()
      .int()
      .min(1)
      .max(365)
      .optional()
      .describe('Fewer days left than this (and not under minDaysLeft) is degraded'),
  })
  .refine((p) => !p.warnDaysLeft || p.warnDaysLeft > p.minDaysLeft, {
    message: 'must be above minDaysLeft',
    path: ['warnDaysLeft'],
  });

export const dnsRecordTypes = ['A', 'AAAA', 'CNAME', 'MX', 'NS', 'TXT'] as const;

export type DnsRecordType = (typeof dnsRecordTypes)[number];

export const dnsProbeSchema = z.strictObject({
  kind: z.literal('dns'),
  name: z
    .string()
    .trim()
    .min(1)
    .max(253)
    .regex(/^(?!-)[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.?$/, 'must be a domain name')
    .describe('The name to look up'),
  recordType: z.enum(dnsRecordTypes).default('A'),
  expected: z
    .string()
    .trim()
    .min(1)
    .max(255)
    .optional()
    .describe('A value the answer must include (an address, a host name, a text record); any answer when absent'),
  server: z
    .union([z.ipv4(), z.ipv6()], { error: 'must be an IP address' })
    .optional()
    .describe("The resolver to ask, e.g. the practice's domain controller; this machine's resolver when absent"),
  port: port.default(53),
});

export const pushProbeSchema = z.strictObject({
  kind: z.literal('push'),
  graceSeconds: z
    .number()
    .int()
    .min(0)
    .max(86_400)
    .default(300)
    .describe('How long after its period a ping may be late before the check is down'),
});

export const agentProbeSchema = z.strictObject({
  kind: z.literal('agent'),
  graceSeconds: pushProbeSchema.shape.graceSeconds,
  minDiskFreePercent: z
    .number()
    .min(0)
    .max(100)
    .default(10)
    .describe('Less free space than this on the system disk is degraded'),
  maxCpuPercent: z
    .number()
    .min(1)
    .max(100)
    .optional()
    .describe('More CPU use than this is degraded; no limit when absent'),
  requireProtection: z.boolean().default(true).describe('Endpoint protection missing or out of date is degraded'),
});

export const probeSchema = z.discriminatedUnion('kind', [
  httpProbeSchema,
  tcpProbeSchema,
  tlsProbeSchema,
  dnsProbeSchema,
  pushProbeSchema,
  agentProbeSchema,
]);
export type Probe = z.output<typeof probeSchema>;
export type ProbeKind = Probe['kind'];

/**
 * What an endpoint agent posts to its check's secret URL at each heartbeat (docs/monitoring.md has
 * curl and PowerShell examples). Only hostname is required: an agent sends what it can read.
 */
export const agentHeartbeatSchema = z
  .strictObject({
    hostname: z
      .string()
      .trim()
      .min(1)
      .max(120)
      .regex(/^[A-Za-z0-9._-]+$/, 'must be a host name (letters, digits, dots, hyphens)'),
    serial: serialSchema.nullable().optional().describe('The hardware serial (BIOS / system board)'),
    os: z.string().trim().min(1).max(120).optional().describe('e.g. "Windows 11 Pro"'),
    osVersion: z
      .string()
      .trim()
      .min(1)
      .max(120)
      .optional()
      .describe('Version or patch level, e.g. "23H2 (22631.4460)"'),
    diskFreePercent: z.number().min(0).max(100).optional().describe('Free space on the system disk, in %'),
    cpuPercent: z.number().min(0).max(100).optional().describe('CPU use, in %'),
    diskEncryption: z.boolean().optional().describe('The system disk is encrypted (BitLocker, FileVault, LUKS)'),
    endpointProtection: z
      .strictObject({
        name: z.string().trim().min(1).max(120),
        upToDate: z.boolean().describe('Its signatures or engine are current'),
      })
      .nullable()
      .optional()
      .describe('The antivirus or EDR product; null when none runs'),
    lastBoot: z.iso.datetime({ offset: true }).optional(),
  })
  .meta({ id: 'AgentHeartbeat' });
export type AgentHeartbeat = z.infer<typeof agentHeartbeatSchema>;

/** An agent check's last heartbeat, as stored and shown: the heartbeat and when it arrived. */
export const agentFactsSchema = agentHeartbeatSchema.extend({ receivedAt: z.iso.datetime() });
export type AgentFacts = z.infer<typeof agentFactsSchema>;

export const agentReplySchema = z.object({
  ok: z.literal(true),
  deviceId: z.uuid().describe('The inventory device the facts were recorded on'),
  deviceCreated: z.boolean().describe('The device was not in the inventory and was added'),
});

const activity = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be a matrix activity id');

const fields = {
  name: z.string().trim().min(1).max(120),
  probe: probeSchema,
  intervalSeconds: z
    .number()
    .int()
    .min(10)
    .max(86_400)
    .describe('How often the check runs (push: the expected period)'),
  failureThreshold: z.number().int().min(1).max(20).describe('Failures in a row that make the check down'),
  recoveryThreshold: z.number().int().min(1).max(20).describe('Successes in a row that bring it back up'),
  activity: activity.describe('The matrix activity whose party on duty gets the incident'),
  parentId: z.uuid().nullable().describe('A check this one depends on: while it is down, this one raises no alert'),
  deviceId: z.uuid().nullable().describe('The inventory device the check watches (an agent check: its endpoint)'),
  allowPrivateTargets: z
    .boolean()
    .describe('Allow private and loopback targets (an on-premises server); administrators only, not tokens'),
  paused: z.boolean(),
};

export const checkInputSchema = z.strictObject({
  ...fields,
  intervalSeconds: fields.intervalSeconds.default(60),
  failureThreshold: fields.failureThreshold.default(2),
  recoveryThreshold: fields.recoveryThreshold.default(1),
  parentId: fields.parentId.default(null),
  deviceId: fields.deviceId.default(null),
  allowPrivateTargets: fields.allowPrivateTargets.default(false),
  paused: fields.paused.default(false),
});
export type CheckInput = z.output<typeof checkInputSchema>;

export const checkPatchSchema = z
  .strictObject(fields)
  .partial()
  .refine((p) => Object.keys(p).length > 0, { message: 'must change at least one field' });
export type CheckPatch = z.output<typeof checkPatchSchema>;

export const checkSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  probe: probeSchema,
  intervalSeconds: z.number().int(),
  failureThreshold: z.number().int(),
  recoveryThreshold: z.number().int(),
  activity: z.string(),
  parentId: z.uuid().nullable(),
  deviceId: z.uuid().nullable(),
  allowPrivateTargets: z.boolean(),
  paused: z.boolean(),
  /** An agent check's last heartbeat; null for other kinds and before the first. */
  agent: agentFactsSchema.nullable(),
  state: z.enum(checkStates),
  stateSince: z.iso.datetime(),
  /** Down while its parent was down: no incident was opened. */
  suppressed: z.boolean(),
  flapping: z
    .boolean()
    .describe(
      'Flapping: its last 21 results changed state too often (weighted 20%, until under 5%); the state still moves but no alert goes out',
    ),
  flappingSince: z.iso.datetime().nullable().describe('When the check started flapping; null when it is not'),
  incidentTicketId: z.uuid().nullable(),
  incidentTicketNumber: z.int().nullable().describe("The open incident ticket's number in the practice (T-n)"),
  lastCheckedAt: z.iso.datetime().nullable(),
  lastOk: z.boolean().nullable(),
  lastMessage: z.string().nullable(),
  lastLatencyMs: z.number().int().nullable(),
  /** Share of runs outside maintenance that succeeded, null with no such run in the period. */
  uptime24h: z.number().nullable(),
  uptime30d: z.number().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Check = z.infer<typeof checkSchema>;

export const createdCheckSchema = z.object({
  check: checkSchema,
  pushUrl: z
    .string()
    .nullable()
    .describe('A push or agent check’s secret URL, in this reply only; null for other kinds'),
});

export const runRequestedSchema = z.object({
  nextRunAt: z.iso.datetime().describe('Due from now: a worker runs it within about a second'),
});

export const rotatedUrlSchema = z.object({
  url: z.string().describe('The new secret URL, in this reply only; the old one stopped working'),
});
export type CreatedCheck = z.infer<typeof createdCheckSchema>;

export const checkPageSchema = listPageSchema('checks', checkSchema);

export const resultSchema = z.object({
  id: z.uuid(),
  at: z.iso.datetime(),
  ok: z.boolean(),
  /** A success worse than wanted (slow, a certificate near expiry). */
  degraded: z.boolean(),
  latencyMs: z.number().int().nullable(),
  message: z.string(),
  inMaintenance: z.boolean(),
});
export type CheckResult = z.infer<typeof resultSchema>;
export const resultPageSchema = listPageSchema('results', resultSchema);

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

const repeatSchema = z
  .strictObject({
    every: z.enum(['day', 'week']),
    weekdays: z.array(z.enum(weekdays)).min(1).max(7).optional().describe('The days it repeats on, for every: week'),
    timeZone: z
      .string()
      .refine((zone) => IANAZone.isValidZone(zone), 'must be an IANA time zone, e.g. America/Chicago')
      .describe('The zone whose local start time the window keeps'),
    until: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('No occurrence starts at or after this; forever when absent'),
  })
  .refine((r) => r.every === 'day' || r.weekdays !== undefined, {
    message: 'a weekly window needs its weekdays',
    path: ['weekdays'],
  });

const windowFields = {
  startsAt: z.iso.datetime({ offset: true }).describe('The start (of the first occurrence, for a repeating window)'),
  endsAt: z.iso.datetime({ offset: true }),
  reason: z.string().trim().min(1).max(500),
  repeat: repeatSchema.optional().describe('Repeat daily or weekly at the same local time; once when absent'),
};

/** The rules between a window's times, for a check's window and a practice's alike. */
function windowRules<T extends z.ZodType<{ startsAt: string; endsAt: string; repeat?: { until?: string } }>>(
  schema: T,
) {
  return schema
    .refine((m) => new Date(m.endsAt) > new Date(m.startsAt), { message: 'must end after it starts', path: ['endsAt'] })
    .refine((m) => !m.repeat || Date.parse(m.endsAt) - Date.parse(m.startsAt) <= 86_400_000, {
      message: 'a repeating window lasts at most 24 hours',
      path: ['endsAt'],
    })
    .refine((m) => !m.repeat?.until || Date.parse(m.repeat.until) > Date.parse(m.startsAt), {
      message: 'must come after the first start',
      path: ['repeat', 'until'],
    });
}

export const maintenanceInputSchema = windowRules(z.strictObject(windowFields));
export type MaintenanceInput = z.infer<typeof maintenanceInputSchema>;

export const maintenanceScopeKinds = ['check', 'device', 'site'] as const;
export type MaintenanceScopeKind = (typeof maintenanceScopeKinds)[number];

/** One object with one of three fields (not a union), so a wrong one is refused naming `scope`. */
export const maintenanceScopeInputSchema = z
  .strictObject({
    checkId: z.uuid().optional(),
    deviceId: z.uuid().optional(),
    site: z.string().trim().min(1).max(120).optional().describe('A site of the practice’s devices, as written there'),
  })
  .refine((s) => [s.checkId, s.deviceId, s.site].filter((v) => v !== undefined).length === 1, {
    message: 'must name exactly one of checkId, deviceId and site',
  })
  .describe('What the window covers: one check, one device (its checks) or one site (its devices’ checks)');
export type MaintenanceScopeInput = z.infer<typeof maintenanceScopeInputSchema>;

export const practiceMaintenanceInputSchema = windowRules(
  z.strictObject({ ...windowFields, scope: maintenanceScopeInputSchema }),
);
export type PracticeMaintenanceInput = z.infer<typeof practiceMaintenanceInputSchema>;

export const maintenanceScopeSchema = z.object({
  kind: z.enum(maintenanceScopeKinds),
  id: z.string().describe('The check’s or device’s id; for a site, the site itself'),
  name: z.string().describe('The check’s or device’s name, or the site'),
});
export type MaintenanceScope = z.infer<typeof maintenanceScopeSchema>;

export const maintenanceSchema = z.object({
  id: z.uuid(),
  checkId: z.uuid().nullable().describe('The check, for a window on one check (scope says what else it may cover)'),
  scope: maintenanceScopeSchema,
  active: z.boolean().describe('Whether the window (an occurrence of it, for a repeating one) covers this moment'),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  reason: z.string(),
  repeat: z
    .object({
      every: z.enum(['day', 'week']),
      weekdays: z.array(z.enum(weekdays)),
      timeZone: z.string(),
      until: z.iso.datetime().nullable(),
    })
    .nullable(),
  createdAt: z.iso.datetime(),
});
export type Maintenance = z.infer<typeof maintenanceSchema>;
export const maintenancePageSchema = listPageSchema('windows', maintenanceSchema);

/** The periods a check's uptime and latency figures cover (monitor/uptime.ts). */
export const uptimePeriods = ['24h', '7d', '30d', '90d'] as const;
export type UptimePeriod = (typeof uptimePeriods)[number];
export const uptimeQuerySchema = z.object({ period: z.enum(uptimePeriods).default('24h') });

const milliseconds = z.number().nullable();
export const checkFiguresSchema = z.object({
  checkId: z.uuid(),
  period: z.enum(uptimePeriods),
  /** The start of the period's first hourly (24h, 7d) or daily (30d, 90d) rollup. */
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  /** Runs outside maintenance windows; those inside are left out of every figure. */
  runs: z.number().int(),
  upRuns: z.number().int(),
  /** Of upRuns, those worse than wanted (slow, a certificate near expiry). */
  degradedRuns: z.number().int(),
  /** upRuns / runs (0 to 1); null without runs. */
  uptime: z.number().nullable(),
  /** Latency of the successful runs; percentiles from 20 fixed buckets (within one bucket's width). */
  latency: z.object({
    count: z.number().int(),
    meanMs: milliseconds,
    minMs: milliseconds,
    maxMs: milliseconds,
    p50Ms: milliseconds,
    p95Ms: milliseconds,
    p99Ms: milliseconds,
  }),
});
export type CheckFigures = z.infer<typeof checkFiguresSchema>;

/** The longest period one readings read covers: a quarter of hourly rows (about 2,200 per check). */
export const readingsMaxDays = 92;
/** The period a readings read covers when `from` is not given. */
export const readingsDefaultDays = 30;

/** The period of a readings read; readingsPeriod (agent-readings.ts) fills in the defaults and checks its length. */
export const readingsQuerySchema = z.object({
  from: z.iso
    .datetime({ offset: true })
    .optional()
    .describe(
      `Start of the period; default ${readingsDefaultDays} days before \`to\`; at most ${readingsMaxDays} days before it`,
    ),
  to: z.iso.datetime({ offset: true }).optional().describe('End of the period; default now'),
});
export type ReadingsQuery = z.infer<typeof readingsQuerySchema>;

const spread = z
  .object({ min: z.number(), mean: z.number(), max: z.number() })
  .nullable()
  .describe('Over the hour’s heartbeats that sent it, in %; null when none did');

export const agentReadingSchema = z.object({
  checkId: z.uuid(),
  /** The start of the UTC hour the heartbeats arrived in. */
  hour: z.iso.datetime(),
  heartbeats: z.number().int(),
  firstAt: z.iso.datetime().describe('When the hour’s first heartbeat arrived'),
  lastAt: z.iso.datetime().describe('When the hour’s last heartbeat arrived'),
  diskFreePercent: spread,
  cpuPercent: spread,
  osVersion: z.string().nullable().describe('The hour’s last reported version or patch level'),
  protection: z
    .object({ state: z.enum(['current', 'outdated', 'none']), name: z.string().nullable() })
    .nullable()
    .describe('The hour’s last reported endpoint protection; null when not reported'),
  lastBoot: z.iso.datetime().nullable(),
});
export type AgentReading = z.infer<typeof agentReadingSchema>;

export const readingChangeSchema = z.object({
  checkId: z.uuid(),
  /** A boot: when it booted; a version or protection change: the start of the hour it was first reported in. */
  at: z.iso.datetime(),
  kind: z.enum(['boot', 'os_version', 'protection']),
  from: z.string().nullable(),
  to: z.string().nullable(),
});
export type ReadingChange = z.infer<typeof readingChangeSchema>;

export const agentReadingsSchema = z
  .object({
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    readings: z.array(agentReadingSchema).describe('One per agent check and hour with heartbeats, oldest first'),
    changes: z.array(readingChangeSchema).describe('Boots and changes of OS version or protection, oldest first'),
  })
  .meta({ id: 'AgentReadings' });
export type AgentReadings = z.infer<typeof agentReadingsSchema>;

const share = z.number().nullable();

/** A check's uptime per UTC day (GET .../checks/{id}/uptime-days), for the check page's bars. */
export const uptimeDaysSchema = z.object({
  checkId: z.uuid(),
  days: z
    .array(
      z.object({
        date: z.iso.date(),
        /** Runs outside maintenance windows that day, and of them the successful ones. */
        runs: z.number().int(),
        upRuns: z.number().int(),
        uptime: share.describe('upRuns / runs; null without a run outside maintenance that day'),
        maintenance: z.boolean().describe('A maintenance window covered part of the day (its runs are left out)'),
      }),
    )
    .describe('The last 90 UTC days, oldest first, ending today'),
  uptime: z
    .object({ '24h': share, '7d': share, '30d': share, '90d': share })
    .describe('Uptime over each period, as GET .../uptime computes it'),
});
export type UptimeDays = z.infer<typeof uptimeDaysSchema>;

/** The longest period the maintenance calendar expands at once: a month grid's six weeks. */
export const maxCalendarDays = 42;

export const calendarQuerySchema = z
  .object({
    from: z.iso.date().describe('The first local day (YYYY-MM-DD) in the practice’s time zone'),
    to: z.iso.date().describe(`The local day after the last one; at most ${maxCalendarDays} days after from`),
  })
  .refine((q) => q.to > q.from, { message: 'must come after from', path: ['to'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= maxCalendarDays * 86_400_000, {
    message: `must be at most ${maxCalendarDays} days after from`,
    path: ['to'],
  });
export type CalendarQuery = z.infer<typeof calendarQuerySchema>;

export const maintenanceCalendarSchema = z.object({
  timeZone: z.string().describe('The practice’s time zone, in which from and to are local days'),
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  occurrences: z
    .array(
      z.object({
        windowId: z.uuid(),
        scope: maintenanceScopeSchema,
        checkId: z.uuid().nullable().describe('For a window on one check; see scope'),
        checkName: z.string().nullable().describe('For a window on one check; see scope'),
        startsAt: z.iso.datetime(),
        endsAt: z.iso.datetime(),
        reason: z.string(),
        repeats: z.boolean().describe('An occurrence of a daily or weekly window'),
      }),
    )
    .describe('Every occurrence overlapping the period, by start'),
  sites: z.array(z.string()).describe('The sites of the practice’s devices, by name: what a site window may name'),
});
export type MaintenanceCalendar = z.infer<typeof maintenanceCalendarSchema>;

/**
 * The CSV import of checks (issue 19, item 9): the columns it reads (docs/api.md lists their
 * headers), what a preview says of each row, and what an apply answers.
 */
export const checkImportFields = [
  'name',
  'kind',
  'target',
  'host',
  'port',
  'intervalSeconds',
  'failureThreshold',
  'recoveryThreshold',
  'activity',
  'device',
  'paused',
  'allowPrivateTargets',
  'expectedStatus',
  'keyword',
  'maxLatencyMs',
  'slowLatencyMs',
  'verifyTls',
  'recordType',
  'expected',
  'server',
  'minDaysLeft',
  'warnDaysLeft',
  'graceSeconds',
  'minDiskFreePercent',
  'maxCpuPercent',
  'requireProtection',
] as const;
export type CheckImportField = (typeof checkImportFields)[number];

/** At most this many rows in one import, and this many characters of CSV (the route's body limit is a little more). */
export const maxCheckImportRows = 5_000;
export const maxCheckImportChars = 2_000_000;

const importCsv = z
  .string()
  .min(1, 'the file is empty')
  .max(maxCheckImportChars, `must be at most ${maxCheckImportChars} characters`)
  .describe('The CSV text, header first (docs/api.md lists the columns)');

export const checkImportPreviewRequestSchema = z.strictObject({ csv: importCsv });

export const checkImportApplyRequestSchema = z.strictObject({
  csv: importCsv,
  previewHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'must be the previewHash of a preview')
    .describe('The preview that was shown: the import applies only if it would still do exactly that'),
});
export type CheckImportApplyRequest = z.infer<typeof checkImportApplyRequestSchema>;

export const checkImportActions = ['create', 'update', 'unchanged', 'error'] as const;
export type CheckImportAction = (typeof checkImportActions)[number];

export const checkImportRowSchema = z.object({
  /** The line of the CSV file the row starts on (the header is line 1). */
  line: z.int(),
  action: z.enum(checkImportActions),
  /** The check of the same name it updates, or null. */
  checkId: z.uuid().nullable(),
  name: z.string().nullable(),
  kind: z.string().nullable(),
  /** The settings an update changes, or the columns a create was given. */
  changes: z.array(z.string()),
  errors: z.array(z.object({ column: z.string(), message: z.string() })),
});
export type CheckImportRow = z.infer<typeof checkImportRowSchema>;

export const checkImportPreviewSchema = z.object({
  previewHash: z.string(),
  /** Which CSV header fed each column the import reads. */
  columns: z.partialRecord(z.enum(checkImportFields), z.string()),
  /** Headers the import does not use (checks have no site or tags). */
  ignoredColumns: z.array(z.string()),
  summary: z.object({ create: z.int(), update: z.int(), unchanged: z.int(), error: z.int() }),
  /** Every row but the unchanged ones, in file order. */
  rows: z.array(checkImportRowSchema),
});
export type CheckImportPreview = z.infer<typeof checkImportPreviewSchema>;

export const checkImportResultSchema = checkImportPreviewSchema.extend({
  /** The checks created and updated, in file order. */
  checks: z.array(
    z.object({
      line: z.int(),
      action: z.enum(['create', 'update']),
      checkId: z.uuid(),
      name: z.string(),
      pushUrl: z
        .string()
        .nullable()
        .describe('A new push or agent check’s secret URL, in this reply only; null otherwise'),
    }),
  ),
});
export type CheckImportResult = z.infer<typeof checkImportResultSchema>;

/** The template the web app offers to download: one row of each kind, every cell the import reads for it. */
export const checkImportTemplate = [
  'name,kind,target,host,port,intervalSeconds,failureThreshold,recoveryThreshold,activity,device,keyword,recordType,expected,minDaysLeft,graceSeconds',
  'Patient portal,http,https://portal.example.com/health,,,60,2,1,web_hosting,,Sign in,,,,',
  'EMR database port,tcp,,emr.example.com,5432,60,2,1,emr,,,,,,',
  'Mail certificate,tls,,mail.example.com,443,1h,1,1,email,,,,,14,',
  'Practice mail domain,dns,,example.com,,5m,2,1,email,,,MX,mail.example.com,,',
  'Nightly backup,push,,,,24h,1,1,backup,,,,,,3600',
  'Front desk PC,agent,,,,5m,2,1,edr,,,,,,600',
  '',
].join('\r\n');
