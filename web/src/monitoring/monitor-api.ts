import { z } from 'zod';
import {
  checkImportPreviewSchema,
  checkImportResultSchema,
  checkPageSchema,
  checkSchema,
  createdCheckSchema,
  maintenanceCalendarSchema,
  uptimeDaysSchema,
  maintenanceSchema,
  maintenancePageSchema,
  resultPageSchema,
  runRequestedSchema,
  type CheckState,
  type Maintenance,
  type MaintenanceInput,
  type PracticeMaintenanceInput,
  type Weekday,
} from '../../../src/monitor/schema.ts';
import { practiceStatusPageSchema, practiceStatusSchema } from '../../../src/monitor/overview-schema.ts';
import { practiceSchema } from '../../../src/core/tenancy/schema.ts';
import { allPages, apiRequest } from '../api/client.ts';
import { formatDateTime } from '../ui/format.ts';
import { percent } from './DayBars.tsx';

export type Check = z.infer<typeof checkSchema>;
export type CheckResult = z.infer<typeof resultPageSchema>['results'][number];

export const checksKey = (practiceId: string) => ['practice', practiceId, 'monitor', 'checks'] as const;
/**
 * The Monitoring page's list read a page at a time: its own key (an infinite query's data is pages,
 * not the array the full list's `checksKey` holds), under `checksKey` so that what refreshes the
 * checks refreshes it too.
 */
export const checkPagesKey = (practiceId: string) => [...checksKey(practiceId), 'pages'] as const;
export const checkKey = (practiceId: string, checkId: string) => [...checksKey(practiceId), checkId] as const;

export const statusKey = (practiceId: string) => ['practice', practiceId, 'monitor', 'status'] as const;
export const overviewKey = ['monitor', 'overview'] as const;

/** Rows per page of the Monitoring page's list: a screen or two, quick to fetch and draw. */
export const checkListPageSize = 100;

const base = (practiceId: string) => `/api/v1/practices/${practiceId}/monitor/checks`;

export const monitorApi = {
  /** Every check (every page, one after another): for the few screens that need them all. */
  list: (practiceId: string) => allPages(checkPageSchema, base(practiceId), (page) => page.checks),
  /** One page of checks, newest first, from `cursor` (the first page without one). */
  page: (practiceId: string, cursor: string | undefined) =>
    apiRequest(checkPageSchema, base(practiceId), { query: { limit: checkListPageSize, cursor } }),
  get: (practiceId: string, checkId: string) => apiRequest(checkSchema, `${base(practiceId)}/${checkId}`),
  create: (practiceId: string, body: unknown) =>
    apiRequest(createdCheckSchema, base(practiceId), { method: 'POST', body }),
  update: (practiceId: string, checkId: string, body: unknown) =>
    apiRequest(checkSchema, `${base(practiceId)}/${checkId}`, { method: 'PATCH', body }),
  previewImport: (practiceId: string, csv: string) =>
    apiRequest(checkImportPreviewSchema, `${base(practiceId)}/import/preview`, { method: 'POST', body: { csv } }),
  applyImport: (practiceId: string, csv: string, previewHash: string) =>
    apiRequest(checkImportResultSchema, `${base(practiceId)}/import`, { method: 'POST', body: { csv, previewHash } }),
  run: (practiceId: string, checkId: string) =>
    apiRequest(runRequestedSchema, `${base(practiceId)}/${checkId}/run`, { method: 'POST' }),
  remove: (practiceId: string, checkId: string) =>
    apiRequest(z.null(), `${base(practiceId)}/${checkId}`, { method: 'DELETE' }),
  /** The newest results (one page: the history shows what happened lately). */
  results: (practiceId: string, checkId: string) =>
    apiRequest(resultPageSchema, `${base(practiceId)}/${checkId}/results`, { query: { limit: 100 } }),
  status: (practiceId: string) => apiRequest(practiceStatusSchema, `/api/v1/practices/${practiceId}/monitor/status`),
  /** Every practice of the MSP overview, worst first. */
  overview: () => allPages(practiceStatusPageSchema, '/api/v1/monitor/overview', (page) => page.practices),
  maintenance: (practiceId: string, checkId: string) =>
    apiRequest(maintenancePageSchema, `${base(practiceId)}/${checkId}/maintenance`, { query: { limit: 20 } }),
  addMaintenance: (practiceId: string, checkId: string, body: MaintenanceInput) =>
    apiRequest(maintenanceSchema, `${base(practiceId)}/${checkId}/maintenance`, { method: 'POST', body }),
  /** A window on a check, a device or a site. */
  addPracticeMaintenance: (practiceId: string, body: PracticeMaintenanceInput) =>
    apiRequest(maintenanceSchema, `/api/v1/practices/${practiceId}/monitor/maintenance`, { method: 'POST', body }),
  removeMaintenance: (practiceId: string, windowId: string) =>
    apiRequest(z.null(), `/api/v1/practices/${practiceId}/monitor/maintenance/${windowId}`, { method: 'DELETE' }),
  /** The zone a practice's maintenance times are entered and shown in. */
  timeZone: async (practiceId: string) =>
    (await apiRequest(practiceSchema, `/api/v1/practices/${practiceId}`)).timeZone,
  uptimeDays: (practiceId: string, checkId: string) =>
    apiRequest(uptimeDaysSchema, `${base(practiceId)}/${checkId}/uptime-days`),
  /** Maintenance occurrences between two local days (YYYY-MM-DD, `to` excluded) of the practice. */
  calendar: (practiceId: string, from: string, to: string) =>
    apiRequest(maintenanceCalendarSchema, `/api/v1/practices/${practiceId}/monitor/maintenance-calendar`, {
      query: { from, to },
    }),
};

/** Every maintenance query of the practice (the calendar's and each check's), to refresh after a change. */
export const maintenanceKey = (practiceId: string) => ['practice', practiceId, 'monitor', 'maintenance'] as const;
export const practiceZoneKey = (practiceId: string) => ['practice', practiceId, 'timeZone'] as const;

export const stateLabels: Record<CheckState, { label: string; color: string }> = {
  pending: { label: 'Pending', color: 'gray' },
  up: { label: 'Up', color: 'green' },
  degraded: { label: 'Degraded', color: 'orange' },
  down: { label: 'Down', color: 'red' },
  maintenance: { label: 'Maintenance', color: 'blue' },
  paused: { label: 'Paused', color: 'gray' },
};

/** Uptime as a percentage with two decimals, or a dash with no run in the period. */
export function formatUptime(share: number | null): string {
  return share === null ? '—' : percent(share);
}

export const weekdayLabels: Record<Weekday, string> = {
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun',
};

/** "every day" or "every Sat, Sun", at that local time in its zone, and until when. */
export function repeatWords(repeat: NonNullable<Maintenance['repeat']>): string {
  const days =
    repeat.every === 'day' ? 'every day' : `every ${repeat.weekdays.map((d) => weekdayLabels[d]).join(', ')}`;
  const until = repeat.until ? ` until ${formatDateTime(repeat.until)}` : '';
  return `${days} at the same time (${repeat.timeZone})${until}`;
}

/** One result's badge: in maintenance, failed, slow (a degraded success) or ok. */
export function resultBadge(r: CheckResult): { label: string; color: string } {
  if (r.inMaintenance) return { label: 'maintenance', color: 'blue' };
  if (!r.ok) return { label: 'failed', color: 'red' };
  return r.degraded ? { label: 'degraded', color: 'orange' } : { label: 'ok', color: 'green' };
}

/** Where a check points, in a few words. */
export function targetOf(check: Check): string {
  const p = check.probe;
  if (p.kind === 'http') return p.url;
  if (p.kind === 'push') return 'push (its job calls Tandem)';
  if (p.kind === 'agent') return 'agent heartbeat (the endpoint calls Tandem)';
  if (p.kind === 'dns') return `${p.recordType} ${p.name}${p.server ? ` at ${p.server}` : ''}`;
  return `${p.kind === 'tls' ? 'certificate of ' : ''}${p.host}:${p.port}`;
}
