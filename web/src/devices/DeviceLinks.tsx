import { Anchor, Card, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { DeviceLinks as Links } from '../../../src/assets/device-links-schema.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { formatDateTime } from '../ui/format.ts';
import { deviceKey, devicesApi } from './devices-api.ts';

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Card withBorder component="section" aria-labelledby={`${id}-heading`}>
      <Title order={2} size="h4" id={`${id}-heading`} mb="xs">
        {title}
      </Title>
      {children}
    </Card>
  );
}

/** An agent check's last heartbeat, in a line. */
function agentLine(agent: NonNullable<NonNullable<Links['checks']>[number]['agent']>): string {
  const parts = [`Heartbeat ${formatDateTime(agent.receivedAt)} from ${agent.hostname}`];
  if (agent.diskFreePercent !== undefined) parts.push(`disk ${agent.diskFreePercent}% free`);
  if (agent.cpuPercent !== undefined) parts.push(`CPU ${agent.cpuPercent}%`);
  if (agent.endpointProtection)
    parts.push(`${agent.endpointProtection.name} ${agent.endpointProtection.upToDate ? 'up to date' : 'out of date'}`);
  if (agent.endpointProtection === null) parts.push('no endpoint protection');
  if (agent.lastBoot) parts.push(`booted ${formatDateTime(agent.lastBoot)}`);
  return parts.join(', ');
}

function Checks({ checks }: { checks: NonNullable<Links['checks']> }) {
  if (checks.length === 0) return <Text size="sm">No check watches this device.</Text>;
  return (
    <Stack gap="xs" data-testid="device-checks">
      {checks.map((c) => (
        <Stack key={c.id} gap={2}>
          <Text size="sm">
            <Anchor component={Link} to={`/monitoring/${c.id}`}>
              {c.name}
            </Anchor>{' '}
            ({c.kind}): {c.state}
            {c.lastMessage ? ` (${c.lastMessage})` : ''}
          </Text>
          {c.agent && (
            <Text size="sm" c="dimmed" data-testid="agent-facts">
              {agentLine(c.agent)}
            </Text>
          )}
        </Stack>
      ))}
    </Stack>
  );
}

function Tickets({ tickets }: { tickets: NonNullable<Links['tickets']> }) {
  if (tickets.length === 0) return <Text size="sm">No ticket names this device.</Text>;
  return (
    <Table aria-label="Tickets about this device" data-testid="device-tickets">
      <Table.Tbody>
        {tickets.map((t) => (
          <Table.Tr key={t.id}>
            <Table.Td>
              <Anchor component={Link} to={`/practice/desk/tickets/${t.id}`}>
                T-{t.number}
              </Anchor>
            </Table.Td>
            <Table.Td>{t.title ?? 'Patient-desk ticket'}</Table.Td>
            <Table.Td>{t.status}</Table.Td>
            <Table.Td>{formatDateTime(t.createdAt)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function Backups({ backups }: { backups: NonNullable<Links['backups']> }) {
  if (backups.length === 0) return <Text size="sm">No protected system is this device.</Text>;
  return (
    <Stack gap="xs" data-testid="device-backups">
      {backups.map((system) => (
        <Text key={system.systemId} size="sm">
          <Anchor component={Link} to={`/practice/backups/systems/${system.systemId}`}>
            {system.name}
          </Anchor>
          {': '}
          {system.jobs.length === 0
            ? 'no backup job'
            : system.jobs
                .map(
                  (j) =>
                    `${j.name} ${j.overdue ? 'overdue' : j.lastGoodAt ? `good copy ${formatDateTime(j.lastGoodAt)}` : 'waiting for a report'}`,
                )
                .join('; ')}
        </Text>
      ))}
    </Stack>
  );
}

/** The device page's sections for what refers to the device; a section the role may not read is left out. */
export function DeviceLinks({ practiceId, deviceId }: { practiceId: string; deviceId: string }) {
  const links = useQuery({
    queryKey: [...deviceKey(practiceId, deviceId), 'links'],
    queryFn: () => devicesApi.links(practiceId, deviceId),
  });
  if (links.isPending) return <Loader aria-label="Loading the device's tickets, checks and backups" size="sm" />;
  if (links.isError) return <ErrorAlert error={links.error} />;
  const { tickets, checks, backups } = links.data;
  return (
    <>
      {checks && (
        <Section id="checks" title="Monitoring checks">
          <Checks checks={checks} />
        </Section>
      )}
      {tickets && (
        <Section id="tickets" title="Tickets">
          <Tickets tickets={tickets} />
        </Section>
      )}
      {backups && (
        <Section id="backups" title="Backups">
          <Backups backups={backups} />
        </Section>
      )}
    </>
  );
}
