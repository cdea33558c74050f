/** CSV export and import: the round trip, and every bad row reported by line and column. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvToMatrix, matrixToCsv } from '../../src/matrix/csv.ts';
import { matrixSchema } from '../../src/matrix/schema.ts';

const matrix = matrixSchema.parse({
  hours: { timeZone: 'Europe/London', days: [1, 2, 3, 4, 5, 6], start: '07:30', end: '19:00' },
  parties: [
    {
      id: 'leadership',
      name: 'Dr. Ana Riviera, owner',
      side: 'practice',
      kind: 'leadership',
      securityOfficial: true,
      role: 'Security official',
    },
    { id: 'dana', name: 'Dana "DJ" Jones', side: 'internal_it', kind: 'person' },
    {
      id: 'msp-desk',
      name: 'MSP desk',
      side: 'msp',
      kind: 'team',
      covers: ['dana'],
      scope: ['help_desk_it', 'backup_dr'],
    },
    { id: 'msp-soc', name: 'MSP SOC', side: 'msp', kind: 'team', coverage: '24x7' },
  ],
  activities: [
    {
      id: 'accounts',
      name: 'Create and remove user accounts',
      function: 'help_desk_it',
      coverage: 'business',
      sla: 'high',
      practiceAccountable: true,
    },
    { id: 'edr', name: 'Triage EDR alerts, 24/7', function: 'security_operations', coverage: '24x7', sla: 'critical' },
  ],
  assignments: [
    {
      activity: 'accounts',
      responsible: ['dana', 'msp-desk'],
      accountable: ['leadership'],
      split: 'Dana creates;\nMSP disables after hours',
      escalation: ['msp-soc', 'leadership'],
    },
    {
      activity: 'edr',
      responsible: ['msp-soc'],
      accountable: ['msp-soc'],
      consulted: ['dana'],
      informed: ['leadership'],
    },
  ],
  absences: [{ party: 'dana', from: '2026-12-22', to: '2027-01-02', note: 'Zürich, holidays' }],
});

describe('matrix CSV', () => {
  it('exports and imports back the same matrix, quotes and newlines included', () => {
    const csv = matrixToCsv(matrix);
    expect(csv.split('\r\n')[0]).toBe(CSV_COLUMNS.join(','));
    expect(csvToMatrix(csv)).toEqual({ ok: true, matrix });
    // A spreadsheet that saves with LF line ends and a byte-order mark reads the same.
    expect(csvToMatrix(`\uFEFF${csv.replaceAll('\r\n', '\n')}`)).toEqual({ ok: true, matrix });
  });

  it('round-trips any party and activity names (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim().length > 0),
        fc.string({ maxLength: 60 }),
        (partyName, split) => {
          const m = matrixSchema.parse({
            ...matrix,
            parties: matrix.parties.map((p) => (p.id === 'dana' ? { ...p, name: partyName.trim() } : p)),
            assignments: matrix.assignments.map((a) =>
              a.activity === 'edr' ? { ...a, ...(split.trim() ? { split: split.trim() } : {}) } : a,
            ),
          });
          const back = csvToMatrix(matrixToCsv(m));
          expect(back).toEqual({ ok: true, matrix: m });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reports each bad row with its line and column, and imports nothing', () => {
    const row = (cells: Partial<Record<(typeof CSV_COLUMNS)[number], string>>) =>
      CSV_COLUMNS.map((c) => cells[c] ?? '').join(',');
    const lines = [
      CSV_COLUMNS.join(','),
      row({ kind: 'party', id: 'lead', name: 'Leadership', side: 'landlord', party_kind: 'leadership' }),
      row({ kind: 'party', id: 'desk', name: 'MSP desk', side: 'msp', party_kind: 'team', security_official: 'maybe' }),
      row({
        kind: 'activity',
        id: 'accounts',
        name: 'Accounts',
        function: 'help_desk_it',
        coverage: 'business',
        sla: 'high',
        responsible: 'nobody',
        accountable: 'lead',
      }),
      row({ kind: 'absence', id: 'desk', from: '2027-01-05', to: '2027-01-01' }),
      'widget,x',
      row({
        kind: 'activity',
        id: 'edr',
        name: 'EDR',
        function: 'security_operations',
        coverage: 'always',
        sla: 'critical',
      }),
    ];
    const result = csvToMatrix(lines.join('\n'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      { line: 2, column: 'side', message: expect.stringContaining('Invalid option') },
      { line: 3, column: 'security_official', message: 'must be yes or no, not "maybe"' },
      { line: 4, column: 'responsible', message: 'no party "nobody"' },
      { line: 5, column: 'to', message: 'ends (2027-01-01) before it starts (2027-01-05)' },
      { line: 6, message: 'has 2 fields; the header has 26', column: '' },
      { line: 7, column: 'coverage', message: expect.stringContaining('Invalid option') },
    ]);
  });

  it('rejects an unknown column, a missing kind, an unclosed quote and an empty file', () => {
    const unknown = csvToMatrix('kind,colour\nhours,blue\n');
    expect(unknown.ok).toBe(false);
    expect(!unknown.ok && unknown.problems[0]).toEqual({ line: 1, column: 'colour', message: 'unknown column' });
    expect(csvToMatrix('id,name\n')).toMatchObject({ ok: false, problems: [{ line: 1, column: 'kind' }] });
    expect(csvToMatrix('kind,name\nparty,"open\n')).toMatchObject({
      ok: false,
      problems: [{ line: 2, message: 'a quoted field is never closed' }],
    });
    expect(csvToMatrix('')).toMatchObject({ ok: false, problems: [{ message: 'the file is empty' }] });
  });
});
