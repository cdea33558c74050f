import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { CopyField } from '../ui/CopyField.tsx';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { membersApi, membersKey, type Member } from './members-api.ts';
import type { MemberAction } from './MemberRow.tsx';

/** Changes to the whole account; removal from the practice has its own dialog. */
export type AccountAction = Exclude<MemberAction, 'remove'>;

const titles: Record<AccountAction, string> = {
  reset: 'Reset their password?',
  resetMfa: 'Reset their two-factor authentication?',
  disable: 'Disable their account?',
  enable: 'Enable their account?',
};

const confirmLabels: Record<AccountAction, string> = {
  reset: 'Reset password',
  resetMfa: 'Reset two-factor authentication',
  disable: 'Disable account',
  enable: 'Enable account',
};

function consequence(action: AccountAction, member: Member): string {
  if (action === 'reset')
    return `${member.displayName}'s password stops working now and every session of theirs ends. You get a one-time link (72 hours) for them to choose a new one; their second factor stays as it is.`;
  if (action === 'resetMfa')
    return `${member.displayName}'s authenticator app and recovery codes stop working now and every session of theirs ends. They are emailed that you did this. At their next sign-in they set up a new authenticator if their role requires one. Do this only when you have confirmed who is asking, for example by phone.`;
  if (action === 'disable')
    return `${member.displayName} can no longer sign in anywhere in Tandem: every session ends and every API token they created is revoked. You can enable the account again later.`;
  return `${member.displayName} can sign in again with their password.`;
}

/**
 * Confirmation of a change to a person's whole account (not just their role here). The server
 * allows it only to someone who administers every role the person holds, and says so otherwise.
 */
export function AccountActionDialog({
  practiceId,
  member,
  action,
  opened,
  onClose,
}: {
  practiceId: string;
  member: Member | null;
  action: AccountAction;
  opened: boolean;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const run = useMutation({
    mutationFn: async (target: Member) => {
      if (action === 'reset') return (await membersApi.resetPassword(practiceId, target.id)).setPasswordLink;
      if (action === 'resetMfa') await membersApi.resetMfa(practiceId, target.id);
      else await membersApi.setDisabled(practiceId, target.id, action === 'disable');
      return null;
    },
    onSuccess: async (link) => {
      await queryClient.invalidateQueries({ queryKey: membersKey(practiceId) });
      if (!link) onClose();
    },
  });
  return (
    <Modal opened={opened} onClose={onClose} onExitTransitionEnd={() => run.reset()} title={titles[action]}>
      {member && (
        <Stack>
          <ErrorAlert error={run.error} />
          {run.data ? (
            <>
              <Alert color="yellow" title="Send this link to them yourself">
                It lets {member.email} choose a new password, once, within 72 hours. It will not be shown again.
              </Alert>
              <CopyField value={run.data} label="Set-password link" testId="set-password-link" />
              <Group justify="flex-end">
                <Button onClick={onClose}>Done</Button>
              </Group>
            </>
          ) : (
            <>
              <Text>{consequence(action, member)}</Text>
              <Group justify="flex-end">
                <Button variant="default" onClick={onClose}>
                  Cancel
                </Button>
                <Button
                  color={action === 'enable' ? 'blue' : 'red'}
                  loading={run.isPending}
                  onClick={() => run.mutate(member)}
                >
                  {confirmLabels[action]}
                </Button>
              </Group>
            </>
          )}
        </Stack>
      )}
    </Modal>
  );
}
