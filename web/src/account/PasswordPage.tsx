import { Alert, Button, PasswordInput, Stack } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { passwordChangedSchema } from '../../../src/core/identity/schema.ts';
import { ApiError, apiRequest } from '../api/client.ts';
import { fieldErrorsOf } from '../api/form-errors.ts';
import { NewPasswordFields, passwordReady } from '../auth/NewPasswordFields.tsx';
import { ThrottleAlert } from '../auth/ThrottleAlert.tsx';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { PageTitle } from '../ui/PageTitle.tsx';
import { useRetryAfter } from '../ui/useRetryAfter.ts';
import { AccountTabs } from './AccountTabs.tsx';

/** /account/password: change your password with the current one; your other sessions end. */
export function PasswordPage() {
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [confirm, setConfirm] = useState('');
  const throttle = useRetryAfter();
  const change = useMutation({
    mutationFn: () =>
      apiRequest(passwordChangedSchema, '/api/v1/auth/password', {
        method: 'POST',
        body: { currentPassword, newPassword },
      }),
    onSuccess: () => {
      setCurrent('');
      setNew('');
      setConfirm('');
    },
    onError: throttle.note,
  });
  const fields = fieldErrorsOf(change.error);
  const throttled = change.error instanceof ApiError && change.error.status === 429;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate();
  };
  const ended = change.data?.otherSessionsEnded;
  return (
    <Stack>
      <PageTitle title="Account" description="Change the password you sign in with." />
      <AccountTabs />
      <form onSubmit={submit} noValidate>
        <Stack maw={480}>
          {ended !== undefined && (
            <Alert color="green" role="status" title="Your password is changed">
              {ended === 0
                ? 'You had no other sessions.'
                : `${ended} other session${ended === 1 ? '' : 's'} of yours ended: sign in there with the new password.`}
            </Alert>
          )}
          {throttled ? (
            <ThrottleAlert remaining={throttle.remaining} />
          ) : (
            <ErrorAlert error={change.error} fields={['currentPassword', 'newPassword']} />
          )}
          <PasswordInput
            label="Current password"
            autoComplete="current-password"
            required
            value={currentPassword}
            onChange={(e) => setCurrent(e.currentTarget.value)}
            error={fields.currentPassword}
          />
          <NewPasswordFields
            password={newPassword}
            confirm={confirm}
            onPassword={setNew}
            onConfirm={setConfirm}
            error={fields.newPassword}
          />
          <Button
            type="submit"
            loading={change.isPending}
            disabled={throttle.remaining > 0 || !currentPassword || !passwordReady(newPassword, confirm)}
          >
            Change password
          </Button>
        </Stack>
      </form>
    </Stack>
  );
}
