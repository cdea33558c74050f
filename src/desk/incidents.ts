/**
 * An incident about something Tandem watches (a monitoring check, a backup job): a ticket on the
 * practice's IT desk, placed with the party the agreed matrix puts on duty for the subject's
 * activity, through the desk's own functions (so its clocks, history and audit are the desk's).
 * A subject that goes bad again while its ticket is still open (resolved but not closed) reuses
 * that ticket rather than opening a second one; recovery notes how long it lasted and resolves it.
 * The people of the holding party hear of both through notify, which also hands the events to the
 * practice's webhooks. Each watcher supplies its own words and events; the steps are here once.
 */
import { inArray } from 'drizzle-orm';
import type { Keyring } from '../core/crypto/keyring.ts';
import type { Db } from '../core/db/database.ts';
import type { InPractice } from '../core/tenancy/acting.ts';
import { findPractice } from '../core/tenancy/store.ts';
import type { OnDuty } from '../matrix/on-duty.ts';
import { partiesInForce } from '../matrix/on-duty.ts';
import type { EventParams, NoticeEvent } from '../notify/events.ts';
import { notify, type Notifier } from '../notify/notify.ts';
import { ensureDesks, presentDesk } from './desks.ts';
import { holderPeople } from './holder-people.ts';
import { changeStatus, reply } from './ticket-changes.ts';
import { placementOf, type Holder } from './ticket-routing.ts';
import { tickets } from './tables.ts';
import { createTicket, readTicket, type TicketStep } from './tickets.ts';

export interface IncidentDeps {
  keyring: Keyring;
  /** Absent where no job queue runs (then only the ticket records the incident). */
  notifier?: Notifier;
  /** Where links in notices point (the web app). */
  publicUrl: string;
}

/** What went bad, in the watcher's words. */
export interface IncidentSubject {
  /** The matrix activity whose party on duty holds the incident. */
  activity: string;
  /** The subject's last incident ticket, reused while it is not closed. */
  ticketId: string | null;
  title: string;
  description: string;
  /** The internal note added to a reused ticket. */
  againNote: string;
  /** The IT desk category used when none names the activity. */
  fallbackCategory: string;
  /** The inventory device the subject is (a check's endpoint, a backed-up server): the ticket names it. */
  deviceId?: string | null;
}

/** A notice to the holder's people: the event and its parameters, given the practice's name and the holder's. */
export type IncidentNotice<E extends NoticeEvent> = {
  event: E;
  params: (practiceName: string, holder: Holder | null) => EventParams[E];
};

/** The system actor in `s.origin` works the ticket: it sees internal notes, never patient data. */
const stepOf = (s: InPractice, keyring: Keyring): TicketStep => ({ ...s, keyring, mayWork: true, mayReadPhi: false });

async function announce<E extends NoticeEvent>(
  s: InPractice,
  deps: IncidentDeps,
  holder: Holder | null,
  notice: IncidentNotice<E>,
): Promise<void> {
  if (!deps.notifier) return;
  const practice = await findPractice(s.tx, s.practiceId);
  const params = notice.params(practice?.name ?? 'the practice', holder);
  const people = await holderPeople(s.tx, s.practiceId, [holder?.side ?? null]);
  await notify(s.tx, deps.notifier, s.practiceId, notice.event, params, people);
}

/** Opens (or reuses) the subject's incident ticket and tells the party on duty; returns the ticket's id. */
export async function openIncident<E extends NoticeEvent>(
  s: InPractice,
  deps: IncidentDeps,
  subject: IncidentSubject,
  duty: OnDuty | null,
  notice: IncidentNotice<E>,
): Promise<string> {
  const step = stepOf(s, deps.keyring);
  const open = subject.ticketId ? await readTicket(step, subject.ticketId).catch(() => null) : null;
  let ticketId: string;
  let holder: Holder | null;
  if (open && open.status !== 'closed') {
    if (open.status === 'resolved') await changeStatus(step, open.id, { status: 'reopened' });
    await reply(step, open.id, { body: subject.againNote, internal: true });
    ticketId = open.id;
    holder = open.assignee;
  } else {
    const placement = placementOf(duty, subject.activity, (await partiesInForce(s.tx, s.practiceId)) !== null);
    const desk = presentDesk((await ensureDesks(step)).find((d) => d.kind === 'it')!);
    // The IT desk's category for the activity, or the watcher's fallback (or, on a desk edited
    // without it, the first); the matrix places the ticket either way.
    const category =
      desk.categories.find((c) => c.activity === subject.activity) ??
      desk.categories.find((c) => c.id === subject.fallbackCategory) ??
      desk.categories[0]!;
    const ticket = await createTicket(
      step,
      {
        deskId: desk.id,
        category: category.id,
        impact: 'high',
        urgency: 'high',
        title: subject.title,
        description: subject.description,
        deviceId: subject.deviceId ?? null,
      },
      { desk, category },
      placement,
      // Escalation follows the same activity as the placement did (the SLA sweep reads it).
      { incident: true, activity: subject.activity },
    );
    ticketId = ticket.id;
    holder = placement.holder;
  }
  await announce(s, deps, holder, notice);
  return ticketId;
}

/** Adds `note` and resolves the ticket (unless people already did), then tells its holder's people. */
export async function resolveIncident<E extends NoticeEvent>(
  s: InPractice,
  deps: IncidentDeps,
  ticketId: string,
  note: string,
  notice: IncidentNotice<E>,
): Promise<void> {
  const step = stepOf(s, deps.keyring);
  const ticket = await readTicket(step, ticketId).catch(() => null);
  if (ticket && ticket.status !== 'closed' && ticket.status !== 'resolved') {
    await reply(step, ticket.id, { body: note, internal: true });
    await changeStatus(step, ticket.id, { status: 'resolved' });
  }
  await announce(s, deps, ticket?.assignee ?? null, notice);
}

/**
 * The practice's numbers (T-n) of these incident tickets, for the pages of what opened them.
 * A number is not patient data, so reading it needs no PHI audit; row security keeps it in the practice.
 */
export async function incidentNumbers(tx: Db, ticketIds: readonly string[]): Promise<Map<string, number>> {
  if (ticketIds.length === 0) return new Map();
  const rows = await tx
    .select({ id: tickets.id, number: tickets.number })
    .from(tickets)
    .where(inArray(tickets.id, [...ticketIds]));
  return new Map(rows.map((r) => [r.id, r.number]));
}
