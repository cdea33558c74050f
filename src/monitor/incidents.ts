/**
 * A check's incident: a down transition opens a ticket on the practice's IT desk, placed with the
 * party the agreed matrix puts on duty for the check's activity, through the desk's own functions
 * (so its clocks, history and audit are the desk's). Recovery notes the outage's duration and
 * resolves it. A check that goes down again while its ticket is still open (resolved but not
 * closed) reuses that ticket rather than opening a second one. The party's people hear of both
 * through notify, which also hands the events to the practice's webhooks.
 */
import type { AuditOrigin } from '../core/audit/append.ts';
import type { Keyring } from '../core/crypto/keyring.ts';
import type { InPractice } from '../core/tenancy/acting.ts';
import { findPractice } from '../core/tenancy/store.ts';
import { ensureDesks, presentDesk } from '../desk/desks.ts';
import { holderPeople } from '../desk/holder-people.ts';
import { changeStatus, reply } from '../desk/ticket-changes.ts';
import { placementOf, type Holder, type Placement } from '../desk/ticket-routing.ts';
import { createTicket, readTicket, type TicketStep } from '../desk/tickets.ts';
import type { OnDuty } from '../matrix/on-duty.ts';
import { partiesInForce } from '../matrix/on-duty.ts';
import { notify, type Notifier } from '../notify/notify.ts';
import type { CheckRow } from './store.ts';

/** Who opens and resolves incident tickets: the monitor itself, as the audit log and ticket history name it. */
export const monitorOrigin: AuditOrigin = {
  actorType: 'system',
  actorId: null,
  actorLabel: 'Tandem monitoring',
  ip: null,
  userAgent: null,
  requestId: null,
};

export interface IncidentDeps {
  keyring: Keyring;
  /** Absent where no job queue runs (then only the ticket records the incident). */
  notifier?: Notifier;
  /** Where links in notices point (the web app). */
  publicUrl: string;
}

function stepOf(s: InPractice, keyring: Keyring): TicketStep {
  return { ...s, origin: monitorOrigin, keyring, mayWork: true, mayReadPhi: false };
}

const checkUrl = (deps: IncidentDeps, check: CheckRow) =>
  `${deps.publicUrl}/monitoring/${check.id}?practice=${check.practiceId}`;

/** Opens (or reuses) the check's incident ticket and tells the party on duty; returns the ticket's id. */
export async function openIncident(
  s: InPractice,
  deps: IncidentDeps,
  check: CheckRow,
  duty: OnDuty | null,
  reason: string,
): Promise<string> {
  const step = stepOf(s, deps.keyring);
  const open = check.incidentTicketId ? await readTicket(step, check.incidentTicketId).catch(() => null) : null;
  let ticketId: string;
  let holder: Holder | null;
  if (open && open.status !== 'closed') {
    if (open.status === 'resolved') await changeStatus(step, open.id, { status: 'reopened' });
    await reply(step, open.id, { body: `Down again: ${reason}`, internal: true });
    ticketId = open.id;
    holder = open.assignee;
  } else {
    const placement: Placement = placementOf(duty, check.activity, (await partiesInForce(s.tx, s.practiceId)) !== null);
    const desk = presentDesk((await ensureDesks(step)).find((d) => d.kind === 'it')!);
    // The IT desk's category for the activity, or its network category; the matrix places the ticket either way.
    const category =
      desk.categories.find((c) => c.activity === check.activity) ?? desk.categories.find((c) => c.id === 'network')!;
    const ticket = await createTicket(
      step,
      {
        deskId: desk.id,
        category: category.id,
        impact: 'high',
        urgency: 'high',
        title: `${check.name} is down`,
        description: `Monitoring check "${check.name}" (${check.kind}${check.target ? ` ${check.target}` : ''}) is down: ${reason}`,
      },
      { desk, category },
      placement,
    );
    ticketId = ticket.id;
    holder = placement.holder;
  }
  if (deps.notifier) {
    const practice = await findPractice(s.tx, s.practiceId);
    const params = {
      practiceName: practice?.name ?? 'the practice',
      checkName: check.name,
      since: s.clock.now(),
      reason,
      onDuty: holder ? holder.name : 'the triage queue (nobody on duty)',
      url: checkUrl(deps, check),
    };
    await notify(
      s.tx,
      deps.notifier,
      s.practiceId,
      'monitor.down',
      params,
      await holderPeople(s.tx, s.practiceId, [holder?.side ?? null]),
    );
  }
  return ticketId;
}

/** Notes how long the outage lasted, resolves the ticket (unless people already did) and says so. */
export async function resolveIncident(
  s: InPractice,
  deps: IncidentDeps,
  check: CheckRow,
  downSince: Date,
): Promise<void> {
  const step = stepOf(s, deps.keyring);
  const ticket = await readTicket(step, check.incidentTicketId!).catch(() => null);
  const now = s.clock.now();
  const downMinutes = Math.round((now.getTime() - downSince.getTime()) / 60_000);
  if (ticket && ticket.status !== 'closed' && ticket.status !== 'resolved') {
    await reply(step, ticket.id, {
      body: `Up again at ${now.toISOString()} after ${downMinutes} minutes down (since ${downSince.toISOString()}).`,
      internal: true,
    });
    await changeStatus(step, ticket.id, { status: 'resolved' });
  }
  if (deps.notifier) {
    const practice = await findPractice(s.tx, s.practiceId);
    const params = {
      practiceName: practice?.name ?? 'the practice',
      checkName: check.name,
      since: now,
      downMinutes,
      url: checkUrl(deps, check),
    };
    await notify(
      s.tx,
      deps.notifier,
      s.practiceId,
      'monitor.up',
      params,
      await holderPeople(s.tx, s.practiceId, [ticket?.assignee?.side ?? null]),
    );
  }
}
