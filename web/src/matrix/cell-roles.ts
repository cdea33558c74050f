/**
 * A grid cell is one (activity, party) pair; its content is the RACI letters that party holds
 * for that activity. Pure, so the grid, the keyboard handler and the tests share it.
 */
import type { Assignment, Matrix } from '../../../src/matrix/schema.ts';

export const RACI = ['responsible', 'accountable', 'consulted', 'informed'] as const;
export type RaciRole = (typeof RACI)[number];

export const RACI_LETTER: Record<RaciRole, string> = {
  responsible: 'R',
  accountable: 'A',
  consulted: 'C',
  informed: 'I',
};
export const RACI_LABEL: Record<RaciRole, string> = {
  responsible: 'Responsible',
  accountable: 'Accountable',
  consulted: 'Consulted',
  informed: 'Informed',
};

export function rolesOf(row: Assignment | undefined, party: string): RaciRole[] {
  return row ? RACI.filter((role) => row[role].includes(party)) : [];
}

/** "R", "A·C", or "" for an empty cell. */
export function lettersOf(row: Assignment | undefined, party: string): string {
  return rolesOf(row, party)
    .map((r) => RACI_LETTER[r])
    .join('·');
}

/** The RACI role a typed key toggles (r, a, c, i), or null. */
export function roleForKey(key: string): RaciRole | null {
  return RACI.find((role) => RACI_LETTER[role] === key.toUpperCase()) ?? null;
}

function emptyRow(activity: string): Assignment {
  return { activity, responsible: [], accountable: [], consulted: [], informed: [], escalation: [] };
}

/** The matrix with the party added to or removed from one role of the activity's row (a new matrix). */
export function toggleRole(m: Matrix, activity: string, party: string, role: RaciRole): Matrix {
  const existing = m.assignments.find((a) => a.activity === activity);
  const row = existing ?? emptyRow(activity);
  const members = row[role].includes(party) ? row[role].filter((p) => p !== party) : [...row[role], party];
  const next = { ...row, [role]: members };
  return {
    ...m,
    assignments: existing ? m.assignments.map((a) => (a === existing ? next : a)) : [...m.assignments, next],
  };
}
