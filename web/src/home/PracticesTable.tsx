import { Anchor, Badge, Loader, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { roleLabels } from '../practice/roles.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { homeApi, homeKey, type PracticeHome } from './home-api.ts';
import { sideText } from './steps.ts';

const yesNo = (value: boolean | undefined) => (value === undefined ? '—' : value ? 'Yes' : 'No');

function matrixCell(home: PracticeHome): string {
  const { matrix } = home;
  if (!matrix) return '—';
  const parts = [matrix.inForce ? `Version ${matrix.inForce} in force` : 'None in force'];
  if (matrix.proposed)
    parts.push(
      `version ${matrix.proposed.number} awaits ${matrix.proposed.waitingFor.map((s) => sideText[s]).join(' and ')}`,
    );
  else if (matrix.draft) parts.push(`version ${matrix.draft} in draft`);
  return parts.join('; ');
}

/** One row per practice the caller serves, most in need of attention first (the server's order). */
export function PracticesTable() {
  const homes = useQuery({ queryKey: homeKey, queryFn: homeApi.all });
  if (homes.isPending) return <Loader aria-label="Loading your practices" />;
  if (homes.isError) return <ErrorAlert error={homes.error} title="Could not read your practices" />;
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table aria-label="Your practices" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Practice</Table.Th>
            <Table.Th>Needs attention</Table.Th>
            <Table.Th>Assessment run</Table.Th>
            <Table.Th>Matrix</Table.Th>
            <Table.Th>Errors in force</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {homes.data.map((home) => (
            <Table.Tr key={home.practice.id} data-testid="practice-row">
              <Table.Td>
                <Anchor component={Link} to={`/home/practices/${home.practice.id}`}>
                  {home.practice.name}
                </Anchor>
                <Text size="xs">{roleLabels[home.role]}</Text>
              </Table.Td>
              <Table.Td>
                {home.attention.count > 0 ? (
                  <Badge color="orange">{home.attention.count}</Badge>
                ) : (
                  <Text size="sm">Nothing</Text>
                )}
              </Table.Td>
              <Table.Td>{yesNo(home.steps.find((s) => s.id === 'run_assessment')?.done)}</Table.Td>
              <Table.Td>{matrixCell(home)}</Table.Td>
              <Table.Td>{home.attention.findings ? home.attention.findings.errors : '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
