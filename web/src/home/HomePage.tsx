import { Alert, Stack, Title } from '@mantine/core';
import { useCurrentPractice } from '../practice/current-practice.ts';
import { PageTitle } from '../ui/PageTitle.tsx';
import { PracticeHomeView } from './PracticeHomeView.tsx';
import { PracticesTable } from './PracticesTable.tsx';

/**
 * /home, where signing in lands: for an MSP administrator, every practice it serves; for everyone
 * else, the current practice's next steps and what needs their attention.
 */
export function HomePage() {
  const { practice, memberships } = useCurrentPractice();
  const servesPractices = memberships.some((m) => m.role === 'msp_admin');
  if (servesPractices) {
    return (
      <Stack>
        <PageTitle title="Home" description="The practices you serve, those that need you first." />
        <Title order={2} size="h4">
          Your practices
        </Title>
        <PracticesTable />
      </Stack>
    );
  }
  return (
    <Stack>
      <PageTitle title="Home" description={practice ? `Where ${practice.practiceName} stands in Tandem.` : undefined} />
      {practice ? (
        <PracticeHomeView practiceId={practice.practiceId} />
      ) : (
        <Alert color="orange" title="No practice yet">
          You do not have a role in any practice. Ask an administrator to add you to one.
        </Alert>
      )}
    </Stack>
  );
}
