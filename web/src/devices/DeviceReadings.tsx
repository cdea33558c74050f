/**
 * The device page's Readings section: what its monitoring agents reported over the last 30 days.
 * A chart of disk free and CPU per hour (recharts, loaded only when there are readings), a table of
 * the same per day as its text alternative, and the boots and changes of OS version and endpoint
 * protection as a list, newest first.
 */
import { Card, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { formatDate, formatDateTime } from '../ui/format.ts';
import { deviceKey, devicesApi, type AgentReading, type ReadingChange } from './devices-api.ts';

const ReadingsChart = lazy(async () => ({ default: (await import('./ReadingsChart.tsx')).ReadingsChart }));

interface Day {
  day: string;
  heartbeats: number;
  diskMin: number | null;
  diskSum: number;
  diskHours: number;
  cpuMax: number | null;
  cpuSum: number;
  cpuHours: number;
}

/** The hours summed per day in the browser's time zone, oldest first (a day's mean is the mean of its hours). */
function byDay(readings: AgentReading[]): Day[] {
  const days = new Map<string, Day>();
  for (const r of readings) {
    const day = formatDate(r.hour);
    const d = days.get(day) ?? {
      day,
      heartbeats: 0,
      diskMin: null,
      diskSum: 0,
      diskHours: 0,
      cpuMax: null,
      cpuSum: 0,
      cpuHours: 0,
    };
    days.set(day, d);
    d.heartbeats += r.heartbeats;
    if (r.diskFreePercent) {
      d.diskMin = Math.min(d.diskMin ?? 100, r.diskFreePercent.min);
      d.diskSum += r.diskFreePercent.mean;
      d.diskHours++;
    }
    if (r.cpuPercent) {
      d.cpuMax = Math.max(d.cpuMax ?? 0, r.cpuPercent.max);
      d.cpuSum += r.cpuPercent.mean;
      d.cpuHours++;
    }
  }
  return [...days.values()];
}

const percent = (n: number | null) => (n === null ? '—' : `${Math.round(n * 10) / 10}%`);
const mean = (sum: number, count: number) => (count > 0 ? sum / count : null);

function DayTable({ readings }: { readings: AgentReading[] }) {
  return (
    <Table aria-label="Readings per day" verticalSpacing={4} data-testid="readings-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Day</Table.Th>
          <Table.Th>Heartbeats</Table.Th>
          <Table.Th>Disk free (mean)</Table.Th>
          <Table.Th>Disk free (lowest)</Table.Th>
          <Table.Th>CPU (mean)</Table.Th>
          <Table.Th>CPU (highest)</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {byDay(readings).map((d) => (
          <Table.Tr key={d.day}>
            <Table.Td>{d.day}</Table.Td>
            <Table.Td>{d.heartbeats}</Table.Td>
            <Table.Td>{percent(mean(d.diskSum, d.diskHours))}</Table.Td>
            <Table.Td>{percent(d.diskMin)}</Table.Td>
            <Table.Td>{percent(mean(d.cpuSum, d.cpuHours))}</Table.Td>
            <Table.Td>{percent(d.cpuMax)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

const protectionLabels: Record<string, string> = { current: 'up to date', outdated: 'out of date', none: 'none' };

function changeLine(c: ReadingChange): string {
  if (c.kind === 'boot') return `${formatDateTime(c.at)}: booted`;
  if (c.kind === 'os_version') return `${formatDateTime(c.at)}: OS version ${c.from} → ${c.to}`;
  return `${formatDateTime(c.at)}: endpoint protection ${protectionLabels[c.from ?? ''] ?? c.from} → ${
    protectionLabels[c.to ?? ''] ?? c.to
  }`;
}

export function DeviceReadings({ practiceId, deviceId }: { practiceId: string; deviceId: string }) {
  const readings = useQuery({
    queryKey: [...deviceKey(practiceId, deviceId), 'readings'],
    queryFn: () => devicesApi.readings(practiceId, deviceId),
  });
  let body;
  if (readings.isPending) body = <Loader aria-label="Loading the readings" size="sm" />;
  else if (readings.isError) body = <ErrorAlert error={readings.error} />;
  else if (readings.data.readings.length === 0)
    body = <Text size="sm">No monitoring agent reported from this device in the last 30 days.</Text>;
  else
    body = (
      <Stack>
        <Suspense fallback={<Loader aria-label="Loading the chart" size="sm" />}>
          <ReadingsChart readings={readings.data.readings} />
        </Suspense>
        <DayTable readings={readings.data.readings} />
        <Title order={3} size="h5">
          Boots and changes
        </Title>
        {readings.data.changes.length === 0 ? (
          <Text size="sm">No boot or change of OS version or protection in the last 30 days.</Text>
        ) : (
          <Stack component="ul" gap={4} data-testid="readings-changes" style={{ paddingLeft: '1.25rem', margin: 0 }}>
            {[...readings.data.changes].reverse().map((c, i) => (
              <Text component="li" size="sm" key={i}>
                {changeLine(c)}
              </Text>
            ))}
          </Stack>
        )}
      </Stack>
    );
  return (
    <Card withBorder component="section" aria-labelledby="readings-heading">
      <Title order={2} size="h4" id="readings-heading" mb="xs">
        Readings
      </Title>
      {body}
    </Card>
  );
}
