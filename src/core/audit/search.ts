/**
 * Searching the audit log for auditors, newest first, a page at a time, and exporting a search to
 * CSV. Paging is by seq (a keyset cursor), so a page is an index range however deep it is, and
 * entries appended meanwhile never shift what the next page holds.
 */
import { and, desc, eq, gte, inArray, isNull, like, lt, lte, or, type SQL } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { memberships } from '../identity/tables.ts';
import { auditSearchMaxLimit, type AuditActorType, type AuditEntry, type AuditPage } from './schema.ts';
import { auditHead, auditLog } from './tables.ts';

/**
 * Events of no practice that a practice's audit view shows too, when the actor is one of its
 * members: every action under this prefix (sign-in successes and failures, MFA changes,
 * sign-outs, passwords set). A person signs in to Tandem, not to one practice, so these entries
 * carry no practice_id; each practice the person holds a role in sees them. Row-level security
 * allows tandem_app exactly these rows besides the practice's own (migration
 * 0005_audit_member_auth_events, which spells the same rule in SQL).
 */
export const memberAuthActionPrefix = 'auth.';

export interface AuditFilter {
  /**
   * The practices whose entries the caller may see, with the auth events of their members (see
   * memberAuthActionPrefix); null for every entry, including those of no practice (system use
   * only). Required on purpose: forgetting it must not mean "everything".
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

/** The practices' own entries, and the auth events of no practice whose actor is one of their members. */
function practiceScope(db: Db, practiceIds: readonly string[]): SQL | undefined {
  const members = db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(inArray(memberships.practiceId, [...practiceIds]));
  return or(
    inArray(auditLog.practiceId, [...practiceIds]),
    and(
      isNull(auditLog.practiceId),
      eq(auditLog.actorType, 'user'),
      like(auditLog.action, `${escapeLike(memberAuthActionPrefix)}%`),
      inArray(auditLog.actorId, members),
    ),
  );
}

/** The filter's conditions but the cursor. */
function filterConditions(db: Db, filter: Omit<AuditFilter, 'limit' | 'cursor'>): (SQL | undefined)[] {
  return [
    filter.practiceIds ? practiceScope(db, filter.practiceIds) : undefined,
    filter.actorId ? eq(auditLog.actorId, filter.actorId) : undefined,
    filter.action ? like(auditLog.action, `${escapeLike(filter.action)}%`) : undefined,
    filter.from ? gte(auditLog.at, filter.from) : undefined,
    filter.to ? lt(auditLog.at, filter.to) : undefined,
  ];
}

export async function searchAudit(db: Db, filter: AuditFilter): Promise<AuditPage> {
  if (filter.practiceIds?.length === 0) return { entries: [], nextCursor: null };
  const limit = Math.min(Math.max(1, Math.trunc(filter.limit)), auditSearchMaxLimit);
  const conditions = [
    ...filterConditions(db, filter),
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
      .where(and(...filterConditions(db, filter), lte(auditLog.seq, top)))
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
      cursor = page.nextCursor;
    }
    if (truncated) yield auditExportTruncatedLine(maxRows);
  }
  return { truncated, chunks: chunks() };
}
