import { Anchor, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import type { PracticeStatus } from '../../../src/monitor/overview-schema.ts';
import { useCurrentPractice } from '../practice/current-practice.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { PageTitle } from '../ui/PageTitle.tsx';
import { LiveBadge } from './LiveBadge.tsx';
import { useLiveUpdates } from './live-updates.ts';
import { monitorApi, overviewKey } from './monitor-api.ts';
import { StateCounts } from './StateCounts.tsx';
import { WorstChecks } from './WorstChecks.tsx';

function PracticeRow({ status }: { status: PracticeStatus }) {
  const { choose } = useCurrentPractice();
  const navigate = useNavigate();
  // The practice pages show the current practice: switch to this one, then open the page.
  const open = (path: string) => {
    choose(status.practiceId);
    void navigate(path);
  };
  return (
    <Table.Tr data-testid={`practice-${status.practiceId}`}>
      <Table.Td>
        <Anchor component="button" type="button" fw={500} onClick={() => open('/monitoring')}>
          {status.practiceName}
        </Anchor>
      </Table.Td>
      <Table.Td>
        <StateCounts
          counts={status.counts}
          flapping={status.flapping}
          label={`Checks of ${status.practiceName} by state`}
        />
      </Table.Td>
      <Table.Td>{status.openIncidents}</Table.Td>
      <Table.Td>
        {status.worstChecks.length === 0 && <Text c="dimmed">All well</Text>}
        <WorstChecks
          checks={status.worstChecks}
          link={(check) => (
            <Anchor component="button" type="button" size="sm" onClick={() => open(`/monitoring/${check.id}`)}>
              {check.name}
            </Anchor>
          )}
        />
      </Table.Td>
    </Table.Tr>
  );
}

/** /overview: every practice the MSP serves that this person watches, worst first, kept live. */
export function OverviewPage() {
  const list = useQuery({ queryKey: overviewKey, queryFn: monitorApi.overview, refetchInterval: 60_000 });
  const live = useLiveUpdates('/api/v1/monitor/overview/events', [overviewKey]);
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <PageTitle
          title="All practices"
          description="Every practice your organisation serves that you watch: checks by state, flapping checks and open incidents, worst first."
        />
        <LiveBadge status={live} />
      </Group>
      {list.isPending && <Loader aria-label="Loading practices" />}
      <ErrorAlert error={list.error} />
      {list.data && list.data.length === 0 && (
        <Text c="dimmed">No practice to show: you watch no practice of your organisation.</Text>
      )}
      {list.data && list.data.length > 0 && (
        <Table.ScrollContainer minWidth={800}>
          <Table striped aria-label="Practices" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Practice</Table.Th>
                <Table.Th>Checks</Table.Th>
                <Table.Th>Open incidents</Table.Th>
                <Table.Th>Worst checks</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.map((status) => (
                <PracticeRow key={status.practiceId} status={status} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
