/**
 * Searching the audit log for auditors, newest first, a page at a time, and exporting a search to
 * CSV. Paging is by seq (a keyset cursor), so a page is an index range however deep it is, and
 * entries appended meanwhile never shift what the next page holds.
 */
import { and, desc, eq, gte, inArray, like, lt, lte, type SQL } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { auditSearchMaxLimit, type AuditActorType, type AuditEntry, type AuditPage } from './schema.ts';
import { auditHead, auditLog } from './tables.ts';

export interface AuditFilter {
  /**
   * The practices whose entries the caller may see: entries recorded in them, nothing else (a
   * person's sign-ins belong to no practice and are not shown; migration 0012 holds tandem_app to
   * the same rule). null for every entry, including those of no practice (system use only).
   * Required on purpose: forgetting it must not mean "everything".
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
  /** `next` of the previous page: only entries older than it. */
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

/** The filter's conditions but the cursor. */
function filterConditions(filter: Omit<AuditFilter, 'limit' | 'cursor'>): (SQL | undefined)[] {
  return [
    filter.practiceIds ? inArray(auditLog.practiceId, [...filter.practiceIds]) : undefined,
    filter.actorId ? eq(auditLog.actorId, filter.actorId) : undefined,
    filter.action ? like(auditLog.action, `${escapeLike(filter.action)}%`) : undefined,
    filter.from ? gte(auditLog.at, filter.from) : undefined,
    filter.to ? lt(auditLog.at, filter.to) : undefined,
  ];
}

export async function searchAudit(db: Db, filter: AuditFilter): Promise<AuditPage> {
  if (filter.practiceIds?.length === 0) return { entries: [], next: null };
  const limit = Math.min(Math.max(1, Math.trunc(filter.limit)), auditSearchMaxLimit);
  const conditions = [
    ...filterConditions(filter),
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
  return { entries: page.map(presentAuditEntry), next: rows.length > limit && last ? String(last.seq) : null };
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

const csvHeader = `${csvColumns.map(([name]) => csvField(name)).join(',')}\r\n`;

function csvRows(entries: readonly AuditEntry[]): string {
  return entries.map((entry) => `${csvColumns.map(([, get]) => csvField(get(entry))).join(',')}\r\n`).join('');
}

/** The entries as CSV (CRLF line ends, header first), for auditors' exports. */
export function auditCsv(entries: readonly AuditEntry[]): string {
  return csvHeader + csvRows(entries);
}

/**
 * The most entries one CSV export holds (about 40 MB). An export that would hold more stops
 * there, newest first, and says so: the reply header X-Tandem-Export-Truncated is "true" and the
 * file's last line is a single field saying that older entries were left out.
 */
export const auditExportMaxRows = 100_000;

export function auditExportTruncatedLine(maxRows: number): string {
  return `${csvField(
    `Export stopped after ${maxRows} entries, the most one export holds; older entries that match were left out. ` +
      'Narrow the time range (from, to) and export the rest separately.',
  )}\r\n`;
}

/** Runs fn in a short transaction of its own (for HTTP: withTenant on the practice). */
export type AuditTransaction = <T>(fn: (db: Db) => Promise<T>) => Promise<T>;

export interface AuditCsvExport {
  /** More entries match than maxRows: the export holds the newest maxRows of them. */
  truncated: boolean;
  /** The CSV text, header first, a page of entries per chunk; read it once. */
  chunks: AsyncGenerator<string>;
}

/**
 * Every entry a search matches, as CSV, newest first, up to maxRows. The export reads the chain
 * head first and takes only entries up to it: the log is append-only and seq grows in commit
 * order, so the pages form one consistent snapshot however long the download takes, and entries
 * appended meanwhile are not included. Each page is read in its own short transaction when the
 * consumer asks for it, so a slow download holds no transaction open (on the embedded database,
 * which has one connection, that would stall every other request).
 */
export async function exportAuditCsv(
  inTransaction: AuditTransaction,
  filter: Omit<AuditFilter, 'limit' | 'cursor'>,
  maxRows = auditExportMaxRows,
): Promise<AuditCsvExport> {
  const { head, truncated } = await inTransaction(async (db) => {
    const [row] = await db.select({ seq: auditHead.seq }).from(auditHead).where(eq(auditHead.id, 1));
    const top = row?.seq ?? 0;
    if (filter.practiceIds?.length === 0) return { head: top, truncated: false };
    const beyond = await db
      .select({ seq: auditLog.seq })
      .from(auditLog)
      .where(and(...filterConditions(filter), lte(auditLog.seq, top)))
      .orderBy(desc(auditLog.seq))
      .limit(1)
      .offset(maxRows);
    return { head: top, truncated: beyond.length > 0 };
  });
  async function* chunks(): AsyncGenerator<string> {
    yield csvHeader;
    let cursor: number | null = head + 1;
    let written = 0;
    while (cursor !== null && written < maxRows) {
      const page = await inTransaction((db) =>
        searchAudit(db, {
          ...filter,
          limit: Math.min(auditSearchMaxLimit, maxRows - written),
          cursor: cursor ?? undefined,
        }),
      );
      if (page.entries.length > 0) yield csvRows(page.entries);
      written += page.entries.length;
      cursor = page.next === null ? null : Number(page.next);
    }
    if (truncated) yield auditExportTruncatedLine(maxRows);
  }
  return { truncated, chunks: chunks() };
}
