import { Anchor, Badge, Button, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { MaintenanceCalendar } from '../../../src/monitor/schema.ts';
import { can } from '../auth/permissions.ts';
import { devicesApi, devicesKey } from '../devices/devices-api.ts';
import { usePractice } from '../practice/current-practice.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { PageTitle } from '../ui/PageTitle.tsx';
import { MaintenanceForm } from './MaintenanceForm.tsx';
import { RemoveWindowButton, RemoveWindowDialog, ScopeName, type RemovableWindow } from './WindowScope.tsx';
import { checksKey, maintenanceKey, monitorApi } from './monitor-api.ts';

type Occurrence = MaintenanceCalendar['occurrences'][number];

const dayMs = 86_400_000;
const weekdayHeads = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Plain calendar dates are done in UTC, where every day has 24 hours; times use the practice's zone. */
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

/** The month asked for in the address (?month=YYYY-MM), else the current one. */
function monthOf(param: string | null): { year: number; month: number } {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(param ?? '');
  if (m) return { year: Number(m[1]), month: Number(m[2]) - 1 };
  const now = new Date();
  return { year: now.getFullYear(), month: now.getMonth() };
}

const monthParam = (year: number, month: number) => isoDay(Date.UTC(year, month, 1)).slice(0, 7);

/** The month's grid: Monday on or before the 1st to the Sunday on or after its last day (at most 42 days). */
function gridOf(year: number, month: number): string[] {
  const first = Date.UTC(year, month, 1);
  const last = Date.UTC(year, month + 1, 0);
  const start = first - ((new Date(first).getUTCDay() + 6) % 7) * dayMs;
  const end = last + (6 - ((new Date(last).getUTCDay() + 6) % 7)) * dayMs;
  const days: string[] = [];
  for (let t = start; t <= end; t += dayMs) days.push(isoDay(t));
  return days;
}

/**
 * /monitoring/maintenance: every maintenance window (on a check, a device or a site), one-off and repeating, as they fall
 * in a month of the practice's time zone (the server expands them, DST included, as the scheduler
 * honours them), the windows listed with what they cover and a button to remove each, and a form
 * to add one.
 */
export function MaintenanceCalendarPage() {
  const practice = usePractice();
  const { practiceId } = practice;
  const [params, setParams] = useSearchParams();
  const { year, month } = monthOf(params.get('month'));
  const grid = gridOf(year, month);
  const from = grid[0]!;
  const to = isoDay(Date.parse(grid.at(-1)!) + dayMs);
  const calendar = useQuery({
    queryKey: [...maintenanceKey(practiceId), from, to],
    queryFn: () => monitorApi.calendar(practiceId, from, to),
  });
  const mayManage = can(practice, 'monitoring.manage');
  const checks = useQuery({
    queryKey: checksKey(practiceId),
    queryFn: () => monitorApi.list(practiceId),
    enabled: mayManage,
  });
  const devices = useQuery({
    queryKey: [...devicesKey(practiceId), 'all'],
    queryFn: () => devicesApi.all(practiceId),
    enabled: mayManage,
  });
  const [removing, setRemoving] = useState<RemovableWindow | null>(null);
  const timeZone = calendar.data?.timeZone;
  // One row per window: its first occurrence in these weeks.
  const firsts = new Map<string, Occurrence>();
  for (const o of calendar.data?.occurrences ?? []) if (!firsts.has(o.windowId)) firsts.set(o.windowId, o);
  const windows = [...firsts.values()];
  const when = new Intl.DateTimeFormat(undefined, { timeZone, dateStyle: 'medium', timeStyle: 'short' });
  const byDay = new Map<string, Occurrence[]>();
  if (calendar.data) {
    // en-CA writes dates as YYYY-MM-DD: each occurrence under its local day in the practice's zone.
    const localDay = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    for (const o of calendar.data.occurrences) {
      const day = localDay.format(new Date(o.startsAt));
      byDay.set(day, [...(byDay.get(day) ?? []), o]);
    }
  }
  const time = new Intl.DateTimeFormat(undefined, { timeZone, hour: '2-digit', minute: '2-digit' });
  const title = new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    Date.UTC(year, month, 1),
  );
  const go = (delta: number) => setParams({ month: monthParam(year, month + delta) });
  const weeks = Array.from({ length: grid.length / 7 }, (_, i) => grid.slice(i * 7, i * 7 + 7));

  return (
    <Stack>
      <Anchor component={Link} to="/monitoring" size="sm">
        All checks
      </Anchor>
      <PageTitle
        title="Maintenance calendar"
        description={`Every maintenance window, on a check, a device or a site, as it falls${timeZone ? ` in the practice's time zone (${timeZone})` : ''}: no alerts while it lasts, and its checks' runs left out of uptime.`}
      />
      <Group justify="space-between">
        <Button variant="default" onClick={() => go(-1)}>
          Previous month
        </Button>
        <Title order={2} size="h3" aria-live="polite">
          {title}
        </Title>
        <Button variant="default" onClick={() => go(1)}>
          Next month
        </Button>
      </Group>
      {calendar.isPending && <Loader aria-label="Loading the calendar" />}
      <ErrorAlert error={calendar.error} />
      {calendar.data && (
        <Table.ScrollContainer minWidth={800}>
          <Table withColumnBorders aria-label={`Maintenance in ${title}`} layout="fixed">
            <Table.Thead>
              <Table.Tr>
                {weekdayHeads.map((d) => (
                  <Table.Th key={d}>{d}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {weeks.map((week) => (
                <Table.Tr key={week[0]}>
                  {week.map((day) => {
                    const inMonth = day.slice(0, 7) === monthParam(year, month);
                    return (
                      <Table.Td key={day} valign="top" data-testid={`day-${day}`}>
                        <Text size="xs" c={inMonth ? undefined : 'dimmed'} fw={500}>
                          {Number(day.slice(8))}
                        </Text>
                        {(byDay.get(day) ?? []).map((o) => (
                          <Text key={`${o.windowId} ${o.startsAt}`} size="xs" data-testid="occurrence">
                            <Badge size="xs" color="blue" variant={o.repeats ? 'light' : 'filled'} mr={4}>
                              {time.format(new Date(o.startsAt))}–{time.format(new Date(o.endsAt))}
                            </Badge>
                            <ScopeName scope={o.scope} />: {o.reason}
                            {o.repeats ? ' (repeats)' : ''}
                          </Text>
                        ))}
                      </Table.Td>
                    );
                  })}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {calendar.data?.occurrences.length === 0 && <Text c="dimmed">No maintenance in these weeks.</Text>}
      {windows.length > 0 && (
        <>
          <Title order={2} size="h4">
            Windows in these weeks
          </Title>
          <Table aria-label="Maintenance windows in these weeks">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Covers</Table.Th>
                <Table.Th>First here</Table.Th>
                <Table.Th>Reason</Table.Th>
                {mayManage && <Table.Th aria-label="Actions" />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {windows.map((o) => (
                <Table.Tr key={o.windowId} data-testid="maintenance-window">
                  <Table.Td>
                    <Text size="sm">
                      <ScopeName scope={o.scope} />
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {when.format(new Date(o.startsAt))}
                    {o.repeats ? ' (repeats)' : ''}
                  </Table.Td>
                  <Table.Td>{o.reason}</Table.Td>
                  {mayManage && (
                    <Table.Td>
                      <RemoveWindowButton window={o} onRemove={setRemoving} />
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
      <RemoveWindowDialog practiceId={practiceId} window={removing} onClose={() => setRemoving(null)} />
      {mayManage && checks.data && devices.data && calendar.data && (
        <>
          <Title order={2} size="h4">
            Add a maintenance window
          </Title>
          <MaintenanceForm
            practiceId={practiceId}
            timeZone={calendar.data.timeZone}
            choices={{ checks: checks.data, devices: devices.data, sites: calendar.data.sites }}
          />
        </>
      )}
    </Stack>
  );
}
