import { Anchor, Badge, Button, Group, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
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
import type { PracticeStatus } from '../../../src/monitor/overview-schema.ts';
import { LoadMore } from '../ui/LoadMore.tsx';
import {
  checkPagesKey,
  checksKey,
  formatUptime,
  monitorApi,
  stateLabels,
  statusKey,
  targetOf,
  type Check,
} from './monitor-api.ts';
import { StateCounts } from './StateCounts.tsx';
import { StatusPageSettings } from './StatusPageSettings.tsx';
import { WorstChecks } from './WorstChecks.tsx';

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

/**
 * What is down or degraded, above the list: the status's worst checks (at most 5, worst first), so
 * they show at once however long the list and whichever page they are on; and how many more there
 * are, from the counts.
 */
function NeedsAttention({ status }: { status: PracticeStatus }) {
  const failing = status.counts.down + status.counts.degraded;
  const listed = status.worstChecks.filter((c) => c.state === 'down' || c.state === 'degraded').length;
  return (
    <Paper withBorder p="sm" aria-labelledby="needs-attention">
      <Title order={2} size="h5" mb={4} id="needs-attention">
        Needs attention
      </Title>
      {status.worstChecks.length === 0 ? (
        <Text size="sm" c="dimmed">
          No check is down, degraded or flapping.
        </Text>
      ) : (
        <WorstChecks
          checks={status.worstChecks}
          testIdPrefix="attention-flapping"
          link={(check) => (
            <Anchor component={Link} to={`/monitoring/${check.id}`} size="sm">
              {check.name}
            </Anchor>
          )}
        />
      )}
      {failing > listed && (
        <Text size="xs" c="dimmed" mt={4}>
          and {failing - listed} more down or degraded
        </Text>
      )}
    </Paper>
  );
}

/** How many checks the practice has: the sum of its counts by state. */
function total(status: PracticeStatus): number {
  return Object.values(status.counts).reduce((sum, n) => sum + n, 0);
}

/** /monitoring: the practice's checks with their state, last result and uptime. */
export function MonitoringPage() {
  const practice = usePractice();
  const { practiceId } = practice;
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);
  // A page at a time: at thousands of checks reading and drawing them all took seconds (issue 19;
  // docs/benchmarks.md). Kept current by the live stream (a state change invalidates `checksKey`,
  // which holds this key, and refetches the pages loaded); the slow poll brings the last results
  // and uptime that change without a change of state.
  const list = useInfiniteQuery({
    queryKey: checkPagesKey(practiceId),
    queryFn: ({ pageParam }) => monitorApi.page(practiceId, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
    refetchInterval: 30_000,
  });
  const checks = list.data?.pages.flatMap((p) => p.checks);
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
      {status.data && total(status.data) > 0 && <NeedsAttention status={status.data} />}
      {list.isPending && <Loader aria-label="Loading checks" />}
      <ErrorAlert error={list.error} />
      {checks && checks.length === 0 && <Text c="dimmed">No checks yet.</Text>}
      {checks && checks.length > 0 && (
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
              {checks.map((c) => (
                <CheckRow key={c.id} check={c} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {checks && checks.length > 0 && (
        <Text size="sm" c="dimmed" ta="center" data-testid="checks-shown">
          {/* The counts may lag a check added a moment ago: never say fewer in all than shown. */}
          {checks.length} of {Math.max(checks.length, status.data ? total(status.data) : 0)} checks shown
        </Text>
      )}
      <LoadMore query={list} label="Show more" />
      {can(practice, 'practice.update') && <StatusPageSettings practiceId={practiceId} />}
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
