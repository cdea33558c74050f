import { Anchor, Badge, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { can } from '../auth/permissions.ts';
import { usePractice } from '../practice/current-practice.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { formatDate, formatDateTime } from '../ui/format.ts';
import { PageTitle } from '../ui/PageTitle.tsx';
import { backupApi, backupsKey } from './backup-api.ts';
import { RestoreTestForm } from './RestoreTestForm.tsx';
import { kindLabels } from './SystemDialog.tsx';

/** /practice/backups/systems/:systemId: a protected system, its restore tests (with evidence) and the form to record one. */
export function BackupSystemPage() {
  const practice = usePractice();
  const { practiceId } = practice;
  const { systemId = '' } = useParams();
  const system = useQuery({
    queryKey: [...backupsKey(practiceId), 'systems', systemId],
    queryFn: () => backupApi.system(practiceId, systemId),
  });
  const tests = useQuery({
    queryKey: [...backupsKey(practiceId), 'systems', systemId, 'restore-tests'],
    queryFn: () => backupApi.restoreTests(practiceId, systemId),
  });
  const s = system.data;
  return (
    <Stack>
      <PageTitle title={s ? s.name : 'Protected system'}>
        {s && (
          <Text c="dimmed">
            {kindLabels[s.kind]}
            {s.storesPatientData ? ' · stores patient data' : ''} · RTO target {s.rtoTargetHours} h ·{' '}
            {s.restoreTestDueAt
              ? `next restore test due ${formatDate(s.restoreTestDueAt)}`
              : 'no restore tests scheduled'}
            {s.restoreTestOverdue ? ' (overdue)' : ''}
          </Text>
        )}
      </PageTitle>
      <ErrorAlert error={system.error ?? tests.error} />
      {system.isPending && <Loader aria-label="Loading the system" />}
      <Title order={2} size="h4">
        Restore tests
      </Title>
      {tests.data?.restoreTests.length === 0 && <Text c="dimmed">No restore tests recorded yet.</Text>}
      {tests.data && tests.data.restoreTests.length > 0 && (
        <Table striped aria-label="Restore tests">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Finished</Table.Th>
              <Table.Th>Restored</Table.Th>
              <Table.Th>Result</Table.Th>
              <Table.Th>RTO achieved</Table.Th>
              <Table.Th>Evidence</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {tests.data.restoreTests.map((t) => (
              <Table.Tr key={t.id}>
                <Table.Td>{formatDateTime(t.finishedAt)}</Table.Td>
                <Table.Td>
                  {t.restored}
                  <Text size="xs" c="dimmed">
                    from {t.copy}, by {t.performedBy}
                  </Text>
                </Table.Td>
                <Table.Td>{t.result}</Table.Td>
                <Table.Td>
                  <Badge color={t.rtoMet ? 'green' : 'red'}>
                    {t.rtoMinutes} min of {t.rtoTargetHours * 60}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {t.evidence ? (
                    <Anchor href={backupApi.evidenceUrl(practiceId, t.id)} download={t.evidence.fileName}>
                      {t.evidence.fileName}
                    </Anchor>
                  ) : (
                    '—'
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {can(practice, 'monitoring.manage') && <RestoreTestForm practiceId={practiceId} systemId={systemId} />}
    </Stack>
  );
}
