import { Anchor, Badge, Loader, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { usePractice } from '../practice/current-practice.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { formatDateTime } from '../ui/format.ts';
import { PageTitle } from '../ui/PageTitle.tsx';
import { backupApi, backupsKey, freshnessLabels } from './backup-api.ts';

/** /practice/backups/jobs/:jobId: a job's freshness against its RPO and its reports. */
export function BackupJobPage() {
  const { practiceId } = usePractice();
  const { jobId = '' } = useParams();
  const job = useQuery({
    queryKey: [...backupsKey(practiceId), 'jobs', jobId],
    queryFn: () => backupApi.job(practiceId, jobId),
    refetchInterval: 10_000,
  });
  const reports = useQuery({
    queryKey: [...backupsKey(practiceId), 'jobs', jobId, 'reports'],
    queryFn: () => backupApi.reports(practiceId, jobId),
    refetchInterval: 10_000,
  });
  const j = job.data;
  return (
    <Stack>
      <PageTitle title={j ? `Backup job ${j.name}` : 'Backup job'}>
        {j && (
          <Text c="dimmed">
            Protects{' '}
            <Anchor component={Link} to={`/practice/backups/systems/${j.systemId}`}>
              {j.systemName}
            </Anchor>{' '}
            · {j.destination} on {j.medium}
            {j.immutable ? ', immutable' : ''} · {j.schedule} · RPO {j.rpoHours} h · kept {j.retentionDays} days
          </Text>
        )}
      </PageTitle>
      <ErrorAlert error={job.error ?? reports.error} />
      {job.isPending && <Loader aria-label="Loading the job" />}
      {j && (
        <Stack gap={4}>
          <Badge color={freshnessLabels[j.state].color} data-testid="job-freshness">
            {freshnessLabels[j.state].label}
          </Badge>
          <Text size="sm">
            Newest good copy: {formatDateTime(j.lastGoodAt)}; due by {formatDateTime(j.dueBy)}
          </Text>
          {j.incidentTicketId && (
            <Anchor component={Link} to={`/practice/desk/tickets/${j.incidentTicketId}`}>
              Incident ticket
            </Anchor>
          )}
        </Stack>
      )}
      {reports.data?.reports.length === 0 && <Text c="dimmed">No reports yet.</Text>}
      {reports.data && reports.data.reports.length > 0 && (
        <Table striped aria-label="Reports">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Ended</Table.Th>
              <Table.Th>Result</Table.Th>
              <Table.Th>Size</Table.Th>
              <Table.Th>Message</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {reports.data.reports.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>{formatDateTime(r.end)}</Table.Td>
                <Table.Td>{r.result}</Table.Td>
                <Table.Td>{(r.bytes / 1_048_576).toFixed(1)} MiB</Table.Td>
                <Table.Td>{r.message}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
