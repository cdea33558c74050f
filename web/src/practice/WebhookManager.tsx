import { Badge, Button, Group, Loader, Modal, NumberInput, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { defaultOverlapHours, maxOverlapHours } from '../../../src/webhooks/schema.ts';
import { formatDate, formatDateTime } from '../ui/format.ts';
import { PageTitle } from '../ui/PageTitle.tsx';
import { SecretShownOnce, WebhookDialog } from './WebhookDialog.tsx';
import { WebhookDeliveries } from './WebhookDeliveries.tsx';
import { webhooksApi, type WebhooksScope, type Webhook } from './webhooks-api.ts';

/** What is open over the table: one dialog at a time. */
type Open =
  { kind: 'edit'; webhook: Webhook | null } | { kind: 'deliveries' | 'rotate' | 'delete'; webhook: Webhook } | null;

function WebhookRow({
  webhook,
  onOpen,
}: {
  webhook: Webhook;
  onOpen: (kind: 'edit' | 'deliveries' | 'rotate' | 'delete') => void;
}) {
  const name = webhook.description || webhook.url;
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={500} style={{ wordBreak: 'break-all' }}>
          {webhook.url}
        </Text>
        {webhook.description && (
          <Text size="xs" c="dimmed">
            {webhook.description}
          </Text>
        )}
        {webhook.format !== 'tandem' && (
          <Badge size="xs" variant="outline" mt={4}>
            {webhook.format === 'slack' ? 'Slack' : 'Teams'}
          </Badge>
        )}
      </Table.Td>
      <Table.Td>
        <Group gap={4}>
          {webhook.events.map((e) => (
            <Badge key={e} size="xs" variant="light" tt="none">
              {e}
            </Badge>
          ))}
        </Group>
      </Table.Td>
      <Table.Td>{formatDate(webhook.createdAt)}</Table.Td>
      <Table.Td>
        <Badge color={webhook.active ? 'green' : 'gray'}>{webhook.active ? 'active' : 'disabled'}</Badge>
        {webhook.previousSecretExpiresAt && (
          <Text size="xs" c="dimmed">
            Old secret also signs until {formatDateTime(webhook.previousSecretExpiresAt)}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap">
          <Button size="xs" variant="subtle" onClick={() => onOpen('deliveries')} aria-label={`Deliveries of ${name}`}>
            Deliveries
          </Button>
          <Button size="xs" variant="subtle" onClick={() => onOpen('edit')} aria-label={`Edit ${name}`}>
            Edit
          </Button>
          <Button
            size="xs"
            variant="subtle"
            onClick={() => onOpen('rotate')}
            aria-label={`Rotate the secret of ${name}`}
          >
            Rotate secret
          </Button>
          <Button size="xs" variant="subtle" color="red" onClick={() => onOpen('delete')} aria-label={`Delete ${name}`}>
            Delete
          </Button>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

function RotateDialog({ scope, webhook, onClose }: { scope: WebhooksScope; webhook: Webhook; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [overlapHours, setOverlapHours] = useState<number | string>(defaultOverlapHours);
  const rotate = useMutation({
    mutationFn: () => webhooksApi.rotate(scope, webhook.id, Number(overlapHours)),
    // The list shows until when the old secret still signs.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: scope.key }),
  });
  return (
    <Modal opened onClose={onClose} title={rotate.data ? 'New signing secret' : 'Rotate the signing secret?'} size="lg">
      {rotate.data ? (
        <SecretShownOnce secret={rotate.data.secret} onDone={onClose} />
      ) : (
        <Stack>
          <ErrorAlert error={rotate.error} />
          <Text>
            Requests to <strong>{webhook.url}</strong> are signed with the new secret at once, retries included. During
            the overlap they carry the old secret&apos;s signature too, so the receiver keeps accepting them until it is
            given the new secret; afterwards only the new one signs.
          </Text>
          <NumberInput
            label="Overlap (hours)"
            description={`How long the old secret keeps signing: 0 (not at all) to ${maxOverlapHours} (7 days).`}
            min={0}
            max={maxOverlapHours}
            allowDecimal={false}
            value={overlapHours}
            onChange={setOverlapHours}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button loading={rotate.isPending} onClick={() => rotate.mutate()}>
              Rotate secret
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

function DeleteDialog({ scope, webhook, onClose }: { scope: WebhooksScope; webhook: Webhook; onClose: () => void }) {
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => webhooksApi.remove(scope, webhook.id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: scope.key });
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title="Delete this webhook?">
      <Stack>
        <ErrorAlert error={remove.error} />
        <Text>
          Tandem stops posting to <strong>{webhook.url}</strong> and deletes its delivery log. To pause it instead, edit
          it and turn it off.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color="red" loading={remove.isPending} onClick={() => remove.mutate()}>
            Delete
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/**
 * A scope's webhooks (a practice's or an organisation's): the list, adding and editing, the
 * delivery log, secret rotation and deletion. The pages give the scope and their title.
 */
export function WebhookManager({ scope, description }: { scope: WebhooksScope; description: string }) {
  const [open, setOpen] = useState<Open>(null);
  const close = () => setOpen(null);
  const list = useQuery({ queryKey: scope.key, queryFn: () => webhooksApi.list(scope) });

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <PageTitle title="Webhooks" description={description} />
        <Button onClick={() => setOpen({ kind: 'edit', webhook: null })}>Add webhook</Button>
      </Group>
      {list.isPending && <Loader aria-label="Loading webhooks" />}
      <ErrorAlert error={list.error} />
      {list.data && list.data.length === 0 && <Text c="dimmed">No webhooks yet.</Text>}
      {list.data && list.data.length > 0 && (
        <Table.ScrollContainer minWidth={900}>
          <Table striped aria-label="Webhooks" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>URL</Table.Th>
                <Table.Th>Events</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.map((w) => (
                <WebhookRow key={w.id} webhook={w} onOpen={(kind) => setOpen({ kind, webhook: w })} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {open?.kind === 'edit' && (
        <WebhookDialog key={open.webhook?.id ?? 'new'} scope={scope} opened editing={open.webhook} onClose={close} />
      )}
      {open?.kind === 'deliveries' && <WebhookDeliveries scope={scope} webhook={open.webhook} onClose={close} />}
      {open?.kind === 'rotate' && <RotateDialog scope={scope} webhook={open.webhook} onClose={close} />}
      {open?.kind === 'delete' && <DeleteDialog scope={scope} webhook={open.webhook} onClose={close} />}
    </Stack>
  );
}
