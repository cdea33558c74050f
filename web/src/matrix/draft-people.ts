/**
 * A blank draft that starts with the practice's real people and its time zone (issue 15): the
 * matrix the API's `{ kind: 'matrix' }` draft source takes, built from the new-draft form.
 */
import { defaultBusinessHours, type MatrixInput, type PartySide } from '../../../src/matrix/schema.ts';
import { partyIdFrom } from '../../../src/matrix/party-id.ts';

export interface DraftPerson {
  name: string;
  /** What they do, in the practice's words ("Office manager", "IT lead"). */
  role: string;
  side: Extract<PartySide, 'practice' | 'internal_it'>;
  /** Indexes of the people this one covers for when they are away. */
  covers: number[];
}

/** The people with a name, as parties (ids from their names), and no activities yet. */
export function blankMatrixWith(people: readonly DraftPerson[], timeZone: string): MatrixInput {
  const named = people.map((p, i) => ({ ...p, index: i, name: p.name.trim() })).filter((p) => p.name !== '');
  const taken = new Set<string>();
  const ids = new Map(named.map((p) => [p.index, partyIdFrom(p.name, taken, 'person')]));
  return {
    hours: { ...defaultBusinessHours, timeZone },
    parties: named.map((p) => ({
      id: ids.get(p.index)!,
      name: p.name,
      side: p.side,
      kind: 'person',
      ...(p.role.trim() ? { role: p.role.trim() } : {}),
      covers: p.covers.flatMap((i) => (ids.has(i) && i !== p.index ? [ids.get(i)!] : [])),
    })),
    activities: [],
    assignments: [],
  };
}
