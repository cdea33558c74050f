/**
 * Edits to a draft beyond single cells: parties, activities and planned absences. Pure (a new
 * matrix out), and removing a party or an activity also removes every reference to it, so an
 * edit never leaves the matrix pointing at something that is gone; the findings then show what
 * the removal left uncovered.
 */
import type { Absence, Activity, Matrix, Party } from '../../../src/matrix/schema.ts';

/** A short id from a name, unique among `taken`: "Dana (front office)" -> "dana-front-office". */
export function idFrom(name: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const base =
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '') // accents off: é -> e
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 56) || 'item';
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

export function addParty(m: Matrix, party: Omit<Party, 'id'>): Matrix {
  return {
    ...m,
    parties: [
      ...m.parties,
      {
        ...party,
        id: idFrom(
          party.name,
          m.parties.map((p) => p.id),
        ),
      },
    ],
  };
}

export function updateParty(m: Matrix, id: string, change: Partial<Omit<Party, 'id'>>): Matrix {
  return { ...m, parties: m.parties.map((p) => (p.id === id ? { ...p, ...change } : p)) };
}

export function removeParty(m: Matrix, id: string): Matrix {
  const without = (xs: string[]) => xs.filter((x) => x !== id);
  return {
    ...m,
    parties: m.parties.filter((p) => p.id !== id).map((p) => ({ ...p, covers: without(p.covers) })),
    assignments: m.assignments.map((a) => ({
      ...a,
      responsible: without(a.responsible),
      accountable: without(a.accountable),
      consulted: without(a.consulted),
      informed: without(a.informed),
      escalation: without(a.escalation),
    })),
    absences: m.absences.filter((a) => a.party !== id),
  };
}

/** Adds an activity (a catalog one keeps its id; a new one gets one from its name) with an empty row. */
export function addActivity(m: Matrix, activity: Omit<Activity, 'id'> & { id?: string }): Matrix {
  const taken = m.activities.map((a) => a.id);
  const id = activity.id && !taken.includes(activity.id) ? activity.id : idFrom(activity.name, taken);
  return {
    ...m,
    activities: [...m.activities, { ...activity, id }],
    assignments: [
      ...m.assignments,
      { activity: id, responsible: [], accountable: [], consulted: [], informed: [], escalation: [] },
    ],
  };
}

export function removeActivity(m: Matrix, id: string): Matrix {
  return {
    ...m,
    activities: m.activities.filter((a) => a.id !== id),
    assignments: m.assignments.filter((a) => a.activity !== id),
  };
}

export function addAbsence(m: Matrix, absence: Absence): Matrix {
  return { ...m, absences: [...m.absences, absence] };
}

export function removeAbsence(m: Matrix, index: number): Matrix {
  return { ...m, absences: m.absences.filter((_, i) => i !== index) };
}
