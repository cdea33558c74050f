import { Alert, Button, Checkbox, Group, Modal, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { permissionSchema } from '../../../src/core/identity/schema.ts';
import { fieldErrorsOf } from '../api/form-errors.ts';
import { CopyField } from '../ui/CopyField.tsx';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { permissionLabels, type Permission } from './roles.ts';
import { tokensApi, tokensKey, type ApiTokenCreated } from './tokens-api.ts';

const expiryOptions = [
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '180', label: '180 days' },
  { value: '365', label: '1 year' },
  { value: '730', label: '2 years' },
  { value: 'never', label: 'Never (not recommended)' },
];

function isPermission(value: string): value is Permission {
  return permissionSchema.safeParse(value).success;
}

function Created({ created, onDone }: { created: ApiTokenCreated; onDone: () => void }) {
  return (
    <Stack>
      <Alert color="yellow" title="Copy the token now">
        This is the only time Tandem shows it; it keeps only a scrambled copy. Put it in the integration&apos;s
        configuration or a secret store, and send it as <code>Authorization: Bearer …</code>.
      </Alert>
      <CopyField value={created.token} label="API token" testId="new-api-token" />
      <Group justify="flex-end">
        <Button onClick={onDone}>Done</Button>
      </Group>
    </Stack>
  );
}

/** Create an API token: a name, what it may do, and when it stops working. */
export function CreateTokenDialog({
  practiceId,
  opened,
  onClose,
}: {
  practiceId: string;
  opened: boolean;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [permissions, setPermissions] = useState<Permission[]>(['practice.read']);
  const [expiry, setExpiry] = useState('90');
  const create = useMutation({
    mutationFn: () =>
      tokensApi.create(practiceId, { name, permissions, expiresInDays: expiry === 'never' ? null : Number(expiry) }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokensKey(practiceId) }),
  });
  // Cleared once the dialog has faded out: the token must not linger, nor the form flash back.
  const reset = () => {
    setName('');
    setPermissions(['practice.read']);
    setExpiry('90');
    create.reset();
  };
  const close = onClose;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  const fields = fieldErrorsOf(create.error);

  return (
    <Modal
      opened={opened}
      onClose={close}
      onExitTransitionEnd={reset}
      title={create.data ? `Token “${create.data.apiToken.name}” created` : 'Create an API token'}
      size="lg"
    >
      {create.data ? (
        <Created created={create.data} onDone={close} />
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <ErrorAlert error={create.error} fields={['name', 'permissions', 'expiresInDays']} />
            <TextInput
              label="Name"
              description="What uses it, e.g. “Backup agent on FS01”"
              required
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={fields.name}
              data-autofocus
            />
            <Checkbox.Group
              label="Permissions"
              description="Grant only what the integration needs; you cannot grant more than your own role allows."
              value={permissions}
              onChange={(values) => setPermissions(values.filter(isPermission))}
              error={fields.permissions}
            >
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing={6} mt="xs">
                {permissionSchema.options.map((p) => (
                  <Checkbox
                    key={p}
                    value={p}
                    label={permissionLabels[p]}
                    description={
                      <Text span size="xs" ff="monospace">
                        {p}
                      </Text>
                    }
                  />
                ))}
              </SimpleGrid>
            </Checkbox.Group>
            <Select
              label="Expires after"
              value={expiry}
              onChange={(v) => setExpiry(v ?? '90')}
              data={expiryOptions}
              allowDeselect={false}
              error={fields.expiresInDays}
              w={260}
              comboboxProps={{ withinPortal: true }}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending} disabled={!name.trim() || permissions.length === 0}>
                Create token
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
