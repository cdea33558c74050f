import { Badge, Button, Code, Group, Loader, Modal, Stack, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { formatDate, formatDateTime } from '../ui/format.ts';
import { PageTitle } from '../ui/PageTitle.tsx';
import { CreateTokenDialog } from './CreateTokenDialog.tsx';
import { usePractice } from './current-practice.ts';
import { tokenState, tokensApi, tokensKey, type ApiToken } from './tokens-api.ts';

const stateColors = { active: 'green', revoked: 'gray', expired: 'orange' } as const;

function TokenRow({ token, onRevoke }: { token: ApiToken; onRevoke: () => void }) {
  const state = tokenState(token);
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={500}>
          {token.name}
        </Text>
      </Table.Td>
      <Table.Td>
        <Code>{token.prefix}…</Code>
      </Table.Td>
      <Table.Td>
        <Group gap={4}>
          {token.permissions.map((p) => (
            <Badge key={p} size="xs" variant="light" tt="none">
              {p}
            </Badge>
          ))}
        </Group>
      </Table.Td>
      <Table.Td>{formatDate(token.createdAt)}</Table.Td>
      <Table.Td>{token.expiresAt ? formatDate(token.expiresAt) : 'Never'}</Table.Td>
      <Table.Td>{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : 'Never'}</Table.Td>
      <Table.Td>
        <Badge color={stateColors[state]}>{state}</Badge>
      </Table.Td>
      <Table.Td>
        {state === 'active' && (
          <Button size="xs" variant="subtle" color="red" onClick={onRevoke} aria-label={`Revoke ${token.name}`}>
            Revoke
          </Button>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/** /practice/api-tokens: tokens for integrations and agents, scoped to this practice. */
export function ApiTokensPage() {
  const practice = usePractice();
  const queryClient = useQueryClient();
  const [creating, createDialog] = useDisclosure(false);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const [revokeOpen, revokeDialog] = useDisclosure(false);
  const tokens = useQuery({
    queryKey: tokensKey(practice.practiceId),
    queryFn: () => tokensApi.list(practice.practiceId),
  });
  const revoke = useMutation({
    mutationFn: (tokenId: string) => tokensApi.revoke(practice.practiceId, tokenId),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: tokensKey(practice.practiceId) });
      revokeDialog.close();
    },
  });

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <PageTitle
          title="API tokens"
          description={`Tokens that let integrations and agents act on ${practice.practiceName}.`}
        />
        <Button onClick={createDialog.open}>Create token</Button>
      </Group>
      {tokens.isPending && <Loader aria-label="Loading API tokens" />}
      <ErrorAlert error={tokens.error} />
      {tokens.data && tokens.data.length === 0 && <Text c="dimmed">No API tokens yet.</Text>}
      {tokens.data && tokens.data.length > 0 && (
        <Table.ScrollContainer minWidth={900}>
          <Table striped aria-label="API tokens" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Token</Table.Th>
                <Table.Th>Permissions</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Expires</Table.Th>
                <Table.Th>Last used</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tokens.data.map((t) => (
                <TokenRow
                  key={t.id}
                  token={t}
                  onRevoke={() => {
                    setRevoking(t);
                    revokeDialog.open();
                  }}
                />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <CreateTokenDialog practiceId={practice.practiceId} opened={creating} onClose={createDialog.close} />
      <Modal
        opened={revokeOpen}
        onClose={revokeDialog.close}
        onExitTransitionEnd={() => revoke.reset()}
        title="Revoke this token?"
      >
        <Stack>
          <ErrorAlert error={revoke.error} />
          <Text>
            Anything using <strong>{revoking?.name}</strong> stops working at once. This cannot be undone; create a new
            token if it is needed again.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={revokeDialog.close}>
              Cancel
            </Button>
            <Button color="red" loading={revoke.isPending} onClick={() => revoking && revoke.mutate(revoking.id)}>
              Revoke
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
