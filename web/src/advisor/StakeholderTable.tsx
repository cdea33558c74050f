import { Group, Table, Text } from '@mantine/core';
import type { Assessment } from '../../../src/advisor/engine/assessment-schema.ts';
import { modelShortLabel, optionLabels, percent } from './labels.ts';
import { TextBadge } from './TextBadge.tsx';

/** Each stakeholder's weights, the overall model they lead to, and where they part from the advice. */
export function StakeholderTable({ result }: { result: Assessment }) {
  const names = new Map(result.functions.map((f) => [f.id, f.name]));
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table aria-label="Stakeholders" striped verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Person</Table.Th>
            <Table.Th>Weights (cost · control · vendor dependency)</Table.Th>
            <Table.Th>Their overall model</Table.Th>
            <Table.Th>Where their view differs</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {result.stakeholders.map((s) => {
            const total = s.weights.cost + s.weights.control + s.weights.vendorDependency || 1;
            return (
              <Table.Tr key={s.name}>
                <Table.Th scope="row">
                  {s.name}
                  {s.role && (
                    <Text size="xs" c="dimmed" fw={400}>
                      {s.role}
                    </Text>
                  )}
                </Table.Th>
                <Table.Td>
                  <Text size="sm">
                    {percent(s.weights.cost / total)} · {percent(s.weights.control / total)} ·{' '}
                    {percent(s.weights.vendorDependency / total)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <TextBadge
                    variant="light"
                    tt="none"
                    color={s.overallModel === result.overall.model ? 'teal' : 'orange'}
                  >
                    {modelShortLabel(s.overallModel)}
                  </TextBadge>
                </Table.Td>
                <Table.Td>
                  {s.differs.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      Agrees with the recommendation on every function
                    </Text>
                  ) : (
                    <Group gap={4}>
                      {s.differs.map((id) => {
                        const theirs = s.decisions[id];
                        return (
                          <TextBadge key={id} variant="outline" color="orange" tt="none">
                            {names.get(id) ?? id}: {theirs ? optionLabels[theirs] : '—'}
                          </TextBadge>
                        );
                      })}
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
