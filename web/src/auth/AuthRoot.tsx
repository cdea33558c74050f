/**
 * The top of the route tree: loads the session once for every page (which also arms the CSRF
 * header), and handles sessions that end under the user's feet. When any API call answers 401
 * while we believed someone was signed in, the server has ended the session (idle timeout,
 * absolute timeout, signed out elsewhere, access changed): forget it and go to sign-in, saying
 * which as far as the page can tell, and remembering the page.
 * While the page sits idle, one check after the idle timeout finds out without a click.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Outlet, useNavigate } from 'react-router';
import { lastApiActivity, onUnauthenticated } from '../api/client.ts';
import { forgetSession, sessionKey, useSession, type SessionView } from './session.ts';

/** Their 401 means "wrong password or code", not "your session ended". */
const credentialChecks = new Set(['/api/v1/auth/sign-in', '/api/v1/auth/mfa/verify']);

const idleCheckEveryMs = 15_000;
const idleGraceMs = 5_000;

export function idleNotice(minutes: number): string {
  return `You were signed out after ${minutes} minutes without activity. Sign in again to continue.`;
}

/** A session that ended while in use: signed out elsewhere, or an administrator changed this account's access. */
export const endedNotice =
  'Your session ended: you were signed out elsewhere, or your access changed. Sign in again to continue.';

export function AuthRoot() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const session = useSession();
  const idleMinutes = session.data?.idleTimeoutMinutes;

  useEffect(
    () =>
      onUnauthenticated((path, quietMs) => {
        if (credentialChecks.has(path)) return;
        const current = queryClient.getQueryData<SessionView | null>(sessionKey);
        if (!current) return;
        // Idle only when the page really was quiet that long; otherwise the server ended it.
        const idle = quietMs >= current.idleTimeoutMinutes * 60_000;
        const notice = idle ? idleNotice(current.idleTimeoutMinutes) : endedNotice;
        const end = { notice, email: current.user.email };
        forgetSession(queryClient, end);
        const from = `${window.location.pathname}${window.location.search}`;
        void navigate('/sign-in', { replace: true, state: { from, ...end } });
      }),
    [queryClient, navigate],
  );

  useEffect(() => {
    if (idleMinutes === undefined) return;
    const idleMs = idleMinutes * 60_000;
    const timer = window.setInterval(() => {
      if (Date.now() - lastApiActivity() > idleMs + idleGraceMs)
        void queryClient.refetchQueries({ queryKey: sessionKey });
    }, idleCheckEveryMs);
    return () => window.clearInterval(timer);
  }, [idleMinutes, queryClient]);

  return <Outlet />;
}
