/** The readable diff between two matrices, against hand-written expectations. */
import { describe, expect, it } from 'vitest';
import { diffMatrices } from '../../src/matrix/diff.ts';
import { matrixSchema, type MatrixInput } from '../../src/matrix/schema.ts';
import { smallMatrix } from '../support/matrix-fixture.ts';

const parse = (m: MatrixInput) => matrixSchema.parse(m);

function changed(edit: (m: MatrixInput) => void) {
  const after = smallMatrix();
  edit(after);
  return diffMatrices(parse(smallMatrix()), parse(after));
}

describe('diffMatrices', () => {
  it('finds nothing between a matrix and itself', () => {
    expect(diffMatrices(parse(smallMatrix()), parse(smallMatrix()))).toEqual([]);
  });

  it('says who took over, by name, and how the escalation path changed', () => {
    const changes = changed((m) => {
      const row = m.assignments!.find((a) => a.activity === 'accounts')!;
      row.responsible = ['msp-desk'];
      row.escalation = ['dana', 'leadership'];
    });
    expect(changes.map((c) => c.summary)).toEqual([
      'Create and remove user accounts: Responsible Dana (office IT) -> MSP service desk; Escalation MSP service desk -> Practice leadership -> Dana (office IT) -> Practice leadership',
    ]);
  });

  it('lists added and removed activities, parties and absences, and changed hours, in a fixed order', () => {
    const changes = changed((m) => {
      m.hours = { timeZone: 'America/Chicago', days: [1, 2, 3, 4, 5], start: '07:30', end: '18:00' };
      m.parties.push({ id: 'ehr', name: 'EHR vendor', side: 'vendor', kind: 'vendor' });
      m.activities = m.activities!.filter((a) => a.id !== 'backups');
      m.assignments = m.assignments!.filter((a) => a.activity !== 'backups');
      m.absences = [{ party: 'dana', from: '2026-12-24', to: '2026-12-31', note: 'holidays' }];
    });
    expect(changes.map((c) => [c.kind, c.change, c.id])).toEqual([
      ['hours', 'changed', ''],
      ['party', 'added', 'ehr'],
      ['activity', 'removed', 'backups'],
      ['assignment', 'removed', 'backups'],
      ['absence', 'added', 'dana 2026-12-24..2026-12-31'],
    ]);
    expect(changes[0]!.fields).toEqual([
      { field: 'time zone', before: 'America/New_York', after: 'America/Chicago' },
      { field: 'hours', before: '08:00-18:00', after: '07:30-18:00' },
    ]);
    expect(changes[2]!.summary).toBe('Removed activity "Verify nightly backups"');
    expect(changes[4]!.summary).toBe('Added absence "Dana (office IT) away 2026-12-24 to 2026-12-31"');
  });
});
