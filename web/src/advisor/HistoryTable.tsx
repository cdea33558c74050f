import { Anchor, Button, Checkbox, Group, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { formatDateTime } from '../ui/format.ts';
import type { AssessmentSummary } from './advisor-api.ts';
import { modelShortLabel, money } from './labels.ts';
import { TextBadge } from './TextBadge.tsx';

export function assessmentTitle(a: Pick<AssessmentSummary, 'name' | 'createdAt'>): string {
  return a.name ?? `Assessment of ${formatDateTime(a.createdAt)}`;
}

/**
 * Past assessments, newest first: open one, or tick two and compare them. Ticking a third
 * replaces the older of the two ticked.
 */
export function HistoryTable({
  assessments,
  selected,
  onSelect,
  onCompare,
}: {
  assessments: AssessmentSummary[];
  selected: string[];
  onSelect: (next: string[]) => void;
  onCompare: () => void;
}) {
  const toggle = (id: string, on: boolean) =>
    onSelect(on ? [...selected.filter((s) => s !== id), id].slice(-2) : selected.filter((s) => s !== id));
  return (
    <>
      <Table.ScrollContainer minWidth={860}>
        <Table striped highlightOnHover aria-label="Past assessments" verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={80}>Compare</Table.Th>
              <Table.Th>Name</Table.Th>
              <Table.Th>Run</Table.Th>
              <Table.Th>By</Table.Th>
              <Table.Th>Overall model</Table.Th>
              <Table.Th ta="right">Risk-adjusted cost, recommended</Table.Th>
              <Table.Th ta="right">Today's arrangement</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {assessments.map((a) => {
              const title = assessmentTitle(a);
              return (
                <Table.Tr key={a.id}>
                  <Table.Td>
                    <Checkbox
                      aria-label={`Select ${title} (${formatDateTime(a.createdAt)}) to compare`}
                      checked={selected.includes(a.id)}
                      onChange={(e) => toggle(a.id, e.currentTarget.checked)}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/advisor/${a.id}`} size="sm" fw={500}>
                      {title}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {a.iterations.toLocaleString('en-US')} iterations, seed {a.seed}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatDateTime(a.createdAt)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{a.createdBy?.displayName ?? '—'}</Text>
                  </Table.Td>
                  <Table.Td>
                    <TextBadge variant="light" tt="none">
                      {modelShortLabel(a.overallModel)}
                    </TextBadge>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Text size="sm">{money(a.recommendedRiskAdjusted)} / yr</Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Text size="sm" c="dimmed">
                      {money(a.currentRiskAdjusted)} / yr
                    </Text>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group>
        <Button variant="light" disabled={selected.length !== 2} onClick={onCompare}>
          Compare selected
        </Button>
        <Text size="sm" c="dimmed">
          {selected.length === 2 ? 'Two assessments selected.' : 'Tick two assessments to compare them.'}
        </Text>
      </Group>
    </>
  );
}
