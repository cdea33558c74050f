/**
 * Starting a new draft: a copy of the version in force, the advisor's split from an assessment,
 * an imported CSV (as `tandem matrix export` writes it), or a blank matrix with the practice's
 * named people and time zone (sent as the `matrix` draft source).
 */
import { Button, FileInput, Group, Select, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { advisorApi, assessmentsKey } from '../advisor/advisor-api.ts';
import { assessmentTitle } from '../advisor/HistoryTable.tsx';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { DraftPeople, newPerson } from './DraftPeople.tsx';
import { browserTimeZone } from '../ui/time-zones.ts';
import { blankMatrixWith, type DraftPerson } from './draft-people.ts';
import { matrixApi, versionsKey, type DraftSource, type VersionView } from './matrix-api.ts';

type Kind = DraftSource['kind'];

export function NewDraftPanel({
  practiceId,
  hasAgreed,
  canReadAssessments,
  onCreated,
}: {
  practiceId: string;
  hasAgreed: boolean;
  canReadAssessments: boolean;
  onCreated: (v: VersionView) => void;
}) {
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<Kind>(hasAgreed ? 'version' : 'assessment');
  const [assessmentId, setAssessmentId] = useState<string | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [people, setPeople] = useState<DraftPerson[]>(() => [newPerson()]);
  const [timeZone, setTimeZone] = useState(browserTimeZone);
  const assessments = useQuery({
    queryKey: assessmentsKey(practiceId),
    queryFn: () => advisorApi.list(practiceId),
    enabled: canReadAssessments && kind === 'assessment',
  });
  const create = useMutation({
    mutationFn: async (): Promise<VersionView> => {
      const source: DraftSource =
        kind === 'assessment'
          ? { kind, assessmentId: assessmentId ?? '' }
          : kind === 'csv'
            ? { kind, csv: file ? await file.text() : '' }
            : kind === 'version'
              ? { kind }
              : { kind: 'matrix', matrix: blankMatrixWith(people, timeZone) };
      return matrixApi.create(practiceId, source);
    },
    onSuccess: async (v) => {
      await queryClient.invalidateQueries({ queryKey: versionsKey(practiceId) });
      onCreated(v);
    },
  });
  const options = [
    ...(hasAgreed ? [{ value: 'version', label: 'A copy of the version in force' }] : []),
    ...(canReadAssessments ? [{ value: 'assessment', label: "The advisor's split from an assessment" }] : []),
    { value: 'csv', label: 'A CSV file' },
    { value: 'blank', label: 'A blank matrix with your people' },
  ];
  const ready = kind === 'assessment' ? assessmentId !== null : kind === 'csv' ? file !== null : true;
  return (
    <Stack gap="xs" component="section" aria-label="New draft">
      <Group align="end">
        <Select
          label="Start a new draft from"
          data={options}
          value={kind}
          onChange={(v) => v && setKind(v as Kind)}
          allowDeselect={false}
          w={320}
        />
        {kind === 'assessment' && (
          <Select
            label="Assessment"
            placeholder={assessments.isPending ? 'Loading…' : 'Choose an assessment'}
            data={(assessments.data ?? []).map((a) => ({ value: a.id, label: assessmentTitle(a) }))}
            value={assessmentId}
            onChange={setAssessmentId}
            w={320}
          />
        )}
        {kind === 'csv' && (
          <FileInput label="Matrix CSV" accept=".csv,text/csv" value={file} onChange={setFile} w={320} />
        )}
        <Button onClick={() => create.mutate()} loading={create.isPending} disabled={!ready}>
          Create draft
        </Button>
      </Group>
      {kind === 'blank' && (
        <DraftPeople people={people} timeZone={timeZone} onPeople={setPeople} onTimeZone={setTimeZone} />
      )}
      {kind === 'assessment' && assessments.data?.length === 0 && (
        <Text size="sm" c="dimmed">
          No assessments yet: run one on the Advisor page first.
        </Text>
      )}
      <ErrorAlert error={create.error} title="Could not create the draft" />
    </Stack>
  );
}
