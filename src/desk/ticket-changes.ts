/**
 * What happens to a ticket after it is opened: replies and internal notes, status changes along
 * the allowed transitions (the clocks replayed from the history after each), corrections of a
 * waiting reason given earlier, and explicit
 * reassignment to another matrix party. Each writes an event to the ticket's history and an
 * audit entry naming what changed (never the text).
 */
import { AppError } from '../core/errors.ts';
import { partiesInForce } from '../matrix/on-duty.ts';
import type { Party } from '../matrix/schema.ts';
import type { Holder } from './ticket-routing.ts';
import {
  organisationOf,
  transitions,
  type Assignment,
  type RatingInput,
  type StatusCorrection,
  type ReplyInput,
  type StatusChange,
  type Ticket,
} from './ticket-schema.ts';
import { addSearchWords, eventsOf, saveRating, updateTicket, type TicketRow } from './ticket-store.ts';
import {
  auditTicket,
  callerId,
  readTicket,
  recordEvent,
  refreshClocks,
  sealFor,
  visibleTicket,
  type TicketStep,
} from './tickets.ts';

function refuseIfClosed(row: TicketRow) {
  if (row.status === 'closed') throw new AppError('conflict', 'The ticket is closed; open a new one to follow up');
}

/**
 * A public reply or an internal note. The first public reply by someone other than the requester
 * is the first response; a reply from the requester while the desk waits on them resumes the work.
 */
export async function reply(
  s: TicketStep,
  id: string,
  input: ReplyInput,
  /** How it arrived, kept on the event (an emailed reply: `{ via: 'email', ... }`, src/mail). */
  origin: Record<string, unknown> = {},
): Promise<Ticket> {
  const row = await visibleTicket(s, id);
  refuseIfClosed(row);
  if (input.internal && !s.mayWork) throw new AppError('forbidden', 'Only those who work tickets add internal notes');
  const now = s.clock.now();
  // A patient answering through the intake form's follow link (intake.ts) is the requester, with no account.
  const byPatient = origin.byPatient === true;
  const fromRequester = byPatient || (row.requesterId !== null && row.requesterId === callerId(s));
  const waitsOnThem = row.waitingReason === 'on_requester' || (byPatient && row.waitingReason === 'on_patient');
  await recordEvent(s, row, input.internal ? 'note' : 'reply', origin, input.body);
  if (!row.phi) await addSearchWords(s.tx, id, input.internal ? 'notes' : 'text', input.body);
  if (!input.internal && !fromRequester && row.firstRespondedAt === null)
    await updateTicket(s.tx, id, { firstRespondedAt: now, updatedAt: now });
  else if (!input.internal && fromRequester && row.status === 'waiting' && waitsOnThem)
    await moveTo(s, row, { status: 'in_progress' }, 'The requester replied');
  else await updateTicket(s.tx, id, { updatedAt: now });
  await auditTicket(s, input.internal ? 'ticket.noted' : 'ticket.replied', id, {});
  return readTicket(s, id);
}

/** Applies a status change the workflow allows; the clocks follow from the history it extends. */
async function moveTo(s: TicketStep, row: TicketRow, change: StatusChange, why?: string): Promise<void> {
  const allowed = transitions[row.status as keyof typeof transitions];
  if (!allowed.includes(change.status))
    throw new AppError('conflict', `A ${row.status} ticket cannot become ${change.status}`, [
      { path: 'body.status', message: `from ${row.status}: ${allowed.join(', ') || 'no change is allowed'}` },
    ]);
  const now = s.clock.now();
  await recordEvent(s, row, 'status', {
    from: row.status,
    to: change.status,
    waitingReason: change.waitingReason ?? null,
    ...(why ? { why } : {}),
  });
  // Closing a resolved ticket leaves its clocks as they were at resolution.
  const resolvedAt = change.status === 'closed' ? row.resolvedAt : change.status === 'resolved' ? now : null;
  await updateTicket(s.tx, row.id, {
    status: change.status,
    waitingReason: change.waitingReason ?? null,
    resolvedAt,
    updatedAt: now,
  });
  await refreshClocks(s, row.id);
}

export async function changeStatus(s: TicketStep, id: string, change: StatusChange): Promise<Ticket> {
  const row = await visibleTicket(s, id);
  await moveTo(s, row, change);
  await auditTicket(s, 'ticket.status_changed', id, { from: row.status, to: change.status });
  return readTicket(s, id);
}

/** The parties of the agreed matrix in force, or a 409 when there is none to assign from. */
async function agreedParties(s: TicketStep): Promise<Party[]> {
  const parties = await partiesInForce(s.tx, s.practiceId);
  if (!parties) throw new AppError('conflict', 'The practice has no agreed responsibility matrix to assign from');
  return parties;
}

/**
 * Hands the ticket to another party of the agreed matrix (or back to triage), with a reason. A
 * move between the MSP and the practice's own people is marked as crossing organisations.
 */
export async function assign(s: TicketStep, id: string, input: Assignment): Promise<Ticket> {
  const row = await visibleTicket(s, id);
  refuseIfClosed(row);
  let to: Holder | null = null;
  if (input.partyId !== null) {
    const party = (await agreedParties(s)).find((p) => p.id === input.partyId);
    if (!party)
      throw new AppError('validation_failed', `The agreed matrix has no party "${input.partyId}"`, [
        { path: 'body.partyId', message: 'must be a party of the agreed matrix, or null for triage' },
      ]);
    to = { partyId: party.id, name: party.name, side: party.side };
  }
  const from = row.assigneePartyId
    ? { partyId: row.assigneePartyId, name: row.assigneePartyName ?? '', side: row.assigneeSide ?? '' }
    : null;
  const crossesOrganisation = !!from && !!to && organisationOf(from.side) !== organisationOf(to.side);
  const samePartyKeepsAgent = to?.partyId === row.assigneePartyId;
  await updateTicket(s.tx, id, {
    ...(samePartyKeepsAgent ? {} : { agentId: null, agentLabel: null }),
    assigneePartyId: to?.partyId ?? null,
    assigneePartyName: to?.name ?? null,
    assigneeSide: to?.side ?? null,
    triageReason: to ? null : sealFor(s, row.phi, input.reason),
    updatedAt: s.clock.now(),
  });
  await recordEvent(s, row, 'assigned', { from, to, reason: input.reason, crossesOrganisation, byMatrix: false });
  await auditTicket(s, 'ticket.assigned', id, {
    from: from?.partyId ?? null,
    to: to?.partyId ?? null,
    crossesOrganisation,
  });
  return readTicket(s, id);
}

/**
 * Corrects the waiting reason of an earlier waiting status (say on_change_window that was really
 * on_vendor): recorded as its own event, and the clocks replayed as if the right reason had been
 * given then.
 */
export async function correctStatus(s: TicketStep, id: string, input: StatusCorrection): Promise<Ticket> {
  const row = await visibleTicket(s, id);
  const target = (await eventsOf(s.tx, id)).find((e) => e.id === input.eventId);
  if (!target || target.kind !== 'status' || (target.data as { to?: string }).to !== 'waiting')
    throw new AppError('validation_failed', 'Only an earlier waiting status of this ticket can be corrected', [
      { path: 'body.eventId', message: 'must be the id of a status event of this ticket that set it waiting' },
    ]);
  await recordEvent(s, row, 'status_corrected', {
    eventId: input.eventId,
    waitingReason: input.waitingReason,
    reason: input.reason,
  });
  if (
    row.status === 'waiting' &&
    (await eventsOf(s.tx, id)).filter((e) => e.kind === 'status').at(-1)?.id === input.eventId
  )
    await updateTicket(s.tx, id, { waitingReason: input.waitingReason });
  await updateTicket(s.tx, id, { updatedAt: s.clock.now() });
  await refreshClocks(s, id);
  await auditTicket(s, 'ticket.status_corrected', id, { eventId: input.eventId, waitingReason: input.waitingReason });
  return readTicket(s, id);
}

/**
 * The caller takes the ticket to work it (Autotask's primary resource): it shows in their "mine"
 * queue until they hand it on. A reassignment to another party clears it.
 */
export async function take(s: TicketStep, id: string): Promise<Ticket> {
  const row = await visibleTicket(s, id);
  refuseIfClosed(row);
  const agentId = callerId(s);
  if (agentId === null) throw new AppError('forbidden', 'A ticket is taken by a signed-in person, not an API token');
  const agentLabel = s.origin.actorLabel ?? 'unknown';
  await updateTicket(s.tx, id, { agentId, agentLabel, updatedAt: s.clock.now() });
  await recordEvent(s, row, 'taken', { agent: agentLabel });
  await auditTicket(s, 'ticket.taken', id, {});
  return readTicket(s, id);
}

/**
 * The requester rates their resolved (or closed) ticket good or bad, with an optional comment
 * (CSAT, counted per desk in the SLA report); rating again replaces the earlier rating.
 */
export async function rate(s: TicketStep, id: string, input: RatingInput): Promise<Ticket> {
  const row = await visibleTicket(s, id);
  if (row.requesterId === null || row.requesterId !== callerId(s))
    throw new AppError('forbidden', 'Only the person who opened the ticket rates it');
  if (row.status !== 'resolved' && row.status !== 'closed')
    throw new AppError('conflict', `A ${row.status} ticket cannot be rated yet; rate it once it is resolved`);
  await saveRating(s.tx, {
    ticketId: id,
    practiceId: s.practiceId,
    rating: input.rating,
    comment: input.comment === undefined ? null : sealFor(s, row.phi, input.comment),
    ratedBy: callerId(s),
    ratedAt: s.clock.now(),
  });
  await auditTicket(s, 'ticket.rated', id, { rating: input.rating });
  return readTicket(s, id);
}
