/**
 * The signed-in state, held by TanStack Query under one key and read from
 * GET /api/v1/auth/session. Every place that learns a new session view (sign-in, second factor,
 * enrolment) hands it to acceptSession, which also arms the CSRF header for later changes.
 */
import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import type { z } from 'zod';
import { sessionViewSchema } from '../../../src/core/identity/schema.ts';
import { ApiError, apiRequest, setCsrfToken } from '../api/client.ts';

export type SessionView = z.infer<typeof sessionViewSchema>;
export type SignInStatus = SessionView['status'];
export type Membership = SessionView['memberships'][number];

export const sessionKey = ['session'] as const;

async function fetchSession(): Promise<SessionView | null> {
  try {
    const view = await apiRequest(sessionViewSchema, '/api/v1/auth/session');
    setCsrfToken(view.csrfToken);
    return view;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw err;
  }
}

export const sessionQuery = queryOptions({
  queryKey: sessionKey,
  queryFn: fetchSession,
  staleTime: Infinity,
  retry: (failures, err) => !(err instanceof ApiError) && failures < 2,
});

/** The session: data is null when nobody is signed in, undefined while loading. */
export function useSession() {
  return useQuery(sessionQuery);
}

/**
 * Why the last session ended (signed out, idle timeout), for the sign-in page. Guards read it
 * when they send someone to sign-in: whichever navigation lands last, the notice goes along.
 */
export interface SessionEnd {
  notice: string;
  email?: string;
}

let lastEnd: SessionEnd | null = null;
const endListeners = new Set<() => void>();

function subscribeEnd(listener: () => void): () => void {
  endListeners.add(listener);
  return () => endListeners.delete(listener);
}

export function useSessionEnd(): SessionEnd | null {
  return useSyncExternalStore(subscribeEnd, () => lastEnd);
}

function noteSessionEnd(end: SessionEnd | null): void {
  lastEnd = end;
  for (const listener of endListeners) listener();
}

/** A new session (sign-in, a new user): drop everything cached for whoever was here before. */
export function acceptSession(queryClient: QueryClient, view: SessionView, opts: { newUser?: boolean } = {}): void {
  noteSessionEnd(null);
  setCsrfToken(view.csrfToken);
  if (opts.newUser) queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== sessionKey[0] });
  queryClient.setQueryData(sessionKey, view);
}

/** After sign-out or when the server says the session has ended, and why. */
export function forgetSession(queryClient: QueryClient, end: SessionEnd): void {
  noteSessionEnd(end);
  setCsrfToken(null);
  queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== sessionKey[0] });
  queryClient.setQueryData(sessionKey, null);
}
