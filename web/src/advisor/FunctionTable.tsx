import { Button, Group, Stack, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { OPTIONS } from '../../../src/advisor/engine/model/function-catalog.ts';
import type { FunctionAssessment } from '../../../src/advisor/engine/assessment-schema.ts';
import { money, optionColors, optionLabels, percent } from './labels.ts';
import { TextBadge } from './TextBadge.tsx';

/**
 * One row per IT function: today's arrangement and the recommendation, each option's
 * risk-adjusted yearly cost with how often the simulation found it cheapest, and warnings.
 */
export function FunctionTable({
  functions,
  onOpen,
}: {
  functions: FunctionAssessment[];
  onOpen: (fn: FunctionAssessment) => void;
}) {
  return (
    <Table.ScrollContainer minWidth={1080}>
      <Table striped highlightOnHover aria-label="Recommendation by function" verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Function</Table.Th>
            <Table.Th miw={230}>Today → recommended</Table.Th>
            {OPTIONS.map((o) => (
              <Table.Th key={o} ta="right">
                {optionLabels[o]}
                <Text size="xs" c="dimmed" fw={400}>
                  risk-adjusted / yr · cheapest in
                </Text>
              </Table.Th>
            ))}
            <Table.Th>Warnings</Table.Th>
            <Table.Th>
              <VisuallyHidden>Details</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {functions.map((fn) => (
            <Table.Tr key={fn.id} data-testid={`function-row-${fn.id}`}>
              <Table.Th scope="row" fw={500}>
                {fn.name}
              </Table.Th>
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                    {optionLabels[fn.current]}
                  </Text>
                  <Text size="sm" aria-hidden>
                    →
                  </Text>
                  <TextBadge color={optionColors[fn.recommended]} variant="light" tt="none">
                    {optionLabels[fn.recommended]}
                  </TextBadge>
                  {fn.current === fn.recommended && (
                    <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                      (no change)
                    </Text>
                  )}
                </Group>
              </Table.Td>
              {OPTIONS.map((o) => {
                const result = fn.options.find((r) => r.option === o);
                if (!result)
                  return (
                    <Table.Td key={o} ta="right">
                      —
                    </Table.Td>
                  );
                const best = o === fn.recommended;
                return (
                  <Table.Td key={o} ta="right">
                    {result.infeasibleReason ? (
                      <Tooltip label={result.infeasibleReason} multiline w={280} withArrow>
                        <Text
                          size="sm"
                          c="dimmed"
                          td="line-through"
                          aria-label={`Ruled out: ${result.infeasibleReason}`}
                        >
                          {money(result.riskAdjusted)}
                        </Text>
                      </Tooltip>
                    ) : (
                      <Stack gap={0} align="flex-end">
                        <Text size="sm" fw={best ? 700 : 400}>
                          {money(result.riskAdjusted)}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {percent(result.simulated.probabilityCheapest)}
                        </Text>
                      </Stack>
                    )}
                  </Table.Td>
                );
              })}
              <Table.Td>
                {fn.warnings.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    None
                  </Text>
                ) : (
                  <Stack gap={4} maw={340}>
                    {fn.warnings.map((w) => (
                      <Text key={w.driver + w.text} size="xs" c="red.9" lineClamp={3} title={w.text}>
                        {w.text}
                      </Text>
                    ))}
                  </Stack>
                )}
              </Table.Td>
              <Table.Td>
                <Button size="xs" variant="subtle" onClick={() => onOpen(fn)} aria-label={`Details for ${fn.name}`}>
                  Details
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
