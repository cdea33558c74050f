/**
 * The service desk in words: statuses, waiting reasons, priorities, the SLA clocks (relative and
 * exact, a breach said in words, not only in colour) and why a ticket landed where it did.
 * Pure, so the words are tested without a browser (test/web/desk-text.test.ts).
 */
import type { DeskKind } from '../../../src/desk/desk-schema.ts';
import type {
  Clock,
  Impact,
  Status,
  TicketEvent,
  TicketSummary,
  Urgency,
  WaitingReason,
} from '../../../src/desk/ticket-schema.ts';

export const deskKindLabels: Record<DeskKind, string> = {
  it: 'IT',
  clinical: 'Clinical',
  patient: 'Patient',
};

export const statusLabels: Record<Status, string> = {
  new: 'New',
  triaged: 'Triaged',
  in_progress: 'In progress',
  waiting: 'Waiting',
  resolved: 'Resolved',
  closed: 'Closed',
  reopened: 'Reopened',
};

export const waitingLabels: Record<WaitingReason, string> = {
  on_requester: 'waiting on requester',
  on_patient: 'waiting on patient',
  on_vendor: 'waiting on vendor',
  on_change_window: 'waiting on change window',
};

export const impactLabels: Record<Impact, string> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  patient_safety: 'Patient safety',
};

export const urgencyLabels: Record<Urgency, string> = { low: 'Low', medium: 'Medium', high: 'High' };

/** What the organisation of a matrix party's side is called on a ticket. */
export const sideLabels: Record<string, string> = {
  internal_it: 'internal IT',
  msp: 'MSP',
  practice: 'practice',
  vendor: 'vendor',
};

/** "In progress", or "Waiting (waiting on requester)". */
export function statusText(t: Pick<TicketSummary, 'status' | 'waitingReason'>): string {
  const label = statusLabels[t.status];
  return t.waitingReason ? `${label} (${waitingLabels[t.waitingReason]})` : label;
}

export function holderText(t: Pick<TicketSummary, 'assignee'>): string {
  if (!t.assignee) return 'Triage (no holder)';
  return `${t.assignee.name} (${sideLabels[t.assignee.side] ?? t.assignee.side})`;
}

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'always' });

/** "in 2 h 5 min", "3 days ago": the distance from now to `at`, in the largest sensible units. */
export function fromNow(at: Date, now: Date): string {
  const minutes = Math.round((at.getTime() - now.getTime()) / 60_000);
  const size = Math.abs(minutes);
  if (size < 1) return 'now';
  if (size < 60) return relative.format(minutes, 'minute');
  if (size < 48 * 60) {
    const hours = Math.trunc(size / 60);
    const rest = size % 60;
    const span = rest ? `${hours} h ${rest} min` : `${hours} h`;
    return minutes > 0 ? `in ${span}` : `${span} ago`;
  }
  return relative.format(Math.round(minutes / (24 * 60)), 'day');
}

/**
 * A clock in words, relative to now, with the exact time formatted by `exact`. The state comes
 * from the server (computed in business time on the desk's calendar); only the distance is local.
 */
export function clockText(clock: Clock, now: Date, exact: (iso: string) => string, pausedBy?: string): string {
  const due = clock.dueAt ? new Date(clock.dueAt) : null;
  const when = clock.dueAt ? ` (${exact(clock.dueAt)})` : '';
  switch (clock.state) {
    case 'met':
      return `Met ${clock.metAt ? exact(clock.metAt) : ''}`.trim();
    case 'missed':
      return `Missed: met ${clock.metAt ? exact(clock.metAt) : ''}, due ${clock.dueAt ? exact(clock.dueAt) : ''}`;
    case 'paused':
      return `Paused${pausedBy ? `: ${pausedBy}` : ''}`;
    case 'breached':
      return `Breached: was due ${due ? fromNow(due, now) : ''}${when}`;
    case 'due_soon':
      return `Due soon: ${due ? fromNow(due, now) : ''}${when}`;
    case 'running':
      return `Due ${due ? fromNow(due, now) : ''}${when}`;
  }
}

export const isBreached = (t: Pick<TicketSummary, 'firstResponse' | 'resolution'>) =>
  t.firstResponse.state === 'breached' || t.resolution.state === 'breached';

interface Placed {
  partyId: string;
  name: string;
  side: string;
}

/**
 * Why the ticket went where the matrix sent it, from its first `assigned` event: on duty, cover
 * because the Responsible party is away or off hours, or triage with the reason.
 */
export function routingText(events: readonly TicketEvent[]): string | null {
  const placed = events.find((e) => e.kind === 'assigned' && e.data.byMatrix === true);
  if (!placed) return null;
  const to = placed.data.to as Placed | null;
  const reason = typeof placed.data.reason === 'string' ? placed.data.reason : '';
  const skipped = Array.isArray(placed.data.skipped) ? (placed.data.skipped as string[]) : [];
  if (!to) return `In triage: ${reason}`;
  const who = `${to.name} (${sideLabels[to.side] ?? to.side})`;
  if (skipped.length > 0) return `Routed to ${who} as cover, because ${skipped.join('; ')}.`;
  return `Routed to ${who}, on duty: ${reason}.`;
}

/** One line for an event of the timeline (the body, if any, is shown under it). */
export function eventText(e: TicketEvent): string {
  const d = e.data;
  switch (e.kind) {
    case 'created':
      return `${e.actor} opened the ticket (${String(d.priority ?? '')})`;
    case 'reply':
      return `${e.actor} replied`;
    case 'note':
      return `${e.actor} added an internal note`;
    case 'status': {
      const to = statusLabels[d.to as Status] ?? String(d.to);
      const waiting = d.waitingReason ? ` (${waitingLabels[d.waitingReason as WaitingReason]})` : '';
      const why = typeof d.why === 'string' ? `: ${d.why}` : '';
      return `${e.actor} changed the status to ${to}${waiting}${why}`;
    }
    case 'assigned': {
      const to = d.to as Placed | null;
      const target = to ? `${to.name} (${sideLabels[to.side] ?? to.side})` : 'triage';
      const by = d.byMatrix === true ? 'The matrix routed it' : `${e.actor} reassigned it`;
      const crossing = d.crossesOrganisation === true ? ', to the other organisation' : '';
      return `${by} to ${target}${crossing}. ${reasonText(d.reason)}`;
    }
    case 'status_corrected': {
      const waiting = waitingLabels[d.waitingReason as WaitingReason] ?? String(d.waitingReason);
      return `${e.actor} corrected an earlier wait to ${waiting}. ${reasonText(d.reason)}`;
    }
    case 'priority':
      return `The priority was raised from ${String(d.from)} to ${String(d.to)}: ${String(d.why ?? '')}`;
    case 'sla_warning':
    case 'sla_breached':
      return slaEventText(e.kind, d);
    case 'taken':
      return `${e.actor} took the ticket to work it`;
    case 'merged':
      return d.into
        ? `${e.actor} merged this ticket into ${ref(d.into)} and closed it`
        : `${e.actor} merged ${ref(d.from)} into this ticket`;
    case 'split':
      return d.to
        ? `${e.actor} split a reply out into ${ref(d.to)}`
        : `${e.actor} split this ticket out of ${ref(d.from)}`;
    case 'time_logged':
      return `${e.actor} logged ${String(d.minutes)} min for ${String(d.partyName ?? '')} (${d.billing === 'billable' ? 'billable' : 'within the contract'})`;
  }
}

/** A linked ticket as people name it. */
const ref = (link: unknown) => `T-${String((link as { number?: number } | null)?.number ?? '?')}`;

/** A reason the caller may not read (patient-desk text without phi.read) comes back as null. */
const reasonText = (reason: unknown) =>
  typeof reason === 'string' ? `Reason: ${reason}` : 'Reason hidden: it may hold patient details.';

function slaEventText(kind: 'sla_warning' | 'sla_breached', d: Record<string, unknown>): string {
  const clock = d.clock === 'first_response' ? 'first response' : 'resolution';
  const actions = Array.isArray(d.actions) && d.actions.length > 0 ? ` Escalation: ${d.actions.join('; ')}.` : '';
  const what = kind === 'sla_warning' ? 'SLA warning' : 'SLA breached';
  return `${what}: the ${clock} clock has used ${String(d.percent)}% of its target.${actions}`;
}
