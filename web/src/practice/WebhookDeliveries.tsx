import { Badge, Button, Code, Group, Loader, Modal, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { formatDateTime } from '../ui/format.ts';
import { deliveriesKey, webhooksApi, type Delivery, type Webhook, type WebhooksScope } from './webhooks-api.ts';

const statusColors = { pending: 'blue', succeeded: 'green', failed: 'red' } as const;

function outcome(attempt: Delivery['attempts'][number]): string {
  return attempt.statusCode === null ? (attempt.error ?? 'no answer') : `HTTP ${attempt.statusCode}`;
}

function DeliveryRow({
  delivery,
  namesPractice,
  onRedeliver,
  busy,
}: {
  delivery: Delivery;
  namesPractice: boolean;
  onRedeliver: () => void;
  busy: boolean;
}) {
  const last = delivery.attempts.at(-1);
  return (
    <Table.Tr>
      <Table.Td>{formatDateTime(delivery.createdAt, true)}</Table.Td>
      {namesPractice && <Table.Td>{practiceLabel(delivery)}</Table.Td>}
      <Table.Td>
        <Code>{delivery.event}</Code>
      </Table.Td>
      <Table.Td>
        <Badge color={statusColors[delivery.status]}>{delivery.status}</Badge>
      </Table.Td>
      <Table.Td>
        {delivery.attempts.length === 0 ? (
          <Text size="sm" c="dimmed">
            Not tried yet
          </Text>
        ) : (
          <Stack gap={2}>
            {delivery.attempts.map((a) => (
              <Text key={a.attempt} size="sm">
                #{a.attempt} {outcome(a)} · {a.latencyMs} ms · {formatDateTime(a.at, true)}
              </Text>
            ))}
          </Stack>
        )}
      </Table.Td>
      <Table.Td maw={280}>
        {last?.responseExcerpt ? (
          <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
            {last.responseExcerpt}
          </Code>
        ) : (
          '—'
        )}
      </Table.Td>
      <Table.Td>
        <Button
          size="xs"
          variant="subtle"
          onClick={onRedeliver}
          loading={busy}
          aria-label={`Redeliver ${delivery.event} delivery ${delivery.id}`}
        >
          Redeliver
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}

/** Which practice an organisation's delivery was about, in words. */
function practiceLabel(delivery: Delivery): string {
  if (delivery.practiceName) return delivery.practiceName;
  return delivery.practiceId ? 'A practice no longer served' : 'None (test event)';
}

/** A webhook's newest deliveries with each attempt, a test event and redelivery. */
export function WebhookDeliveries({
  scope,
  webhook,
  onClose,
}: {
  scope: WebhooksScope;
  webhook: Webhook;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const key = deliveriesKey(scope, webhook.id);
  const log = useQuery({
    queryKey: key,
    queryFn: () => webhooksApi.deliveries(scope, webhook.id),
    // Pending deliveries change in the background: look again while any is pending.
    refetchInterval: (query) => (query.state.data?.deliveries.some((d) => d.status === 'pending') ? 2000 : false),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: key });
  const sendTest = useMutation({ mutationFn: () => webhooksApi.sendTest(scope, webhook.id), onSuccess: refresh });
  const redeliver = useMutation({
    mutationFn: (deliveryId: string) => webhooksApi.redeliver(scope, webhook.id, deliveryId),
    onSuccess: refresh,
  });
  const deliveries = log.data?.deliveries ?? [];

  return (
    <Modal opened onClose={onClose} title={`Deliveries to ${webhook.url}`} size="90%">
      <Stack>
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            Newest first; failed attempts on network errors, 429 and 5xx are retried for about a day.
          </Text>
          <Group gap="xs">
            <Button variant="default" onClick={refresh}>
              Refresh
            </Button>
            <Button onClick={() => sendTest.mutate()} loading={sendTest.isPending}>
              Send test event
            </Button>
          </Group>
        </Group>
        <ErrorAlert error={log.error ?? sendTest.error ?? redeliver.error} />
        {log.isPending && <Loader aria-label="Loading deliveries" />}
        {log.data && deliveries.length === 0 && <Text c="dimmed">No deliveries yet.</Text>}
        {deliveries.length > 0 && (
          <Table.ScrollContainer minWidth={900}>
            <Table striped aria-label="Deliveries" verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Created</Table.Th>
                  {scope.namesPractice && <Table.Th>Practice</Table.Th>}
                  <Table.Th>Event</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Attempts</Table.Th>
                  <Table.Th>Last answer</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {deliveries.map((d) => (
                  <DeliveryRow
                    key={d.id}
                    delivery={d}
                    namesPractice={scope.namesPractice}
                    busy={redeliver.isPending && redeliver.variables === d.id}
                    onRedeliver={() => redeliver.mutate(d.id)}
                  />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Modal>
  );
}
