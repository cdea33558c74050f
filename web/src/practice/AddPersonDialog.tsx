import { Alert, Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { fieldErrorsOf } from '../api/form-errors.ts';
import { CopyField } from '../ui/CopyField.tsx';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { membersApi, membersKey, type MemberCreated } from './members-api.ts';
import { isRole, roleLabels, roleOptions, type Role } from './roles.ts';

function Created({
  created,
  practiceName,
  onDone,
}: {
  created: MemberCreated;
  practiceName: string;
  onDone: () => void;
}) {
  const { member, setPasswordLink } = created;
  return (
    <Stack>
      <Text>
        <strong>{member.displayName}</strong> is now {roleLabels[member.role]} of {practiceName}.
      </Text>
      {setPasswordLink ? (
        <>
          <Alert color="yellow" title="Send this link to them yourself">
            It lets {member.email} set a password, once, within 72 hours. Tandem does not email it and will not show it
            again.
          </Alert>
          <CopyField value={setPasswordLink} label="Set-password link" testId="set-password-link" />
        </>
      ) : (
        <Alert color="blue">{member.email} already has a Tandem account and can sign in now.</Alert>
      )}
      <Group justify="flex-end">
        <Button onClick={onDone}>Done</Button>
      </Group>
    </Stack>
  );
}

/** Add a person: name, email and role; a new account gets a one-time set-password link. */
export function AddPersonDialog({
  practiceId,
  practiceName,
  opened,
  onClose,
}: {
  practiceId: string;
  practiceName: string;
  opened: boolean;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>('practice_staff');
  const add = useMutation({
    mutationFn: () => membersApi.add(practiceId, { email, displayName, role }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: membersKey(practiceId) }),
  });
  // Cleared once the dialog has faded out, so it does not flash back to an empty form.
  const reset = () => {
    setEmail('');
    setDisplayName('');
    setRole('practice_staff');
    add.reset();
  };
  const close = onClose;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate();
  };
  const fields = fieldErrorsOf(add.error);

  return (
    <Modal
      opened={opened}
      onClose={close}
      onExitTransitionEnd={reset}
      title={add.data ? 'Person added' : `Add a person to ${practiceName}`}
      size="lg"
    >
      {add.data ? (
        <Created created={add.data} practiceName={practiceName} onDone={close} />
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <ErrorAlert error={add.error} fields={['email', 'displayName', 'role']} />
            <TextInput
              label="Name"
              required
              value={displayName}
              onChange={(e) => setDisplayName(e.currentTarget.value)}
              error={fields.displayName}
              data-autofocus
            />
            <TextInput
              label="Email"
              type="email"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={fields.email}
            />
            <Select
              label="Role"
              value={role}
              onChange={(value) => isRole(value) && setRole(value)}
              data={roleOptions}
              allowDeselect={false}
              error={fields.role}
              comboboxProps={{ withinPortal: true }}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={add.isPending} disabled={!email || !displayName}>
                Add person
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
