import { Alert, Badge, Card, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { statusSchema } from '../../../src/server/routes/system.schema.ts';
import { apiRequest } from '../api/client.ts';
import { PageTitle } from '../ui/PageTitle.tsx';

export function StatusPage() {
  const status = useQuery({ queryKey: ['status'], queryFn: () => apiRequest(statusSchema, '/api/v1/status') });
  const details = status.data?.details;

  return (
    <Stack>
      <PageTitle title="About Tandem" />
      <Text c="dimmed">
        Tandem helps a healthcare practice decide how to source its IT, agree who does what with its managed service
        provider, and run the work under that agreement.
      </Text>
      {status.isPending && <Loader aria-label="Loading status" />}
      {status.isError && (
        <Alert color="red" title="Could not read the server status">
          {status.error.message}
        </Alert>
      )}
      {status.data && !details && (
        <Text data-testid="status-up">Tandem is running. Sign in to see its version and database.</Text>
      )}
      {details && (
        <Card withBorder>
          <Table aria-label="Server status">
            <Table.Tbody>
              <Table.Tr>
                <Table.Th>Version</Table.Th>
                <Table.Td data-testid="status-version">{details.version}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>Database</Table.Th>
                <Table.Td data-testid="status-database">
                  {details.database.mode === 'embedded' ? 'Embedded (PGlite)' : 'PostgreSQL'}
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>Migration level</Table.Th>
                <Table.Td>
                  <Group gap="xs">
                    <span data-testid="status-migration">{details.database.migrationLevel ?? 'none'}</span>
                    <Badge color={details.database.migrationsCurrent ? 'green' : 'orange'}>
                      {details.database.migrationsCurrent
                        ? 'current'
                        : `${details.database.migrationsApplied} of ${details.database.migrationsKnown} applied`}
                    </Badge>
                  </Group>
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>Node.js</Table.Th>
                <Table.Td>{details.node}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>Up for</Table.Th>
                <Table.Td>{details.uptimeSeconds} s</Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </Card>
      )}
    </Stack>
  );
}
