import { auditPageSchema, type AuditEntry } from '../../../src/core/audit/schema.ts';
import { apiRequest, withQuery } from '../api/client.ts';
import { apiQuery, type AuditFilters } from './audit-filters.ts';

export type { AuditEntry };

export const auditPageSize = 50;

const base = (practiceId: string) => `/api/v1/practices/${practiceId}/audit`;

export const auditKey = (practiceId: string, filters: AuditFilters) =>
  ['practice', practiceId, 'audit', filters] as const;

export function fetchAuditPage(practiceId: string, filters: AuditFilters, cursor: string | undefined) {
  return apiRequest(auditPageSchema, base(practiceId), {
    query: { ...apiQuery(filters), limit: auditPageSize, cursor },
  });
}

/** The same filters, as CSV: a plain link, so the browser downloads it with the session cookie. */
export function auditCsvUrl(practiceId: string, filters: AuditFilters): string {
  return withQuery(`${base(practiceId)}.csv`, apiQuery(filters));
}
