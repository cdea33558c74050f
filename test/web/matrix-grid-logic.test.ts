/** The matrix grid's pure logic: RACI letters and toggles, keyboard movement, row windowing. */
import { describe, expect, it } from 'vitest';
import { matrixSchema } from '../../src/matrix/schema.ts';
import { lettersOf, roleForKey, toggleRole } from '../../web/src/matrix/cell-roles.ts';
import { moveFocus, visibleRange } from '../../web/src/matrix/grid-keys.ts';
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
