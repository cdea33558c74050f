/**
 * The audit viewer's filters as they live in the address bar (so a view can be bookmarked and
 * the back button works) and as the API wants them: dates become the start of that day in the
 * browser's time zone; "to" includes the whole day.
 */
import type { QueryValues } from '../api/client.ts';

export interface AuditFilters {
  actorId: string;
  action: string;
  /** YYYY-MM-DD or empty. */
  from: string;
  to: string;
}

export const emptyFilters: AuditFilters = { actorId: '', action: '', from: '', to: '' };

export function filtersFromParams(params: URLSearchParams): AuditFilters {
  return {
    actorId: params.get('actor') ?? '',
    action: params.get('action') ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
  };
}

export function filtersToParams(filters: AuditFilters): Record<string, string> {
  const out: Record<string, string> = {};
  if (filters.actorId) out.actor = filters.actorId;
  if (filters.action.trim()) out.action = filters.action.trim();
  if (filters.from) out.from = filters.from;
  if (filters.to) out.to = filters.to;
  return out;
}

/** Local midnight at the start of a YYYY-MM-DD day, plus some days, as an ISO instant. */
function dayStart(day: string, plusDays = 0): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return undefined;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + plusDays).toISOString();
}

/** Query values for GET .../audit and .../audit.csv (from inclusive, to exclusive). */
export function apiQuery(filters: AuditFilters): QueryValues {
  return {
    actorId: filters.actorId || undefined,
    action: filters.action.trim() || undefined,
    from: dayStart(filters.from),
    to: dayStart(filters.to, 1),
  };
}

/** Beginnings of actions that are worth offering in the filter. */
export const actionSuggestions = [
  'invitation.',
  'membership.',
  'membership.created',
  'user.',
  'api_token.',
  'practice.',
  'setup.completed',
];
