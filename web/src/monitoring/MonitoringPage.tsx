import { Anchor, Badge, Button, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { can } from '../auth/permissions.ts';
import { usePractice } from '../practice/current-practice.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { formatDateTime } from '../ui/format.ts';
import { PageTitle } from '../ui/PageTitle.tsx';
import { CheckDialog } from './CheckDialog.tsx';
import { FlappingBadge } from './FlappingBadge.tsx';
import { ImportChecksDialog } from './ImportChecksDialog.tsx';
import { LiveBadge } from './LiveBadge.tsx';
import { useLiveUpdates } from './live-updates.ts';
import { checksKey, formatUptime, monitorApi, stateLabels, statusKey, targetOf, type Check } from './monitor-api.ts';
import { StateCounts } from './StateCounts.tsx';
import { StatusPageSettings } from './StatusPageSettings.tsx';

function CheckRow({ check }: { check: Check }) {
  const state = stateLabels[check.state];
  return (
    <Table.Tr>
      <Table.Td>
        <Anchor component={Link} to={`/monitoring/${check.id}`} fw={500}>
          {check.name}
        </Anchor>
        <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
          {targetOf(check)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Badge color={state.color} data-testid={`state-${check.id}`}>
          {state.label}
        </Badge>
        {check.flapping && <FlappingBadge ml={4} testId={`flapping-${check.id}`} />}
        {check.suppressed && (
          <Text size="xs" c="dimmed">
            parent down: no alert
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{check.lastMessage ?? '—'}</Text>
        <Text size="xs" c="dimmed">
          {formatDateTime(check.lastCheckedAt)}
        </Text>
      </Table.Td>
      <Table.Td>{formatUptime(check.uptime24h)}</Table.Td>
      <Table.Td>{formatUptime(check.uptime30d)}</Table.Td>
    </Table.Tr>
  );
}

/** /monitoring: the practice's checks with their state, last result and uptime. */
export function MonitoringPage() {
  const practice = usePractice();
  const { practiceId } = practice;
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);
  // Kept current by the live stream (a state change refreshes both); the slow poll brings the
  // last results and uptime that change without a change of state.
  const list = useQuery({
    queryKey: checksKey(practiceId),
    queryFn: () => monitorApi.list(practiceId),
    refetchInterval: 30_000,
  });
  const status = useQuery({ queryKey: statusKey(practiceId), queryFn: () => monitorApi.status(practiceId) });
  const live = useLiveUpdates(`/api/v1/practices/${practiceId}/monitor/events`, [
    checksKey(practiceId),
    statusKey(practiceId),
  ]);
  const mayManage = can(practice, 'monitoring.manage');

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <PageTitle
          title="Monitoring"
          description={`Checks that watch ${practice.practiceName}'s systems around the clock, and open an incident for whoever is on duty.`}
        />
        <Group>
          <LiveBadge status={live} />
          <Button component={Link} to="/monitoring/maintenance" variant="default">
            Maintenance calendar
          </Button>
          {mayManage && (
            <Button variant="default" onClick={() => setImporting(true)}>
              Import CSV
            </Button>
          )}
          {mayManage && <Button onClick={() => setAdding(true)}>Add check</Button>}
        </Group>
      </Group>
      {status.data && (
        <Group gap="lg">
          <StateCounts counts={status.data.counts} flapping={status.data.flapping} label="Checks by state" />
          <Text size="sm">
            Open incidents: <b>{status.data.openIncidents}</b>
          </Text>
        </Group>
      )}
      {list.isPending && <Loader aria-label="Loading checks" />}
      <ErrorAlert error={list.error} />
      {list.data && list.data.length === 0 && <Text c="dimmed">No checks yet.</Text>}
      {list.data && list.data.length > 0 && (
        <Table.ScrollContainer minWidth={800}>
          <Table striped aria-label="Checks" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Check</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th>Last result</Table.Th>
                <Table.Th>Uptime 24 h</Table.Th>
                <Table.Th>Uptime 30 days</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.map((c) => (
                <CheckRow key={c.id} check={c} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {list.data && can(practice, 'practice.update') && (
        <StatusPageSettings practiceId={practiceId} checks={list.data} />
      )}
      {importing && <ImportChecksDialog practiceId={practiceId} onClose={() => setImporting(false)} />}
      {adding && (
        <CheckDialog
          practiceId={practiceId}
          mayAllowPrivate={can(practice, 'practice.update')}
          onClose={() => setAdding(false)}
        />
      )}
    </Stack>
  );
}
