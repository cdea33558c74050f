/** SLA clock states and pauses, hand-worked on a Chicago office calendar (Mon-Fri 08:00-18:00). */
import { describe, expect, it } from 'vitest';
import { calendarSchema } from '../../src/desk/desk-schema.ts';
import { clockView, startClocks } from '../../src/desk/ticket-clock.ts';
import { priorityOf } from '../../src/desk/ticket-schema.ts';

const chicago = calendarSchema.parse({
  timeZone: 'America/Chicago',
  hours: [1, 2, 3, 4, 5].map((day) => ({ day, start: '08:00', end: '18:00' })),
});
const at = (iso: string) => new Date(iso);

describe('clockView', () => {
  const targetMinutes = 240;
  const dueAt = at('2026-11-24T18:00:00Z'); // Tuesday 12:00 CST
  const view = (now: string, facts: object = {}) =>
    clockView(chicago, { dueAt, metAt: null, targetMinutes, ...facts }, at(now)).state;

  it('runs, is due soon under a quarter of the target, then breaches', () => {
    expect(view('2026-11-24T16:59:00Z')).toBe('running'); // 61 of 240 minutes left
    expect(view('2026-11-24T17:01:00Z')).toBe('due_soon'); // 59 left
    expect(view('2026-11-24T18:01:00Z')).toBe('breached');
  });

  it('is paused while stopped before its due time, and breached if it stopped after', () => {
    expect(view('2026-11-30T12:00:00Z', { pausedSince: at('2026-11-24T17:00:00Z') })).toBe('paused');
    expect(view('2026-11-30T12:00:00Z', { pausedSince: at('2026-11-24T19:00:00Z') })).toBe('breached');
  });

  it('is met or missed once met, whenever it is read', () => {
    expect(view('2026-12-30T12:00:00Z', { metAt: at('2026-11-24T17:59:00Z') })).toBe('met');
    expect(view('2026-12-30T12:00:00Z', { metAt: at('2026-11-24T18:01:00Z') })).toBe('missed');
  });
});

it('starts both clocks from the policy targets in business time', () => {
  // Monday 17:30 CST (23:30Z): 30 minutes that day, then Tuesday from 08:00 CST (14:00Z); the
  // resolution's 660 minutes are 30 on Monday, 600 on Tuesday and 30 on Wednesday (08:30 CST).
  expect(
    startClocks(chicago, { firstResponseMinutes: 60, resolutionMinutes: 660 }, at('2026-11-23T23:30:00Z')),
  ).toEqual({
    firstResponseDueAt: at('2026-11-24T14:30:00Z'),
    resolutionDueAt: at('2026-11-25T14:30:00Z'),
  });
});

it('maps impact x urgency to priority, patient safety always P1', () => {
  expect(priorityOf('high', 'high')).toBe('P1');
  expect(priorityOf('medium', 'medium')).toBe('P3');
  expect(priorityOf('low', 'low')).toBe('P4');
  expect(priorityOf('patient_safety', 'low')).toBe('P1');
});
