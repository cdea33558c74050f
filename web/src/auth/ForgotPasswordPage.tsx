import { Alert, Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { passwordResetRequestedSchema } from '../../../src/core/identity/schema.ts';
import { ApiError, apiRequest } from '../api/client.ts';
import { fieldErrorsOf } from '../api/form-errors.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { PageTitle } from '../ui/PageTitle.tsx';

/** /forgot-password: asks for a reset email. The answer is the same whether or not the address has an account. */
export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const ask = useMutation({
    mutationFn: () =>
      apiRequest(passwordResetRequestedSchema, '/api/v1/auth/password-reset', { method: 'POST', body: { email } }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    ask.mutate();
  };
  const throttled = ask.error instanceof ApiError && ask.error.status === 429;

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <PageTitle title="Forgot your password?" />
        {ask.data ? (
          <Alert color="blue" role="status" title="Check your email">
            {ask.data.message}
          </Alert>
        ) : (
          <>
            <Text size="sm">
              Enter the email address of your Tandem account and we will email you a link to choose a new password. A
              reset does not remove two-step sign-in: you still need your authenticator.
            </Text>
            {throttled ? (
              <Alert color="orange" role="alert" title="Too many requests">
                {ask.error?.message}
              </Alert>
            ) : (
              <ErrorAlert error={ask.error} fields={['email']} />
            )}
            <TextInput
              label="Email"
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={fieldErrorsOf(ask.error).email}
              autoFocus
            />
            <Button type="submit" loading={ask.isPending} disabled={!email}>
              Email me a link
            </Button>
          </>
        )}
        <Anchor component={Link} to="/sign-in" size="sm">
          Back to sign in
        </Anchor>
      </Stack>
    </form>
  );
}
