/**
 * Searching the audit log for auditors, newest first, a page at a time, and exporting a page to
 * CSV. Paging is by seq (a keyset cursor), so a page is an index range however deep it is, and
 * entries appended meanwhile never shift what the next page holds.
 */
import { and, desc, eq, gte, inArray, like, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { auditSearchMaxLimit, type AuditActorType, type AuditEntry, type AuditPage } from './schema.ts';
import { auditLog } from './tables.ts';

export interface AuditFilter {
  /**
   * The practices whose entries the caller may see; null for every entry, including those of no
   * practice (system use only). Required on purpose: forgetting it must not mean "everything".
   */
  practiceIds: readonly string[] | null;
  actorId?: string;
  /** Prefix of the action: 'auth.' finds every sign-in, sign-out and MFA event. */
  action?: string;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
  /** At most auditSearchMaxLimit (500). */
  limit: number;
  /** nextCursor of the previous page: only entries older than it. */
  cursor?: number;
}

type AuditRow = typeof auditLog.$inferSelect;

export function presentAuditEntry(row: AuditRow): AuditEntry {
  return {
    seq: row.seq,
    id: row.id,
    at: row.at.toISOString(),
    actorType: row.actorType as AuditActorType,
    actorId: row.actorId,
    actorLabel: row.actorLabel,
    practiceId: row.practiceId,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    ip: row.ip,
    userAgent: row.userAgent,
    requestId: row.requestId,
    details: row.details as Record<string, unknown>,
  };
}

/** LIKE treats % and _ as wildcards and \ as its escape; a prefix must match them literally. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function searchAudit(db: Db, filter: AuditFilter): Promise<AuditPage> {
  if (filter.practiceIds?.length === 0) return { entries: [], nextCursor: null };
  const limit = Math.min(Math.max(1, Math.trunc(filter.limit)), auditSearchMaxLimit);
  const conditions: (SQL | undefined)[] = [
    filter.practiceIds ? inArray(auditLog.practiceId, [...filter.practiceIds]) : undefined,
    filter.actorId ? eq(auditLog.actorId, filter.actorId) : undefined,
    filter.action ? like(auditLog.action, `${escapeLike(filter.action)}%`) : undefined,
    filter.from ? gte(auditLog.at, filter.from) : undefined,
    filter.to ? lt(auditLog.at, filter.to) : undefined,
    filter.cursor !== undefined ? lt(auditLog.seq, filter.cursor) : undefined,
  ];
  // One row more than asked tells whether there is a next page without counting.
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.seq))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { entries: page.map(presentAuditEntry), nextCursor: rows.length > limit && last ? last.seq : null };
}

const csvColumns = [
  ['seq', (e) => e.seq],
  ['at', (e) => e.at],
  ['actor_type', (e) => e.actorType],
  ['actor_id', (e) => e.actorId],
  ['actor_label', (e) => e.actorLabel],
  ['practice_id', (e) => e.practiceId],
  ['action', (e) => e.action],
  ['target_type', (e) => e.targetType],
  ['target_id', (e) => e.targetId],
  ['ip', (e) => e.ip],
  ['user_agent', (e) => e.userAgent],
  ['request_id', (e) => e.requestId],
  ['details', (e) => JSON.stringify(e.details)],
] as const satisfies readonly (readonly [string, (entry: AuditEntry) => string | number | null])[];

/**
 * One RFC 4180 field: always quoted, quotes doubled. A cell a spreadsheet would run as a formula
 * (starting with = + - @, or tab or carriage return, which some spreadsheets skip first) gets a
 * leading apostrophe: actor labels and user agents come from outside and land in Excel.
 */
function csvField(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** The entries as CSV (CRLF line ends, header first), for auditors' exports. */
export function auditCsv(entries: readonly AuditEntry[]): string {
  const lines = [csvColumns.map(([name]) => csvField(name)).join(',')];
  for (const entry of entries) lines.push(csvColumns.map(([, get]) => csvField(get(entry))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
