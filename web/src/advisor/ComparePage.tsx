import { Alert, Anchor, Code, Loader, SimpleGrid, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { usePractice } from '../practice/current-practice.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { formatDateTime } from '../ui/format.ts';
import { PageTitle } from '../ui/PageTitle.tsx';
import { advisorApi, comparisonKey, type AssessmentSummary, type Comparison } from './advisor-api.ts';
import { assessmentTitle } from './HistoryTable.tsx';
import { modelShortLabel, money, optionLabels, signedMoney } from './labels.ts';
import { TextBadge } from './TextBadge.tsx';

function Side({ label, a }: { label: string; a: AssessmentSummary }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Anchor component={Link} to={`/advisor/${a.id}`} fw={600}>
        {assessmentTitle(a)}
      </Anchor>
      <Text size="sm" c="dimmed">
        {formatDateTime(a.createdAt)}
        {a.createdBy ? ` by ${a.createdBy.displayName}` : ''}; overall {modelShortLabel(a.overallModel).toLowerCase()}
      </Text>
    </Stack>
  );
}

/** A profile value as a short readable string. */
function show(value: unknown): string {
  if (value === undefined) return '(not set)';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

function ComparisonView({ c }: { c: Comparison }) {
  const changed = c.functions.filter((f) => f.changed);
  // When nothing changed, the full list is the interesting one.
  const [onlyChanged, setOnlyChanged] = useState(changed.length > 0);
  const rows = onlyChanged ? changed : c.functions;
  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Side label="A (earlier)" a={c.a} />
        <Side label="B (later)" a={c.b} />
      </SimpleGrid>

      <Stack gap="sm" component="section" aria-labelledby="compare-plans">
        <Title order={2} size="h3" id="compare-plans">
          Plan totals (risk-adjusted, per year)
        </Title>
        <Table.ScrollContainer minWidth={560}>
          <Table aria-label="Plan totals" striped verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Plan</Table.Th>
                <Table.Th ta="right">A</Table.Th>
                <Table.Th ta="right">B</Table.Th>
                <Table.Th ta="right">Change</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {c.plans.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Th scope="row">{p.label}</Table.Th>
                  <Table.Td ta="right">{p.a === null ? '—' : money(p.a)}</Table.Td>
                  <Table.Td ta="right">{p.b === null ? '—' : money(p.b)}</Table.Td>
                  <Table.Td ta="right">{p.a === null || p.b === null ? '—' : signedMoney(p.b - p.a)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>

      <Stack gap="sm" component="section" aria-labelledby="compare-functions">
        <Title order={2} size="h3" id="compare-functions">
          Functions
        </Title>
        <Text size="sm" data-testid="changed-summary">
          {changed.length === 0
            ? "No function's recommendation changed."
            : `${changed.length} function${changed.length === 1 ? '' : 's'} changed recommendation: ${changed.map((f) => f.name).join(', ')}.`}
        </Text>
        <Switch
          label="Only functions whose recommendation changed"
          checked={onlyChanged}
          onChange={(e) => setOnlyChanged(e.currentTarget.checked)}
        />
        {rows.length > 0 && (
          <Table.ScrollContainer minWidth={760}>
            <Table aria-label="Functions compared" striped verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Function</Table.Th>
                  <Table.Th>A recommends</Table.Th>
                  <Table.Th>B recommends</Table.Th>
                  <Table.Th ta="right">A risk-adjusted</Table.Th>
                  <Table.Th ta="right">B risk-adjusted</Table.Th>
                  <Table.Th ta="right">Change</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((f) => (
                  <Table.Tr key={f.id}>
                    <Table.Th scope="row">
                      {f.name}{' '}
                      {f.changed && (
                        <TextBadge size="xs" color="orange" variant="light" tt="none">
                          changed
                        </TextBadge>
                      )}
                    </Table.Th>
                    <Table.Td>{f.a ? optionLabels[f.a] : '—'}</Table.Td>
                    <Table.Td>{f.b ? optionLabels[f.b] : '—'}</Table.Td>
                    <Table.Td ta="right">{f.aRiskAdjusted === null ? '—' : money(f.aRiskAdjusted)}</Table.Td>
                    <Table.Td ta="right">{f.bRiskAdjusted === null ? '—' : money(f.bRiskAdjusted)}</Table.Td>
                    <Table.Td ta="right">
                      {f.aRiskAdjusted === null || f.bRiskAdjusted === null
                        ? '—'
                        : signedMoney(f.bRiskAdjusted - f.aRiskAdjusted)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>

      <Stack gap="sm" component="section" aria-labelledby="compare-profile">
        <Title order={2} size="h3" id="compare-profile">
          Profile changes
        </Title>
        {c.profileChanges.length === 0 ? (
          <Text size="sm" c="dimmed">
            The two profiles are the same; only the seed or the number of iterations differ.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table aria-label="Profile changes" striped verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Field</Table.Th>
                  <Table.Th>A</Table.Th>
                  <Table.Th>B</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {c.profileChanges.map((p) => (
                  <Table.Tr key={p.path}>
                    <Table.Th scope="row">
                      <Code>{p.path}</Code>
                    </Table.Th>
                    <Table.Td style={{ wordBreak: 'break-word' }}>{show(p.a)}</Table.Td>
                    <Table.Td style={{ wordBreak: 'break-word' }}>{show(p.b)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Stack>
  );
}

/** /advisor/compare?a=<id>&b=<id>: what changed between two assessments of the practice. */
export function ComparePage() {
  const practice = usePractice();
  const [params] = useSearchParams();
  const a = params.get('a') ?? '';
  const b = params.get('b') ?? '';
  const comparison = useQuery({
    queryKey: comparisonKey(practice.practiceId, a, b),
    queryFn: () => advisorApi.compare(practice.practiceId, a, b),
    enabled: a !== '' && b !== '',
    staleTime: Infinity,
  });
  return (
    <Stack>
      <Anchor component={Link} to="/advisor" size="sm">
        ← Advisor
      </Anchor>
      <PageTitle title="Compare assessments" description="What changed between two assessments of this practice." />
      {(a === '' || b === '') && (
        <Alert color="orange" title="Two assessments needed">
          Pick two assessments in the history to compare them.
        </Alert>
      )}
      {comparison.isFetching && !comparison.data && <Loader aria-label="Comparing" />}
      <ErrorAlert error={comparison.error} />
      {comparison.data && <ComparisonView c={comparison.data} />}
    </Stack>
  );
}
