import { Button, Group, Loader, Stack, Table, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { usePractice } from '../practice/current-practice.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { formatDateTime } from '../ui/format.ts';
import { PageTitle } from '../ui/PageTitle.tsx';
import { backupApi, backupsKey, percent } from './backup-api.ts';

const day = (d: Date) => d.toISOString().slice(0, 10);

/** /practice/backups/report: the printable evidence for a period (HIPAA 164.308(a)(7)): RPO met, gaps, restore tests. */
export function BackupReportPage() {
  const practice = usePractice();
  const { practiceId } = practice;
  const today = new Date();
  const [from, setFrom] = useState(day(new Date(today.getTime() - 90 * 86_400_000)));
  const [to, setTo] = useState(day(new Date(today.getTime() + 86_400_000)));
  const report = useQuery({
    queryKey: [...backupsKey(practiceId), 'report', from, to],
    queryFn: () => backupApi.report(practiceId, from, to),
  });
  return (
    <Stack>
      <PageTitle
        title="Backup evidence report"
        description={`${practice.practiceName}: for each protected system, the share of the period with a good copy inside its RPO, the gaps, and the restore tests with the RTO achieved.`}
      />
      <Group className="no-print" align="flex-end">
        <TextInput type="date" label="From" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        <TextInput type="date" label="To (exclusive)" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
        <Button variant="default" onClick={() => window.print()}>
          Print
        </Button>
      </Group>
      <ErrorAlert error={report.error} />
      {report.isPending && <Loader aria-label="Loading the report" />}
      {report.data && (
        <>
          <Text size="sm">
            {formatDateTime(report.data.from)} to {formatDateTime(report.data.to)}; generated{' '}
            {formatDateTime(report.data.generatedAt)}
          </Text>
          <Table aria-label="Backup evidence" withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>System</Table.Th>
                <Table.Th>3-2-1</Table.Th>
                <Table.Th>RPO met</Table.Th>
                <Table.Th>Gaps</Table.Th>
                <Table.Th>Restore tests (RTO achieved / target)</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.data.systems.map((s) => (
                <Table.Tr key={s.systemId}>
                  <Table.Td>
                    {s.name}
                    {s.storesPatientData ? ' (patient data)' : ''}
                  </Table.Td>
                  <Table.Td>{s.rule321.met ? 'met' : `not met: needs ${s.rule321.missing.join(', ')}`}</Table.Td>
                  <Table.Td data-testid={`rpo-met-${s.systemId}`}>{percent(s.rpoMet)}</Table.Td>
                  <Table.Td>
                    {s.gaps.length === 0
                      ? 'none'
                      : s.gaps.map((g) => `${formatDateTime(g.from)} – ${formatDateTime(g.to)}`).join('; ')}
                  </Table.Td>
                  <Table.Td>
                    {s.restoreTests.length === 0
                      ? 'none in the period'
                      : s.restoreTests
                          .map(
                            (t) =>
                              `${formatDateTime(t.finishedAt)} ${t.result}, ${t.rtoMinutes} / ${t.rtoTargetHours * 60} min`,
                          )
                          .join('; ')}
                    {s.restoreTestOverdue ? ' · restore test overdue' : ''}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Stack>
  );
}
