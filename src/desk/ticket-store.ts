/** Queries on tickets and their events; every call runs inside withTenant. */
import { and, asc, desc, eq, getTableColumns, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { PgInsertValue } from 'drizzle-orm/pg-core';
import type { Db } from '../core/db/database.ts';
import type { KeysetAfter } from '../core/db/keyset.ts';
import { inJsonList } from '../core/db/rows.ts';
import type { HistoryEvent } from './ticket-history.ts';
import {
  openOnly,
  ticketAttachments,
  ticketCounters,
  ticketEvents,
  ticketRatings,
  ticketSlaAlerts,
  tickets,
} from './tables.ts';

/** Every column of a ticket but the search documents, which only the database reads. */
export const { searchText: _text, searchNotes: _notes, ...ticketColumns } = getTableColumns(tickets);
export type TicketRow = Omit<typeof tickets.$inferSelect, 'searchText' | 'searchNotes'>;
export type TicketEventRow = typeof ticketEvents.$inferSelect;
export type TicketRatingRow = typeof ticketRatings.$inferSelect;

export async function findRating(tx: Db, ticketId: string): Promise<TicketRatingRow | null> {
  const rows = await tx.select().from(ticketRatings).where(eq(ticketRatings.ticketId, ticketId)).limit(1);
  return rows[0] ?? null;
}

/** Records the requester's rating, replacing an earlier one. */
export async function saveRating(tx: Db, row: typeof ticketRatings.$inferInsert): Promise<void> {
  const { ticketId: _, practiceId: __, ...change } = row;
  await tx.insert(ticketRatings).values(row).onConflictDoUpdate({ target: ticketRatings.ticketId, set: change });
}

export interface TicketFilter {
  deskId?: string;
  status?: string;
  /** A party id, or null for the triage queue. */
  assignee?: string | null;
  /** The person working it (who took it): "mine". */
  agentId?: string;
  /** The holding party's side (msp, internal_it, practice): "my party". */
  side?: string;
  /**
   * Only open tickets with a clock due before this instant that has not been met: now gives the
   * breached ones, now plus N minutes those due within N minutes (breached ones included).
   */
  dueBefore?: Date;
  /** Only the ticket with this number. */
  number?: number;
  /** Only tickets whose words match (websearch syntax: words, "a phrase", -not, or). */
  words?: string;
  /** Whether the words may match internal notes too (for those who work tickets). */
  wordsInNotes?: boolean;
}

/** The text-search configuration every document and query uses, so stems match. */
const searchQuery = (words: string) => sql`websearch_to_tsquery('english', ${words})`;

/** A search document of this text, for a ticket's search_text or search_notes. */
export const searchDocument = (text: string) => sql`to_tsvector('english', ${text})`;

/** Adds a reply's or a note's words to the ticket's search document (never a patient-desk ticket's: encrypted). */
export async function addSearchWords(tx: Db, id: string, target: 'text' | 'notes', text: string): Promise<void> {
  const column = target === 'text' ? tickets.searchText : tickets.searchNotes;
  const set = target === 'text' ? 'searchText' : 'searchNotes';
  await tx
    .update(tickets)
    .set({ [set]: sql`coalesce(${column}, ''::tsvector) || ${searchDocument(text)}` })
    .where(eq(tickets.id, id));
}

/** Tickets whose public words, or with `notes` their internal notes', match the query. */
function matchingWords(words: string, notes: boolean): SQL {
  const query = searchQuery(words);
  return notes
    ? sql`(${tickets.searchText} @@ ${query} or ${tickets.searchNotes} @@ ${query})`
    : sql`${tickets.searchText} @@ ${query}`;
}

/**
 * The practice's next ticket number, taken in the caller's transaction: the upsert locks the
 * practice's counter row until the transaction ends, so concurrent openings queue on it and get
 * consecutive numbers, with no gap left by one that rolls back.
 */
export async function nextTicketNumber(tx: Db, practiceId: string): Promise<number> {
  const [row] = await tx
    .insert(ticketCounters)
    .values({ practiceId, lastNumber: 1 })
    .onConflictDoUpdate({
      target: ticketCounters.practiceId,
      set: { lastNumber: sql`${ticketCounters.lastNumber} + 1` },
    })
    .returning({ lastNumber: ticketCounters.lastNumber });
  return row!.lastNumber;
}

export async function findTicketByNumber(tx: Db, practiceId: string, number: number): Promise<TicketRow | null> {
  const rows = await tx
    .select(ticketColumns)
    .from(tickets)
    .where(and(eq(tickets.practiceId, practiceId), eq(tickets.number, number)))
    .limit(1);
  return rows[0] ?? null;
}

/** A new ticket's row; its search document is SQL (to_tsvector). */
export async function insertTicket(tx: Db, row: PgInsertValue<typeof tickets>): Promise<void> {
  await tx.insert(tickets).values(row);
}

export async function insertEvent(tx: Db, row: typeof ticketEvents.$inferInsert): Promise<void> {
  await tx.insert(ticketEvents).values(row);
}

export async function findTicket(tx: Db, practiceId: string, id: string): Promise<TicketRow | null> {
  const rows = await tx
    .select(ticketColumns)
    .from(tickets)
    .where(and(eq(tickets.practiceId, practiceId), eq(tickets.id, id)))
    .limit(1);
  return rows[0] ?? null;
}

export async function updateTicket(tx: Db, id: string, change: Partial<typeof tickets.$inferInsert>): Promise<void> {
  await tx.update(tickets).set(change).where(eq(tickets.id, id));
}

export async function eventsOf(tx: Db, ticketId: string): Promise<TicketEventRow[]> {
  return tx
    .select()
    .from(ticketEvents)
    .where(eq(ticketEvents.ticketId, ticketId))
    .orderBy(...eventOrder);
}

/**
 * An open ticket whose first response or resolution falls due before `instant` (ticket-clock.ts
 * states): with `instant` now, a breached one. A paused resolution clock counts as due only if
 * it was already overdue when it stopped.
 */
function dueBefore(instant: Date): SQL {
  const at = sql`${instant.toISOString()}::timestamptz`;
  return and(
    openOnly,
    or(
      and(isNull(tickets.firstRespondedAt), sql`${tickets.firstResponseDueAt} < ${at}`),
      sql`${tickets.resolutionDueAt} < coalesce(${tickets.pausedSince}, ${at})`,
    ),
  )!;
}

/**
 * Newest first by the columns themselves, not core/db/keyset.ts's millisecond truncation, which no
 * index serves: a ticket's created_at is written from a JavaScript Date, so it is already to the
 * millisecond and the cursor's time compares exactly.
 */
const queueOrder = [desc(tickets.createdAt), desc(tickets.id)];
const afterCursor = (after: KeysetAfter | undefined) =>
  after
    ? sql`(${tickets.createdAt}, ${tickets.id}) < (${after.createdAt.toISOString()}::timestamptz, ${after.id}::uuid)`
    : undefined;

/** The query for a page of the practice's tickets, newest first, matching every filter given (tests EXPLAIN it). */
export function queueQuery(
  tx: Db,
  practiceId: string,
  filter: TicketFilter,
  page: { after?: KeysetAfter; limit: number },
) {
  const conditions: (SQL | undefined)[] = [eq(tickets.practiceId, practiceId), afterCursor(page.after)];
  if (filter.number !== undefined) conditions.push(eq(tickets.number, filter.number));
  if (filter.deskId) conditions.push(eq(tickets.deskId, filter.deskId));
  if (filter.status) conditions.push(eq(tickets.status, filter.status));
  if (filter.assignee !== undefined)
    conditions.push(
      filter.assignee === null ? isNull(tickets.assigneePartyId) : eq(tickets.assigneePartyId, filter.assignee),
    );
  if (filter.agentId) conditions.push(eq(tickets.agentId, filter.agentId));
  if (filter.side) conditions.push(eq(tickets.assigneeSide, filter.side));
  if (filter.dueBefore) conditions.push(dueBefore(filter.dueBefore));
  if (filter.words) conditions.push(matchingWords(filter.words, filter.wordsInNotes ?? false));
  return tx
    .select(ticketColumns)
    .from(tickets)
    .where(and(...conditions))
    .orderBy(...queueOrder)
    .limit(page.limit);
}

export async function listTickets(
  tx: Db,
  practiceId: string,
  filter: TicketFilter,
  page: { after?: KeysetAfter; limit: number },
): Promise<TicketRow[]> {
  return queueQuery(tx, practiceId, filter, page);
}

/** The practice's tickets still being worked (not resolved or closed). */
export async function openTickets(tx: Db, practiceId: string): Promise<TicketRow[]> {
  return tx
    .select(ticketColumns)
    .from(tickets)
    .where(and(eq(tickets.practiceId, practiceId), openOnly));
}

/** What the SLA sweep replays of an open ticket: its clocks' inputs, not its text. */
const clockColumns = {
  id: tickets.id,
  deskId: tickets.deskId,
  priority: tickets.priority,
  category: tickets.category,
  activity: tickets.activity,
  createdAt: tickets.createdAt,
  firstRespondedAt: tickets.firstRespondedAt,
};
export type TicketClockRow = Pick<TicketRow, keyof typeof clockColumns>;

/** The practice's open tickets, only what their clocks need (the sweep reads all of them a minute). */
export async function openTicketClocks(tx: Db, practiceId: string): Promise<TicketClockRow[]> {
  return tx
    .select(clockColumns)
    .from(tickets)
    .where(and(eq(tickets.practiceId, practiceId), openOnly));
}

/** Events in the order they happened, and those at the same instant in the order written. */
const eventOrder = [asc(ticketEvents.at), asc(ticketEvents.seq)];

/** The histories of several tickets, each in the order it happened. */
export async function eventsOfMany(tx: Db, ticketIds: string[]): Promise<Map<string, TicketEventRow[]>> {
  if (ticketIds.length === 0) return new Map();
  return byTicket(
    ticketIds,
    await tx
      .select()
      .from(ticketEvents)
      .where(inJsonList(ticketEvents.ticketId, ticketIds, 'uuid'))
      .orderBy(...eventOrder),
  );
}

/**
 * The histories of the practice's open tickets, each in the order it happened, with only what a
 * replay reads (for the SLA sweep: no list of ids to send, no text to decode).
 */
export async function historiesOfOpenTickets(
  tx: Db,
  practiceId: string,
  open: readonly { id: string }[],
): Promise<Map<string, HistoryEvent[]>> {
  const rows = await tx
    .select({
      id: ticketEvents.id,
      ticketId: ticketEvents.ticketId,
      kind: ticketEvents.kind,
      at: ticketEvents.at,
      seq: ticketEvents.seq,
      data: ticketEvents.data,
    })
    .from(ticketEvents)
    .innerJoin(tickets, eq(tickets.id, ticketEvents.ticketId))
    .where(and(eq(tickets.practiceId, practiceId), openOnly));
  // Sorted per ticket here rather than all of them in PostgreSQL: most have a handful of events.
  const histories = byTicket(
    open.map((t) => t.id),
    rows,
  );
  for (const events of histories.values())
    if (events.length > 1) events.sort((x, y) => x.at.getTime() - y.at.getTime());
  return histories;
}

/** Rows grouped by ticket in the order given; every ticket named gets a list, if empty. */
function byTicket<T extends { ticketId: string }>(ticketIds: readonly string[], rows: T[]): Map<string, T[]> {
  const grouped = new Map<string, T[]>(ticketIds.map((id) => [id, []]));
  for (const row of rows) grouped.get(row.ticketId)?.push(row);
  return grouped;
}

/** The levels fired on the practice's open tickets, as `<clock>/<level>` by ticket. */
export async function firedOnOpenTickets(tx: Db, practiceId: string): Promise<Map<string, Set<string>>> {
  // One row per ticket, its levels joined in PostgreSQL: a long-breached backlog has several
  // levels per clock, and rows cost far more to send and parse than a longer string.
  const rows = await tx
    .select({
      ticketId: ticketSlaAlerts.ticketId,
      levels: sql<string>`string_agg(${ticketSlaAlerts.clock} || '/' || ${ticketSlaAlerts.level}, ' ')`,
    })
    .from(ticketSlaAlerts)
    .innerJoin(tickets, eq(tickets.id, ticketSlaAlerts.ticketId))
    .where(and(eq(tickets.practiceId, practiceId), openOnly))
    .groupBy(ticketSlaAlerts.ticketId);
  return new Map(rows.map((r) => [r.ticketId, new Set(r.levels.split(' '))]));
}

/** Records that a level fired; false when it already had (another sweep, or an earlier run). */
export async function claimAlert(tx: Db, row: typeof ticketSlaAlerts.$inferInsert): Promise<boolean> {
  const inserted = await tx
    .insert(ticketSlaAlerts)
    .values(row)
    .onConflictDoNothing()
    .returning({ ticketId: ticketSlaAlerts.ticketId });
  return inserted.length > 0;
}

/** Practices with tickets still being worked: for the SLA sweep, on the owner's connection. */
export async function practicesWithOpenTickets(db: Db): Promise<string[]> {
  const rows = await db.selectDistinct({ practiceId: tickets.practiceId }).from(tickets).where(openOnly);
  return rows.map((r) => r.practiceId);
}

/** A file's facts without its content. */
export const attachmentFacts = {
  id: ticketAttachments.id,
  ticketId: ticketAttachments.ticketId,
  eventId: ticketAttachments.eventId,
  fileName: ticketAttachments.fileName,
  contentType: ticketAttachments.contentType,
  size: ticketAttachments.size,
  uploadedAt: ticketAttachments.uploadedAt,
};
export type AttachmentFacts = { [K in keyof typeof attachmentFacts]: (typeof ticketAttachments.$inferSelect)[K] };

/** What is known of the files on these events (not their content), by event id. */
export async function attachmentsOfEvents(tx: Db, eventIds: string[]): Promise<Map<string, AttachmentFacts[]>> {
  const byEvent = new Map<string, AttachmentFacts[]>();
  if (eventIds.length === 0) return byEvent;
  const rows = await tx
    .select(attachmentFacts)
    .from(ticketAttachments)
    .where(inArray(ticketAttachments.eventId, eventIds))
    .orderBy(asc(ticketAttachments.uploadedAt));
  for (const row of rows) byEvent.set(row.eventId, [...(byEvent.get(row.eventId) ?? []), row]);
  return byEvent;
}

/** The tickets merged into these, oldest first. */
export async function ticketsMergedInto(tx: Db, ids: string[]): Promise<Pick<TicketRow, 'id' | 'number'>[]> {
  if (ids.length === 0) return [];
  return tx
    .select({ id: tickets.id, number: tickets.number })
    .from(tickets)
    .where(inArray(tickets.mergedIntoId, ids))
    .orderBy(asc(tickets.number));
}

/** A ticket's id and number, for a link to it. */
export async function ticketLink(tx: Db, id: string | null): Promise<Pick<TicketRow, 'id' | 'number'> | null> {
  if (id === null) return null;
  const [row] = await tx.select({ id: tickets.id, number: tickets.number }).from(tickets).where(eq(tickets.id, id));
  return row ?? null;
}
