/**
 * What a maintenance window covers, said and linked, and the confirmation before removing one: shared
 * by the maintenance calendar and a check's page, which lists its device's and site's windows too.
 */
import { Anchor, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { MaintenanceScope } from '../../../src/monitor/schema.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { maintenanceKey, monitorApi } from './monitor-api.ts';

/** What removing a window needs to say and do: a calendar occurrence or a check's window. */
export interface RemovableWindow {
  windowId: string;
  reason: string;
  scope: MaintenanceScope;
  repeats: boolean;
}

export const scopeWords: Record<MaintenanceScope['kind'], string> = { check: 'Check', device: 'Device', site: 'Site' };

/** What a window covers, said and linked: its check's or device's page, or the site. */
export function ScopeName({ scope }: { scope: MaintenanceScope }) {
  const to = scope.kind === 'check' ? `/monitoring/${scope.id}` : `/practice/devices/${scope.id}`;
  return (
    <>
      {scopeWords[scope.kind]}{' '}
      {scope.kind === 'site' ? (
        <strong>{scope.name}</strong>
      ) : (
        <Anchor component={Link} to={to} size="xs">
          {scope.name}
        </Anchor>
      )}
    </>
  );
}

/** The row's button that asks to remove its window (the dialog below confirms). */
export function RemoveWindowButton({
  window,
  onRemove,
}: {
  window: RemovableWindow;
  onRemove: (w: RemovableWindow) => void;
}) {
  return (
    <Button
      size="xs"
      color="red"
      variant="light"
      onClick={() => onRemove(window)}
      aria-label={`Remove the window “${window.reason}” on ${window.scope.name}`}
    >
      Remove
    </Button>
  );
}

/** Confirmation before removing a window: every occurrence of a repeating one goes with it. */
export function RemoveWindowDialog({
  practiceId,
  window,
  onClose,
}: {
  practiceId: string;
  window: RemovableWindow | null;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: (windowId: string) => monitorApi.removeMaintenance(practiceId, windowId),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: maintenanceKey(practiceId) });
      onClose();
    },
  });
  return (
    <Modal
      opened={window !== null}
      onClose={onClose}
      onExitTransitionEnd={() => remove.reset()}
      title="Remove this maintenance window?"
    >
      {window && (
        <Stack>
          <ErrorAlert error={remove.error} />
          <Text>
            “{window.reason}” on {scopeWords[window.scope.kind].toLowerCase()} {window.scope.name}
            {window.repeats ? ', every occurrence of it,' : ''} will be removed: its checks alert again as usual.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button color="red" loading={remove.isPending} onClick={() => remove.mutate(window.windowId)}>
              Remove
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
