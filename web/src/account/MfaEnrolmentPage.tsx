import { Alert, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { readAuthState } from '../auth/auth-state.ts';
import { sessionKey, useSession } from '../auth/session.ts';
import { useSignOut } from '../auth/useSignOut.ts';
import { PageTitle } from '../ui/PageTitle.tsx';
import { AccountTabs } from './AccountTabs.tsx';
import { EnrolmentSteps } from './EnrolmentSteps.tsx';
import { MfaChanges } from './MfaChanges.tsx';
import { RecoveryCodes } from './RecoveryCodes.tsx';

/**
 * /account/mfa: set up an authenticator app (required for IT roles before anything else), or
 * replace it. Ends with the recovery codes, shown once.
 */
export function MfaEnrolmentPage() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const session = useSession().data;
  const state = readAuthState(useLocation().state);
  const signOut = useSignOut();
  const [replacing, setReplacing] = useState(false);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [finishing, setFinishing] = useState(false);
  if (!session) return null;

  const forced = session.status === 'mfa_enrolment_required';
  const finish = async () => {
    setFinishing(true);
    try {
      await queryClient.refetchQueries({ queryKey: sessionKey });
    } finally {
      setFinishing(false);
    }
    setCodes(null);
    setReplacing(false);
    if (forced) void navigate(state.from && state.from !== '/account/mfa' ? state.from : '/', { replace: true });
  };

  let body;
  if (codes) {
    body = <RecoveryCodes codes={codes} email={session.user.email} onDone={() => void finish()} busy={finishing} />;
  } else if (session.user.mfaEnabled && !forced && !replacing) {
    body = (
      <Stack align="flex-start">
        <Group gap="xs">
          <Text>Two-factor authentication is</Text>
          <Badge color="green">on</Badge>
        </Group>
        <Text size="sm" c="dimmed">
          You sign in with your password and a code from your authenticator app. To move to a new phone, set up the app
          again and finish with a code from the new phone.
        </Text>
        <Button variant="light" onClick={() => setReplacing(true)}>
          Set up a new authenticator app
        </Button>
        <MfaChanges email={session.user.email} required={session.user.mfaRequired} />
      </Stack>
    );
  } else {
    body = <EnrolmentSteps userId={session.user.id} onConfirmed={setCodes} />;
  }

  return (
    <Stack maw={760}>
      <PageTitle
        title="Two-factor authentication"
        description="A code from an app on your phone, on top of your password."
      />
      {!forced && <AccountTabs />}
      {forced && !codes && (
        <Alert color="blue" title="Set up two-factor authentication to continue">
          Your role requires a second factor before you can use Tandem. It takes about a minute.{' '}
          <Button variant="subtle" size="compact-sm" onClick={() => signOut.mutate()}>
            Sign out instead
          </Button>
        </Alert>
      )}
      {body}
    </Stack>
  );
}
