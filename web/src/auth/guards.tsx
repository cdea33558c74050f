/**
 * Route guards. A page behind RequireSignedIn needs a full session (password and, where set up
 * or required, the second factor); RequirePasswordSession only the password step (MFA enrolment).
 * Both send people where their session status says they belong and remember where they were
 * going.
 */
import { Center, Loader } from '@mantine/core';
import { Navigate, Outlet, useLocation } from 'react-router';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { nextPathFor } from './auth-state.ts';
import { useSession, useSessionEnd } from './session.ts';

function Loading() {
  return (
    <Center py="xl">
      <Loader aria-label="Loading" />
    </Center>
  );
}

export function RequireSignedIn() {
  const session = useSession();
  const end = useSessionEnd();
  const location = useLocation();
  const from = `${location.pathname}${location.search}`;
  if (session.isPending) return <Loading />;
  if (session.isError) return <ErrorAlert error={session.error} />;
  if (!session.data) return <Navigate to="/sign-in" replace state={{ from, ...end }} />;
  if (session.data.status !== 'signed_in')
    return <Navigate to={nextPathFor(session.data.status, from)} replace state={{ from }} />;
  return <Outlet />;
}

export function RequirePasswordSession() {
  const session = useSession();
  const end = useSessionEnd();
  const location = useLocation();
  const from = `${location.pathname}${location.search}`;
  if (session.isPending) return <Loading />;
  if (session.isError) return <ErrorAlert error={session.error} />;
  if (!session.data) return <Navigate to="/sign-in" replace state={{ from, ...end }} />;
  if (session.data.status === 'mfa_required') return <Navigate to="/sign-in/mfa" replace state={{ from }} />;
  return <Outlet />;
}
