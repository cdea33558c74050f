import { Alert, Button, Code, Group, Loader, Modal, Stack, Table, Text } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { formatDateTime } from '../ui/format.ts';
import { PageTitle } from '../ui/PageTitle.tsx';
import { deadJobsKey, jobsApi, type DeadJob } from './jobs-api.ts';
import { LoadMore } from '../ui/LoadMore.tsx';
import { KeyRotationPanel } from './KeyRotationPanel.tsx';

function JobRow({ job, onRetry }: { job: DeadJob; onRetry: () => void }) {
  return (
    <Table.Tr>
      <Table.Td>
        <Code>{job.name}</Code>
      </Table.Td>
      <Table.Td>
        <Text size="sm" style={{ wordBreak: 'break-word' }}>
          {job.error}
        </Text>
      </Table.Td>
      <Table.Td>{job.attempts}</Table.Td>
      <Table.Td>{formatDateTime(job.createdAt)}</Table.Td>
      <Table.Td>{formatDateTime(job.failedAt)}</Table.Td>
      <Table.Td>
        <Button size="xs" variant="light" onClick={onRetry} aria-label={`Retry ${job.name} ${job.id}`}>
          Retry
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}

/**
 * /system/jobs: background jobs that failed after every retry, for organisation administrators
 * (jobs belong to the installation, not to one practice), with a retry by hand.
 */
export function DeadJobsPage() {
  const queryClient = useQueryClient();
  const [retrying, setRetrying] = useState<DeadJob | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const jobs = useInfiniteQuery({
    queryKey: deadJobsKey,
    queryFn: ({ pageParam }) => jobsApi.dead(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const retry = useMutation({
    mutationFn: jobsApi.retry,
    onSuccess: async (_reply, job) => {
      setRetrying(null);
      setResult(`${job.name} is queued for one more attempt; it leaves this list, and comes back if it fails again.`);
      await queryClient.invalidateQueries({ queryKey: deadJobsKey });
    },
  });
  const items = jobs.data?.pages.flatMap((p) => p.jobs) ?? [];
  return (
    <Stack>
      <PageTitle
        title="Failed background jobs"
        description="Jobs that failed after every retry (emails, digests, scheduled work), newest first. Fix the cause, then retry."
      />
      <KeyRotationPanel />
      <div role="status">
        {result && (
          <Alert color="green" withCloseButton onClose={() => setResult(null)} closeButtonLabel="Dismiss">
            {result}
          </Alert>
        )}
      </div>
      <ErrorAlert error={jobs.error} />
      {jobs.isPending && <Loader aria-label="Loading failed jobs" />}
      {jobs.isSuccess && items.length === 0 && <Text c="dimmed">No failed jobs.</Text>}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={900}>
          <Table striped aria-label="Failed jobs" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Job</Table.Th>
                <Table.Th>Error</Table.Th>
                <Table.Th>Attempts</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Failed</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((job) => (
                <JobRow
                  key={job.id}
                  job={job}
                  onRetry={() => {
                    retry.reset();
                    setRetrying(job);
                  }}
                />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore query={jobs} />
      <Modal
        opened={retrying !== null}
        onClose={() => setRetrying(null)}
        title="Retry this job?"
        closeButtonProps={{ 'aria-label': 'Close' }}
      >
        <Stack>
          <ErrorAlert error={retry.error} />
          <Text>
            <Code>{retrying?.name}</Code> runs once more now, with the same data, and keeps its retries if it fails
            again.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRetrying(null)}>
              Cancel
            </Button>
            <Button loading={retry.isPending} onClick={() => retrying && retry.mutate(retrying)}>
              Retry
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
