import { Alert, Anchor, Button, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { z } from 'zod';
import { ApiError, apiRequest } from '../api/client.ts';
import { fieldErrorsOf } from '../api/form-errors.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { NewPasswordFields, passwordReady } from './NewPasswordFields.tsx';
import { PageTitle } from '../ui/PageTitle.tsx';

/** What differs between the pages that choose a password through a one-time link. */
interface LinkKind {
  title: string;
  endpoint: string;
  intro: ReactNode;
  /** Where a new link comes from, after the sentence saying this one cannot be used. */
  newLink: ReactNode;
  noToken: string;
  done: string;
}

/** Choosing a password through a one-time link's token (?token=...), then off to sign in. */
function PasswordLinkPage({ kind }: { kind: LinkKind }) {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const setPw = useMutation({
    mutationFn: () => apiRequest(z.object({}), kind.endpoint, { method: 'POST', body: { token, password } }),
    onSuccess: () => void navigate('/sign-in', { replace: true, state: { notice: kind.done } }),
  });

  if (!token) {
    return (
      <Stack>
        <PageTitle title={kind.title} />
        <Alert color="orange">{kind.noToken}</Alert>
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
        <PageTitle title={kind.title} />
        {kind.intro}
        {linkInvalid ? (
          <Alert color="red" role="alert" title="This link cannot be used">
            {setPw.error?.message} {kind.newLink}
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

const setPasswordLink: LinkKind = {
  title: 'Set your password',
  endpoint: '/api/v1/auth/set-password',
  intro: <Text size="sm">Choose the password you will use to sign in to Tandem. This link works once.</Text>,
  newLink: 'Ask your administrator for a new one.',
  noToken: 'This page needs the link your administrator sent you. Open that link again.',
  done: 'Your password is set. Sign in with your email and the new password.',
};

/** /set-password?token=...: the one-time link of an administrator's password reset. */
export function SetPasswordPage() {
  return <PasswordLinkPage kind={setPasswordLink} />;
}

const resetLink: LinkKind = {
  title: 'Choose a new password',
  endpoint: '/api/v1/auth/password-reset/complete',
  intro: (
    <>
      <Text size="sm">
        Choose the new password of your Tandem account. This link works once; every place you are signed in is signed
        out.
      </Text>
      <Text size="sm">
        A reset does not change two-step sign-in: if you use an authenticator app, you still need it (or a recovery
        code) to sign in.
      </Text>
    </>
  ),
  newLink: (
    <Anchor component={Link} to="/forgot-password">
      Ask for a new link.
    </Anchor>
  ),
  noToken: 'This page needs the link from the password reset email. Open that link again.',
  done: 'Your password is changed and you are signed out everywhere. Sign in with the new password.',
};

/** /reset-password?token=...: the link of a "forgot password" email. */
export function ResetPasswordPage() {
  return <PasswordLinkPage kind={resetLink} />;
}
