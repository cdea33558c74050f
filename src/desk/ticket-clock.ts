/**
 * A ticket's two SLA clocks, first response and resolution, in business time on its desk's
 * calendar. They are stored as due instants, set at creation from the policy's targets and set
 * again from the ticket's replayed history (ticket-history.ts) after each change, so the queue
 * filters on them with an index. Breach and "due soon" are worked out on read against the
 * reader's now, so no job has to flip a flag.
 */
import { addBusinessMinutes, businessMinutesBetween } from './business-time.ts';
import type { Calendar, Priority, SlaPolicy } from './desk-schema.ts';
import { resolutionDue, type HistoryEvent, type PartyTime } from './ticket-history.ts';
import type { Clock } from './ticket-schema.ts';

/** A clock is due soon once less than this share of its target is left. */
export const DUE_SOON_SHARE = 0.25;

export interface Targets {
  firstResponseMinutes: number;
  resolutionMinutes: number;
}

export function startClocks(calendar: Calendar, targets: Targets, createdAt: Date) {
  return {
    firstResponseDueAt: addBusinessMinutes(calendar, createdAt, targets.firstResponseMinutes),
    resolutionDueAt: addBusinessMinutes(calendar, createdAt, targets.resolutionMinutes),
  };
}

/** What a ticket's clocks are, replayed from its history under the desk's policy as it is now. */
export interface ReplayedClocks {
  firstResponseDueAt: Date;
  resolutionDueAt: Date;
  /** When the resolution clock stopped (a pause, or resolution); null while it runs. */
  pausedSince: Date | null;
  parties: PartyTime[];
}

/**
 * The clocks of a ticket at `priority` opened at `createdAt`, from its history: the first
 * response is due its target after opening; the resolution as `resolutionDue` replays it.
 */
export function replayedClocks(
  calendar: Calendar,
  policy: SlaPolicy,
  ticket: { priority: Priority; createdAt: Date },
  events: readonly HistoryEvent[],
  now: Date,
): ReplayedClocks {
  const targets = policy[ticket.priority];
  const { due, replay } = resolutionDue(calendar, policy.pauseOn, events, targets.resolutionMinutes, now);
  return {
    firstResponseDueAt: addBusinessMinutes(calendar, ticket.createdAt, targets.firstResponseMinutes),
    resolutionDueAt: due,
    pausedSince: replay.stoppedSince,
    parties: replay.parties,
  };
}

interface ClockFacts {
  dueAt: Date | null;
  /** When it was met: the first response, or the resolution. */
  metAt: Date | null;
  /** When it stopped running without being met (a pause), if it has. */
  pausedSince?: Date | null;
  targetMinutes: number;
}

function state(calendar: Calendar, c: ClockFacts, now: Date): Clock['state'] {
  if (!c.dueAt) return 'paused';
  if (c.metAt) return c.metAt <= c.dueAt ? 'met' : 'missed';
  const until = c.pausedSince ?? now;
  if (until > c.dueAt) return 'breached';
  if (c.pausedSince) return 'paused';
  const soon = c.targetMinutes * DUE_SOON_SHARE;
  return businessMinutesBetween(calendar, now, c.dueAt, soon) < soon ? 'due_soon' : 'running';
}

export function clockView(calendar: Calendar, c: ClockFacts, now: Date): Clock {
  return {
    dueAt: c.dueAt?.toISOString() ?? null,
    metAt: c.metAt?.toISOString() ?? null,
    state: state(calendar, c, now),
  };
}
