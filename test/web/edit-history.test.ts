/** Undo and redo of a draft's edits (web/src/matrix/edit-history.ts) and their keyboard shortcuts. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  historyCommand,
  record,
  redo,
  startHistory,
  undo,
  UNDO_LIMIT,
  type EditHistory,
} from '../../web/src/matrix/edit-history.ts';

const steps = (h: EditHistory<string>, ...ops: ('undo' | 'redo' | string)[]) =>
  ops.reduce((at, op) => (op === 'undo' ? undo(at)! : op === 'redo' ? redo(at)! : record(at, op)), h);

describe('edit history', () => {
  it('undoes back to the start, redoes forward again, and has nothing more either way', () => {
    const h = steps(startHistory('a'), 'b', 'c');
    expect(h).toEqual({ past: ['a', 'b'], present: 'c', future: [] });
    expect(redo(h)).toBeNull();
    const back = steps(h, 'undo', 'undo');
    expect(back).toEqual({ past: [], present: 'a', future: ['b', 'c'] });
    expect(undo(back)).toBeNull();
    expect(steps(back, 'redo')).toEqual({ past: ['a'], present: 'b', future: ['c'] });
    expect(steps(back, 'redo', 'redo')).toEqual(h);
  });

  it('drops what could be redone when a new edit follows an undo', () => {
    expect(steps(startHistory('a'), 'b', 'c', 'undo', 'd')).toEqual({ past: ['a', 'b'], present: 'd', future: [] });
  });

  it('does not record an edit that changed nothing', () => {
    const h = steps(startHistory('a'), 'b');
    expect(record(h, 'b')).toBe(h);
  });

  it(`keeps the last ${UNDO_LIMIT} edits`, () => {
    let h = startHistory(0);
    for (let i = 1; i <= UNDO_LIMIT + 5; i++) h = record(h, i);
    expect(h.past).toHaveLength(UNDO_LIMIT);
    expect(h.past[0]).toBe(5);
    let undone = 0;
    for (let at = undo(h); at; at = undo(at)) undone++;
    expect(undone).toBe(UNDO_LIMIT);
  });

  it('any mix of edits, undos and redos: undoing everything then redoing everything returns to where it was', () => {
    const op = fc.oneof(fc.constant('undo'), fc.constant('redo'), fc.string({ minLength: 1, maxLength: 3 }));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        let h = startHistory('start');
        for (const o of ops) h = (o === 'undo' ? undo(h) : o === 'redo' ? redo(h) : record(h, o)) ?? h;
        let back = h;
        for (let at = undo(back); at; at = undo(at)) back = at;
        expect(back.present).toBe(h.past[0] ?? h.present);
        let forward = back;
        for (let at = redo(forward); at; at = redo(at)) forward = at;
        expect(forward.present).toBe(h.future.at(-1) ?? h.present);
        expect([...forward.past, forward.present]).toEqual([...h.past, h.present, ...h.future]);
      }),
    );
  });
});

describe('history shortcuts', () => {
  const key = (
    k: string,
    mods: Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey' | 'inTextField', boolean>>,
  ) =>
    historyCommand({
      key: k,
      ctrlKey: false,
      metaKey: false,
      shiftKey: false,
      altKey: false,
      inTextField: false,
      ...mods,
    });

  it('Ctrl+Z or Cmd+Z undoes; Ctrl+Shift+Z, Cmd+Shift+Z and Ctrl+Y redo', () => {
    expect(key('z', { ctrlKey: true })).toBe('undo');
    expect(key('z', { metaKey: true })).toBe('undo');
    expect(key('Z', { ctrlKey: true, shiftKey: true })).toBe('redo');
    expect(key('z', { metaKey: true, shiftKey: true })).toBe('redo');
    expect(key('y', { ctrlKey: true })).toBe('redo');
  });

  it('leaves text fields, plain letters and other chords alone', () => {
    expect(key('z', { ctrlKey: true, inTextField: true })).toBeNull();
    expect(key('z', {})).toBeNull();
    expect(key('z', { ctrlKey: true, altKey: true })).toBeNull();
    expect(key('y', { ctrlKey: true, shiftKey: true })).toBeNull();
    expect(key('x', { ctrlKey: true })).toBeNull();
  });
});
