import { Anchor, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Navigate, useLocation } from 'react-router';
import { sessionViewSchema } from '../../../src/core/identity/schema.ts';
import { ApiError, apiRequest } from '../api/client.ts';
import { fieldErrorsOf } from '../api/form-errors.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { useRetryAfter } from '../ui/useRetryAfter.ts';
import { nextPathFor, readAuthState } from './auth-state.ts';
import { acceptSession, useSession } from './session.ts';
import { ThrottleAlert } from './ThrottleAlert.tsx';
import { useSignOut } from './useSignOut.ts';
import { PageTitle } from '../ui/PageTitle.tsx';

type Proof = { code: string } | { recoveryCode: string };

/** The second step of signing in: a code from the authenticator app, or a recovery code. */
export function MfaPage() {
  const queryClient = useQueryClient();
  const session = useSession();
  const state = readAuthState(useLocation().state);
  const [useRecovery, setUseRecovery] = useState(false);
  const [code, setCode] = useState('');
  const [recoveryCode, setRecoveryCode] = useState('');
  const throttle = useRetryAfter();
  const signOut = useSignOut();
  const verify = useMutation({
    mutationFn: (body: Proof) => apiRequest(sessionViewSchema, '/api/v1/auth/mfa/verify', { method: 'POST', body }),
    onSuccess: (view) => acceptSession(queryClient, view),
    onError: throttle.note,
  });

  if (session.isPending) return null;
  if (!session.data) return <Navigate to="/sign-in" replace state={{ from: state.from }} />;
  if (session.data.status !== 'mfa_required') {
    return <Navigate to={nextPathFor(session.data.status, state.from)} replace state={{ from: state.from }} />;
  }

  const fields = fieldErrorsOf(verify.error);
  const rejected = verify.error instanceof ApiError && verify.error.status === 401 ? verify.error.message : undefined;
  const throttled = verify.error instanceof ApiError && verify.error.status === 429;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    verify.mutate(useRecovery ? { recoveryCode: recoveryCode.trim() } : { code: code.trim() });
  };
  const switchMode = () => {
    setUseRecovery((v) => !v);
    verify.reset();
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <PageTitle title="Two-factor authentication" />
        <Text size="sm">
          Signed in as <strong>{session.data.user.email}</strong>.{' '}
          {useRecovery
            ? 'Enter one of the recovery codes you saved when you set up your authenticator. Each code works once.'
            : 'Enter the 6-digit code your authenticator app shows for Tandem.'}
        </Text>
        {throttled && <ThrottleAlert remaining={throttle.remaining} />}
        {!rejected && !throttled && <ErrorAlert error={verify.error} fields={['code', 'recoveryCode']} />}
        {useRecovery ? (
          <TextInput
            key="recovery"
            label="Recovery code"
            autoComplete="off"
            spellCheck={false}
            value={recoveryCode}
            onChange={(e) => setRecoveryCode(e.currentTarget.value)}
            error={rejected ?? fields.recoveryCode}
            autoFocus
          />
        ) : (
          <TextInput
            key="code"
            label="6-digit code"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            value={code}
            onChange={(e) => setCode(e.currentTarget.value.replace(/\D/g, ''))}
            error={rejected ?? fields.code}
            autoFocus
          />
        )}
        <Button
          type="submit"
          loading={verify.isPending}
          disabled={throttle.remaining > 0 || (useRecovery ? recoveryCode.trim().length < 8 : code.length !== 6)}
        >
          Verify
        </Button>
        <Group justify="space-between">
          <Anchor component="button" type="button" size="sm" onClick={switchMode}>
            {useRecovery ? 'Use my authenticator app instead' : 'Use a recovery code'}
          </Anchor>
          <Anchor component="button" type="button" size="sm" c="dimmed" onClick={() => signOut.mutate()}>
            Cancel and sign out
          </Anchor>
        </Group>
      </Stack>
    </form>
  );
}
