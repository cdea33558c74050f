import { Anchor, Badge, Button, Card, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { deviceFields, deviceKindLabels, riskLabels, type DeviceField } from '../../../src/assets/schema.ts';
import { can } from '../auth/permissions.ts';
import { usePractice } from '../practice/current-practice.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { formatDateTime } from '../ui/format.ts';
import { PageTitle } from '../ui/PageTitle.tsx';
import { DeviceDialog } from './DeviceDialog.tsx';
import { DeviceLinks } from './DeviceLinks.tsx';
import { DeviceReadings } from './DeviceReadings.tsx';
import { deviceKey, devicesApi, devicesKey, type Device } from './devices-api.ts';

const fieldLabels: Record<DeviceField, string> = {
  kind: 'Kind',
  name: 'Name',
  site: 'Site',
  room: 'Room',
  owner: 'Owner',
  activity: 'Supported by (matrix activity)',
  vendor: 'Vendor',
  model: 'Model',
  serial: 'Serial',
  purchaseDate: 'Purchased',
  warrantyEnd: 'Warranty ends',
  endOfLife: 'End of life',
  os: 'Operating system',
  osVersion: 'OS version / patch level',
  diskEncryption: 'Disk encryption',
  endpointProtection: 'Endpoint protection',
  lastSeenAt: 'Last seen',
  storesPatientData: 'Stores or shows patient data',
};

const sourceLabels = { manual: 'Entered by hand', csv: 'CSV import', agent: 'Monitoring agent' } as const;

function valueOf(device: Device, field: DeviceField): string {
  const value = device[field];
  if (value === null) return '—';
  if (field === 'kind') return deviceKindLabels[device.kind];
  if (field === 'lastSeenAt') return formatDateTime(device.lastSeenAt);
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  return String(value);
}

function Facts({ device }: { device: Device }) {
  return (
    <Table aria-label="Facts" verticalSpacing={4}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Fact</Table.Th>
          <Table.Th>Value</Table.Th>
          <Table.Th>Source</Table.Th>
          <Table.Th>Recorded</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {deviceFields.map((field) => {
          const source = device.sources[field];
          return (
            <Table.Tr key={field}>
              <Table.Td>{fieldLabels[field]}</Table.Td>
              <Table.Td data-testid={`fact-${field}`}>{valueOf(device, field)}</Table.Td>
              <Table.Td>{source ? sourceLabels[source.source] : '—'}</Table.Td>
              <Table.Td>{source ? formatDateTime(source.at) : '—'}</Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

const actionLabels: Record<string, string> = {
  'device.created': 'Added',
  'device.updated': 'Changed',
  'device.import_applied': 'Imported from CSV',
};

function History({ practiceId, deviceId }: { practiceId: string; deviceId: string }) {
  const history = useQuery({
    queryKey: [...deviceKey(practiceId, deviceId), 'history'],
    queryFn: () => devicesApi.history(practiceId, deviceId),
  });
  if (history.isPending) return <Loader aria-label="Loading the history" size="sm" />;
  if (history.isError) return <ErrorAlert error={history.error} />;
  return (
    <Stack gap={4}>
      {history.data.entries.map((entry, i) => (
        <Text key={i} size="sm">
          {formatDateTime(entry.at)}: {actionLabels[entry.action] ?? entry.action}
          {entry.actorLabel ? ` by ${entry.actorLabel}` : ''}
          {entry.details.changes && typeof entry.details.changes === 'object'
            ? ` (${Object.keys(entry.details.changes).join(', ')})`
            : ''}
        </Text>
      ))}
    </Stack>
  );
}

/**
 * /practice/devices/:deviceId: a device's facts with their sources, its risks, its agents' readings,
 * its history, and its tickets, checks and backups.
 */
export function DevicePage() {
  const practice = usePractice();
  const { practiceId } = practice;
  const { deviceId = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const device = useQuery({
    queryKey: deviceKey(practiceId, deviceId),
    queryFn: () => devicesApi.get(practiceId, deviceId),
  });
  const remove = useMutation({
    mutationFn: () => devicesApi.remove(practiceId, deviceId),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: devicesKey(practiceId) });
      await navigate('/practice/devices');
    },
  });
  const mayManage = can(practice, 'devices.manage');
  if (device.isPending) return <Loader aria-label="Loading the device" />;
  if (device.isError) return <ErrorAlert error={device.error} />;
  const d = device.data;
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <PageTitle
          title={d.name}
          description={
            <Anchor component={Link} to="/practice/devices">
              All devices
            </Anchor>
          }
        />
        {mayManage && (
          <Group>
            <Button variant="default" onClick={() => setEditing(true)}>
              Edit
            </Button>
            <Button color="red" variant="light" onClick={() => remove.mutate()} loading={remove.isPending}>
              Delete
            </Button>
          </Group>
        )}
      </Group>
      <ErrorAlert error={remove.error} />
      <Group gap="xs" data-testid="device-risks">
        {d.risks.length === 0 && <Badge color="green">No risk found</Badge>}
        {d.risks.map((r) => (
          <Badge key={r} color="red">
            {riskLabels[r]}
          </Badge>
        ))}
      </Group>
      {d.osSupportEnds && (
        <Text size="sm">
          Vendor support for this operating system{' '}
          {d.osSupportEnds < new Date().toISOString().slice(0, 10) ? 'ended' : 'ends'} {d.osSupportEnds}.
        </Text>
      )}
      <Card withBorder component="section" aria-labelledby="facts-heading">
        <Title order={2} size="h4" id="facts-heading" mb="xs">
          Facts
        </Title>
        <Facts device={d} />
      </Card>
      <DeviceReadings practiceId={practiceId} deviceId={deviceId} />
      <Card withBorder component="section" aria-labelledby="history-heading">
        <Title order={2} size="h4" id="history-heading" mb="xs">
          History
        </Title>
        <History practiceId={practiceId} deviceId={deviceId} />
      </Card>
      <DeviceLinks practiceId={practiceId} deviceId={deviceId} />
      {editing && <DeviceDialog practiceId={practiceId} device={d} onClose={() => setEditing(false)} />}
    </Stack>
  );
}
