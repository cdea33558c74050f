import { Alert, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { memo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { stringify } from 'yaml';
import { usePractice } from '../practice/current-practice.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { PageTitle } from '../ui/PageTitle.tsx';
import { advisorApi, assessmentKey, assessmentsKey, type AssessmentSummary } from './advisor-api.ts';
import { canReadAssessments, canRunAssessments } from './advisor-permissions.ts';
import { HistoryTable } from './HistoryTable.tsx';
import { ProfileForm } from './ProfileForm.tsx';

/**
 * The editor, pre-filled with an earlier assessment's profile when the address says ?from=<id>.
 * Memoised: the history's arrival re-renders the page at once, and the editor (hundreds of
 * fields) need not be drawn again with it (issue 22: blocking time).
 */
const NewAssessment = memo(function NewAssessment({ practiceId, from }: { practiceId: string; from: string | null }) {
  const source = useQuery({
    queryKey: assessmentKey(practiceId, from ?? ''),
    queryFn: () => advisorApi.get(practiceId, from ?? ''),
    enabled: from !== null,
  });
  if (from === null) return <ProfileForm practiceId={practiceId} />;
  if (source.isPending) return <Loader aria-label="Loading the earlier profile" />;
  if (source.error) return <ErrorAlert error={source.error} title="Could not load the earlier profile" />;
  return (
    <ProfileForm
      key={from}
      practiceId={practiceId}
      initial={{
        text: stringify(source.data.profile, { lineWidth: 0 }),
        name: '',
        seed: source.data.seed,
        iterations: source.data.iterations,
      }}
    />
  );
});

/**
 * /advisor: run a sourcing assessment from a practice profile, and the practice's past
 * assessments (open one, or compare two).
 */
export function AdvisorPage() {
  const practice = usePractice();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [selected, setSelected] = useState<string[]>([]);
  const canRead = canReadAssessments(practice);
  const canRun = canRunAssessments(practice);
  const history = useQuery({
    queryKey: assessmentsKey(practice.practiceId),
    queryFn: () => advisorApi.list(practice.practiceId),
    enabled: canRead,
  });

  const compare = () => {
    const byId = new Map<string, AssessmentSummary>((history.data ?? []).map((a) => [a.id, a]));
    const [a, b] = [...selected].sort((x, y) =>
      (byId.get(x)?.createdAt ?? '').localeCompare(byId.get(y)?.createdAt ?? ''),
    );
    if (a && b) void navigate(`/advisor/compare?a=${a}&b=${b}`);
  };

  return (
    <Stack>
      <PageTitle
        title="Advisor"
        description={`Compare in-house, co-managed and fully managed IT for ${practice.practiceName}, function by function, on total cost and simulated risk.`}
      />
      {!canRead && (
        <Alert color="orange" title="Not available to your role">
          Your role in {practice.practiceName} does not include sourcing assessments. Ask an administrator if you need
          them.
        </Alert>
      )}
      {canRun && <NewAssessment practiceId={practice.practiceId} from={params.get('from')} />}
      {canRead && !canRun && <Text c="dimmed">Your role can read assessments but not run new ones.</Text>}
      {canRead && (
        <Stack gap="sm">
          <Title order={2} size="h3">
            History
          </Title>
          {history.isPending && <Loader aria-label="Loading past assessments" />}
          <ErrorAlert error={history.error} />
          {history.data && history.data.length === 0 && <Text c="dimmed">No assessments yet.</Text>}
          {history.data && history.data.length > 0 && (
            <HistoryTable assessments={history.data} selected={selected} onSelect={setSelected} onCompare={compare} />
          )}
        </Stack>
      )}
    </Stack>
  );
}
