/** The matrix page's pure logic: RACI letters and toggles, keyboard movement, row windowing, structural edits. */
import { describe, expect, it } from 'vitest';
import { matrixSchema } from '../../src/matrix/schema.ts';
import { lettersOf, roleForKey, toggleRole } from '../../web/src/matrix/cell-roles.ts';
import { moveFocus, scrollToShow, visibleRange } from '../../web/src/matrix/grid-keys.ts';
import { partyDetail } from '../../web/src/matrix/party-labels.ts';
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

describe('scrolling a focused cell into view', () => {
  // Rows 40 px under a 72 px header; a 300 px row-header column, then cells 84 px wide.
  const g = { rowHeight: 40, headHeight: 72, nameWidth: 300, cellWidth: 84 };
  // A 1000 x 560 view: 488 px of rows (12.2 rows), 700 px of cells beside the row headers.
  const view = (scrollTop: number, scrollLeft: number) => ({ scrollTop, scrollLeft, width: 1000, height: 560 });

  it('leaves the scroller where it is when the cell is wholly in view', () => {
    expect(scrollToShow({ row: 3, col: 2 }, view(0, 0), g)).toEqual({ top: 0, left: 0 });
    // Row 11 ends at 480, inside the 488 px of rows; column 7 ends at 300 + 8 * 84 = 972 <= 1000.
    expect(scrollToShow({ row: 11, col: 7 }, view(0, 0), g)).toEqual({ top: 0, left: 0 });
  });

  it('scrolls down just enough to show a row below the view, and up to a row above it', () => {
    // Row 12 ends at 520; 520 - 488 = 32.
    expect(scrollToShow({ row: 12, col: 0 }, view(0, 0), g).top).toBe(32);
    // Ctrl+End on 500 rows: row 499 ends at 20,000; 20,000 - 488 = 19,512.
    expect(scrollToShow({ row: 499, col: 0 }, view(0, 0), g).top).toBe(19_512);
    // Ctrl+Home from far down: back to the top.
    expect(scrollToShow({ row: 0, col: 0 }, view(19_512, 0), g).top).toBe(0);
  });

  it('scrolls sideways so a cell is wholly visible, not half under the sticky row headers', () => {
    // Column 8 spans 972..1056: scroll 56 px right so its right edge meets the view's.
    expect(scrollToShow({ row: 0, col: 8 }, view(0, 0), g).left).toBe(56);
    // The last of 30 columns spans 2736..2820: 2820 - 1000 = 1820.
    expect(scrollToShow({ row: 0, col: 29 }, view(0, 0), g).left).toBe(1820);
    // Back to column 2 (468..552) from there: its left edge must clear the 300 px row headers.
    expect(scrollToShow({ row: 0, col: 2 }, view(0, 1820), g).left).toBe(168);
    expect(scrollToShow({ row: 0, col: 0 }, view(0, 1820), g).left).toBe(0);
  });
});

describe('party column headers', () => {
  it("say the party's side and coverage in words, not only on hover", () => {
    expect(partyDetail({ side: 'msp', coverage: '24x7' })).toBe('MSP · 24x7');
    expect(partyDetail({ side: 'internal_it', coverage: 'business' })).toBe('Internal IT · business hours');
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
