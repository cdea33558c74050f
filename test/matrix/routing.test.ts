/** The routing lookup: business hours, 24x7 cover, absences and the cover that takes over. */
import { describe, expect, it } from 'vitest';
import { Router } from '../../src/matrix/routing.ts';
import { matrixSchema } from '../../src/matrix/schema.ts';

const matrix = matrixSchema.parse({
  hours: { timeZone: 'America/New_York', days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' },
  parties: [
    { id: 'leadership', name: 'Practice leadership', side: 'practice', kind: 'leadership' },
    { id: 'dana', name: 'Dana', side: 'internal_it', kind: 'person' },
    { id: 'sam', name: 'Sam', side: 'internal_it', kind: 'person', covers: ['dana'] },
    { id: 'noc', name: 'MSP NOC', side: 'msp', kind: 'team', coverage: '24x7' },
  ],
  activities: [
    {
      id: 'outage',
      name: 'Respond to a server outage',
      function: 'servers_network',
      coverage: '24x7',
      sla: 'critical',
    },
  ],
  assignments: [
    { activity: 'outage', responsible: ['dana'], accountable: ['leadership'], escalation: ['noc', 'leadership'] },
  ],
  absences: [{ party: 'dana', from: '2026-12-24', to: '2026-12-26' }],
});
const router = new Router(matrix);
const who = (iso: string) => {
  const r = router.route('outage', new Date(iso))!;
  return [r.responsible?.id, ...r.escalation.map((p) => p.id)];
};

describe('Router', () => {
  it('routes to the Responsible person during business hours, then the escalation path', () => {
    // Tuesday 2026-12-01 10:00 in New York is 15:00 UTC.
    expect(who('2026-12-01T15:00:00Z')).toEqual(['dana', 'noc', 'leadership']);
    const r = router.route('outage', new Date('2026-12-01T15:00:00Z'))!;
    expect(r.accountable?.id).toBe('leadership');
    expect(r.skipped).toEqual([]);
  });

  it('skips business-hours people at night and at weekends, in the practice time zone', () => {
    // 07:59 local is still night; 18:00 local is closed; Saturday noon is closed.
    expect(who('2026-12-01T12:59:00Z')).toEqual(['noc']);
    expect(who('2026-12-01T13:00:00Z')).toEqual(['dana', 'noc', 'leadership']);
    expect(who('2026-12-01T23:00:00Z')).toEqual(['noc']);
    expect(who('2026-12-05T17:00:00Z')).toEqual(['noc']);
    expect(router.route('outage', new Date('2026-12-01T23:00:00Z'))!.skipped).toEqual([
      'Dana works business hours only',
      'Sam works business hours only',
    ]);
  });

  it("gives an absent person's work to whoever covers for them", () => {
    // Thursday 2026-12-24 10:00 local: Dana is away, Sam covers.
    expect(who('2026-12-24T15:00:00Z')).toEqual(['sam', 'noc', 'leadership']);
    expect(router.route('outage', new Date('2026-12-24T15:00:00Z'))!.skipped).toEqual([
      'Dana is away (2026-12-24 to 2026-12-26)',
    ]);
    // Daylight saving: 2026-07-01 10:00 in New York is 14:00 UTC.
    expect(who('2026-07-01T14:00:00Z')).toEqual(['dana', 'noc', 'leadership']);
    expect(who('2026-07-01T11:59:00Z')).toEqual(['noc']);
  });

  it('answers null for an unknown activity', () => {
    expect(router.route('nope', new Date())).toBeNull();
  });
});
