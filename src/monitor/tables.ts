import { sql, type SQL } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { foldedText } from '../core/db/folded-text.ts';
import { practices } from '../core/tenancy/tables.ts';
import type { AgentFacts, CheckState } from './schema.ts';

/**
 * A practice's monitoring check: what to probe, how often, how many failures make it down and
 * how many successes bring it back, and who is on duty for it (a matrix activity). The scheduler's
 * bookkeeping lives on the row too: next_run_at, and the lease a worker holds while it runs it.
 */
export const monitorChecks = pgTable(
  'monitor_checks',
  {
    id: uuid('id').primaryKey(),
    practiceId: uuid('practice_id')
      .notNull()
      .references(() => practices.id),
    name: text('name').notNull(),
    /** http | tcp | push | tls | dns | agent */
    kind: text('kind').notNull(),
    /** A URL (http), host:port (tcp, tls), a name (dns); empty for push and agent. */
    target: text('target').notNull(),
    /** The kind's own settings (expected status, keyword, latency threshold, days left, grace). */
    settings: jsonb('settings').notNull(),
    intervalSeconds: integer('interval_seconds').notNull(),
    failureThreshold: integer('failure_threshold').notNull(),
    recoveryThreshold: integer('recovery_threshold').notNull(),
    activity: text('activity').notNull(),
    parentId: uuid('parent_id'),
    /** An administrator allowed private and loopback targets (an on-premises server). */
    allowPrivateTargets: boolean('allow_private_targets').notNull(),
    /** SHA-256 of a push or agent check's secret token; the token itself is shown once, at creation or rotation. */
    pushTokenHash: text('push_token_hash'),
    lastPingAt: timestamp('last_ping_at', { withTimezone: true }),
    /** An agent check's last heartbeat as the agent sent it (agent.ts): judged at each run against the thresholds. */
    agentFacts: jsonb('agent_facts').$type<AgentFacts>(),
    /**
     * The inventory device the check watches (an agent check: the endpoint it runs on). The foreign
     * key (practice_id, device_id) -> devices, ON DELETE SET NULL, is in the migration (drizzle
     * cannot express SET NULL of one column of a composite key).
     */
    deviceId: uuid('device_id'),
    paused: boolean('paused').notNull(),
    /** pending | up | degraded | down | maintenance | paused */
    state: text('state').$type<CheckState>().notNull(),
    stateSince: timestamp('state_since', { withTimezone: true }).notNull(),
    failures: integer('failures').notNull().default(0),
    successes: integer('successes').notNull().default(0),
    /** Set while down because the parent check was down: no incident was opened. */
    suppressed: boolean('suppressed').notNull().default(false),
    /** Flap detection (state.ts): the last 21 outcomes, newest in bit 0 (1 = ok), and how many are known. */
    flapHistory: integer('flap_history').notNull().default(0),
    flapRuns: integer('flap_runs').notNull().default(0),
    /** Flapping: the state moves but nothing alerts, since `flappingSince`. */
    flapping: boolean('flapping').notNull().default(false),
    flappingSince: timestamp('flapping_since', { withTimezone: true }),
    /** The last alert was 'down': an incident is open for the check (told once flapping stops). */
    incidentOpen: boolean('incident_open').notNull().default(false),
    incidentTicketId: uuid('incident_ticket_id'),
    lastCheckedAt: timestamp('last_checked_at', { withTimezone: true }),
    lastOk: boolean('last_ok'),
    lastMessage: text('last_message'),
    lastLatencyMs: integer('last_latency_ms'),
    nextRunAt: timestamp('next_run_at', { withTimezone: true }).notNull(),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    leaseOwner: text('lease_owner'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('monitor_checks_practice_created_idx').on(t.practiceId, t.createdAt),
    index('monitor_checks_due_idx')
      .on(t.nextRunAt)
      .where(sql`not ${t.paused}`),
    index('monitor_checks_push_token_idx').on(t.pushTokenHash),
    check('monitor_checks_kind_known', sql`${t.kind} in ('http', 'tcp', 'push', 'tls', 'dns', 'agent')`),
    index('monitor_checks_device_idx')
      .on(t.practiceId, t.deviceId)
      .where(sql`${t.deviceId} is not null`),
    check(
      'monitor_checks_state_known',
      sql`${t.state} in ('pending', 'up', 'degraded', 'down', 'maintenance', 'paused')`,
    ),
  ],
);

/**
 * One run of a check, kept TANDEM_MONITOR_RESULT_DAYS days. In the database the table is
 * partitioned by range of `at`, one partition per UTC day (monitor_results_YYYYMMDD, made ahead
 * and dropped whole by result-days.ts); drizzle cannot say so, so the migration that made it
 * partitioned is written by hand. The key leads with the check, which is how it is read.
 */
export const monitorResults = pgTable(
  'monitor_results',
  {
    id: uuid('id').notNull(),
    practiceId: uuid('practice_id')
      .notNull()
      .references(() => practices.id),
    checkId: uuid('check_id')
      .notNull()
      .references(() => monitorChecks.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
    ok: boolean('ok').notNull(),
    degraded: boolean('degraded').notNull().default(false),
    latencyMs: integer('latency_ms'),
    message: text('message').notNull(),
    /** Run inside a maintenance window: shown, but left out of uptime. */
    inMaintenance: boolean('in_maintenance').notNull(),
  },
  (t) => [primaryKey({ columns: [t.checkId, t.at, t.id] })],
);

/**
 * A check's runs outside maintenance summed per hour or per UTC day (rollups.ts), written with each
 * batch of results: uptime and latency percentiles for any period without reading raw results, and
 * kept longer than they are. Latency is that of successful runs, counted in the fixed buckets of
 * latency-histogram.ts.
 */
export const monitorRollups = pgTable(
  'monitor_rollups',
  {
    practiceId: uuid('practice_id')
      .notNull()
      .references(() => practices.id),
    checkId: uuid('check_id')
      .notNull()
      .references(() => monitorChecks.id, { onDelete: 'cascade' }),
    /** hour | day */
    grain: text('grain').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    runs: integer('runs').notNull(),
    up: integer('up').notNull(),
    degraded: integer('degraded').notNull(),
    latencyCount: integer('latency_count').notNull(),
    latencySumMs: bigint('latency_sum_ms', { mode: 'number' }).notNull(),
    latencyMinMs: integer('latency_min_ms'),
    latencyMaxMs: integer('latency_max_ms'),
    /** Counts per latency bucket, in latency-histogram.ts's order. */
    latencyBuckets: integer('latency_buckets').array().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.checkId, t.grain, t.startsAt] }),
    index('monitor_rollups_grain_starts_idx').on(t.grain, t.startsAt),
    check('monitor_rollups_grain_known', sql`${t.grain} in ('hour', 'day')`),
  ],
);

/**
 * An agent check's heartbeat readings summed per UTC hour (agent-readings.ts says why a table of
 * its own and why hourly): one row per check and hour, added to by each heartbeat, kept
 * `readingKeepDays` days. Disk free and CPU keep their minimum, maximum and sum over the hour's
 * heartbeats that sent them; OS version, endpoint protection and last boot keep the hour's last.
 */
export const monitorAgentReadings = pgTable(
  'monitor_agent_readings',
  {
    practiceId: uuid('practice_id')
      .notNull()
      .references(() => practices.id),
    checkId: uuid('check_id')
      .notNull()
      .references(() => monitorChecks.id, { onDelete: 'cascade' }),
    /**
     * The inventory device the heartbeat's facts were recorded on. The foreign key (practice_id,
     * device_id) -> devices, ON DELETE SET NULL, is in the migration, as for monitor_checks.
     */
    deviceId: uuid('device_id'),
    hour: timestamp('hour', { withTimezone: true }).notNull(),
    heartbeats: integer('heartbeats').notNull(),
    firstAt: timestamp('first_at', { withTimezone: true }).notNull(),
    lastAt: timestamp('last_at', { withTimezone: true }).notNull(),
    diskFreeCount: integer('disk_free_count').notNull(),
    diskFreeSum: real('disk_free_sum').notNull(),
    diskFreeMin: real('disk_free_min'),
    diskFreeMax: real('disk_free_max'),
    cpuCount: integer('cpu_count').notNull(),
    cpuSum: real('cpu_sum').notNull(),
    cpuMin: real('cpu_min'),
    cpuMax: real('cpu_max'),
    osVersion: text('os_version'),
    /** current | outdated | none (no product runs); null when the hour's heartbeats did not say. */
    protection: text('protection'),
    protectionName: text('protection_name'),
    lastBoot: timestamp('last_boot', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.checkId, t.hour] }),
    index('monitor_agent_readings_device_idx')
      .on(t.practiceId, t.deviceId, t.hour)
      .where(sql`${t.deviceId} is not null`),
    index('monitor_agent_readings_hour_idx').on(t.hour),
    check(
      'monitor_agent_readings_protection_known',
      sql`${t.protection} is null or ${t.protection} in ('current', 'outdated', 'none')`,
    ),
  ],
);

/**
 * A maintenance window, one-off or repeating: alerts suppressed, results left out of uptime. It
 * covers exactly one scope: a check, a device (every check linked to it), or a site (every check
 * whose device is at it, matched by the site's text when the check runs, so a device moved to
 * another site takes its checks along; matched as typed, ignoring case and spacing, foldedText). Deleting the check or the device deletes its windows.
 */
export const monitorMaintenance = pgTable(
  'monitor_maintenance',
  {
    id: uuid('id').primaryKey(),
    practiceId: uuid('practice_id')
      .notNull()
      .references(() => practices.id),
    checkId: uuid('check_id').references(() => monitorChecks.id, { onDelete: 'cascade' }),
    /**
     * With the practice, a key to the practice's own device: no window can name another practice's.
     * The foreign key (practice_id, device_id) -> devices, ON DELETE CASCADE, is in the migration
     * (0061), as monitor_checks' is, so this module's tables do not import the assets module's.
     */
    deviceId: uuid('device_id'),
    site: text('site'),
    /** The site folded as devices.site_key is (core/db/folded-text.ts), which the scheduler joins on. */
    siteKey: text('site_key').generatedAlwaysAs((): SQL => foldedText(monitorMaintenance.site)),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    reason: text('reason').notNull(),
    /** day | week for a repeating window (maintenance-windows.ts), null for a one-off. */
    repeatEvery: text('repeat_every'),
    /** ISO weekdays as bits (bit n for weekday n), for weekly windows. */
    repeatWeekdays: smallint('repeat_weekdays'),
    timeZone: text('time_zone'),
    repeatUntil: timestamp('repeat_until', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('monitor_maintenance_check_idx').on(t.checkId, t.endsAt),
    // The scheduler's one query per batch (store.ts maintenanceOf) finds device and site windows by these.
    index('monitor_maintenance_device_idx')
      .on(t.practiceId, t.deviceId, t.endsAt)
      .where(sql`${t.deviceId} is not null`),
    index('monitor_maintenance_site_idx')
      .on(t.practiceId, t.siteKey, t.endsAt)
      .where(sql`${t.siteKey} is not null`),
    check('monitor_maintenance_one_scope', sql`num_nonnulls(${t.checkId}, ${t.deviceId}, ${t.site}) = 1`),
    check('monitor_maintenance_ends_after_start', sql`${t.endsAt} > ${t.startsAt}`),
    check(
      'monitor_maintenance_repeat_known',
      sql`(${t.repeatEvery} is null and ${t.timeZone} is null) or (${t.repeatEvery} in ('day', 'week') and ${t.timeZone} is not null)`,
    ),
  ],
);

/**
 * A practice's public status page (opt-in): the checks it chose to publish, each under the name it
 * chose to show, at an unguessable address. One row per practice; the slug is random, never
 * derived from the practice's name, so the page cannot be found by guessing.
 */
export const monitorStatusPages = pgTable(
  'monitor_status_pages',
  {
    practiceId: uuid('practice_id')
      .primaryKey()
      .references(() => practices.id),
    slug: text('slug').notNull(),
    enabled: boolean('enabled').notNull(),
    title: text('title').notNull(),
    /** [{checkId, publicName}] in the order shown; a deleted check simply drops out. */
    checks: jsonb('checks').$type<{ checkId: string; publicName: string }[]>().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('monitor_status_pages_slug_idx').on(t.slug)],
);
