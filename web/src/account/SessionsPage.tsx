import { Badge, Button, Group, Modal, Stack, Table, Text, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { z } from 'zod';
import { activeSessionPageSchema, activeSessionSchema } from '../../../src/core/identity/schema.ts';
import { allPages, apiRequest } from '../api/client.ts';
import { forgetSession } from '../auth/session.ts';
import { useSignOut } from '../auth/useSignOut.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { formatDateTime } from '../ui/format.ts';
import { PageTitle } from '../ui/PageTitle.tsx';
import { AccountTabs } from './AccountTabs.tsx';
import { describeUserAgent } from '../../../src/core/identity/user-agent.ts';

type ActiveSession = z.infer<typeof activeSessionSchema>;
const sessionsKey = ['account', 'sessions'] as const;

function SessionRow({ session, onEnd, ending }: { session: ActiveSession; onEnd: () => void; ending: boolean }) {
  return (
    <Table.Tr>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          <Tooltip label={session.userAgent ?? 'unknown'} multiline maw={360} withArrow>
            <Text size="sm">{describeUserAgent(session.userAgent)}</Text>
          </Tooltip>
          {session.current && <Badge size="sm">This browser</Badge>}
        </Group>
      </Table.Td>
      <Table.Td>{session.ip ?? '—'}</Table.Td>
      <Table.Td>{formatDateTime(session.createdAt)}</Table.Td>
      <Table.Td>{formatDateTime(session.lastSeenAt)}</Table.Td>
      <Table.Td>{formatDateTime(session.expiresAt)}</Table.Td>
      <Table.Td>
        <Button size="xs" variant="light" color="red" onClick={onEnd} loading={ending}>
          {session.current ? 'Sign out' : 'End session'}
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}

/** /account/sessions: where you are signed in; end one, or all of them. */
export function SessionsPage() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const signOut = useSignOut();
  const [confirmOpen, confirm] = useDisclosure(false);
  const sessions = useQuery({
    queryKey: sessionsKey,
    queryFn: () => allPages(activeSessionPageSchema, '/api/v1/auth/sessions', (page) => page.sessions),
  });
  const end = useMutation({
    mutationFn: (id: string) =>
      apiRequest(z.object({ ok: z.literal(true) }), `/api/v1/auth/sessions/${id}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionsKey }),
  });
  const everywhere = useMutation({
    mutationFn: () =>
      apiRequest(z.object({ ended: z.number().int() }), '/api/v1/auth/sign-out-everywhere', { method: 'POST' }),
    onSuccess: ({ ended }) => {
      const end = { notice: `You have signed out everywhere: ${ended} session${ended === 1 ? '' : 's'} ended.` };
      forgetSession(queryClient, end);
      void navigate('/sign-in', { replace: true, state: end });
    },
  });

  return (
    <Stack>
      <PageTitle title="Account" description="Where you are signed in. End any session you do not recognise." />
      <AccountTabs />
      <ErrorAlert error={sessions.error ?? end.error ?? everywhere.error} />
      {sessions.data && (
        <Table.ScrollContainer minWidth={720}>
          <Table striped aria-label="Active sessions" verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Browser</Table.Th>
                <Table.Th>IP address</Table.Th>
                <Table.Th>Signed in</Table.Th>
                <Table.Th>Last active</Table.Th>
                <Table.Th>Ends at the latest</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sessions.data.map((s) => (
                <SessionRow
                  key={s.id}
                  session={s}
                  ending={(end.isPending && end.variables === s.id) || (s.current && signOut.isPending)}
                  onEnd={() => (s.current ? signOut.mutate() : end.mutate(s.id))}
                />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Group>
        <Button color="red" variant="outline" onClick={confirm.open}>
          Sign out everywhere
        </Button>
        <Text size="sm" c="dimmed">
          Ends every session of yours, including this one.
        </Text>
      </Group>
      <Modal opened={confirmOpen} onClose={confirm.close} title="Sign out everywhere?">
        <Stack>
          <Text>Every browser and device signed in as you will have to sign in again, this one too.</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={confirm.close}>
              Cancel
            </Button>
            <Button color="red" loading={everywhere.isPending} onClick={() => everywhere.mutate()}>
              Sign out everywhere
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
