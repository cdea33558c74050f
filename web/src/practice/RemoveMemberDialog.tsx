import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { sessionKey } from '../auth/session.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { membersApi, membersKey, type Member } from './members-api.ts';

/** Confirmation before taking a person's role away; their account stays. */
export function RemoveMemberDialog({
  practiceId,
  practiceName,
  member,
  opened,
  isSelf,
  onClose,
}: {
  practiceId: string;
  practiceName: string;
  /** Kept while the dialog fades out, so its text does not vanish first. */
  member: Member | null;
  opened: boolean;
  isSelf: boolean;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: (userId: string) => membersApi.remove(practiceId, userId),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: membersKey(practiceId) });
      if (isSelf) await queryClient.invalidateQueries({ queryKey: sessionKey });
      onClose();
    },
  });
  return (
    <Modal opened={opened} onClose={onClose} onExitTransitionEnd={() => remove.reset()} title="Remove this person?">
      {member && (
        <Stack>
          <ErrorAlert error={remove.error} />
          <Text>
            <strong>{member.displayName}</strong> ({member.email}) will no longer have access to {practiceName}.
            {isSelf && ' This is you: you will lose access yourself.'} Every session of theirs ends and the API tokens
            they created here are revoked. Their account and its history in the audit log stay.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button color="red" loading={remove.isPending} onClick={() => remove.mutate(member.id)}>
              Remove
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
