/**
 * Checks as a practice manages them: create (a push check's secret shown once), read with state
 * and uptime, change, delete, and their maintenance windows. Every write is audited with what it
 * set, never a push secret.
 */
import { isIP } from 'node:net';
import { sql } from 'drizzle-orm';
import { appendAudit } from '../core/audit/append.ts';
import { newSecret, sha256 } from '../core/identity/tokens.ts';
import { AppError } from '../core/errors.ts';
import { existingDevice, hasDevice } from '../assets/devices.ts';
import { siteInUse } from '../assets/sites.ts';
import { newId } from '../core/ids.ts';
import type { InPractice } from '../core/tenancy/acting.ts';
import { incidentNumbers } from '../desk/incidents.ts';
import { timesOf, weekdayBits, weekdayNumbers, windowCovers } from './maintenance-windows.ts';
import {
  weekdays,
  type Check,
  type CheckInput,
  type CheckPatch,
  type Maintenance,
  type MaintenanceInput,
  type MaintenanceScope,
  type MaintenanceScopeInput,
  type PracticeMaintenanceInput,
  type Probe,
} from './schema.ts';
import {
  deleteCheck,
  deleteMaintenance,
  findCheck,
  insertCheck,
  insertMaintenance,
  listChecks,
  listMaintenance,
  updateCheck,
  type CheckRow,
  type MaintenanceRow,
  type Page,
} from './store.ts';
import { uptimeOf } from './uptime.ts';
import { countedAfresh } from './state.ts';
import { isRefusedAddress, refusedLiteral } from '../webhooks/target.ts';

/** The first run comes within this much of creation, spread so that checks made together do not run together. */
const firstRunSpreadMs = 5_000;

/** Pausing or resuming forgets the flap history: a resumed check starts again as new. */
const startsAfresh = { ...countedAfresh, flappingSince: null } as const;

/** The probe as stored: kind and target in columns (indexable, shown in lists), the rest as settings. */
export function storedProbe(probe: Probe): Pick<CheckRow, 'kind' | 'target' | 'settings'> {
  switch (probe.kind) {
    case 'http': {
      const { kind, url, ...settings } = probe;
      return { kind, target: url, settings };
    }
    case 'tcp':
    case 'tls': {
      const { kind, host, port, ...settings } = probe;
      return { kind, target: `${host}:${port}`, settings };
    }
    case 'dns': {
      const { kind, name, ...settings } = probe;
      return { kind, target: name, settings };
    }
    case 'push':
    case 'agent': {
      const { kind, ...settings } = probe;
      return { kind, target: '', settings };
    }
  }
}

export function probeOf(row: Pick<CheckRow, 'kind' | 'target' | 'settings'>): Probe {
  const settings = row.settings as Record<string, unknown>;
  if (row.kind === 'http') return { kind: 'http', url: row.target, ...settings } as Probe;
  if (row.kind === 'push' || row.kind === 'agent') return { kind: row.kind, ...settings } as Probe;
  if (row.kind === 'dns') return { kind: 'dns', name: row.target, ...settings } as Probe;
  const at = row.target.lastIndexOf(':');
  return {
    kind: row.kind,
    host: row.target.slice(0, at),
    port: Number(row.target.slice(at + 1)),
    ...settings,
  } as Probe;
}

/** A literal private or reserved address the probe names (names are checked when the probe connects). */
export function literalHost(probe: Probe): string | undefined {
  if (probe.kind === 'http') return refusedLiteral(new URL(probe.url));
  if (probe.kind === 'push' || probe.kind === 'agent') return undefined;
  const bare = probe.kind === 'dns' ? (probe.server ?? '') : probe.host.replace(/^\[|\]$/g, '');
  return isIP(bare) !== 0 && isRefusedAddress(bare) ? bare : undefined;
}

/** What a check's page shows beside its row: uptime over a day and a month, its incident's number. */
interface CheckExtras {
  day?: number;
  month?: number;
  incidentNumber?: number;
}

/** A check's settings as the create schema takes them: what an import's update starts from. */
export function checkInputOf(row: CheckRow): CheckInput {
  return {
    name: row.name,
    probe: probeOf(row),
    intervalSeconds: row.intervalSeconds,
    failureThreshold: row.failureThreshold,
    recoveryThreshold: row.recoveryThreshold,
    activity: row.activity,
    parentId: row.parentId,
    deviceId: row.deviceId,
    allowPrivateTargets: row.allowPrivateTargets,
    paused: row.paused,
  };
}

export function presentCheck(row: CheckRow, extras: CheckExtras): Check {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: row.id,
    ...checkInputOf(row),
    agent: row.kind === 'agent' ? row.agentFacts : null,
    state: row.state as Check['state'],
    stateSince: row.stateSince.toISOString(),
    suppressed: row.suppressed,
    flapping: row.flapping,
    flappingSince: row.flappingSince?.toISOString() ?? null,
    incidentTicketId: row.incidentTicketId,
    incidentTicketNumber: row.incidentTicketId ? (extras.incidentNumber ?? null) : null,
    lastCheckedAt: iso(row.lastCheckedAt),
    lastOk: row.lastOk,
    lastMessage: row.lastMessage,
    lastLatencyMs: row.lastLatencyMs,
    uptime24h: extras.day ?? null,
    uptime30d: extras.month ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function withExtras(s: InPractice, rows: CheckRow[]): Promise<Check[]> {
  const now = s.clock.now();
  const ids = rows.map((r) => r.id);
  const day = await uptimeOf(s.tx, ids, '24h', now);
  const month = await uptimeOf(s.tx, ids, '30d', now);
  const numbers = await incidentNumbers(
    s.tx,
    rows.flatMap((r) => (r.incidentTicketId ? [r.incidentTicketId] : [])),
  );
  return rows.map((r) =>
    presentCheck(r, {
      day: day.get(r.id),
      month: month.get(r.id),
      incidentNumber: r.incidentTicketId ? numbers.get(r.incidentTicketId) : undefined,
    }),
  );
}

async function audit(s: InPractice, action: string, targetId: string, details: Record<string, unknown>) {
  await appendAudit(s.tx, {
    at: s.clock.now(),
    ...s.origin,
    practiceId: s.practiceId,
    action,
    targetType: 'monitor_check',
    targetId,
    details,
  });
}

/** What the audit log keeps of a check's settings: where it points and how it alerts. */
export const auditDetails = (row: CheckRow) => ({
  name: row.name,
  kind: row.kind,
  target: row.target,
  intervalSeconds: row.intervalSeconds,
  activity: row.activity,
  parentId: row.parentId,
  deviceId: row.deviceId,
  allowPrivateTargets: row.allowPrivateTargets,
  paused: row.paused,
});

export async function existingCheck(s: InPractice, id: string): Promise<CheckRow> {
  const row = await findCheck(s.tx, s.practiceId, id);
  if (!row) throw new AppError('not_found', 'No check with that id in this practice');
  return row;
}

/** A parent must be another check of the practice, and not one that (through its parents) depends on this one. */
async function checkParent(s: InPractice, selfId: string, parentId: string | null): Promise<void> {
  const bad = (message: string) =>
    new AppError('validation_failed', 'The request is not valid', [{ path: 'body.parentId', message }]);
  let current = parentId;
  for (let depth = 0; current !== null; depth += 1) {
    if (current === selfId) throw bad('would make the check depend on itself');
    if (depth >= 10) throw bad('is more than 10 levels of dependency deep');
    const parent = await findCheck(s.tx, s.practiceId, current);
    if (!parent) throw bad('is not a check of this practice');
    current = parent.parentId;
  }
}

/** A device must be one of the practice's own: another practice's id is refused like an unknown one. */
async function checkDevice(s: InPractice, deviceId: string | null | undefined): Promise<void> {
  if (deviceId && !(await hasDevice(s, deviceId)))
    throw new AppError('validation_failed', 'The request is not valid', [
      { path: 'body.deviceId', message: 'no device with that id in this practice' },
    ]);
}

/** Push and agent checks are called at a secret URL; the others are probed. */
export const takesPings = (kind: string) => kind === 'push' || kind === 'agent';

/**
 * A new check's row (not yet stored) and, for a push or agent check, its secret: shared by the
 * single create and the CSV import, which audits its checks in one entry instead.
 */
export function newCheckRow(s: InPractice, id: string, input: CheckInput): { row: CheckRow; pushToken: string | null } {
  const now = s.clock.now();
  const pushToken = takesPings(input.probe.kind) ? newSecret() : null;
  const row: CheckRow = {
    id,
    practiceId: s.practiceId,
    name: input.name,
    ...storedProbe(input.probe),
    intervalSeconds: input.intervalSeconds,
    failureThreshold: input.failureThreshold,
    recoveryThreshold: input.recoveryThreshold,
    activity: input.activity,
    parentId: input.parentId,
    deviceId: input.deviceId,
    allowPrivateTargets: input.allowPrivateTargets,
    pushTokenHash: pushToken ? sha256(pushToken) : null,
    lastPingAt: null,
    agentFacts: null,
    paused: input.paused,
    state: input.paused ? 'paused' : 'pending',
    stateSince: now,
    suppressed: false,
    ...startsAfresh,
    incidentOpen: false,
    incidentTicketId: null,
    lastCheckedAt: null,
    lastOk: null,
    lastMessage: null,
    lastLatencyMs: null,
    nextRunAt: new Date(
      now.getTime() + Math.floor(Math.random() * Math.min(firstRunSpreadMs, input.intervalSeconds * 1000)),
    ),
    leaseUntil: null,
    leaseOwner: null,
    createdAt: now,
    updatedAt: now,
  };
  return { row, pushToken };
}

export async function createCheck(
  s: InPractice,
  input: CheckInput,
): Promise<{ check: Check; pushToken: string | null }> {
  const id = newId();
  await checkParent(s, id, input.parentId);
  await checkDevice(s, input.deviceId);
  const { row, pushToken } = newCheckRow(s, id, input);
  await insertCheck(s.tx, row);
  await audit(s, 'monitor.check_created', id, auditDetails(row));
  return { check: presentCheck(row, {}), pushToken };
}

export async function readCheck(s: InPractice, id: string): Promise<Check> {
  const [check] = await withExtras(s, [await existingCheck(s, id)]);
  return check!;
}

export async function readChecks(s: InPractice, page: Page): Promise<{ rows: CheckRow[]; checks: Check[] }> {
  const rows = await listChecks(s.tx, s.practiceId, page);
  return { rows, checks: await withExtras(s, rows) };
}

/** The columns a patch changes, pausing or resuming included: shared by the single change and the CSV import. */
export function patchedRow(row: CheckRow, patch: CheckPatch, now: Date): Partial<CheckRow> {
  const { probe, paused, ...rest } = patch;
  const changes: Partial<CheckRow> = { ...rest, ...(probe ? storedProbe(probe) : {}), updatedAt: now };
  if (paused !== undefined && paused !== row.paused) {
    // Pausing stops the runs; resuming starts the check again as new, due now.
    Object.assign(
      changes,
      paused
        ? { paused, state: 'paused', stateSince: now, ...startsAfresh }
        : { paused, state: 'pending', stateSince: now, nextRunAt: now, ...startsAfresh },
    );
  }
  return changes;
}

export async function changeCheck(s: InPractice, id: string, patch: CheckPatch): Promise<Check> {
  const row = await existingCheck(s, id);
  if (patch.probe && patch.probe.kind !== row.kind)
    throw new AppError('validation_failed', 'The request is not valid', [
      { path: 'body.probe.kind', message: `must stay ${row.kind}; create a new check for another kind` },
    ]);
  if (patch.parentId !== undefined) await checkParent(s, id, patch.parentId);
  await checkDevice(s, patch.deviceId);
  const changes = patchedRow(row, patch, s.clock.now());
  await updateCheck(s.tx, id, changes);
  const updated = { ...row, ...changes };
  await audit(s, 'monitor.check_updated', id, { fields: Object.keys(patch), ...auditDetails(updated) });
  return readCheck(s, id);
}

/** A new secret URL for a push or agent check: the old token stops working at once; the audit says so, without either token. */
export async function rotateCheckToken(s: InPractice, id: string): Promise<string> {
  const row = await existingCheck(s, id);
  if (!takesPings(row.kind))
    throw new AppError('validation_failed', 'The request is not valid', [
      { path: 'params.checkId', message: `is a ${row.kind} check, which has no secret URL` },
    ]);
  const token = newSecret();
  await updateCheck(s.tx, id, { pushTokenHash: sha256(token), updatedAt: s.clock.now() });
  await audit(s, 'monitor.check_token_rotated', id, { name: row.name, kind: row.kind });
  return token;
}

/**
 * NOTIFYed by requestRun ("Check now") with the check's id when its transaction commits: every
 * scheduler listening (scheduler.ts) claims at once instead of at its next idle tick, on PostgreSQL
 * from any process. A scheduler not (yet, or no longer) listening still runs it within its idleMs.
 */
export const runRequestedChannel = 'tandem_monitor_run_requested';

/**
 * Runs a check as soon as a worker is free (its next run made due now), without waiting out its
 * interval: after a fix, to see it recover, or to confirm an alert. A push or agent check is
 * judged on its last ping or heartbeat. Returns when it is due.
 */
export async function requestRun(s: InPractice, id: string): Promise<Date> {
  const row = await existingCheck(s, id);
  if (row.paused)
    throw new AppError('conflict', 'The check is paused', [
      { path: 'params.checkId', message: 'is paused; resume it to run it' },
    ]);
  const now = s.clock.now();
  await updateCheck(s.tx, id, { nextRunAt: now });
  await audit(s, 'monitor.check_run_requested', id, { name: row.name, kind: row.kind });
  // Delivered on commit: the schedulers claim it now rather than at their next idle tick.
  await s.tx.execute(sql`select pg_notify(${runRequestedChannel}, ${id})`);
  return now;
}

export async function removeCheck(s: InPractice, id: string): Promise<void> {
  const row = await existingCheck(s, id);
  await deleteCheck(s.tx, id);
  await audit(s, 'monitor.check_deleted', id, auditDetails(row));
}

/** What a window covers, named for people: the check's or device's name, or the site. */
export function scopeOf(
  row: Pick<MaintenanceRow, 'checkId' | 'deviceId' | 'site'>,
  names: { checkName: string | null; deviceName: string | null },
): MaintenanceScope {
  if (row.checkId) return { kind: 'check', id: row.checkId, name: names.checkName ?? '' };
  if (row.deviceId) return { kind: 'device', id: row.deviceId, name: names.deviceName ?? '' };
  return { kind: 'site', id: row.site!, name: row.site! };
}

function presentWindow(row: MaintenanceRow, scope: MaintenanceScope, now: Date): Maintenance {
  const times = timesOf(row);
  const { repeat } = times;
  return {
    id: row.id,
    checkId: row.checkId,
    scope,
    active: windowCovers(times, now),
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    reason: row.reason,
    repeat: repeat && {
      every: repeat.every,
      weekdays: weekdays.filter((d) => repeat.weekdays.includes(weekdayNumbers[d])),
      timeZone: repeat.timeZone,
      until: repeat.until?.toISOString() ?? null,
    },
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * The scope's columns and name, once it is known to be the practice's: an unknown check or device
 * (or another practice's) is a 404, a site none of the practice's devices has a 400.
 */
async function resolveScope(
  s: InPractice,
  scope: MaintenanceScopeInput,
): Promise<{ columns: Pick<MaintenanceRow, 'checkId' | 'deviceId' | 'site'>; scope: MaintenanceScope }> {
  const none = { checkId: null, deviceId: null, site: null };
  if (scope.checkId) {
    const check = await existingCheck(s, scope.checkId);
    const columns = { ...none, checkId: check.id };
    return { columns, scope: scopeOf(columns, { checkName: check.name, deviceName: null }) };
  }
  if (scope.deviceId) {
    const device = await existingDevice(s, scope.deviceId);
    const columns = { ...none, deviceId: device.id };
    return { columns, scope: scopeOf(columns, { checkName: null, deviceName: device.name }) };
  }
  const site = scope.site!;
  if (!(await siteInUse(s.tx, s.practiceId, site)))
    throw new AppError('validation_failed', 'The request is not valid', [
      { path: 'body.scope.site', message: 'no device of the practice is at this site' },
    ]);
  const columns = { ...none, site };
  return { columns, scope: scopeOf(columns, { checkName: null, deviceName: null }) };
}

/**
 * Audited on the check for a check's window, as before scopes existed (the check's history shows
 * it), and on the window itself for a device's or a site's.
 */
async function auditWindow(s: InPractice, action: string, row: MaintenanceRow, details: Record<string, unknown>) {
  await appendAudit(s.tx, {
    at: s.clock.now(),
    ...s.origin,
    practiceId: s.practiceId,
    action,
    targetType: row.checkId ? 'monitor_check' : 'monitor_maintenance',
    targetId: row.checkId ?? row.id,
    details: { windowId: row.id, scope: scopeOf(row, { checkName: null, deviceName: null }), ...details },
  });
}

/** Adds a window on a check, a device or a site. */
export async function addPracticeMaintenance(s: InPractice, input: PracticeMaintenanceInput): Promise<Maintenance> {
  const { columns, scope } = await resolveScope(s, input.scope);
  const row: MaintenanceRow = {
    id: newId(),
    practiceId: s.practiceId,
    ...columns,
    startsAt: new Date(input.startsAt),
    endsAt: new Date(input.endsAt),
    reason: input.reason,
    repeatEvery: input.repeat?.every ?? null,
    repeatWeekdays:
      input.repeat?.every === 'week' ? weekdayBits((input.repeat.weekdays ?? []).map((d) => weekdayNumbers[d])) : null,
    timeZone: input.repeat?.timeZone ?? null,
    repeatUntil: input.repeat?.until ? new Date(input.repeat.until) : null,
    createdAt: s.clock.now(),
  };
  await insertMaintenance(s.tx, row);
  await auditWindow(s, 'monitor.maintenance_added', row, {
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    ...(input.repeat ? { repeat: input.repeat } : {}),
  });
  return presentWindow(row, scope, s.clock.now());
}

export async function addMaintenance(s: InPractice, checkId: string, input: MaintenanceInput): Promise<Maintenance> {
  return addPracticeMaintenance(s, { ...input, scope: { checkId } });
}

/** Removes a window of any scope; another practice's window, like an unknown one, is a 404. */
export async function removePracticeMaintenance(s: InPractice, id: string): Promise<void> {
  const row = await deleteMaintenance(s.tx, { practiceId: s.practiceId, id });
  if (!row) throw new AppError('not_found', 'No maintenance window with that id in this practice');
  await auditWindow(s, 'monitor.maintenance_removed', row, {});
}

/** A page of the windows that apply to a check, of every scope (store.ts listMaintenance), and its rows for the cursor. */
export async function readMaintenance(s: InPractice, checkId: string, page: Page) {
  await existingCheck(s, checkId);
  const found = await listMaintenance(s.tx, s.practiceId, checkId, page);
  const now = s.clock.now();
  return {
    rows: found.map((f) => f.window),
    windows: found.map((f) => presentWindow(f.window, scopeOf(f.window, f), now)),
  };
}

export async function removeMaintenance(s: InPractice, checkId: string, id: string): Promise<void> {
  await existingCheck(s, checkId);
  const row = await deleteMaintenance(s.tx, { practiceId: s.practiceId, id, checkId });
  if (!row) throw new AppError('not_found', 'No maintenance window with that id on this check');
  await auditWindow(s, 'monitor.maintenance_removed', row, {});
}
