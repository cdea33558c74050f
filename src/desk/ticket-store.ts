/** Queries on tickets and their events; every call runs inside withTenant. */
import { and, asc, eq, isNull, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../core/db/database.ts';
import { newestFirst, olderThan, type KeysetAfter } from '../core/db/keyset.ts';
import { ticketEvents, tickets } from './tables.ts';

export type TicketRow = typeof tickets.$inferSelect;
export type TicketEventRow = typeof ticketEvents.$inferSelect;

export interface TicketFilter {
  deskId?: string;
  status?: string;
  /** A party id, or null for the triage queue. */
  assignee?: string | null;
  /** Only tickets with a breached clock at this instant. */
  breachedAt?: Date;
}

export async function insertTicket(tx: Db, row: typeof tickets.$inferInsert): Promise<void> {
  await tx.insert(tickets).values(row);
}

export async function insertEvent(tx: Db, row: typeof ticketEvents.$inferInsert): Promise<void> {
  await tx.insert(ticketEvents).values(row);
}

export async function findTicket(tx: Db, practiceId: string, id: string): Promise<TicketRow | null> {
  const rows = await tx
    .select()
    .from(tickets)
    .where(and(eq(tickets.practiceId, practiceId), eq(tickets.id, id)))
    .limit(1);
  return rows[0] ?? null;
}

export async function updateTicket(tx: Db, id: string, change: Partial<typeof tickets.$inferInsert>): Promise<void> {
  await tx.update(tickets).set(change).where(eq(tickets.id, id));
}

export async function eventsOf(tx: Db, ticketId: string): Promise<TicketEventRow[]> {
  return tx.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticketId)).orderBy(asc(ticketEvents.at));
}

/** An open ticket whose first response or resolution is overdue at `now` (ticket-clock.ts states). */
function breached(now: Date): SQL {
  const at = sql`${now.toISOString()}::timestamptz`;
  return and(
    notInArray(tickets.status, ['resolved', 'closed']),
    or(
      and(isNull(tickets.firstRespondedAt), sql`${tickets.firstResponseDueAt} < ${at}`),
      sql`${tickets.resolutionDueAt} < coalesce(${tickets.pausedSince}, ${at})`,
    ),
  )!;
}

/** A page of the practice's tickets, newest first, matching every filter given. */
export async function listTickets(
  tx: Db,
  practiceId: string,
  filter: TicketFilter,
  page: { after?: KeysetAfter; limit: number },
): Promise<TicketRow[]> {
  const conditions: SQL[] = [eq(tickets.practiceId, practiceId), olderThan(tickets.createdAt, tickets.id, page.after)];
  if (filter.deskId) conditions.push(eq(tickets.deskId, filter.deskId));
  if (filter.status) conditions.push(eq(tickets.status, filter.status));
  if (filter.assignee !== undefined)
    conditions.push(
      filter.assignee === null ? isNull(tickets.assigneePartyId) : eq(tickets.assigneePartyId, filter.assignee),
    );
  if (filter.breachedAt) conditions.push(breached(filter.breachedAt));
  return tx
    .select()
    .from(tickets)
    .where(and(...conditions))
    .orderBy(...newestFirst(tickets.createdAt, tickets.id))
    .limit(page.limit);
}
