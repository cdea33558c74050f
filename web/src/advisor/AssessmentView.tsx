import { capitalize } from '../../../src/advisor/engine/format.ts';
import { Badge, Group, List, Paper, Select, SimpleGrid, Stack, Table, Text, ThemeIcon, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { Assessment, FunctionAssessment } from '../../../src/advisor/engine/assessment-schema.ts';
import { CheckIcon } from '../ui/icons.tsx';
import { CostChart } from './CostChart.tsx';
import { FunctionDrawer } from './FunctionDrawer.tsx';
import { FunctionTable } from './FunctionTable.tsx';
import { modelLabel, money, percent, planLabels, planOrder } from './labels.ts';
import { LossExceedanceChart } from './LossExceedanceChart.tsx';
import { StakeholderTable } from './StakeholderTable.tsx';
import { TornadoChart } from './TornadoChart.tsx';

function CrossIcon() {
  return (
    <svg width={14} height={14} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2.5} aria-hidden>
      <path d="M6 6l12 12M18 6L6 18" />
    </svg>
  );
}

function Overall({ result }: { result: Assessment }) {
  const recommended = result.plans.find((p) => p.id === 'recommended');
  const current = result.plans.find((p) => p.id === 'current');
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="overall-title">
      <Stack gap="sm">
        <Text size="sm" c="dimmed" tt="uppercase" fw={700} id="overall-title">
          Overall recommendation
        </Text>
        <Title order={2} size="h3" data-testid="overall-model">
          {capitalize(result.overall.label)}
        </Title>
        <Text size="sm">
          {result.overall.current && <>Today: {modelLabel(result.overall.current)}. </>}
          {recommended && (
            <>
              Recommended plan: <strong>{money(recommended.riskAdjusted)}</strong> a year, risk-adjusted
            </>
          )}
          {current && <> (today&apos;s arrangement: {money(current.riskAdjusted)})</>}
          {recommended && '.'}
        </Text>
        <Stack gap={4}>
          {result.overall.rationale.map((line) => (
            <Text key={line} size="sm">
              {line}
            </Text>
          ))}
        </Stack>
        <Title order={2} size="h4" mt="xs">
          Conditions for insourcing
        </Title>
        <List spacing="xs" size="sm" aria-label="Conditions" center>
          {result.overall.conditions.map((c) => (
            <List.Item
              key={c.id}
              icon={
                <ThemeIcon color={c.met ? 'teal' : 'red'} size={22} radius="xl" variant="light">
                  {c.met ? <CheckIcon /> : <CrossIcon />}
                </ThemeIcon>
              }
            >
              <Group gap={6}>
                <Text size="sm" fw={600}>
                  {c.label}
                </Text>
                <Badge size="sm" color={c.met ? 'teal' : 'red'} variant="light" tt="none">
                  {c.met ? 'Met' : 'Not met'}
                </Badge>
              </Group>
              <Text size="sm" c="dimmed">
                {c.detail}
              </Text>
            </List.Item>
          ))}
        </List>
      </Stack>
    </Paper>
  );
}

function PlanTable({ result }: { result: Assessment }) {
  const plans = planOrder.flatMap((id) => result.plans.filter((p) => p.id === id));
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table aria-label="Plans compared" striped verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Plan</Table.Th>
            <Table.Th ta="right">Cost / yr</Table.Th>
            <Table.Th ta="right">Expected losses / yr</Table.Th>
            <Table.Th ta="right">Risk-adjusted / yr</Table.Th>
            <Table.Th ta="right">Simulated range (P10 – P90)</Table.Th>
            <Table.Th ta="right">Cheapest in</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {plans.map((p) => (
            <Table.Tr key={p.id}>
              <Table.Th scope="row">{planLabels[p.id]}</Table.Th>
              <Table.Td ta="right">{money(p.cost)}</Table.Td>
              <Table.Td ta="right">{money(p.loss)}</Table.Td>
              <Table.Td ta="right" fw={p.id === 'recommended' ? 700 : 400}>
                {money(p.riskAdjusted)}
              </Table.Td>
              <Table.Td ta="right">
                {money(p.simulated.riskAdjusted.p10)} – {money(p.simulated.riskAdjusted.p90)}
              </Table.Td>
              <Table.Td ta="right">{percent(p.simulated.probabilityCheapest)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The function whose decision is closest to flipping, among those with sensitivity rows. */
function mostFragile(functions: FunctionAssessment[]): FunctionAssessment | undefined {
  const withRows = functions.filter((f) => f.sensitivity.length > 0);
  return [...withRows].sort((a, b) => (a.margin ?? Infinity) - (b.margin ?? Infinity))[0] ?? functions[0];
}

/** The result of one assessment: the advice, the plans, the charts, every function and the people. */
export function AssessmentView({ result }: { result: Assessment }) {
  const [open, setOpen] = useState<FunctionAssessment | null>(null);
  const fragile = useMemo(() => mostFragile(result.functions), [result.functions]);
  const [tornadoId, setTornadoId] = useState<string | null>(null);
  const tornadoFn = result.functions.find((f) => f.id === tornadoId) ?? fragile;

  return (
    <Stack gap="lg">
      <Overall result={result} />

      <Stack gap="sm" component="section" aria-labelledby="plans-title">
        <Title order={2} size="h3" id="plans-title">
          Plans
        </Title>
        <PlanTable result={result} />
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          <CostChart plans={result.plans} />
          <LossExceedanceChart plans={result.plans} />
        </SimpleGrid>
      </Stack>

      <Stack gap="sm" component="section" aria-labelledby="functions-title">
        <Title order={2} size="h3" id="functions-title">
          Functions
        </Title>
        <FunctionTable functions={result.functions} onOpen={setOpen} />
        {tornadoFn && (
          <Stack gap="xs">
            <Select
              label="Sensitivity of"
              description="Which function's decision to show in the tornado chart"
              data={result.functions.map((f) => ({ value: f.id, label: f.name }))}
              value={tornadoFn.id}
              onChange={setTornadoId}
              allowDeselect={false}
              w={360}
              className="no-print"
            />
            <TornadoChart fn={tornadoFn} />
          </Stack>
        )}
      </Stack>

      {result.stakeholders.length > 0 && (
        <Stack gap="sm" component="section" aria-labelledby="stakeholders-title">
          <Title order={2} size="h3" id="stakeholders-title">
            Stakeholders
          </Title>
          <StakeholderTable result={result} />
        </Stack>
      )}

      <Stack gap="sm" component="section" aria-labelledby="questions-title">
        <Title order={2} size="h3" id="questions-title">
          Questions left unanswered
        </Title>
        {result.questions.length === 0 ? (
          <Text size="sm" c="dimmed">
            None: the profile answered everything the engine asks.
          </Text>
        ) : (
          <List spacing="xs" size="sm" aria-label="Questions left unanswered">
            {result.questions.map((q) => (
              <List.Item key={q.id}>
                <Text size="sm" fw={500}>
                  {q.question}
                </Text>
                <Text size="sm" c="dimmed">
                  {q.why}
                </Text>
              </List.Item>
            ))}
          </List>
        )}
      </Stack>

      <Text size="xs" c="dimmed">
        {result.iterations.toLocaleString('en-US')} simulated years per option, seed {result.seed}, costs per year over
        a {result.horizonYears}-year horizon
        {result.asOf ? `, as of ${result.asOf}` : ''}. Weights: cost {percent(result.weights.cost)}, control{' '}
        {percent(result.weights.control)}, vendor dependency {percent(result.weights.vendorDependency)}.
        {result.overridden.length > 0 && ` Defaults overridden by the profile: ${result.overridden.join(', ')}.`}
      </Text>

      <FunctionDrawer fn={open} onClose={() => setOpen(null)} />
    </Stack>
  );
}
