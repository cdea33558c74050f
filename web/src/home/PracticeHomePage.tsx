import { Alert, Anchor, Stack } from '@mantine/core';
import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import { useCurrentPractice } from '../practice/current-practice.ts';
import { PageTitle } from '../ui/PageTitle.tsx';
import { PracticeHomeView } from './PracticeHomeView.tsx';

/**
 * /home/practices/:practiceId, one practice from the MSP administrator's list: it becomes the
 * current practice, so the steps' links (advisor, matrix, people) open on it.
 */
export function PracticeHomePage() {
  const { practiceId = '' } = useParams();
  const { memberships, choose } = useCurrentPractice();
  const membership = memberships.find((m) => m.practiceId === practiceId);
  useEffect(() => {
    if (membership) choose(membership.practiceId);
  }, [membership, choose]);
  if (!membership) {
    return (
      <Stack>
        <PageTitle title="Practice not found" />
        <Alert color="orange">
          You have no role in this practice.{' '}
          <Anchor component={Link} to="/home">
            Back to your practices
          </Anchor>
        </Alert>
      </Stack>
    );
  }
  return (
    <Stack>
      <PageTitle
        title={membership.practiceName}
        description={
          <Anchor component={Link} to="/home">
            All your practices
          </Anchor>
        }
      />
      <PracticeHomeView practiceId={practiceId} />
    </Stack>
  );
}
