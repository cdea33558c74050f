/**
 * Tickets: opened on a desk and placed by the matrix (ticket-routing.ts), read by those who work
 * the desk and by their requester. A patient-desk ticket's text is PHI, so it is stored
 * encrypted, shown only to callers who may read PHI, and each such read is audited as
 * `phi.read` in the transaction of the read, as patient contacts are.
 */
import { appendAudit } from '../core/audit/append.ts';
import type { KeysetAfter } from '../core/db/keyset.ts';
import { decryptField, encryptField } from '../core/crypto/field-encryption.ts';
import { AppError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { hasDevice } from '../assets/devices.ts';
import { findPatientRequest } from './intake-store.ts';
import type { Category } from './desk-schema.ts';
import { ensureDesks, existingDesk, presentDesk } from './desks.ts';
import type { DeskStep } from './patient-contacts.ts';
import { clockView, replayedClocks, startClocks } from './ticket-clock.ts';
import type { Placement } from './ticket-routing.ts';
import {
  organisationOf,
  priorityOf,
  ticketReference,
  type Ticket,
  type TicketEvent,
  type TicketInput,
  type TicketSummary,
} from './ticket-schema.ts';
import {
  attachmentsOfEvents,
  eventsOf,
  eventsOfMany,
  ticketLink,
  ticketsMergedInto,
  findTicket,
  findRating,
  findTicketByNumber,
  insertEvent,
  insertTicket,
  listTickets,
  nextTicketNumber,
  searchDocument,
  updateTicket,
  type AttachmentFacts,
  type TicketEventRow,
  type TicketFilter,
  type TicketRow,
} from './ticket-store.ts';
import type { Desk, Priority } from './desk-schema.ts';

/** A desk step with what the caller may do with tickets. */
export interface TicketStep extends DeskStep {
  /** Works tickets (tickets.work): sees the queue and internal notes. */
  mayWork: boolean;
  mayReadPhi: boolean;
  /** Reads monitoring (monitoring.read): may read incident tickets without working tickets. */
  maySeeIncidents?: boolean;
  /** Holds phi.read but is MSP staff the practice has not let see patient details (patient-privacy.ts). */
  phiHiddenBySetting?: boolean;
}

export const callerId = (s: DeskStep) => (s.origin.actorType === 'user' ? (s.origin.actorId ?? null) : null);

/** Text of a ticket as stored: sealed when the ticket is a patient-desk one. */
export const sealFor = (s: DeskStep, phi: boolean, text: string) => (phi ? encryptField(s.keyring, text) : text);

export async function auditTicket(
  s: DeskStep,
  action: string,
  targetId: string | null,
  details: Record<string, unknown>,
) {
  await appendAudit(s.tx, {
    at: s.clock.now(),
    ...s.origin,
    practiceId: s.practiceId,
    action,
    targetType: 'ticket',
    targetId,
    details,
  });
}

/** Fields of an event's data that people write in their own words, so may name a patient. */
const FREE_TEXT_KEYS = ['reason'] as const;

/**
 * An event's data as stored: on a patient-desk ticket its free text is lifted out and sealed as
 * one encrypted JSON object, leaving in `data` only the names of the fields it holds.
 */
function sealEventData(s: DeskStep, phi: boolean, data: Record<string, unknown>) {
  const lifted = FREE_TEXT_KEYS.filter((k) => typeof data[k] === 'string');
  if (!phi || lifted.length === 0) return { data, sealedText: null };
  const kept = Object.fromEntries(Object.entries(data).filter(([k]) => !lifted.includes(k as never)));
  const text = Object.fromEntries(lifted.map((k) => [k, data[k]]));
  return { data: { ...kept, sealed: lifted }, sealedText: encryptField(s.keyring, JSON.stringify(text)) };
}

/** Appends one event to a ticket's history. */
export async function recordEvent(
  s: DeskStep,
  ticket: Pick<TicketRow, 'id' | 'phi'>,
  kind: TicketEvent['kind'],
  data: Record<string, unknown>,
  body?: string,
): Promise<void> {
  await insertEvent(s.tx, {
    id: newId(),
    practiceId: s.practiceId,
    ticketId: ticket.id,
    kind,
    at: s.clock.now(),
    actorId: callerId(s),
    actorLabel: s.origin.actorLabel ?? 'unknown',
    body: body === undefined ? null : sealFor(s, ticket.phi, body),
    ...sealEventData(s, ticket.phi, data),
  });
}

/** The desk and category a new ticket names, or a 400 naming the field that is wrong. */
export async function deskAndCategory(s: DeskStep, input: Pick<TicketInput, 'deskId' | 'category'>) {
  await ensureDesks(s);
  const row = await existingDesk(s, input.deskId).catch(() => {
    throw new AppError('validation_failed', 'No desk with that id in this practice', [
      { path: 'body.deskId', message: 'is not one of this practice’s desks' },
    ]);
  });
  const desk = presentDesk(row);
  const category = desk.categories.find((c) => c.id === input.category);
  if (!category)
    throw new AppError('validation_failed', `The ${desk.name} has no category "${input.category}"`, [
      { path: 'body.category', message: `must be one of: ${desk.categories.map((c) => c.id).join(', ')}` },
    ]);
  return { desk, category };
}

export async function createTicket(
  s: TicketStep,
  input: TicketInput,
  target: { desk: Desk; category: Category },
  placement: Placement,
  /** An incident, placed by `activity` (its watcher's) rather than its category's. */
  kind: { incident?: boolean; activity?: string } = {},
): Promise<Ticket> {
  const { desk, category } = target;
  const id = newId();
  const now = s.clock.now();
  const priority = priorityOf(input.impact, input.urgency);
  const phi = desk.kind === 'patient';
  const clocks = startClocks(desk.calendar, desk.sla[priority], now);
  const { holder } = placement;
  const deviceId = input.deviceId ?? null;
  if (deviceId && !(await hasDevice(s, deviceId)))
    throw new AppError('validation_failed', 'The request is not valid', [
      { path: 'body.deviceId', message: 'no device with that id in this practice' },
    ]);
  await insertTicket(s.tx, {
    id,
    practiceId: s.practiceId,
    number: await nextTicketNumber(s.tx, s.practiceId),
    deskId: desk.id,
    category: category.id,
    requesterId: callerId(s),
    requesterLabel: s.origin.actorLabel ?? 'unknown',
    phi,
    incident: kind.incident ?? false,
    activity: kind.activity !== undefined && kind.activity !== category.activity ? kind.activity : null,
    title: sealFor(s, phi, input.title),
    description: sealFor(s, phi, input.description),
    // Encrypted text has no words to index: a patient-desk ticket is found by its number only.
    searchText: phi ? null : searchDocument(`${input.title}\n${input.description}`),
    impact: input.impact,
    urgency: input.urgency,
    priority,
    status: 'new',
    assigneePartyId: holder?.partyId ?? null,
    assigneePartyName: holder?.name ?? null,
    assigneeSide: holder?.side ?? null,
    triageReason: placement.triageReason === null ? null : sealFor(s, phi, placement.triageReason),
    deviceId,
    ...clocks,
    createdAt: now,
    updatedAt: now,
  });
  const ticket = { id, phi };
  await recordEvent(s, ticket, 'created', { priority, category: category.id, activity: category.activity });
  await recordEvent(s, ticket, 'assigned', {
    from: null,
    to: holder,
    reason:
      placement.triageReason ?? `Responsible for "${category.activity}" in matrix version ${placement.matrixVersion}`,
    skipped: placement.skipped,
    byMatrix: true,
  });
  await auditTicket(s, 'ticket.created', id, {
    deskId: desk.id,
    category: category.id,
    priority,
    assignee: holder?.partyId ?? null,
    ...(deviceId ? { deviceId } : {}),
  });
  return readTicket(s, id);
}

const open = (s: DeskStep, row: { phi: boolean }, text: string) => (row.phi ? decryptField(s.keyring, text) : text);

/** A ticket's text for this caller: null when it is PHI they may not read. */
const shown = (s: TicketStep, row: { phi: boolean }, text: string | null) =>
  text === null || (row.phi && !s.mayReadPhi) ? null : open(s, row, text);

/** Why this caller gets a patient-desk ticket without its patient details; null when nothing is withheld. */
function redactionOf(s: TicketStep, row: { phi: boolean }): TicketSummary['redacted'] {
  if (!row.phi || s.mayReadPhi) return null;
  return s.phiHiddenBySetting ? 'practice_setting' : 'no_phi_read';
}

function summarize(s: TicketStep, row: TicketRow, desk: Desk, now: Date): TicketSummary {
  const targets = desk.sla[row.priority as Priority];
  const holder = row.assigneePartyId
    ? { partyId: row.assigneePartyId, name: row.assigneePartyName ?? '', side: row.assigneeSide ?? '' }
    : null;
  return {
    id: row.id,
    number: row.number,
    deskId: row.deskId,
    incident: row.incident,
    category: row.category,
    title: shown(s, row, row.title),
    redacted: redactionOf(s, row),
    impact: row.impact as TicketSummary['impact'],
    urgency: row.urgency as TicketSummary['urgency'],
    priority: row.priority as TicketSummary['priority'],
    status: row.status as TicketSummary['status'],
    waitingReason: row.waitingReason as TicketSummary['waitingReason'],
    assignee: holder,
    agent: row.agentId ? { id: row.agentId, label: row.agentLabel ?? '' } : null,
    triageReason: shown(s, row, row.triageReason),
    requester: row.requesterLabel,
    deviceId: row.deviceId,
    firstResponse: clockView(
      desk.calendar,
      { dueAt: row.firstResponseDueAt, metAt: row.firstRespondedAt, targetMinutes: targets.firstResponseMinutes },
      now,
    ),
    resolution: clockView(
      desk.calendar,
      {
        dueAt: row.resolutionDueAt,
        metAt: row.resolvedAt,
        pausedSince: row.pausedSince,
        targetMinutes: targets.resolutionMinutes,
      },
      now,
    ),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** An event's data with its sealed free text put back, or nulled for a caller who may not read PHI. */
function eventData(s: TicketStep, ticket: TicketRow, e: TicketEventRow): Record<string, unknown> {
  const { sealed, ...data } = e.data as Record<string, unknown> & { sealed?: string[] };
  if (!sealed || e.sealedText === null) return data;
  const text = shown(s, ticket, e.sealedText);
  const fields = text === null ? {} : (JSON.parse(text) as Record<string, unknown>);
  return { ...data, ...Object.fromEntries(sealed.map((k) => [k, fields[k] ?? null])) };
}

function presentEvent(
  s: TicketStep,
  ticket: TicketRow,
  e: TicketEventRow,
  files: AttachmentFacts[],
  fromTicket: number | null,
): TicketEvent {
  return {
    id: e.id,
    kind: e.kind as TicketEvent['kind'],
    at: e.at.toISOString(),
    actor: e.actorLabel,
    body: shown(s, ticket, e.body),
    data: eventData(s, ticket, e),
    attachments: files.map((f) => ({
      id: f.id,
      fileName: shown(s, ticket, f.fileName),
      contentType: f.contentType,
      size: f.size,
      uploadedAt: f.uploadedAt.toISOString(),
    })),
    fromTicket,
  };
}

/** Whether the caller may see the ticket: one who works tickets any; one who reads monitoring an incident; anyone their own. */
const maySee = (s: TicketStep, row: TicketRow) =>
  s.mayWork ||
  (row.incident && s.maySeeIncidents === true) ||
  (row.requesterId !== null && row.requesterId === callerId(s));

/** A ticket the caller may see (`maySee`), else 404 as if there were none. */
export async function visibleTicket(s: TicketStep, id: string): Promise<TicketRow> {
  const row = await findTicket(s.tx, s.practiceId, id);
  if (!row || !maySee(s, row)) throw new AppError('not_found', 'No ticket with that id in this practice');
  return row;
}

/** The ticket with this number (T-12 is 12), as `readTicket` shows it; 404 when there is none the caller may see. */
export async function readTicketByNumber(s: TicketStep, number: number): Promise<Ticket> {
  const row = await findTicketByNumber(s.tx, s.practiceId, number);
  if (!row) throw new AppError('not_found', `No ticket ${ticketReference(number)} in this practice`);
  return readTicket(s, row.id);
}

/** Patient-desk tickets whose text this reply shows: their read is audited. */
async function auditPhiRead(s: TicketStep, rows: TicketRow[], targetId: string | null) {
  const read = rows.filter((r) => r.phi).map((r) => r.id);
  if (s.mayReadPhi && read.length > 0) await auditTicket(s, 'phi.read', targetId, { tickets: read });
}

/** The ticket's clocks replayed from its history under the desk's policy as it is now. */
function clocksOf(row: TicketRow, desk: Desk, events: readonly TicketEventRow[], now: Date) {
  return replayedClocks(
    desk.calendar,
    desk.sla,
    { priority: row.priority as Priority, createdAt: row.createdAt },
    events,
    now,
  );
}

/**
 * Stores the due instants the ticket's history implies, after a change to it (a status, a
 * correction, a new priority), so the queue's breach filter and order see them.
 */
export async function refreshClocks(s: DeskStep, id: string): Promise<void> {
  const row = (await findTicket(s.tx, s.practiceId, id))!;
  const desk = presentDesk(await existingDesk(s, row.deskId));
  const { firstResponseDueAt, resolutionDueAt, pausedSince } = clocksOf(
    row,
    desk,
    await eventsOf(s.tx, id),
    s.clock.now(),
  );
  await updateTicket(s.tx, id, { firstResponseDueAt, resolutionDueAt, pausedSince });
}

export async function readTicket(s: TicketStep, id: string): Promise<Ticket> {
  const stored = await visibleTicket(s, id);
  const desk = presentDesk(await existingDesk(s, stored.deskId));
  const history = await eventsOf(s.tx, id);
  const now = s.clock.now();
  const { parties, ...clocks } = clocksOf(stored, desk, history, now);
  // Shown as the history implies under the policy now, even if the policy changed since the last write.
  const row = { ...stored, ...clocks };
  await auditPhiRead(s, [row], id);
  const rating = await findRating(s.tx, id);
  // Tickets merged into this one show their history here, each event marked with its ticket's number.
  const merged = await ticketsMergedInto(s.tx, [id]);
  const mergedHistory = await eventsOfMany(
    s.tx,
    merged.map((m) => m.id),
  );
  const numberOf = new Map(merged.map((m) => [m.id, m.number]));
  const timeline = [...history, ...[...mergedHistory.values()].flat()]
    .filter((e) => s.mayWork || e.kind !== 'note')
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  const files = await attachmentsOfEvents(
    s.tx,
    timeline.map((e) => e.id),
  );
  return {
    ...summarize(s, row, desk, now),
    description: shown(s, row, row.description),
    rating: rating && {
      rating: rating.rating as 'good' | 'bad',
      comment: shown(s, row, rating.comment),
      ratedAt: rating.ratedAt.toISOString(),
    },
    partyClocks: parties.map((p) => ({ ...p, organisation: p.side === null ? null : organisationOf(p.side) })),
    mergedInto: await ticketLink(s.tx, row.mergedIntoId),
    splitFrom: await ticketLink(s.tx, row.splitFromId),
    merged,
    events: timeline.map((e) => presentEvent(s, row, e, files.get(e.id) ?? [], numberOf.get(e.ticketId) ?? null)),
    patient: row.phi && s.mayReadPhi ? await patientOf(s, id) : null,
  };
}

/** The intake form's patient details of a ticket, opened (the read is audited with the ticket's). */
async function patientOf(s: TicketStep, id: string): Promise<Ticket['patient']> {
  const found = await findPatientRequest(s.tx, id);
  if (!found) return null;
  const opened = (text: string | null) => (text === null ? null : decryptField(s.keyring, text));
  return {
    name: decryptField(s.keyring, found.name),
    email: opened(found.email),
    phone: opened(found.phone),
    birthDate: opened(found.birthDate),
  };
}

/** What an agent picks in the queue beyond the stored columns: breached, due within N minutes. */
export type QueueFilter = Omit<TicketFilter, 'dueBefore'> & { breached?: boolean; dueWithinMinutes?: number };

/** The instant before which a clock must fall due for the queue's breach or due-soon filter. */
function dueBeforeOf(breached: boolean | undefined, dueWithinMinutes: number | undefined, now: Date) {
  if (dueWithinMinutes !== undefined) return new Date(now.getTime() + dueWithinMinutes * 60_000);
  return breached ? now : undefined;
}

/** A page of the queue, newest first; one row more than asked tells whether another page follows. */
export async function readQueue(
  s: TicketStep,
  filter: QueueFilter,
  page: { after?: KeysetAfter; limit: number },
): Promise<{ tickets: TicketSummary[]; more: boolean }> {
  const now = s.clock.now();
  const desks = new Map((await ensureDesks(s)).map((d) => [d.id, presentDesk(d)]));
  const { breached, dueWithinMinutes, ...stored } = filter;
  const rows = await listTickets(
    s.tx,
    s.practiceId,
    { ...stored, dueBefore: dueBeforeOf(breached, dueWithinMinutes, now), wordsInNotes: s.mayWork },
    { ...page, limit: page.limit + 1 },
  );
  const shown = rows.slice(0, page.limit);
  await auditPhiRead(s, shown, null);
  return { tickets: shown.map((r) => summarize(s, r, desks.get(r.deskId)!, now)), more: rows.length > page.limit };
}
