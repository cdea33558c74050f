import { Anchor, Button, Group, Loader, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { usePractice } from '../practice/current-practice.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { formatDateTime } from '../ui/format.ts';
import { PageTitle } from '../ui/PageTitle.tsx';
import { advisorApi, assessmentKey, reportUrl, type AssessmentSummary } from './advisor-api.ts';
import { canRunAssessments } from './advisor-permissions.ts';
import { AssessmentView } from './AssessmentView.tsx';

/**
 * The line under the heading: the run's name when it has its own (the heading names the practice,
 * as the printable report's title does), then when and by whom it was run.
 */
function runLine(data: Pick<AssessmentSummary, 'name' | 'createdAt' | 'createdBy'>, practiceName: string): string {
  const name = data.name && data.name !== practiceName ? `${data.name}. ` : '';
  const by = data.createdBy ? ` by ${data.createdBy.displayName}` : '';
  return `${name}Run ${formatDateTime(data.createdAt)}${by}.`;
}

/** /advisor/:assessmentId: one stored assessment, with its printable report. */
export function AssessmentPage() {
  const practice = usePractice();
  const { assessmentId = '' } = useParams();
  const assessment = useQuery({
    queryKey: assessmentKey(practice.practiceId, assessmentId),
    queryFn: () => advisorApi.get(practice.practiceId, assessmentId),
    staleTime: Infinity, // a stored assessment never changes
  });
  const data = assessment.data;

  return (
    <Stack>
      <Anchor component={Link} to="/advisor" size="sm" className="no-print">
        ← Advisor
      </Anchor>
      {assessment.isPending && <Loader aria-label="Loading the assessment" />}
      <ErrorAlert error={assessment.error} />
      {data && (
        <>
          <Group justify="space-between" align="flex-end" wrap="wrap">
            <PageTitle
              title={`IT sourcing assessment: ${practice.practiceName}`}
              description={runLine(data, practice.practiceName)}
            />
            <Group gap="xs" className="no-print">
              <Button
                component="a"
                href={reportUrl(practice.practiceId, data.id)}
                target="_blank"
                rel="noopener"
                variant="light"
              >
                Open printable report
              </Button>
              <Button component="a" href={reportUrl(practice.practiceId, data.id, true)} download variant="default">
                Download report
              </Button>
              {canRunAssessments(practice) && (
                <Button component={Link} to={`/advisor?from=${data.id}`} variant="default">
                  Run again with changes
                </Button>
              )}
            </Group>
          </Group>
          <AssessmentView result={data.result} />
          <Text size="xs" c="dimmed">
            Assessment {data.id}.
          </Text>
        </>
      )}
    </Stack>
  );
}
