import { Alert, Anchor, Button, Group, Image, List, Loader, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { mfaEnrolmentSchema, recoveryCodesSchema } from '../../../src/core/identity/schema.ts';
import { ApiError, apiRequest } from '../api/client.ts';
import { fieldErrorsOf } from '../api/form-errors.ts';
import { CopyField } from '../ui/CopyField.tsx';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';

/**
 * The SVG comes from our own server, but it is still shown through <img>: an image cannot run
 * script or reach the page, whatever the markup holds.
 */
function qrImageSrc(svg: string): string {
  return `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`;
}

/**
 * Starting enrolment creates a new secret on the server. It is read through useQuery rather than
 * an effect so that one visit asks once (React Query de-duplicates, even under StrictMode), and
 * it is forgotten when the page closes (gcTime 0) so the next visit starts afresh.
 */
function useEnrolment(userId: string) {
  return useQuery({
    queryKey: ['mfa-enrolment', userId],
    queryFn: () => apiRequest(mfaEnrolmentSchema, '/api/v1/auth/mfa/enrolment', { method: 'POST' }),
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
}

export function EnrolmentSteps({ userId, onConfirmed }: { userId: string; onConfirmed: (codes: string[]) => void }) {
  const enrolment = useEnrolment(userId);
  const [code, setCode] = useState('');
  const confirm = useMutation({
    mutationFn: () =>
      apiRequest(recoveryCodesSchema, '/api/v1/auth/mfa/enrolment/confirm', { method: 'POST', body: { code } }),
    onSuccess: (result) => onConfirmed(result.recoveryCodes),
  });

  if (enrolment.isPending) return <Loader aria-label="Preparing your QR code" />;
  if (enrolment.isError) return <ErrorAlert error={enrolment.error} />;

  const fields = fieldErrorsOf(confirm.error);
  const codeError = fields.code && confirm.error instanceof ApiError ? confirm.error.message : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    confirm.mutate();
  };

  return (
    <Stack>
      <List type="ordered" spacing="sm">
        <List.Item>
          Install an authenticator app on your phone if you have none yet, for example Microsoft Authenticator, Google
          Authenticator or the one in your password manager.
        </List.Item>
        <List.Item>In the app, add an account and scan this QR code.</List.Item>
      </List>
      <Group align="flex-start" gap="xl" wrap="wrap">
        <Image
          src={qrImageSrc(enrolment.data.qrSvg)}
          alt="QR code to scan with your authenticator app"
          w={208}
          h={208}
          fit="contain"
          radius="sm"
          style={{ border: '1px solid var(--mantine-color-gray-3)' }}
          data-testid="mfa-qr"
        />
        <Stack gap="xs" style={{ flex: 1, minWidth: 240 }}>
          <Text size="sm" fw={500}>
            Cannot scan? Enter this key in the app instead:
          </Text>
          <CopyField value={enrolment.data.secret} label="Setup key" testId="mfa-secret" />
          <Text size="xs" c="dimmed">
            Type: time-based (TOTP), 6 digits, every 30 seconds.{' '}
            <Anchor href={enrolment.data.uri} size="xs">
              Open in an authenticator app on this device
            </Anchor>
          </Text>
        </Stack>
      </Group>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text>3. Enter the 6-digit code the app now shows for Tandem.</Text>
          {!codeError && <ErrorAlert error={confirm.error} fields={['code']} />}
          <Group align="flex-start">
            <TextInput
              label="6-digit code"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              value={code}
              onChange={(e) => setCode(e.currentTarget.value.replace(/\D/g, ''))}
              error={codeError}
              w={220}
            />
            <Button type="submit" mt={25} loading={confirm.isPending} disabled={code.length !== 6}>
              Turn on two-factor authentication
            </Button>
          </Group>
        </Stack>
      </form>
      <Alert color="gray" variant="light">
        After this, you will sign in with your password and a code from the app.
      </Alert>
    </Stack>
  );
}
