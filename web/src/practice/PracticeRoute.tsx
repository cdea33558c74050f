import { Alert } from '@mantine/core';
import { Outlet } from 'react-router';
import { PracticeContext, useCurrentPractice } from './current-practice.ts';

/** Practice pages need a practice: the current one, or a word on why there is none. */
export function PracticeRoute() {
  const { practice } = useCurrentPractice();
  if (!practice) {
    return (
      <Alert color="orange" title="No practice yet">
        You do not have a role in any practice. Ask an administrator to add you to one.
      </Alert>
    );
  }
  return (
    <PracticeContext.Provider value={practice}>
      <Outlet key={practice.practiceId} />
    </PracticeContext.Provider>
  );
}
