import { Alert, Anchor, Button, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { z } from 'zod';
import { ApiError, apiRequest } from '../api/client.ts';
import { fieldErrorsOf } from '../api/form-errors.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { NewPasswordFields, passwordReady } from './NewPasswordFields.tsx';
import { PageTitle } from '../ui/PageTitle.tsx';

/** /set-password?token=...: the one-time link of an administrator's password reset. */
export function SetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const setPw = useMutation({
    mutationFn: () =>
      apiRequest(z.object({ ok: z.literal(true) }), '/api/v1/auth/set-password', {
        method: 'POST',
        body: { token, password },
      }),
    onSuccess: () =>
      void navigate('/sign-in', {
        replace: true,
        state: { notice: 'Your password is set. Sign in with your email and the new password.' },
      }),
  });

  if (!token) {
    return (
      <Stack>
        <PageTitle title="Set your password" />
        <Alert color="orange">This page needs the link your administrator sent you. Open that link again.</Alert>
      </Stack>
    );
  }
  const linkInvalid =
    setPw.error instanceof ApiError &&
    (setPw.error.status === 404 || setPw.error.details.some((d) => d.path === 'body.token'));
  const fields = fieldErrorsOf(setPw.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setPw.mutate();
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <PageTitle title="Set your password" />
        <Text size="sm">Choose the password you will use to sign in to Tandem. This link works once.</Text>
        {linkInvalid ? (
          <Alert color="red" role="alert" title="This link cannot be used">
            {setPw.error?.message} Ask your administrator for a new one.
          </Alert>
        ) : (
          <ErrorAlert error={setPw.error} fields={['password']} />
        )}
        <NewPasswordFields
          password={password}
          confirm={confirm}
          onPassword={setPassword}
          onConfirm={setConfirm}
          error={fields.password}
        />
        <Button type="submit" loading={setPw.isPending} disabled={!passwordReady(password, confirm)}>
          Set password
        </Button>
        <Anchor component={Link} to="/sign-in" size="sm">
          I already have a password: sign in
        </Anchor>
      </Stack>
    </form>
  );
}
