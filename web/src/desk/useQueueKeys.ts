/**
 * The queue's single-key shortcuts (as agents of PSA desks expect): n new ticket, / the filters,
 * j and k move through the rows, Enter opens the selected one, ? shows them all. Keys typed into
 * a field, or pressed with Ctrl, Alt or Meta, are the field's or the browser's, not ours.
 */
import { useEffect, useRef } from 'react';

export interface QueueKeyHandlers {
  newTicket: () => void;
  focusFilters: () => void;
  move: (by: 1 | -1) => void;
  open: () => void;
  help: () => void;
}

export const queueShortcuts: [key: string, what: string][] = [
  ['n', 'Open a new ticket'],
  ['/', 'Go to the filters'],
  ['j', 'Select the next ticket'],
  ['k', 'Select the previous ticket'],
  ['Enter', 'Open the selected ticket'],
  ['?', 'Show these shortcuts'],
];

function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Enter on a link or a button activates it; only elsewhere does it open the selected ticket. */
const activates = (target: EventTarget | null) =>
  target instanceof HTMLElement && ['A', 'BUTTON'].includes(target.tagName);

export function useQueueKeys(handlers: QueueKeyHandlers, enabled: boolean): void {
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.altKey || event.metaKey || event.defaultPrevented) return;
      if (typingIn(event.target) || (event.key === 'Enter' && activates(event.target))) return;
      const h = latest.current;
      const actions: Record<string, () => void> = {
        n: h.newTicket,
        '/': h.focusFilters,
        j: () => h.move(1),
        k: () => h.move(-1),
        Enter: h.open,
        '?': h.help,
      };
      const action = actions[event.key];
      if (!action) return;
      event.preventDefault();
      action();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [enabled]);
}
