/**
 * What happens to a ticket after it is opened: replies and internal notes, status changes along
 * the allowed transitions (with the resolution clock paused and resumed), and explicit
 * reassignment to another matrix party. Each writes an event to the ticket's history and an
 * audit entry naming what changed (never the text).
 */
import { AppError } from '../core/errors.ts';
import { partiesInForce } from '../matrix/on-duty.ts';
import type { Party } from '../matrix/schema.ts';
import { presentDesk, existingDesk } from './desks.ts';
import { resumedDue } from './ticket-clock.ts';
import type { Holder } from './ticket-routing.ts';
import {
  pausingReasons,
  transitions,
  type Assignment,
  type ReplyInput,
  type StatusChange,
  type Ticket,
} from './ticket-schema.ts';
import { updateTicket, type TicketRow } from './ticket-store.ts';
import { auditTicket, callerId, readTicket, recordEvent, sealFor, visibleTicket, type TicketStep } from './tickets.ts';

function refuseIfClosed(row: TicketRow) {
  if (row.status === 'closed') throw new AppError('conflict', 'The ticket is closed; open a new one to follow up');
}

/**
 * A public reply or an internal note. The first public reply by someone other than the requester
 * is the first response; a reply from the requester while the desk waits on them resumes the work.
 */
export async function reply(s: TicketStep, id: string, input: ReplyInput): Promise<Ticket> {
  const row = await visibleTicket(s, id);
  refuseIfClosed(row);
  if (input.internal && !s.mayWork) throw new AppError('forbidden', 'Only those who work tickets add internal notes');
  const now = s.clock.now();
  const fromRequester = row.requesterId !== null && row.requesterId === callerId(s);
  await recordEvent(s, row, input.internal ? 'note' : 'reply', {}, input.body);
  if (!input.internal && !fromRequester && row.firstRespondedAt === null)
    await updateTicket(s.tx, id, { firstRespondedAt: now, updatedAt: now });
  else if (!input.internal && fromRequester && row.status === 'waiting' && row.waitingReason === 'on_requester')
    await moveTo(s, row, { status: 'in_progress' }, 'The requester replied');
  else await updateTicket(s.tx, id, { updatedAt: now });
  await auditTicket(s, input.internal ? 'ticket.noted' : 'ticket.replied', id, {});
  return readTicket(s, id);
}

/** Whether the resolution clock stands still in this state. */
const stopsClock = (c: StatusChange) =>
  c.status === 'resolved' ||
  c.status === 'closed' ||
  (c.waitingReason !== undefined && pausingReasons.has(c.waitingReason));

/** Applies a status change the workflow allows, moving the resolution clock with it. */
async function moveTo(s: TicketStep, row: TicketRow, change: StatusChange, why?: string): Promise<void> {
  const allowed = transitions[row.status as keyof typeof transitions];
  if (!allowed.includes(change.status))
    throw new AppError('conflict', `A ${row.status} ticket cannot become ${change.status}`, [
      { path: 'body.status', message: `from ${row.status}: ${allowed.join(', ') || 'no change is allowed'}` },
    ]);
  const now = s.clock.now();
  const clock: Partial<TicketRow> = {};
  // Closing a resolved ticket leaves its clocks as they were at resolution.
  if (!(row.status === 'resolved' && change.status === 'closed')) {
    const desk = presentDesk(await existingDesk(s, row.deskId));
    let due = row.resolutionDueAt;
    if (row.pausedSince && due) due = resumedDue(desk.calendar, due, row.pausedSince, now);
    clock.resolutionDueAt = due;
    clock.pausedSince = stopsClock(change) ? now : null;
    clock.resolvedAt = change.status === 'resolved' ? now : null;
  }
  await updateTicket(s.tx, row.id, {
    ...clock,
    status: change.status,
    waitingReason: change.waitingReason ?? null,
    updatedAt: now,
  });
  await recordEvent(s, row, 'status', {
    from: row.status,
    to: change.status,
    waitingReason: change.waitingReason ?? null,
    ...(why ? { why } : {}),
  });
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

const organisationOf = (side: string) => (side === 'msp' ? 'msp' : side === 'vendor' ? 'vendor' : 'practice');

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
  await updateTicket(s.tx, id, {
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
