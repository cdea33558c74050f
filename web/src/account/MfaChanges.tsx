import { Alert, Button, Group, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { z } from 'zod';
import { recoveryCodesSchema } from '../../../src/core/identity/schema.ts';
import { ApiError, apiRequest } from '../api/client.ts';
import { fieldErrorsOf } from '../api/form-errors.ts';
import { sessionKey } from '../auth/session.ts';
import { ThrottleAlert } from '../auth/ThrottleAlert.tsx';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { useRetryAfter } from '../ui/useRetryAfter.ts';
import { RecoveryCodes } from './RecoveryCodes.tsx';

type Change = 'codes' | 'off';

const okSchema = z.object({ ok: z.literal(true) });

const titles: Record<Change, string> = {
  codes: 'New recovery codes',
  off: 'Turn off two-factor authentication',
};

const explanations: Record<Change, string> = {
  codes:
    'Your current recovery codes stop working and ten new ones are shown once. Confirm with your password or a code from your authenticator app.',
  off: 'Your password alone will sign you in, and your authenticator app and recovery codes stop working. Confirm with your password and a code from your authenticator app.',
};

/**
 * On the two-factor page once MFA is on: new recovery codes, and turning MFA off (not offered,
 * with the reason, when a role requires it). Each asks for proof in a dialog; you are emailed
 * after either.
 */
export function MfaChanges({ email, required }: { email: string; required: boolean }) {
  const [change, setChange] = useState<Change>('codes');
  const [opened, dialog] = useDisclosure(false);
  const open = (which: Change) => {
    setChange(which);
    dialog.open();
  };
  return (
    <Stack align="flex-start">
      <Group>
        <Button variant="light" onClick={() => open('codes')}>
          New recovery codes
        </Button>
        {!required && (
          <Button variant="light" color="red" onClick={() => open('off')}>
            Turn off two-factor authentication
          </Button>
        )}
      </Group>
      {required && (
        <Text size="sm" c="dimmed">
          Your role requires two-factor authentication, so it cannot be turned off.
        </Text>
      )}
      <Modal opened={opened} onClose={dialog.close} title={titles[change]}>
        {opened && <ProofForm change={change} email={email} onClose={dialog.close} />}
      </Modal>
    </Stack>
  );
}

function ProofForm({ change, email, onClose }: { change: Change; email: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const throttle = useRetryAfter();
  const run = useMutation({
    mutationFn: async (): Promise<string[] | null> => {
      if (change === 'codes') {
        const body = { ...(password ? { password } : {}), ...(code ? { code } : {}) };
        const issued = await apiRequest(recoveryCodesSchema, '/api/v1/auth/mfa/recovery-codes', {
          method: 'POST',
          body,
        });
        return issued.recoveryCodes;
      }
      await apiRequest(okSchema, '/api/v1/auth/mfa/turn-off', { method: 'POST', body: { password, code } });
      return null;
    },
    onSuccess: async () => {
      if (change === 'off') {
        await queryClient.invalidateQueries({ queryKey: sessionKey });
        onClose();
      }
    },
    onError: throttle.note,
  });
  if (run.data) return <RecoveryCodes codes={run.data} email={email} onDone={onClose} busy={false} />;

  const fields = fieldErrorsOf(run.error);
  const throttled = run.error instanceof ApiError && run.error.status === 429;
  const ready = change === 'codes' ? Boolean(password || code) : Boolean(password && code);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    run.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Alert color={change === 'off' ? 'red' : 'yellow'}>{explanations[change]}</Alert>
        {throttled ? (
          <ThrottleAlert remaining={throttle.remaining} />
        ) : (
          <ErrorAlert error={run.error} fields={['password', 'code']} />
        )}
        <PasswordInput
          label="Current password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={fields.password}
        />
        <TextInput
          label="Code from your authenticator app"
          autoComplete="one-time-code"
          inputMode="numeric"
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          error={fields.code}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            type="submit"
            color={change === 'off' ? 'red' : 'blue'}
            loading={run.isPending}
            disabled={!ready || throttle.remaining > 0}
          >
            {change === 'off' ? 'Turn off' : 'Show new codes'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
