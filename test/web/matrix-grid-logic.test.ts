/** The matrix page's pure logic: RACI letters and toggles, keyboard movement, row windowing, structural edits. */
import { describe, expect, it } from 'vitest';
import { matrixSchema } from '../../src/matrix/schema.ts';
import { lettersOf, roleForKey, toggleRole } from '../../web/src/matrix/cell-roles.ts';
import { moveFocus, visibleRange } from '../../web/src/matrix/grid-keys.ts';
import {
  addAbsence,
  addActivity,
  addParty,
  idFrom,
  removeAbsence,
  removeActivity,
  removeParty,
} from '../../web/src/matrix/matrix-edits.ts';
import { validateMatrix } from '../../src/matrix/validate.ts';
import { smallMatrix } from '../support/matrix-fixture.ts';

describe('cell roles', () => {
  const m = matrixSchema.parse(smallMatrix());
  const row = (x: typeof m, id: string) => x.assignments.find((a) => a.activity === id);

  it('shows the letters a party holds, in R A C I order', () => {
    expect(lettersOf(row(m, 'edr'), 'msp-soc')).toBe('R·A');
    expect(lettersOf(row(m, 'edr'), 'leadership')).toBe('I');
    expect(lettersOf(row(m, 'edr'), 'dana')).toBe('');
    expect(lettersOf(undefined, 'dana')).toBe('');
  });

  it('toggles one role without touching the others or the original matrix', () => {
    const on = toggleRole(m, 'edr', 'dana', 'consulted');
    expect(lettersOf(row(on, 'edr'), 'dana')).toBe('C');
    expect(lettersOf(row(m, 'edr'), 'dana')).toBe('');
    const off = toggleRole(on, 'edr', 'msp-soc', 'accountable');
    expect(lettersOf(row(off, 'edr'), 'msp-soc')).toBe('R');
    expect(row(off, 'edr')!.escalation).toEqual(row(m, 'edr')!.escalation);
  });

  it('creates the row for an activity that had none', () => {
    const bare = { ...m, assignments: m.assignments.filter((a) => a.activity !== 'backups') };
    expect(lettersOf(row(toggleRole(bare, 'backups', 'dana', 'responsible'), 'backups'), 'dana')).toBe('R');
  });

  it('maps typed letters to roles', () => {
    expect(['r', 'A', 'c', 'i', 'x'].map(roleForKey)).toEqual([
      'responsible',
      'accountable',
      'consulted',
      'informed',
      null,
    ]);
  });
});

describe('grid keys', () => {
  const size = { rows: 500, cols: 30, page: 15 };
  it('moves within the grid and stops at its edges', () => {
    expect(moveFocus({ row: 0, col: 0 }, 'ArrowUp', false, size)).toEqual({ row: 0, col: 0 });
    expect(moveFocus({ row: 0, col: 0 }, 'ArrowDown', false, size)).toEqual({ row: 1, col: 0 });
    expect(moveFocus({ row: 3, col: 29 }, 'ArrowRight', false, size)).toEqual({ row: 3, col: 29 });
    expect(moveFocus({ row: 3, col: 5 }, 'Home', false, size)).toEqual({ row: 3, col: 0 });
    expect(moveFocus({ row: 3, col: 5 }, 'End', true, size)).toEqual({ row: 499, col: 29 });
    expect(moveFocus({ row: 490, col: 5 }, 'PageDown', false, size)).toEqual({ row: 499, col: 5 });
    expect(moveFocus({ row: 20, col: 5 }, 'PageUp', false, size)).toEqual({ row: 5, col: 5 });
    expect(moveFocus({ row: 1, col: 1 }, 'x', false, size)).toBeNull();
    expect(moveFocus({ row: 0, col: 0 }, 'ArrowDown', false, { rows: 0, cols: 3, page: 1 })).toBeNull();
  });

  it('renders only the rows in view plus a margin', () => {
    expect(visibleRange(0, 540, 36, 500)).toEqual({ first: 0, last: 23 });
    expect(visibleRange(36 * 100, 540, 36, 500)).toEqual({ first: 92, last: 123 });
    expect(visibleRange(36 * 490, 540, 36, 500)).toEqual({ first: 482, last: 499 });
  });
});

describe('matrix edits', () => {
  const m = matrixSchema.parse(smallMatrix());

  it('makes short unique ids from names', () => {
    expect(idFrom('Dana (front office)', [])).toBe('dana-front-office');
    expect(idFrom('Dana', ['dana', 'dana-2'])).toBe('dana-3');
    expect(idFrom('Ünïcode Ops', [])).toBe('unicode-ops');
    expect(idFrom('***', [])).toBe('item');
  });

  it('removes a party with every reference to it, so the matrix stays valid data', () => {
    const away = addAbsence(m, { party: 'dana', from: '2026-12-24', to: '2026-12-31' });
    const gone = removeParty(away, 'dana');
    expect(gone.parties.map((p) => p.id)).toEqual(['leadership', 'msp-desk', 'msp-soc']);
    expect(gone.parties.find((p) => p.id === 'msp-desk')!.covers).toEqual([]);
    expect(gone.assignments.find((a) => a.activity === 'accounts')!.responsible).toEqual([]);
    expect(gone.absences).toEqual([]);
    expect(matrixSchema.safeParse(gone).success).toBe(true);
    // The gap it leaves is a finding, not a broken reference.
    expect(validateMatrix(gone).map((f) => f.rule)).toContain('no_responsible');
  });

  it('adds a party and an activity with fresh ids, and removes an activity with its row', () => {
    const more = addParty(m, {
      name: 'Dana',
      side: 'internal_it',
      kind: 'person',
      coverage: 'business',
      covers: [],
      securityOfficial: false,
    });
    expect(more.parties.at(-1)!.id).toBe('dana-2');
    const withActivity = addActivity(more, {
      id: 'edr',
      name: 'Triage EDR alerts',
      function: 'security_operations',
      coverage: '24x7',
      sla: 'critical',
      practiceAccountable: false,
    });
    expect(withActivity.activities.at(-1)!.id).toBe('triage-edr-alerts');
    expect(withActivity.assignments.at(-1)).toMatchObject({ activity: 'triage-edr-alerts', responsible: [] });
    const fewer = removeActivity(withActivity, 'backups');
    expect(fewer.activities.map((a) => a.id)).not.toContain('backups');
    expect(fewer.assignments.map((a) => a.activity)).not.toContain('backups');
    expect(removeAbsence(addAbsence(m, { party: 'dana', from: '2026-12-24', to: '2026-12-31' }), 0).absences).toEqual(
      [],
    );
  });
});
