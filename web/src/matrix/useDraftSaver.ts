/**
 * Local editing of a draft with saving in the background: every edit shows at once, and the
 * latest matrix is sent ~400 ms after the last edit with the revision it builds on. An edit made
 * while a save is in flight is sent right after it, never dropped; a 409 (someone else saved
 * first) stops saving and says so, keeping the local copy on screen. Undo and redo step through
 * this page's edits (edit-history.ts) and are saved like any other edit.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Matrix } from '../../../src/matrix/schema.ts';
import { ApiError } from '../api/client.ts';
import { messageOf } from '../api/form-errors.ts';
import { record, redo, startHistory, undo, type EditHistory } from './edit-history.ts';
import { matrixApi, type VersionView } from './matrix-api.ts';

export type SaveState =
  | { kind: 'saved' }
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'conflict'; message: string }
  | { kind: 'failed'; message: string };

const DEBOUNCE_MS = 400;

export function useDraftSaver(practiceId: string, version: VersionView, onSaved: (v: VersionView) => void) {
  const [history, setHistory] = useState<EditHistory<Matrix>>(() => startHistory(version.matrix));
  const [state, setState] = useState<SaveState>({ kind: 'saved' });
  const revision = useRef(version.revision);
  const latest = useRef(history);
  const dirty = useRef(false);
  const inFlight = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const stopped = useRef(false);

  const flush = useCallback(async () => {
    if (inFlight.current || !dirty.current || stopped.current) return;
    inFlight.current = true;
    dirty.current = false;
    setState({ kind: 'saving' });
    try {
      const saved = await matrixApi.save(practiceId, version.number, revision.current, latest.current.present);
      revision.current = saved.revision;
      onSaved(saved);
      setState(dirty.current ? { kind: 'pending' } : { kind: 'saved' });
    } catch (error) {
      dirty.current = true;
      if (error instanceof ApiError && error.status === 409) stopped.current = true;
      setState({ kind: stopped.current ? 'conflict' : 'failed', message: messageOf(error) });
    } finally {
      inFlight.current = false;
    }
    if (dirty.current && !stopped.current) void flush();
  }, [practiceId, version.number, onSaved]);

  const show = useCallback(
    (next: EditHistory<Matrix> | null) => {
      if (!next || next === latest.current) return;
      latest.current = next;
      dirty.current = true;
      setHistory(next);
      // After a conflict nothing more is sent, so the page goes on saying so (with its reload link)
      // rather than "unsaved changes" that would never be saved.
      if (stopped.current) return;
      setState({ kind: 'pending' });
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), DEBOUNCE_MS);
    },
    [flush],
  );
  const edit = useCallback((next: Matrix) => show(record(latest.current, next)), [show]);
  const undoEdit = useCallback(() => show(undo(latest.current)), [show]);
  const redoEdit = useCallback(() => show(redo(latest.current)), [show]);

  // Leaving the page with an edit waiting: send it now rather than lose it.
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
      void flush();
    },
    [flush],
  );

  return {
    matrix: history.present,
    edit,
    undo: history.past.length > 0 ? undoEdit : undefined,
    redo: history.future.length > 0 ? redoEdit : undefined,
    state,
    retry: flush,
  };
}
