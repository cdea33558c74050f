/**
 * /responsibilities/diff?from=&to=: what changed between two versions, grouped by kind, with a way
 * on to the newer version (where a proposal is agreed: emails about a proposal link here).
 */
import { Anchor, Badge, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import type { Change } from '../../../src/matrix/version-schema.ts';
import { usePractice } from '../practice/current-practice.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { PageTitle } from '../ui/PageTitle.tsx';
import { CompareVersions } from './CompareVersions.tsx';
import { diffKey, matrixApi, versionsKey } from './matrix-api.ts';

const KIND_TITLE: Record<Change['kind'], string> = {
  hours: 'Business hours',
  party: 'Parties',
  activity: 'Activities',
  assignment: 'Assignments',
  absence: 'Absences',
};
const CHANGE_COLOR = { added: 'green', removed: 'red', changed: 'blue' } as const;

export function DiffPage() {
  const { practiceId } = usePractice();
  const [params] = useSearchParams();
  const from = Number(params.get('from'));
  const to = Number(params.get('to'));
  const valid = Number.isInteger(from) && Number.isInteger(to) && from > 0 && to > 0;
  const versions = useQuery({ queryKey: versionsKey(practiceId), queryFn: () => matrixApi.list(practiceId) });
  const diff = useQuery({
    queryKey: diffKey(practiceId, from, to),
    queryFn: () => matrixApi.diff(practiceId, from, to),
    enabled: valid,
  });
  const groups = Object.entries(KIND_TITLE)
    .map(([kind, title]) => ({ title, changes: (diff.data?.changes ?? []).filter((c) => c.kind === kind) }))
    .filter((g) => g.changes.length > 0);
  return (
    <Stack>
      <PageTitle title={valid ? `Changes from version ${from} to version ${to}` : 'Compare versions'}>
        <Group gap="lg">
          {valid && (
            <Anchor component={Link} to={`/responsibilities?version=${to}`}>
              Open version {to}
            </Anchor>
          )}
          <Anchor component={Link} to="/responsibilities">
            Back to the matrix
          </Anchor>
        </Group>
      </PageTitle>
      {versions.data && <CompareVersions key={`${from}-${to}`} versions={versions.data} />}
      {!valid && <Text>Choose two versions to compare.</Text>}
      {diff.isPending && valid && <Loader aria-label="Loading the changes" />}
      <ErrorAlert error={diff.error} />
      {diff.data && diff.data.changes.length === 0 && <Text>The two versions are the same.</Text>}
      {groups.map((g) => (
        <Stack gap="xs" key={g.title} component="section" aria-label={g.title}>
          <Title order={2} size="h3">
            {g.title}
          </Title>
          <Table>
            <Table.Tbody>
              {g.changes.map((c) => (
                <Table.Tr key={`${c.kind}:${c.id}`}>
                  <Table.Td w={110}>
                    <Badge color={CHANGE_COLOR[c.change]}>{c.change}</Badge>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      <Text size="sm">{c.summary}</Text>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      ))}
    </Stack>
  );
}
