import { Anchor, Badge, Button, Group, Loader, Paper, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { Link, useParams } from 'react-router';
import { can } from '../auth/permissions.ts';
import { usePractice } from '../practice/current-practice.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { formatDateTime } from '../ui/format.ts';
import { PageTitle } from '../ui/PageTitle.tsx';
import type { UptimeDays } from '../../../src/monitor/schema.ts';
import { DayBars } from './DayBars.tsx';
import { FlappingBadge } from './FlappingBadge.tsx';
import { MaintenanceForm } from './MaintenanceForm.tsx';
import { RemoveWindowButton, RemoveWindowDialog, ScopeName, type RemovableWindow } from './WindowScope.tsx';
import {
  checkKey,
  formatUptime,
  maintenanceKey,
  monitorApi,
  practiceZoneKey,
  repeatWords,
  resultBadge,
  stateLabels,
  targetOf,
  type Check,
} from './monitor-api.ts';

// recharts comes with the chart only, not with the rest of the app.
const LatencyChart = lazy(async () => ({ default: (await import('./LatencyChart.tsx')).LatencyChart }));

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={500}>{children}</Text>
    </Paper>
  );
}

function Overview({ check }: { check: Check }) {
  const state = stateLabels[check.state];
  return (
    <SimpleGrid cols={{ base: 2, md: 4 }}>
      <Fact label="State">
        <Badge color={state.color} data-testid="check-state">
          {state.label}
        </Badge>{' '}
        {check.flapping && (
          <>
            <FlappingBadge testId="check-flapping" />{' '}
          </>
        )}
        since {formatDateTime(check.stateSince)}
        {check.flapping && check.flappingSince && (
          <Text size="xs" c="dimmed">
            flapping since {formatDateTime(check.flappingSince)}: no alerts until it settles
          </Text>
        )}
      </Fact>
      <Fact label="Uptime 24 h / 30 days">
        {formatUptime(check.uptime24h)} / {formatUptime(check.uptime30d)}
      </Fact>
      <Fact label="Runs">
        every {check.intervalSeconds} s; down after {check.failureThreshold} failures
      </Fact>
      <Fact label="Incident">
        {check.incidentTicketId ? (
          <Anchor
            component={Link}
            to={`/practice/desk/tickets/${check.incidentTicketId}`}
            data-testid="incident-ticket"
          >
            {check.incidentTicketNumber ? `Ticket T-${check.incidentTicketNumber}` : 'Incident ticket'}
          </Anchor>
        ) : (
          'none'
        )}
      </Fact>
    </SimpleGrid>
  );
}

const periodNames: Record<keyof UptimeDays['uptime'], string> = {
  '24h': '24 hours',
  '7d': '7 days',
  '30d': '30 days',
  '90d': '90 days',
};

/**
 * The last 90 days as bars, one per UTC day, with the four periods' uptime. The bars are a
 * picture with a tooltip per day; the table under them (folded away, reachable by keyboard) says
 * the same for screen readers and anyone who wants the numbers.
 */
function UptimeSection({ practiceId, checkId }: { practiceId: string; checkId: string }) {
  const figures = useQuery({
    queryKey: [...checkKey(practiceId, checkId), 'uptime-days'],
    queryFn: () => monitorApi.uptimeDays(practiceId, checkId),
    refetchInterval: 60_000,
  });
  if (figures.error) return <ErrorAlert error={figures.error} />;
  if (!figures.data) return <Loader aria-label="Loading uptime" />;
  const { days, uptime } = figures.data;
  return (
    <Stack gap="xs">
      <SimpleGrid cols={{ base: 2, md: 4 }} data-testid="uptime-periods">
        {(Object.keys(periodNames) as (keyof typeof periodNames)[]).map((p) => (
          <Fact key={p} label={`Uptime ${periodNames[p]}`}>
            {formatUptime(uptime[p])}
          </Fact>
        ))}
      </SimpleGrid>
      <DayBars days={days} testId="uptime-bars" />
      <Group justify="space-between">
        <Text size="xs" c="dimmed">
          90 days ago
        </Text>
        <Text size="xs" c="dimmed">
          Days are UTC; maintenance is left out of uptime
        </Text>
        <Text size="xs" c="dimmed">
          Today
        </Text>
      </Group>
      <details>
        <summary>Uptime by day as a table</summary>
        <Table aria-label="Uptime by day" verticalSpacing={2}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Day (UTC)</Table.Th>
              <Table.Th>Uptime</Table.Th>
              <Table.Th>Runs</Table.Th>
              <Table.Th>Maintenance</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {[...days].reverse().map((d) => (
              <Table.Tr key={d.date}>
                <Table.Td>{d.date}</Table.Td>
                <Table.Td>{formatUptime(d.uptime)}</Table.Td>
                <Table.Td>{d.runs}</Table.Td>
                <Table.Td>{d.maintenance ? 'yes' : ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </details>
    </Stack>
  );
}

/** Runs the check now; the page's own refresh (every 5 s) shows the result. */
function CheckNow({ practiceId, check }: { practiceId: string; check: Check }) {
  const run = useMutation({ mutationFn: () => monitorApi.run(practiceId, check.id) });
  return (
    <Stack gap={4} align="flex-start">
      <Group gap="sm">
        <Button variant="default" onClick={() => run.mutate()} loading={run.isPending} disabled={check.paused}>
          Check now
        </Button>
        {check.paused && (
          <Text size="sm" c="dimmed">
            Paused: resume it to run it.
          </Text>
        )}
        {run.isSuccess && (
          <Text size="sm" role="status">
            Queued: it runs within a few seconds.
          </Text>
        )}
      </Group>
      <ErrorAlert error={run.error} />
    </Stack>
  );
}

/**
 * /monitoring/:checkId: one check, its latest results and the maintenance windows that apply to it
 * (its own, its device's, its site's), each removable here with the calendar's confirmation.
 */
export function CheckPage() {
  const practice = usePractice();
  const { practiceId } = practice;
  const { checkId = '' } = useParams();
  const key = checkKey(practiceId, checkId);
  const check = useQuery({ queryKey: key, queryFn: () => monitorApi.get(practiceId, checkId), refetchInterval: 5_000 });
  const results = useQuery({
    queryKey: [...key, 'results'],
    queryFn: () => monitorApi.results(practiceId, checkId),
    refetchInterval: 5_000,
  });
  // Under the practice's maintenance key, so adding or removing a window anywhere refreshes it.
  const windows = useQuery({
    queryKey: [...maintenanceKey(practiceId), 'check', checkId],
    queryFn: () => monitorApi.maintenance(practiceId, checkId),
  });
  const mayManage = can(practice, 'monitoring.manage');
  const [removing, setRemoving] = useState<RemovableWindow | null>(null);
  const timeZone = useQuery({
    queryKey: practiceZoneKey(practiceId),
    queryFn: () => monitorApi.timeZone(practiceId),
    enabled: mayManage,
    staleTime: Infinity,
  });

  return (
    <Stack>
      <Anchor component={Link} to="/monitoring" size="sm">
        All checks
      </Anchor>
      {check.isPending && <Loader aria-label="Loading the check" />}
      <ErrorAlert error={check.error} />
      {check.data && (
        <>
          <PageTitle title={check.data.name} description={targetOf(check.data)} />
          {mayManage && <CheckNow practiceId={practiceId} check={check.data} />}
          <Overview check={check.data} />
        </>
      )}
      <Text fw={600} component="h2">
        Uptime
      </Text>
      <UptimeSection practiceId={practiceId} checkId={checkId} />
      {results.data && (
        <Suspense fallback={<Loader aria-label="Loading the chart" />}>
          <LatencyChart results={results.data.results} />
        </Suspense>
      )}
      <Text fw={600} component="h2">
        History
      </Text>
      <ErrorAlert error={results.error} />
      {results.data && (
        <Table striped aria-label="Results" verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>Result</Table.Th>
              <Table.Th>Latency</Table.Th>
              <Table.Th>What happened</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {results.data.results.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>{formatDateTime(r.at, true)}</Table.Td>
                <Table.Td>
                  <Badge color={resultBadge(r).color}>{resultBadge(r).label}</Badge>
                </Table.Td>
                <Table.Td>{r.latencyMs === null ? '—' : `${r.latencyMs} ms`}</Table.Td>
                <Table.Td>{r.message}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Text fw={600} component="h2">
        Maintenance windows
      </Text>
      <Text size="sm" c="dimmed">
        The check’s own, its device’s and its device’s site’s: all of them keep it from alerting.{' '}
        {/* Underlined: inside dimmed text, colour alone does not set a link apart (axe link-in-text-block). */}
        <Anchor component={Link} to="/monitoring/maintenance" size="sm" underline="always">
          Maintenance calendar
        </Anchor>
      </Text>
      <ErrorAlert error={windows.error} />
      {windows.data?.windows.length === 0 && <Text c="dimmed">None.</Text>}
      {windows.data && windows.data.windows.length > 0 && (
        <Table aria-label="Maintenance windows of this check" verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Covers</Table.Th>
              <Table.Th>When</Table.Th>
              <Table.Th>Reason</Table.Th>
              {mayManage && <Table.Th aria-label="Actions" />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {windows.data.windows.map((w) => (
              <Table.Tr key={w.id} data-testid="check-window">
                <Table.Td>
                  <Text size="sm">
                    <ScopeName scope={w.scope} />
                  </Text>
                  {w.active && (
                    <Badge size="xs" color="blue">
                      On now
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  {formatDateTime(w.startsAt)} to {formatDateTime(w.endsAt)}
                  {w.repeat && `, then ${repeatWords(w.repeat)}`}
                </Table.Td>
                <Table.Td>{w.reason}</Table.Td>
                {mayManage && (
                  <Table.Td>
                    <RemoveWindowButton
                      window={{ windowId: w.id, reason: w.reason, scope: w.scope, repeats: w.repeat !== null }}
                      onRemove={setRemoving}
                    />
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <RemoveWindowDialog practiceId={practiceId} window={removing} onClose={() => setRemoving(null)} />
      {mayManage && timeZone.data && (
        <MaintenanceForm practiceId={practiceId} timeZone={timeZone.data} checkId={checkId} />
      )}
    </Stack>
  );
}
