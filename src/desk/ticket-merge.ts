/**
 * Merge and split (issue 18 item 2). Merging B into A closes B with a link to A and shows B's
 * history (replies, notes, files) on A, marked with B's number; each ticket keeps its own clocks
 * (B's stop when it closes; A's are not touched). Splitting takes a reply or note of a ticket out
 * into a new ticket on the same desk, held by the same party, linked both ways. Both are events on
 * each ticket's history and audited.
 */
import { eq, sql } from 'drizzle-orm';
import { AppError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { existingDesk, presentDesk } from './desks.ts';
import type { Priority } from './desk-schema.ts';
import { tickets } from './tables.ts';
import { startClocks } from './ticket-clock.ts';
import type { MergeInput, SplitInput, Ticket } from './ticket-schema.ts';
import {
  eventsOf,
  insertTicket,
  nextTicketNumber,
  searchDocument,
  ticketsMergedInto,
  updateTicket,
  type TicketRow,
} from './ticket-store.ts';
import {
  auditTicket,
  readTicket,
  recordEvent,
  refreshClocks,
  sealFor,
  visibleTicket,
  type TicketStep,
} from './tickets.ts';

const link = (row: Pick<TicketRow, 'id' | 'number'>) => ({ id: row.id, number: row.number });

/** The ticket and those merged into it: where its files may come from. */
export async function ticketFamily(s: TicketStep, id: string): Promise<string[]> {
  await visibleTicket(s, id);
  return [id, ...(await ticketsMergedInto(s.tx, [id])).map((t) => t.id)];
}

function refuseMerge(target: TicketRow, source: TicketRow) {
  const refuse = (message: string) => {
    throw new AppError('conflict', message, [{ path: 'body.ticketId', message }]);
  };
  if (target.id === source.id) refuse('a ticket cannot be merged into itself');
  if (source.mergedIntoId !== null || target.mergedIntoId !== null) refuse('a merged ticket cannot be merged again');
  if (source.status === 'closed' || target.status === 'closed') refuse('a closed ticket cannot be merged');
  // Patient-desk text is encrypted and shown under PHI rules; mixing it into another desk's ticket would leak it.
  if (source.phi !== target.phi) refuse('a patient-desk ticket merges only with another patient-desk ticket');
}

/** Merges `input.ticketId` into `targetId`: closes it as merged, its history and words then show on the target. */
export async function mergeTicket(s: TicketStep, targetId: string, input: MergeInput): Promise<Ticket> {
  const target = await visibleTicket(s, targetId);
  const source = await visibleTicket(s, input.ticketId);
  refuseMerge(target, source);
  const now = s.clock.now();
  const why = `Merged into T-${target.number}`;
  await recordEvent(s, source, 'merged', { into: link(target), ...(input.reason ? { reason: input.reason } : {}) });
  await recordEvent(s, source, 'status', { from: source.status, to: 'closed', waitingReason: null, why });
  await updateTicket(s.tx, source.id, {
    status: 'closed',
    waitingReason: null,
    resolvedAt: source.resolvedAt ?? now,
    mergedIntoId: target.id,
    updatedAt: now,
  });
  await refreshClocks(s, source.id);
  await recordEvent(s, target, 'merged', { from: link(source), ...(input.reason ? { reason: input.reason } : {}) });
  // The merged ticket's words are found on the target from now on.
  await s.tx
    .update(tickets)
    .set({
      searchText: sql`case when ${tickets.phi} then null else coalesce(${tickets.searchText}, ''::tsvector) || coalesce((select search_text from tickets where id = ${source.id}), ''::tsvector) end`,
      searchNotes: sql`case when ${tickets.phi} then null else coalesce(${tickets.searchNotes}, ''::tsvector) || coalesce((select search_notes from tickets where id = ${source.id}), ''::tsvector) end`,
      updatedAt: now,
    })
    .where(eq(tickets.id, target.id));
  await auditTicket(s, 'ticket.merged', target.id, { merged: source.id });
  return readTicket(s, target.id);
}

/** Splits a reply or note out of the ticket into a new ticket (same desk, category, priority and holder), linked to it. */
export async function splitTicket(s: TicketStep, id: string, input: SplitInput): Promise<Ticket> {
  const original = await visibleTicket(s, id);
  if (original.mergedIntoId !== null)
    throw new AppError('conflict', 'A merged ticket cannot be split; split the ticket it was merged into');
  const event = (await eventsOf(s.tx, id)).find((e) => e.id === input.eventId);
  if (!event || (event.kind !== 'reply' && event.kind !== 'note'))
    throw new AppError('validation_failed', 'Only a reply or a note of this ticket can be split out', [
      { path: 'body.eventId', message: 'must be the id of a reply or note of this ticket' },
    ]);
  const desk = presentDesk(await existingDesk(s, original.deskId));
  const priority = original.priority as Priority;
  const now = s.clock.now();
  const newIdValue = newId();
  const number = await nextTicketNumber(s.tx, s.practiceId);
  // The event's body is stored as the ticket stores text (sealed on a patient-desk ticket), so it moves as it is.
  const body = event.body ?? '';
  await insertTicket(s.tx, {
    ...original,
    id: newIdValue,
    number,
    title: sealFor(s, original.phi, input.title),
    description: body,
    status: 'new',
    waitingReason: null,
    triageReason: original.triageReason,
    agentId: null,
    agentLabel: null,
    incident: false,
    mergedIntoId: null,
    splitFromId: original.id,
    ...startClocks(desk.calendar, desk.sla[priority], now),
    firstRespondedAt: null,
    pausedSince: null,
    resolvedAt: null,
    searchText: original.phi ? null : searchDocument(`${input.title}\n${body}`),
    searchNotes: null,
    createdAt: now,
    updatedAt: now,
  });
  const created = { id: newIdValue, phi: original.phi };
  await recordEvent(s, created, 'split', { from: link(original), eventId: event.id });
  await recordEvent(s, created, 'assigned', {
    from: null,
    to: original.assigneePartyId
      ? { partyId: original.assigneePartyId, name: original.assigneePartyName, side: original.assigneeSide }
      : null,
    reason: `Split from T-${original.number}, held by the same party`,
    byMatrix: false,
  });
  await recordEvent(s, original, 'split', { to: { id: newIdValue, number }, eventId: event.id });
  await updateTicket(s.tx, original.id, { updatedAt: now });
  await auditTicket(s, 'ticket.split', original.id, { split: newIdValue, eventId: event.id });
  return readTicket(s, newIdValue);
}
