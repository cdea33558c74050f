import {
  Anchor,
  Badge,
  Button,
  Chip,
  Group,
  Loader,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { can } from '../auth/permissions.ts';
import { usePractice } from '../practice/current-practice.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { formatDateTime } from '../ui/format.ts';
import { PageTitle } from '../ui/PageTitle.tsx';
import { weekdays, type Weekday } from '../../../src/monitor/schema.ts';
import {
  checkKey,
  formatUptime,
  monitorApi,
  repeatWords,
  resultBadge,
  stateLabels,
  targetOf,
  weekdayLabels,
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

const repeatOptions = [
  { value: 'once', label: 'Once' },
  { value: 'day', label: 'Every day' },
  { value: 'week', label: 'Every week on…' },
];

/**
 * Adds a maintenance window in the browser's local time: once, or repeating daily or weekly at
 * the same local time in the browser's time zone (kept across DST changes by the server).
 */
function MaintenanceForm({ practiceId, checkId }: { practiceId: string; checkId: string }) {
  const queryClient = useQueryClient();
  const [startsAt, setStartsAt] = useState('');
  const [endsAt, setEndsAt] = useState('');
  const [reason, setReason] = useState('');
  const [every, setEvery] = useState('once');
  const [days, setDays] = useState<Weekday[]>([]);
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const add = useMutation({
    mutationFn: () =>
      monitorApi.addMaintenance(practiceId, checkId, {
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(endsAt).toISOString(),
        reason,
        ...(every === 'once'
          ? {}
          : { repeat: { every: every as 'day' | 'week', timeZone, ...(every === 'week' ? { weekdays: days } : {}) } }),
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: checkKey(practiceId, checkId) }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate();
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Add a maintenance window">
      <Stack gap="xs">
        <ErrorAlert error={add.error} />
        <Group grow align="flex-end">
          <TextInput
            type="datetime-local"
            label="Starts"
            value={startsAt}
            onChange={(e) => setStartsAt(e.currentTarget.value)}
          />
          <TextInput
            type="datetime-local"
            label="Ends"
            value={endsAt}
            onChange={(e) => setEndsAt(e.currentTarget.value)}
          />
          <TextInput label="Reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
        </Group>
        <Group align="flex-end">
          <Select
            label="Repeats"
            description={every === 'once' ? undefined : `At the same local time in ${timeZone}`}
            data={repeatOptions}
            value={every}
            allowDeselect={false}
            onChange={(v) => v && setEvery(v)}
          />
          {every === 'week' && (
            <Chip.Group multiple value={days} onChange={(v) => setDays(v as Weekday[])}>
              <Group gap={4} role="group" aria-label="Weekdays">
                {weekdays.map((d) => (
                  <Chip key={d} value={d} size="sm">
                    {weekdayLabels[d]}
                  </Chip>
                ))}
              </Group>
            </Chip.Group>
          )}
          <Button
            type="submit"
            loading={add.isPending}
            disabled={!startsAt || !endsAt || !reason.trim() || (every === 'week' && days.length === 0)}
          >
            Add window
          </Button>
        </Group>
      </Stack>
    </form>
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
            <Badge color="orange" variant="outline" data-testid="check-flapping">
              Flapping
            </Badge>{' '}
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

/** /monitoring/:checkId: one check, its latest results and its maintenance windows. */
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
  const windows = useQuery({
    queryKey: [...key, 'maintenance'],
    queryFn: () => monitorApi.maintenance(practiceId, checkId),
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
          <Overview check={check.data} />
        </>
      )}
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
      {windows.data?.windows.length === 0 && <Text c="dimmed">None.</Text>}
      {windows.data?.windows.map((w) => (
        <Text key={w.id} size="sm">
          {formatDateTime(w.startsAt)} to {formatDateTime(w.endsAt)}
          {w.repeat && `, then ${repeatWords(w.repeat)}`}: {w.reason}
        </Text>
      ))}
      {can(practice, 'monitoring.manage') && <MaintenanceForm practiceId={practiceId} checkId={checkId} />}
    </Stack>
  );
}
