/**
 * Route guards. A page behind RequireSignedIn needs a full session (password and, where set up
 * or required, the second factor); RequirePasswordSession only the password step (MFA enrolment).
 * Both send people where their session status says they belong and remember where they were
 * going.
 */
import { Center, Loader } from '@mantine/core';
import { useDeferredValue } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { nextPathFor } from './auth-state.ts';
import { useSession, useSessionEnd } from './session.ts';

/** What a guarded page shows while the session loads (and the prerendered frame before the scripts). */
export function SessionLoading() {
  return (
    <Center py="xl">
      <Loader aria-label="Loading" />
    </Center>
  );
}

/**
 * True until the session has arrived and the page has been drawn in the background. The session's
 * arrival re-renders at once (TanStack Query's store update is synchronous); deferring this
 * flag keeps the loader up for that render and draws the whole page in a background render that
 * yields to the browser every few milliseconds, instead of one long task (issue 22: blocking time).
 */
function useSessionLoading(session: ReturnType<typeof useSession>): boolean {
  return useDeferredValue(session.isPending);
}

export function RequireSignedIn() {
  const session = useSession();
  const loading = useSessionLoading(session);
  const end = useSessionEnd();
  const location = useLocation();
  const from = `${location.pathname}${location.search}`;
  if (loading || session.isPending) return <SessionLoading />;
  if (session.isError) return <ErrorAlert error={session.error} />;
  if (!session.data) return <Navigate to="/sign-in" replace state={{ from, ...end }} />;
  if (session.data.status !== 'signed_in')
    return <Navigate to={nextPathFor(session.data.status, from)} replace state={{ from }} />;
  return <Outlet />;
}

export function RequirePasswordSession() {
  const session = useSession();
  const loading = useSessionLoading(session);
  const end = useSessionEnd();
  const location = useLocation();
  const from = `${location.pathname}${location.search}`;
  if (loading || session.isPending) return <SessionLoading />;
  if (session.isError) return <ErrorAlert error={session.error} />;
  if (!session.data) return <Navigate to="/sign-in" replace state={{ from, ...end }} />;
  if (session.data.status === 'mfa_required') return <Navigate to="/sign-in/mfa" replace state={{ from }} />;
  return <Outlet />;
}
