/**
 * Clocks replayed from a ticket's history, against hand-worked figures. New York office hours
 * (Mon-Fri 09:00-17:00) while the server runs in UTC, across the autumn DST change (clocks fall
 * back on Sunday 1 November 2026: Thursday and Friday are EDT, UTC-4; Monday and Tuesday EST, UTC-5).
 *
 * The ticket: opened Thursday 29 October 13:00 EDT (17:00Z) into triage; given to Dana (internal
 * IT) at 14:00 EDT; handed to the MSP at 16:00 EDT; waiting on the requester from Monday 2 November
 * 10:00 EST (15:00Z) over midnight to Tuesday 10:30 EST (15:30Z); resolved Tuesday 12:00 EST (17:00Z).
 *
 *   triage  Thu 13:00-14:00                                    60
 *   Dana    Thu 14:00-16:00                                   120
 *   MSP     Thu 16:00-17:00 (60) + Fri (480) + Mon 09:00-10:00 (60)
 *           + Tue 10:30-12:00 (90)                            690
 *   resolution clock                                          870
 */
import { describe, expect, it } from 'vitest';
import { calendarSchema, slaPolicySchema } from '../../src/desk/desk-schema.ts';
import { replayedClocks } from '../../src/desk/ticket-clock.ts';
import { replay, type HistoryEvent } from '../../src/desk/ticket-history.ts';

const newYork = calendarSchema.parse({
  timeZone: 'America/New_York',
  hours: [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' })),
});
const pauseOn = ['on_requester', 'on_patient', 'on_vendor'] as const;
const at = (iso: string) => new Date(iso);
const dana = { partyId: 'dana', name: 'Dana (office IT)', side: 'internal_it' };
const mspDesk = { partyId: 'msp-desk', name: 'MSP service desk', side: 'msp' };

const history: HistoryEvent[] = [
  { id: 'e1', kind: 'created', at: at('2026-10-29T17:00:00Z'), data: {} },
  { id: 'e2', kind: 'assigned', at: at('2026-10-29T17:00:00Z'), data: { from: null, to: null } },
  { id: 'e3', kind: 'assigned', at: at('2026-10-29T18:00:00Z'), data: { from: null, to: dana } },
  { id: 'e4', kind: 'assigned', at: at('2026-10-29T20:00:00Z'), data: { from: dana, to: mspDesk } },
  {
    id: 'e5',
    kind: 'status',
    at: at('2026-11-02T15:00:00Z'),
    data: { from: 'new', to: 'waiting', waitingReason: 'on_requester' },
  },
  { id: 'e6', kind: 'reply', at: at('2026-11-02T23:30:00Z'), data: {} },
  {
    id: 'e7',
    kind: 'status',
    at: at('2026-11-03T15:30:00Z'),
    data: { from: 'waiting', to: 'in_progress', waitingReason: null },
  },
  { id: 'e8', kind: 'status', at: at('2026-11-03T17:00:00Z'), data: { from: 'in_progress', to: 'resolved' } },
];
const later = at('2026-11-10T12:00:00Z');
const minutesBy = (r: { parties: { partyId: string | null; businessMinutes: number }[] }) =>
  Object.fromEntries(r.parties.map((p) => [p.partyId ?? 'triage', p.businessMinutes]));

describe('replay', () => {
  it('splits the business time by the party that held the ticket, pausing across midnight and the weekend', () => {
    const r = replay(newYork, pauseOn, history, later);
    expect(minutesBy(r)).toEqual({ triage: 60, dana: 120, 'msp-desk': 690 });
    expect(r.resolutionMinutes).toBe(870);
    expect(r.stoppedSince).toEqual(at('2026-11-03T17:00:00Z'));
    expect(r.parties.find((p) => p.partyId === 'msp-desk')).toMatchObject({ name: 'MSP service desk', side: 'msp' });
  });

  it('stands still mid-pause: at Monday 15:00 EST the clock shows what it had at 10:00', () => {
    const r = replay(newYork, pauseOn, history, at('2026-11-02T20:00:00Z'));
    expect(minutesBy(r)).toEqual({ triage: 60, dana: 120, 'msp-desk': 600 });
    expect(r.stoppedSince).toEqual(at('2026-11-02T15:00:00Z'));
  });

  it('counts the wait once a policy no longer names it as a pause', () => {
    // Without on_requester, Monday 10:00-17:00 (420) and Tuesday 09:00-10:30 (90) count for the MSP.
    const r = replay(newYork, ['on_vendor'], history, later);
    expect(minutesBy(r)).toEqual({ triage: 60, dana: 120, 'msp-desk': 1200 });
    expect(r.resolutionMinutes).toBe(1380);
  });

  it('recomputes when a waiting reason is corrected afterwards', () => {
    const corrected: HistoryEvent[] = [
      ...history,
      {
        id: 'e9',
        kind: 'status_corrected',
        at: at('2026-11-05T14:00:00Z'),
        data: { eventId: 'e5', waitingReason: 'on_change_window', reason: 'It waited on our change window' },
      },
    ];
    expect(minutesBy(replay(newYork, pauseOn, corrected, later))).toEqual({ triage: 60, dana: 120, 'msp-desk': 1200 });
  });

  it('reports when the clock reached each threshold, across the DST change and the pause', () => {
    // 850: 720 by Friday 17:00 EDT, 60 on Monday to 10:00 EST, then 70 from Tuesday 10:30 EST: 11:40 EST (16:40Z).
    // 300: 180 by Thursday 16:00 EDT, 60 more to 17:00 EDT, 60 on Friday: 10:00 EDT (14:00Z).
    const r = replay(newYork, pauseOn, history, later, [850, 300, 5000]);
    expect(r.reached).toEqual([at('2026-11-03T16:40:00Z'), at('2026-10-30T14:00:00Z'), null]);
  });
});

describe('replayedClocks', () => {
  const policy = (p3: { firstResponseMinutes: number; resolutionMinutes: number }) =>
    slaPolicySchema.parse({
      P1: { firstResponseMinutes: 15, resolutionMinutes: 240 },
      P2: { firstResponseMinutes: 60, resolutionMinutes: 480 },
      P3: p3,
      P4: { firstResponseMinutes: 480, resolutionMinutes: 2400 },
    });
  const ticket = { priority: 'P3' as const, createdAt: at('2026-10-29T17:00:00Z') };

  it('puts the due time where the rest of the target runs out after the clock stopped', () => {
    // 1440 - 870 = 570 left at resolution (Tuesday 12:00 EST): 300 on Tuesday, 270 on Wednesday to 13:30 EST (18:30Z).
    const clocks = replayedClocks(
      newYork,
      policy({ firstResponseMinutes: 240, resolutionMinutes: 1440 }),
      ticket,
      history,
      later,
    );
    expect(clocks).toMatchObject({
      firstResponseDueAt: at('2026-10-29T21:00:00Z'), // Thursday 13:00 EDT + 240 minutes: 17:00 EDT
      resolutionDueAt: at('2026-11-04T18:30:00Z'),
      pausedSince: at('2026-11-03T17:00:00Z'),
    });
  });

  it('moves the due time when the SLA target changes mid-ticket', () => {
    // The practice cut P3 resolution to 850 minutes: it ran out Tuesday 11:40 EST, before the resolution.
    const clocks = replayedClocks(
      newYork,
      policy({ firstResponseMinutes: 60, resolutionMinutes: 850 }),
      ticket,
      history,
      later,
    );
    expect(clocks.resolutionDueAt).toEqual(at('2026-11-03T16:40:00Z'));
    expect(clocks.firstResponseDueAt).toEqual(at('2026-10-29T18:00:00Z')); // Thursday 14:00 EDT
    expect(clocks.pausedSince).toEqual(at('2026-11-03T17:00:00Z'));
  });
});
