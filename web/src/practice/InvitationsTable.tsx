import { Alert, Badge, Button, Group, Stack, Table, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CopyField } from '../ui/CopyField.tsx';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { formatDateTime } from '../ui/format.ts';
import { invitationsKey, membersApi, type Invitation, type InvitationCreated } from './members-api.ts';
import { roleLabels } from './roles.ts';

const statusColors: Record<Invitation['status'], string> = {
  pending: 'yellow',
  accepted: 'green',
  revoked: 'gray',
  expired: 'gray',
};

/** What sending again did: emailed, or (no SMTP server) a new link to hand over. */
function Resent({ created }: { created: InvitationCreated }) {
  if (created.emailedTo)
    return (
      <Alert color="blue" data-testid="invitation-resent">
        Invitation emailed again to {created.emailedTo}. The earlier link no longer works.
      </Alert>
    );
  return (
    <Alert color="yellow" title={`New link for ${created.invitation.email}`} data-testid="invitation-resent">
      <Stack gap="xs">
        The earlier link no longer works. Send this one to them yourself; it is shown once.
        <CopyField value={created.invitationLink ?? ''} label="Invitation link" testId="invitation-link" />
      </Stack>
    </Alert>
  );
}

/** Invitations of the practice with where they stand; one not accepted can be sent again, an open one withdrawn. */
export function InvitationsTable({ practiceId }: { practiceId: string }) {
  const queryClient = useQueryClient();
  const invitations = useQuery({
    queryKey: invitationsKey(practiceId),
    queryFn: () => membersApi.invitations(practiceId),
  });
  const withdraw = useMutation({
    mutationFn: (id: string) => membersApi.withdraw(practiceId, id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: invitationsKey(practiceId) }),
  });
  const resend = useMutation({
    mutationFn: (id: string) => membersApi.resend(practiceId, id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: invitationsKey(practiceId) }),
  });
  if (!invitations.data?.length && !invitations.error) return null;
  return (
    <Stack gap="xs">
      <Title order={2} size="h4">
        Invitations
      </Title>
      <ErrorAlert error={invitations.error ?? withdraw.error ?? resend.error} />
      {resend.data && <Resent created={resend.data} />}
      <Table.ScrollContainer minWidth={720}>
        <Table striped aria-label="Invitations" verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Email</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Link valid until</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {invitations.data?.map((invitation) => (
              <Table.Tr key={invitation.id}>
                <Table.Td>{invitation.displayName}</Table.Td>
                <Table.Td>{invitation.email}</Table.Td>
                <Table.Td>{roleLabels[invitation.role]}</Table.Td>
                <Table.Td>
                  <Badge color={statusColors[invitation.status]}>{invitation.status}</Badge>
                </Table.Td>
                <Table.Td>{formatDateTime(invitation.expiresAt)}</Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    {invitation.status !== 'accepted' && (
                      <Button
                        size="xs"
                        variant="subtle"
                        loading={resend.isPending && resend.variables === invitation.id}
                        onClick={() => resend.mutate(invitation.id)}
                        aria-label={`Send the invitation of ${invitation.email} again`}
                      >
                        Send again
                      </Button>
                    )}
                    {invitation.status === 'pending' && (
                      <Button
                        size="xs"
                        variant="subtle"
                        color="red"
                        loading={withdraw.isPending && withdraw.variables === invitation.id}
                        onClick={() => withdraw.mutate(invitation.id)}
                        aria-label={`Withdraw the invitation of ${invitation.email}`}
                      >
                        Withdraw
                      </Button>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
