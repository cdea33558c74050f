import { Alert, Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { fieldErrorsOf } from '../api/form-errors.ts';
import { CopyField } from '../ui/CopyField.tsx';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { invitationsKey, membersApi, type InvitationCreated } from './members-api.ts';
import { isRole, roleLabels, roleOptions, type Role } from './roles.ts';

function Created({
  created,
  practiceName,
  onDone,
}: {
  created: InvitationCreated;
  practiceName: string;
  onDone: () => void;
}) {
  const { invitation, invitationLink, emailedTo } = created;
  return (
    <Stack>
      <Text>
        <strong>{invitation.displayName}</strong> is invited as {roleLabels[invitation.role]} of {practiceName}. They
        join when they accept.
      </Text>
      {invitationLink ? (
        <>
          <Alert color="yellow" title="Send this link to them yourself">
            Only {invitation.email} should open it, within 72 hours: it works once. Tandem has no email server set up,
            so it did not email it, and will not show it again. If they already have a Tandem account they sign in to
            accept; otherwise they choose a password.
          </Alert>
          <CopyField value={invitationLink} label="Invitation link" testId="invitation-link" />
        </>
      ) : (
        <Alert color="blue" title="Invitation emailed" data-testid="invitation-emailed">
          Tandem emailed the invitation to {emailedTo}. Only they receive the link, which works once, within 72 hours.
          If it does not arrive, send it again from the invitations list.
        </Alert>
      )}
      <Group justify="flex-end">
        <Button onClick={onDone}>Done</Button>
      </Group>
    </Stack>
  );
}

/** Add a person: name, email and role make an invitation, whose one-time link is emailed to them or shown once. */
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
    mutationFn: () => membersApi.invite(practiceId, { email, displayName, role }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: invitationsKey(practiceId) }),
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
      title={
        add.data ? (add.data.emailedTo ? 'Invitation sent' : 'Invitation ready') : `Add a person to ${practiceName}`
      }
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
