import { Anchor, Badge, Button, Group, Loader, Select, Stack, Table, Text } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { deviceKindLabels, deviceKinds, riskIds, riskLabels, type RiskId } from '../../../src/assets/schema.ts';
import { can } from '../auth/permissions.ts';
import { usePractice } from '../practice/current-practice.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { formatDateTime } from '../ui/format.ts';
import { LoadMore } from '../ui/LoadMore.tsx';
import { PageTitle } from '../ui/PageTitle.tsx';
import { DeviceDialog } from './DeviceDialog.tsx';
import { devicesApi, devicesKey, riskCountsKey, type Device, type DeviceFilter } from './devices-api.ts';
import { ImportDialog } from './ImportDialog.tsx';

const kindOptions = [
  { value: 'all', label: 'Every kind' },
  ...deviceKinds.map((k) => ({ value: k, label: deviceKindLabels[k] })),
];

function filterFrom(params: URLSearchParams): DeviceFilter {
  return {
    risk: riskIds.find((r) => r === params.get('risk')) ?? null,
    kind: deviceKinds.find((k) => k === params.get('kind')) ?? null,
  };
}

function DeviceRow({ device }: { device: Device }) {
  return (
    <Table.Tr>
      <Table.Td>
        <Anchor component={Link} to={`/practice/devices/${device.id}`} fw={500}>
          {device.name}
        </Anchor>
        <Text size="xs" c="dimmed">
          {device.serial ?? 'no serial'}
        </Text>
      </Table.Td>
      <Table.Td>{deviceKindLabels[device.kind]}</Table.Td>
      <Table.Td>{[device.site, device.room].filter(Boolean).join(', ') || '—'}</Table.Td>
      <Table.Td>{[device.os, device.osVersion].filter(Boolean).join(' ') || '—'}</Table.Td>
      <Table.Td>{device.storesPatientData ? 'Yes' : 'No'}</Table.Td>
      <Table.Td>{formatDateTime(device.lastSeenAt)}</Table.Td>
      <Table.Td>
        <Group gap={4}>
          {device.risks.map((r) => (
            <Badge key={r} color="red" variant="light" size="sm">
              {riskLabels[r]}
            </Badge>
          ))}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

/** The risk views as toggles, each with its count: one pressed at a time, or none for every device. */
function RiskChips({
  practiceId,
  risk,
  onPick,
}: {
  practiceId: string;
  risk: RiskId | null;
  onPick: (r: RiskId | null) => void;
}) {
  const counts = useQuery({ queryKey: riskCountsKey(practiceId), queryFn: () => devicesApi.risks(practiceId) });
  return (
    <Group gap="xs" role="group" aria-label="Risk views">
      <Button
        size="xs"
        variant={risk === null ? 'filled' : 'default'}
        aria-pressed={risk === null}
        onClick={() => onPick(null)}
      >
        All devices{counts.data ? ` (${counts.data.total})` : ''}
      </Button>
      {riskIds.map((r) => (
        <Button
          key={r}
          size="xs"
          variant={risk === r ? 'filled' : 'default'}
          color={risk === r ? 'red.9' : undefined}
          aria-pressed={risk === r}
          data-testid={`risk-${r}`}
          onClick={() => onPick(risk === r ? null : r)}
        >
          {riskLabels[r]}
          {counts.data ? ` (${counts.data.counts[r]})` : ''}
        </Button>
      ))}
    </Group>
  );
}

/** /practice/devices: the inventory with its risk views, the CSV import and export. */
export function DevicesPage() {
  const practice = usePractice();
  const { practiceId } = practice;
  const [params, setParams] = useSearchParams();
  const filter = filterFrom(params);
  const [dialog, setDialog] = useState<'import' | 'add' | null>(null);
  const mayManage = can(practice, 'devices.manage');
  const list = useInfiniteQuery({
    queryKey: [...devicesKey(practiceId), 'list', filter.risk, filter.kind],
    queryFn: ({ pageParam }) => devicesApi.page(practiceId, filter, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const items = list.data?.pages.flatMap((p) => p.devices) ?? [];
  const setFilter = (next: DeviceFilter) => {
    const query: Record<string, string> = {};
    if (next.risk) query.risk = next.risk;
    if (next.kind) query.kind = next.kind;
    setParams(query);
  };

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <PageTitle
          title="Devices"
          description={`${practice.practiceName}'s workstations, servers, network gear and clinical peripherals, with the risks that need attention.`}
        />
        <Group>
          <Button component="a" variant="default" href={devicesApi.exportUrl(practiceId, filter)} download>
            Export CSV
          </Button>
          {mayManage && (
            <>
              <Button variant="default" onClick={() => setDialog('import')}>
                Import CSV
              </Button>
              <Button onClick={() => setDialog('add')}>Add device</Button>
            </>
          )}
        </Group>
      </Group>
      <RiskChips practiceId={practiceId} risk={filter.risk ?? null} onPick={(risk) => setFilter({ ...filter, risk })} />
      <Select
        label="Kind"
        w={260}
        data={kindOptions}
        value={filter.kind ?? 'all'}
        allowDeselect={false}
        onChange={(value) => setFilter({ ...filter, kind: deviceKinds.find((k) => k === value) ?? null })}
      />
      <ErrorAlert error={list.error} />
      {list.isPending && <Loader aria-label="Loading devices" />}
      {list.isSuccess && items.length === 0 && <Text c="dimmed">No devices here.</Text>}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={900}>
          <Table striped aria-label="Devices" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Device</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Site, room</Table.Th>
                <Table.Th>Operating system</Table.Th>
                <Table.Th>Patient data</Table.Th>
                <Table.Th>Last seen</Table.Th>
                <Table.Th>Risks</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((d) => (
                <DeviceRow key={d.id} device={d} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore query={list} />
      {dialog === 'import' && <ImportDialog practiceId={practiceId} onClose={() => setDialog(null)} />}
      {dialog === 'add' && <DeviceDialog practiceId={practiceId} device={null} onClose={() => setDialog(null)} />}
    </Stack>
  );
}
