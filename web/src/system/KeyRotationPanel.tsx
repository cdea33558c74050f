import { Alert, Button, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { keyRotationSchema } from '../../../src/core/crypto/schema.ts';
import { apiRequest } from '../api/client.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';

const statusWords = {
  queued: 'Waiting for a worker',
  running: 'Running',
  succeeded: 'Finished',
  failed: 'Failed',
} as const;

/**
 * On /system/jobs: start an encryption key rotation as a background job (after a confirmation)
 * and follow it; `?rotation=<id>` (the link in the email sent when it ends) shows that one.
 */
export function KeyRotationPanel() {
  const [params, setParams] = useSearchParams();
  const [confirming, setConfirming] = useState(false);
  const id = params.get('rotation');
  const rotation = useQuery({
    queryKey: ['key-rotations', id],
    queryFn: () => apiRequest(keyRotationSchema, `/api/v1/key-rotations/${id}`),
    enabled: id !== null,
    refetchInterval: (query) => (['queued', 'running'].includes(query.state.data?.status ?? '') ? 2000 : false),
  });
  const start = useMutation({
    mutationFn: () => apiRequest(keyRotationSchema, '/api/v1/key-rotations', { method: 'POST' }),
    onSuccess: (started) => {
      setConfirming(false);
      setParams({ rotation: started.id });
    },
  });
  const shown = rotation.data;
  return (
    <Stack align="flex-start">
      <Title order={2} size="h4">
        Encryption key rotation
      </Title>
      <Text size="sm" c="dimmed">
        Re-encrypts every protected value that is not under the current key, in the background. You are told by email
        when it ends.
      </Text>
      <ErrorAlert error={rotation.error ?? start.error} />
      {shown && (
        <Alert
          color={shown.status === 'failed' ? 'red' : shown.status === 'succeeded' ? 'green' : 'blue'}
          role="status"
        >
          {statusWords[shown.status]}: {shown.reencrypted} values re-encrypted
          {shown.remaining !== null && `, ${shown.remaining} left under an older key`}
          {shown.error && `. ${shown.error}`}
        </Alert>
      )}
      <Button variant="light" onClick={() => setConfirming(true)}>
        Rotate encryption keys
      </Button>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title="Rotate encryption keys?">
        <Stack>
          <Text>
            Every value not under the servers&apos; current key is re-encrypted, a batch at a time, while Tandem keeps
            running. A new key must already be first in every server&apos;s keyring.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button loading={start.isPending} onClick={() => start.mutate()}>
              Start rotation
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
