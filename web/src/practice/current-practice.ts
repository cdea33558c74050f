/**
 * Which practice the screens are about: the one picked in the header's switcher, remembered per
 * user in localStorage, else the first practice the user has a role in.
 */
import { createContext, useCallback, useContext, useSyncExternalStore } from 'react';
import { useSession, type Membership } from '../auth/session.ts';

const listeners = new Set<() => void>();
const storageKey = (userId: string) => `tandem.practice.${userId}`;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('storage', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', listener);
  };
}

function readChoice(userId: string | undefined): string | null {
  if (!userId) return null;
  try {
    return window.localStorage.getItem(storageKey(userId));
  } catch {
    return null;
  }
}

export function useCurrentPractice(): {
  practice: Membership | null;
  memberships: Membership[];
  choose: (practiceId: string) => void;
} {
  const session = useSession().data;
  const userId = session?.user.id;
  const memberships = session?.memberships ?? [];
  const chosen = useSyncExternalStore(subscribe, () => readChoice(userId));
  const practice = memberships.find((m) => m.practiceId === chosen) ?? memberships[0] ?? null;
  const choose = useCallback(
    (practiceId: string) => {
      if (!userId) return;
      try {
        window.localStorage.setItem(storageKey(userId), practiceId);
      } catch {
        // Private mode without storage: the choice lasts until the page reloads.
      }
      for (const listener of listeners) listener();
    },
    [userId],
  );
  return { practice, memberships, choose };
}

/** Set by PracticeRoute for the practice pages below it. */
export const PracticeContext = createContext<Membership | null>(null);

/** The current practice on a page under PracticeRoute. */
export function usePractice(): Membership {
  const practice = useContext(PracticeContext);
  if (!practice) throw new Error('usePractice() used outside PracticeRoute');
  return practice;
}
