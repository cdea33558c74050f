/**
 * A ticket's two SLA clocks, first response and resolution, in business time on its desk's
 * calendar. They are stored as due instants: set at creation from the policy's targets, and the
 * resolution due time moved on by exactly the business time the clock stood still when a pause
 * ends (waiting on the requester, patient or vendor; or resolved, until reopened). Breach and
 * "due soon" are worked out on read against the reader's now, so no job has to flip a flag.
 */
import { addBusinessMinutes, businessMinutesBetween } from './business-time.ts';
import type { Calendar } from './desk-schema.ts';
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

/**
 * The resolution due time once a pause that began at `pausedSince` ends at `now`: the business
 * time that was left when it paused, counted again from now. A clock already breached when it
 * paused keeps its due time.
 */
export function resumedDue(calendar: Calendar, due: Date, pausedSince: Date, now: Date): Date {
  if (due <= pausedSince) return due;
  return addBusinessMinutes(calendar, now, businessMinutesBetween(calendar, pausedSince, due));
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
  const left = businessMinutesBetween(calendar, now, c.dueAt);
  return left < c.targetMinutes * DUE_SOON_SHARE ? 'due_soon' : 'running';
}

export function clockView(calendar: Calendar, c: ClockFacts, now: Date): Clock {
  return {
    dueAt: c.dueAt?.toISOString() ?? null,
    metAt: c.metAt?.toISOString() ?? null,
    state: state(calendar, c, now),
  };
}
