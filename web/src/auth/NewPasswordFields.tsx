import { PasswordInput, Stack, Text } from '@mantine/core';

export const minPasswordLength = 12;

/** Password and confirmation, with the rules said up front (NIST: length, not composition). */
export function NewPasswordFields({
  password,
  confirm,
  onPassword,
  onConfirm,
  error,
  label = 'New password',
}: {
  password: string;
  confirm: string;
  onPassword: (value: string) => void;
  onConfirm: (value: string) => void;
  error: string | undefined;
  label?: string;
}) {
  const mismatch = confirm.length > 0 && confirm !== password ? 'does not match the password' : undefined;
  return (
    <Stack gap="xs">
      <PasswordInput
        label={label}
        autoComplete="new-password"
        required
        value={password}
        onChange={(e) => onPassword(e.currentTarget.value)}
        error={error}
        description={`At least ${minPasswordLength} characters. A passphrase of several words is easy to remember and hard to guess; common passwords are refused.`}
      />
      <PasswordInput
        label="Repeat the password"
        autoComplete="new-password"
        required
        value={confirm}
        onChange={(e) => onConfirm(e.currentTarget.value)}
        error={mismatch}
      />
      {password.length > 0 && password.length < minPasswordLength && (
        <Text size="xs" c="dimmed">
          {minPasswordLength - password.length} more character{minPasswordLength - password.length === 1 ? '' : 's'}{' '}
          needed.
        </Text>
      )}
    </Stack>
  );
}

export function passwordReady(password: string, confirm: string): boolean {
  return password.length >= minPasswordLength && password === confirm;
}
