/** The blank draft the new-draft form sends: named people as parties, their cover, the chosen zone. */
import { describe, expect, it } from 'vitest';
import { matrixSchema } from '../../src/matrix/schema.ts';
import { blankMatrixWith } from '../../web/src/matrix/draft-people.ts';

describe('blankMatrixWith', () => {
  it('makes a party per named person, with unique ids, cover by id and the zone; unnamed rows are left out', () => {
    const m = blankMatrixWith(
      [
        { name: ' José Núñez ', role: 'IT lead', side: 'internal_it', covers: [] },
        { name: '', role: 'ignored', side: 'practice', covers: [0] },
        { name: 'José Nunez', role: '', side: 'practice', covers: [0, 1, 2] },
      ],
      'America/Chicago',
    );
    expect(m.hours).toEqual({ timeZone: 'America/Chicago', days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' });
    expect(m.parties).toEqual([
      { id: 'jose-nunez', name: 'José Núñez', side: 'internal_it', kind: 'person', role: 'IT lead', covers: [] },
      // Covers for row 0 only: row 1 has no name and row 2 is this person.
      { id: 'jose-nunez-2', name: 'José Nunez', side: 'practice', kind: 'person', covers: ['jose-nunez'] },
    ]);
    expect(matrixSchema.safeParse(m).success).toBe(true);
  });
});
