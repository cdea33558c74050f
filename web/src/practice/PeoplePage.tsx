import { Button, Group, Loader, Stack, Table } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSession } from '../auth/session.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { PageTitle } from '../ui/PageTitle.tsx';
import { AccountActionDialog } from './AccountActionDialog.tsx';
import { AddPersonDialog } from './AddPersonDialog.tsx';
import { usePractice } from './current-practice.ts';
import { InvitationsTable } from './InvitationsTable.tsx';
import { MemberRow, type MemberAction } from './MemberRow.tsx';
import { membersApi, membersKey, type Member } from './members-api.ts';
import { RemoveMemberDialog } from './RemoveMemberDialog.tsx';
import type { Role } from './roles.ts';

/**
 * /practice/people: who has which role in the current practice, and the invitations to it. The
 * controls are shown to everyone who can see the list; the server decides (users.manage) and its
 * refusal is shown.
 */
export function PeoplePage() {
  const practice = usePractice();
  const me = useSession().data?.user.id;
  const queryClient = useQueryClient();
  const [adding, addDialog] = useDisclosure(false);
  // Kept while a dialog fades out, so its text does not vanish first.
  const [target, setTarget] = useState<{ member: Member; action: MemberAction } | null>(null);
  const [removeOpen, removeDialog] = useDisclosure(false);
  const [accountOpen, accountDialog] = useDisclosure(false);
  const act = (member: Member, action: MemberAction) => {
    setTarget({ member, action });
    if (action === 'remove') removeDialog.open();
    else accountDialog.open();
  };
  const members = useQuery({
    queryKey: membersKey(practice.practiceId),
    queryFn: () => membersApi.list(practice.practiceId),
  });
  const changeRole = useMutation({
    mutationFn: ({ member, role }: { member: Member; role: Role }) =>
      membersApi.changeRole(practice.practiceId, member.id, role),
    // A change of role ends every session of the person changed: changing your own, the next
    // request answers 401 and AuthRoot takes you to sign-in, saying your session ended.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: membersKey(practice.practiceId) }),
  });

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <PageTitle
          title="People"
          description={`Everyone with a role in ${practice.practiceName}, and what they may do.`}
        />
        <Button onClick={addDialog.open}>Add person</Button>
      </Group>
      {changeRole.error && (
        <ErrorAlert
          error={changeRole.error}
          title={`Could not change the role of ${changeRole.variables?.member.displayName ?? 'this person'}`}
        />
      )}
      {members.isPending && <Loader aria-label="Loading people" />}
      <ErrorAlert error={members.error} />
      {members.data && (
        <Table.ScrollContainer minWidth={820}>
          <Table striped highlightOnHover aria-label="People" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Email</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Two-factor</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {members.data.map((member) => (
                <MemberRow
                  key={member.id}
                  member={member}
                  isSelf={member.id === me}
                  changingRole={changeRole.isPending && changeRole.variables.member.id === member.id}
                  onRole={(role) => changeRole.mutate({ member, role })}
                  onAction={(action) => act(member, action)}
                />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <AddPersonDialog
        practiceId={practice.practiceId}
        practiceName={practice.practiceName}
        opened={adding}
        onClose={addDialog.close}
      />
      <InvitationsTable practiceId={practice.practiceId} />
      <RemoveMemberDialog
        practiceId={practice.practiceId}
        practiceName={practice.practiceName}
        member={target?.member ?? null}
        opened={removeOpen}
        isSelf={target?.member.id === me}
        onClose={removeDialog.close}
      />
      <AccountActionDialog
        practiceId={practice.practiceId}
        member={target?.member ?? null}
        action={target?.action === 'remove' || !target ? 'reset' : target.action}
        opened={accountOpen}
        onClose={accountDialog.close}
      />
    </Stack>
  );
}
