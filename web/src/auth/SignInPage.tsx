import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, Navigate, useLocation } from 'react-router';
import { sessionViewSchema } from '../../../src/core/identity/schema.ts';
import { ApiError, apiRequest } from '../api/client.ts';
import { fieldErrorsOf } from '../api/form-errors.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { useRetryAfter } from '../ui/useRetryAfter.ts';
import { nextPathFor, readAuthState } from './auth-state.ts';
import { acceptSession, useSession } from './session.ts';
import { useSetupState } from './setup-state.ts';
import { ThrottleAlert } from './ThrottleAlert.tsx';
import { PageTitle } from '../ui/PageTitle.tsx';

function SetupNotice() {
  const setup = useSetupState();
  if (!setup.data?.needed) return null;
  return (
    <Alert color="blue" title="Tandem is not set up yet">
      Nobody can sign in until the first administrator exists. Open the one-time setup link that Tandem printed when it
      started, or run <code>./bin/tandem setup</code> on the server.
    </Alert>
  );
}

export function SignInPage() {
  const queryClient = useQueryClient();
  const session = useSession();
  const state = readAuthState(useLocation().state);
  const [email, setEmail] = useState(state.email ?? '');
  const [password, setPassword] = useState('');
  const throttle = useRetryAfter();
  const signIn = useMutation({
    mutationFn: (body: { email: string; password: string }) =>
      apiRequest(sessionViewSchema, '/api/v1/auth/sign-in', { method: 'POST', body }),
    onSuccess: (view) => acceptSession(queryClient, view, { newUser: true }),
    onError: throttle.note,
  });

  if (session.data) {
    return <Navigate to={nextPathFor(session.data.status, state.from)} replace state={{ from: state.from }} />;
  }

  const fields = fieldErrorsOf(signIn.error);
  const wrongCredentials = signIn.error instanceof ApiError && signIn.error.status === 401;
  const throttled = signIn.error instanceof ApiError && signIn.error.status === 429;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate({ email, password });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <PageTitle title="Sign in" />
        {state.notice && (
          <Alert color="blue" role="status">
            {state.notice}
          </Alert>
        )}
        <SetupNotice />
        {wrongCredentials && (
          <Alert color="red" role="alert" title="Wrong email or password">
            Check both and try again. After several failed attempts, signing in is paused for a while.
          </Alert>
        )}
        {throttled && <ThrottleAlert remaining={throttle.remaining} />}
        {!wrongCredentials && !throttled && <ErrorAlert error={signIn.error} fields={['email', 'password']} />}
        <TextInput
          label="Email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
          error={fields.email}
          autoFocus={!email}
        />
        <PasswordInput
          label="Password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={fields.password}
          autoFocus={Boolean(email)}
        />
        <Button type="submit" loading={signIn.isPending} disabled={throttle.remaining > 0 || !email || !password}>
          Sign in
        </Button>
        <Anchor component={Link} to="/forgot-password" size="sm">
          Forgot password?
        </Anchor>
        <Text size="sm" c="dimmed">
          New here? Your administrator sends you an invitation link.
        </Text>
      </Stack>
    </form>
  );
}
