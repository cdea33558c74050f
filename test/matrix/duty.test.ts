/** Issue 15, defect 6: the absence check and routing answer "who is on duty" with one rule. */
import { describe, expect, it } from 'vitest';
import { Router } from '../../src/matrix/routing.ts';
import { matrixSchema, type MatrixInput } from '../../src/matrix/schema.ts';
import { validateMatrix } from '../../src/matrix/validate.ts';

/** Dana is away; Sam covers Dana, but Sam is away too; Lee covers Sam; the MSP desk is next in the path. */
function matrix(overrides: { leeAway?: boolean; noDesk?: boolean } = {}): MatrixInput {
  return {
    hours: { timeZone: 'America/Chicago', days: [1, 2, 3, 4, 5], start: '08:00', end: '17:00' },
    parties: [
      { id: 'lead', name: 'Leadership', side: 'practice', kind: 'leadership', securityOfficial: true },
      { id: 'dana', name: 'Dana', side: 'internal_it', kind: 'person' },
      { id: 'sam', name: 'Sam', side: 'internal_it', kind: 'person', covers: ['dana'] },
      { id: 'lee', name: 'Lee', side: 'internal_it', kind: 'person', covers: ['sam'] },
      { id: 'desk', name: 'MSP desk', side: 'msp', kind: 'team' },
    ],
    activities: [
      { id: 'printers', name: 'Fix printers', function: 'end_user_devices', coverage: 'business', sla: 'normal' },
    ],
    assignments: [
      {
        activity: 'printers',
        responsible: ['dana'],
        accountable: ['lead'],
        escalation: overrides.noDesk ? ['lead'] : ['desk', 'lead'],
      },
    ],
    absences: [
      { party: 'dana', from: '2026-12-14', to: '2026-12-18' },
      { party: 'sam', from: '2026-12-14', to: '2026-12-18' },
      ...(overrides.leeAway ? [{ party: 'lee', from: '2026-12-16', to: '2026-12-16' }] : []),
    ],
  };
}

const routeAt = (input: MatrixInput, iso: string) =>
  new Router(matrixSchema.parse(input)).route('printers', new Date(iso))!;
const absenceFindings = (input: MatrixInput) =>
  validateMatrix(matrixSchema.parse(input)).filter((f) => f.rule === 'absence_uncovered');
// Wednesday 2026-12-16, 10:00 in Chicago.
const WEDNESDAY = '2026-12-16T16:00:00Z';

describe('one rule for who is on duty', () => {
  it('a cover of the cover takes the work: routing hands it on, and the check finds nothing uncovered', () => {
    expect(routeAt(matrix(), WEDNESDAY).responsible?.id).toBe('lee');
    expect(absenceFindings(matrix())).toEqual([]);
  });

  it('when the covers are away too, the escalation path takes it, for both', () => {
    expect(routeAt(matrix({ leeAway: true }), WEDNESDAY).responsible?.id).toBe('desk');
    expect(absenceFindings(matrix({ leeAway: true }))).toEqual([]);
  });

  it('only when routing would find nobody who can do the work does the check report it, for those days', () => {
    const input = matrix({ leeAway: true, noDesk: true });
    // Leadership is all routing finds: it cannot fix printers.
    expect(routeAt(input, WEDNESDAY).responsible?.id).toBe('lead');
    expect(routeAt(input, '2026-12-15T16:00:00Z').responsible?.id).toBe('lee');
    expect(absenceFindings(input).map((f) => f.message)).toEqual([
      'Dana is away 2026-12-14 to 2026-12-18 and nobody covers "Fix printers" on 2026-12-16',
    ]);
  });
});
