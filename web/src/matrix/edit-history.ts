/**
 * Undo and redo for a draft: the versions of the matrix before and after the one on screen. Pure;
 * matrices are immutable values built by sharing what an edit did not touch (matrix-edits.ts,
 * cell-roles.ts), so keeping a hundred of them costs little. A new edit drops what could have
 * been redone, as in every editor.
 */
export interface EditHistory<T> {
  readonly past: readonly T[];
  readonly present: T;
  readonly future: readonly T[];
}

/** How many edits can be undone; older ones are forgotten. */
export const UNDO_LIMIT = 100;

export function startHistory<T>(present: T): EditHistory<T> {
  return { past: [], present, future: [] };
}

export function record<T>(history: EditHistory<T>, next: T): EditHistory<T> {
  if (next === history.present) return history;
  return { past: [...history.past, history.present].slice(-UNDO_LIMIT), present: next, future: [] };
}

/** The history one edit back, or null when there is nothing to undo. */
export function undo<T>(history: EditHistory<T>): EditHistory<T> | null {
  if (history.past.length === 0) return null;
  const previous = history.past[history.past.length - 1] as T;
  return { past: history.past.slice(0, -1), present: previous, future: [history.present, ...history.future] };
}

/** The history one undone edit forward, or null when there is nothing to redo. */
export function redo<T>(history: EditHistory<T>): EditHistory<T> | null {
  if (history.future.length === 0) return null;
  const [next, ...rest] = history.future;
  return { past: [...history.past, history.present], present: next as T, future: rest };
}

export interface HistoryKeyEvent {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  /** Text fields keep their own undo: the page's applies everywhere else. */
  inTextField: boolean;
}

/** Ctrl+Z (Cmd+Z) undoes; Ctrl+Shift+Z (Cmd+Shift+Z) and Ctrl+Y redo. */
export function historyCommand(e: HistoryKeyEvent): 'undo' | 'redo' | null {
  if (e.inTextField || e.altKey || !(e.ctrlKey || e.metaKey)) return null;
  const key = e.key.toLowerCase();
  if (key === 'z') return e.shiftKey ? 'redo' : 'undo';
  if (key === 'y' && !e.shiftKey) return 'redo';
  return null;
}
