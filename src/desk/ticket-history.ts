/**
 * A ticket's clocks replayed from its event history (issue 18, point 4): who held it, in which
 * status, from when to when, counted in business time on the desk's calendar. Nothing here is
 * stored state, so a changed SLA policy (other targets, other pausing reasons) or a corrected
 * status gives exactly the figures the history now implies.
 *
 * - The resolution clock and each party's clock run while the ticket is open and not waiting for
 *   a reason the policy names in `pauseOn`; they stop at resolution and run again on reopening.
 * - A party's clock (OLA) counts the business time that party held the ticket while it ran; time
 *   in the triage queue is counted against nobody (`partyId` null).
 * - A `status_corrected` event replaces the waiting reason of an earlier status event, as if it
 *   had been given then (the earlier event itself stays, the history is append-only).
 */
import { addBusinessMinutes, businessMinutesBetween } from './business-time.ts';
import type { Calendar, WaitingReason } from './desk-schema.ts';

export interface HistoryEvent {
  id: string;
  kind: string;
  at: Date;
  data: unknown;
}

interface Holding {
  partyId: string;
  name: string;
  side: string;
}

export interface PartyTime {
  /** Null for the time the ticket waited in triage. */
  partyId: string | null;
  name: string | null;
  side: string | null;
  /** Business minutes the party held the ticket while its clock ran. */
  businessMinutes: number;
}

export interface Replay {
  /** Business minutes the resolution clock has run, up to `until`. */
  resolutionMinutes: number;
  /** For each threshold asked for (business minutes), when the resolution clock reached it; null if not yet. */
  reached: (Date | null)[];
  /** When the resolution clock last stopped and has not run since (a pause, or resolution); null while it runs. */
  stoppedSince: Date | null;
  parties: PartyTime[];
}

const STOPPED = new Set(['resolved', 'closed']);

/** Each status event's waiting reason after the corrections made since. */
function correctedReasons(events: readonly HistoryEvent[]): Map<string, WaitingReason> {
  const reasons = new Map<string, WaitingReason>();
  for (const e of events) {
    const data = e.data as { eventId: string; waitingReason: WaitingReason };
    if (e.kind === 'status_corrected') reasons.set(data.eventId, data.waitingReason);
  }
  return reasons;
}

/** Replays `events` (in the order they happened) up to `until`. */
export function replay(
  calendar: Calendar,
  pauseOn: readonly WaitingReason[],
  events: readonly HistoryEvent[],
  until: Date,
  thresholds: readonly number[] = [],
): Replay {
  const corrected = correctedReasons(events);
  const reached: (Date | null)[] = thresholds.map(() => null);
  const parties = new Map<string | null, PartyTime>();
  let holder: Holding | null = null;
  let running = true;
  let resolutionMinutes = 0;
  let stoppedSince: Date | null = null;
  let from: Date | null = null;

  const count = (to: Date) => {
    if (from === null || !running || to <= from) return;
    const minutes = businessMinutesBetween(calendar, from, to);
    thresholds.forEach((t, i) => {
      if (resolutionMinutes < t && t <= resolutionMinutes + minutes)
        reached[i] = addBusinessMinutes(calendar, from!, t - resolutionMinutes);
    });
    resolutionMinutes += minutes;
    const key = holder?.partyId ?? null;
    const entry = parties.get(key) ?? {
      partyId: key,
      name: holder?.name ?? null,
      side: holder?.side ?? null,
      businessMinutes: 0,
    };
    entry.businessMinutes += minutes;
    parties.set(key, entry);
  };

  for (const e of events) {
    if (e.at > until) break;
    count(e.at);
    from = e.at;
    const data = e.data as { to?: unknown; waitingReason?: WaitingReason | null };
    if (e.kind === 'assigned') holder = (data.to as Holding | null) ?? null;
    if (e.kind === 'status') {
      const reason = corrected.get(e.id) ?? data.waitingReason ?? null;
      const nowRunning = !STOPPED.has(String(data.to)) && !(reason !== null && pauseOn.includes(reason));
      if (running && !nowRunning) stoppedSince = e.at;
      if (nowRunning) stoppedSince = null;
      running = nowRunning;
    }
  }
  count(until);
  return { resolutionMinutes, reached, stoppedSince, parties: [...parties.values()] };
}

/**
 * The resolution due instant for `targetMinutes` as the history stands at `now`: when the clock
 * used the target up if it has, else the rest of the target counted on from now, or from when the
 * clock stopped (a paused clock's due time moves on once it runs again).
 */
export function resolutionDue(
  calendar: Calendar,
  pauseOn: readonly WaitingReason[],
  events: readonly HistoryEvent[],
  targetMinutes: number,
  now: Date,
): { due: Date; replay: Replay } {
  const r = replay(calendar, pauseOn, events, now, [targetMinutes]);
  const due = r.reached[0] ?? addBusinessMinutes(calendar, r.stoppedSince ?? now, targetMinutes - r.resolutionMinutes);
  return { due, replay: r };
}
