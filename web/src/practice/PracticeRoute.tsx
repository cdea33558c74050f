import { Alert } from '@mantine/core';
import { useEffect } from 'react';
import { Outlet, useSearchParams } from 'react-router';
import { TicketPalette } from '../desk/TicketPalette.tsx';
import { PracticeContext, useCurrentPractice } from './current-practice.ts';

/**
 * Practice pages need a practice: the current one, or a word on why there is none. A link that
 * names one (`?practice=<id>`, as emails carry) makes it the current practice when the person is
 * a member, and the parameter leaves the address; otherwise the page says so and shows nothing.
 */
export function PracticeRoute() {
  const { practice, memberships, choose } = useCurrentPractice();
  const [params, setParams] = useSearchParams();
  const asked = params.get('practice');
  const linked = asked === null ? undefined : memberships.find((m) => m.practiceId === asked);
  useEffect(() => {
    if (!linked) return;
    choose(linked.practiceId);
    setParams(
      (current) => {
        const rest = new URLSearchParams(current);
        rest.delete('practice');
        return rest;
      },
      { replace: true },
    );
  }, [linked, choose, setParams]);

  if (asked !== null && !linked) {
    return (
      <Alert color="orange" title="Not a practice of yours">
        This link is for a practice you have no role in, so there is nothing to show. If you should have access, ask one
        of its administrators to add you; if you have several accounts, sign in with the one the email was sent to.
      </Alert>
    );
  }
  const current = linked ?? practice;
  if (!current) {
    return (
      <Alert color="orange" title="No practice yet">
        You do not have a role in any practice. Ask an administrator to add you to one.
      </Alert>
    );
  }
  return (
    <PracticeContext.Provider value={current}>
      <Outlet key={current.practiceId} />
      <TicketPalette />
    </PracticeContext.Provider>
  );
}
