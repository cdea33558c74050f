import { leadText } from '../../../src/advisor/engine/format.ts';
import { Alert, Drawer, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import type { FunctionAssessment } from '../../../src/advisor/engine/assessment-schema.ts';
import { money, optionColors, optionLabels, partyLabels, percent, signedMoney } from './labels.ts';
import { TextBadge } from './TextBadge.tsx';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap={6}>
      <Title order={2} size="h4">
        {title}
      </Title>
      {children}
    </Stack>
  );
}

function parties(list: readonly (keyof typeof partyLabels)[]): string {
  return list.length === 0 ? '—' : list.map((p) => partyLabels[p]).join(', ');
}

/**
 * Everything about one function: why, the options side by side, when in-house would catch up,
 * what the decision is sensitive to, and a first draft of who does what.
 */
export function FunctionDrawer({ fn, onClose }: { fn: FunctionAssessment | null; onClose: () => void }) {
  return (
    <Drawer
      opened={fn !== null}
      onClose={onClose}
      position="right"
      size="xl"
      title={fn ? <Text fw={700}>{fn.name}</Text> : null}
    >
      {fn && (
        <Stack gap="lg" data-testid="function-detail">
          <Group gap="xs">
            <Text size="sm">Today: {optionLabels[fn.current]}</Text>
            <Text size="sm" aria-hidden>
              →
            </Text>
            <Text size="sm">Recommended:</Text>
            <TextBadge color={optionColors[fn.recommended]} variant="light" tt="none">
              {optionLabels[fn.recommended]}
            </TextBadge>
            {leadText(fn.runnerUp, fn.margin, fn.marginCost) && (
              <Text size="sm" c="dimmed">
                {leadText(fn.runnerUp, fn.margin, fn.marginCost)}
              </Text>
            )}
          </Group>

          <Section title="Why">
            <List size="sm" spacing={4}>
              {fn.rationale.map((line) => (
                <List.Item key={line}>{line}</List.Item>
              ))}
            </List>
          </Section>

          {fn.warnings.length > 0 && (
            <Alert color="orange" title="Warnings">
              <List size="sm" spacing={4}>
                {fn.warnings.map((w) => (
                  <List.Item key={w.driver + w.text}>{w.text}</List.Item>
                ))}
              </List>
            </Alert>
          )}

          <Section title="Options">
            <Table.ScrollContainer minWidth={620}>
              <Table aria-label={`Options for ${fn.name}`} verticalSpacing={4} withTableBorder>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Option</Table.Th>
                    <Table.Th ta="right">Cost / yr</Table.Th>
                    <Table.Th ta="right">Expected losses</Table.Th>
                    <Table.Th ta="right">Risk-adjusted</Table.Th>
                    <Table.Th ta="right">P10 – P90</Table.Th>
                    <Table.Th ta="right">Cheapest in</Table.Th>
                    <Table.Th>Staffing</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {fn.options.map((o) => (
                    <Table.Tr key={o.option}>
                      <Table.Th scope="row">
                        {optionLabels[o.option]}
                        {o.infeasibleReason && (
                          <Text size="xs" c="red.8" fw={400}>
                            Ruled out: {o.infeasibleReason}
                          </Text>
                        )}
                      </Table.Th>
                      <Table.Td ta="right">{money(o.cost)}</Table.Td>
                      <Table.Td ta="right">{money(o.riskTotal)}</Table.Td>
                      <Table.Td ta="right" fw={o.option === fn.recommended ? 700 : 400}>
                        {money(o.riskAdjusted)}
                      </Table.Td>
                      <Table.Td ta="right">
                        {money(o.simulated.riskAdjusted.p10)} – {money(o.simulated.riskAdjusted.p90)}
                      </Table.Td>
                      <Table.Td ta="right">{percent(o.simulated.probabilityCheapest)}</Table.Td>
                      <Table.Td>
                        <Text size="xs">
                          {o.staffing.workloadFte.toFixed(1)} FTE of work
                          {o.staffing.hires.length > 0 &&
                            `; hires ${o.staffing.hires.map((h) => `${h.fte.toFixed(1)} ${h.role.replaceAll('_', ' ')}`).join(', ')}`}
                          {o.staffing.internalFte > 0 && !o.staffing.hasCover && '; no cover for absences'}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Section>

          <Section title="Break-even">
            <Text size="sm">{fn.breakEven?.text ?? 'No break-even: in-house is not an option to compare here.'}</Text>
          </Section>

          <Section title="Sensitivity">
            {fn.sensitivity.length === 0 ? (
              <Text size="sm" c="dimmed">
                No uncertain input moves this decision by more than a dollar.
              </Text>
            ) : (
              <Table.ScrollContainer minWidth={560}>
                <Table aria-label={`Sensitivity of ${fn.name}`} verticalSpacing={4} withTableBorder>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Input</Table.Th>
                      <Table.Th ta="right">Lead, input low</Table.Th>
                      <Table.Th ta="right">Lead, input high</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {fn.sensitivity.map((r) => (
                      <Table.Tr key={r.input}>
                        <Table.Th scope="row" fw={400}>
                          {r.label}
                        </Table.Th>
                        <Table.Td ta="right">
                          {signedMoney(r.marginLow)}
                          {r.flipsLow && ` (${optionLabels[r.flipsLow].toLowerCase()} wins)`}
                        </Table.Td>
                        <Table.Td ta="right">
                          {signedMoney(r.marginHigh)}
                          {r.flipsHigh && ` (${optionLabels[r.flipsHigh].toLowerCase()} wins)`}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </Section>

          <Section title="Draft split: who does what">
            {fn.split.length === 0 ? (
              <Text size="sm" c="dimmed">
                No activities listed for this function.
              </Text>
            ) : (
              <Table.ScrollContainer minWidth={620}>
                <Table aria-label={`Who does what for ${fn.name}`} verticalSpacing={4} withTableBorder striped>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Activity</Table.Th>
                      <Table.Th>Responsible</Table.Th>
                      <Table.Th>Accountable</Table.Th>
                      <Table.Th>Consulted</Table.Th>
                      <Table.Th>Informed</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {fn.split.map((row) => (
                      <Table.Tr key={row.activity}>
                        <Table.Th scope="row" fw={400}>
                          {row.name}
                        </Table.Th>
                        <Table.Td>{partyLabels[row.responsible]}</Table.Td>
                        <Table.Td>{partyLabels[row.accountable]}</Table.Td>
                        <Table.Td>{parties(row.consulted)}</Table.Td>
                        <Table.Td>{parties(row.informed)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
            <Text size="xs" c="dimmed">
              A starting point for the responsibility matrix, to be agreed by the practice and the MSP.
            </Text>
          </Section>
        </Stack>
      )}
    </Drawer>
  );
}
