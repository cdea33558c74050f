import { Anchor, Badge, Button, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { can } from '../auth/permissions.ts';
import { usePractice } from '../practice/current-practice.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { formatDate, formatDateTime } from '../ui/format.ts';
import { PageTitle } from '../ui/PageTitle.tsx';
import { backupApi, backupsKey, freshnessLabels, type Job, type System } from './backup-api.ts';
import { JobDialog } from './JobDialog.tsx';
import { kindLabels, SystemDialog } from './SystemDialog.tsx';

function SystemRow({ system }: { system: System }) {
  const rule = system.rule321;
  return (
    <Table.Tr>
      <Table.Td>
        <Anchor component={Link} to={`/practice/backups/systems/${system.id}`} fw={500}>
          {system.name}
        </Anchor>
        <Text size="xs" c="dimmed">
          {kindLabels[system.kind]}
          {system.storesPatientData ? ' · patient data' : ''}
        </Text>
      </Table.Td>
      <Table.Td>
        <Badge color={rule.met ? 'green' : 'orange'} data-testid={`rule-${system.id}`}>
          {rule.met ? '3-2-1 met' : '3-2-1 not met'}
        </Badge>
        <Text size="xs" c="dimmed">
          {rule.copies} copies, {rule.media} media, {rule.offsite} off site
          {rule.missing.length > 0 ? ` · needs ${rule.missing.join(', ')}` : ''}
        </Text>
      </Table.Td>
      <Table.Td>
        {system.restoreTestDueAt === null ? (
          <Text size="sm">None scheduled</Text>
        ) : (
          <Text size="sm" c={system.restoreTestOverdue ? 'red' : undefined}>
            {system.restoreTestOverdue ? 'Overdue since ' : 'Due '}
            {formatDate(system.restoreTestDueAt)}
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

function JobRow({ job }: { job: Job }) {
  const state = freshnessLabels[job.state];
  return (
    <Table.Tr>
      <Table.Td>
        <Anchor component={Link} to={`/practice/backups/jobs/${job.id}`} fw={500}>
          {job.name}
        </Anchor>
        <Text size="xs" c="dimmed">
          {job.systemName} · {job.destination}
          {job.immutable ? ', immutable' : ''} · {job.schedule}
        </Text>
      </Table.Td>
      <Table.Td>
        <Badge color={state.color} data-testid={`freshness-${job.id}`}>
          {state.label}
        </Badge>
      </Table.Td>
      <Table.Td>{formatDateTime(job.lastGoodAt)}</Table.Td>
      <Table.Td>
        {job.rpoHours} h (due {formatDateTime(job.dueBy)})
      </Table.Td>
    </Table.Tr>
  );
}

/** /practice/backups: protected systems with their 3-2-1 status and restore tests, and the backup jobs' freshness. */
export function BackupsPage() {
  const practice = usePractice();
  const { practiceId } = practice;
  const [dialog, setDialog] = useState<'system' | 'job' | null>(null);
  const systems = useQuery({
    queryKey: [...backupsKey(practiceId), 'systems'],
    queryFn: () => backupApi.systems(practiceId),
  });
  const jobs = useQuery({
    queryKey: [...backupsKey(practiceId), 'jobs'],
    queryFn: () => backupApi.jobs(practiceId),
    refetchInterval: 30_000,
  });
  const mayManage = can(practice, 'monitoring.manage');
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <PageTitle
          title="Backups"
          description={`Every system ${practice.practiceName} protects, whether its newest good copy is inside its recovery point objective, and its restore tests.`}
        />
        <Group>
          <Button component={Link} to="/practice/backups/report" variant="default">
            Evidence report
          </Button>
          {mayManage && <Button onClick={() => setDialog('system')}>Add system</Button>}
          {mayManage && (
            <Button onClick={() => setDialog('job')} disabled={!systems.data?.length}>
              Add backup job
            </Button>
          )}
        </Group>
      </Group>
      <ErrorAlert error={systems.error ?? jobs.error} />
      {(systems.isPending || jobs.isPending) && <Loader aria-label="Loading backups" />}
      <Title order={2} size="h4">
        Protected systems
      </Title>
      {systems.data?.length === 0 && <Text c="dimmed">No protected systems yet.</Text>}
      {systems.data && systems.data.length > 0 && (
        <Table striped aria-label="Protected systems">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>System</Table.Th>
              <Table.Th>3-2-1</Table.Th>
              <Table.Th>Restore test</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {systems.data.map((s) => (
              <SystemRow key={s.id} system={s} />
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Title order={2} size="h4">
        Backup jobs
      </Title>
      {jobs.data?.length === 0 && <Text c="dimmed">No backup jobs yet.</Text>}
      {jobs.data && jobs.data.length > 0 && (
        <Table striped aria-label="Backup jobs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Job</Table.Th>
              <Table.Th>Freshness</Table.Th>
              <Table.Th>Newest good copy</Table.Th>
              <Table.Th>RPO</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {jobs.data.map((j) => (
              <JobRow key={j.id} job={j} />
            ))}
          </Table.Tbody>
        </Table>
      )}
      {dialog === 'system' && <SystemDialog practiceId={practiceId} onClose={() => setDialog(null)} />}
      {dialog === 'job' && systems.data && (
        <JobDialog practiceId={practiceId} systems={systems.data} onClose={() => setDialog(null)} />
      )}
    </Stack>
  );
}
