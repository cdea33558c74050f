import { Alert, Anchor, Badge, Button, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { can } from '../auth/permissions.ts';
import { DeviceRiskCard } from '../devices/DeviceRiskCard.tsx';
import { useCurrentPractice } from '../practice/current-practice.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { formatDateTime } from '../ui/format.ts';
import { homeApi, practiceHomeKey, type HomeStep, type PracticeHome } from './home-api.ts';
import { sideText, stepText } from './steps.ts';

function StepRow({ step }: { step: HomeStep }) {
  const text = stepText[step.id];
  return (
    <Group justify="space-between" wrap="nowrap" align="flex-start" data-testid={`step-${step.id}`}>
      <Stack gap={2}>
        <Group gap="xs">
          <Badge color={step.done ? 'green' : 'gray'} variant={step.done ? 'filled' : 'outline'}>
            {step.done ? 'Done' : 'To do'}
          </Badge>
          <Text fw={500}>{text.title}</Text>
        </Group>
        <Text size="sm">{text.why}</Text>
      </Stack>
      {!step.done &&
        (step.canAct ? (
          <Button component={Link} to={text.to} variant="light" size="xs">
            {text.action}
          </Button>
        ) : (
          <Text size="sm">Your role cannot do this: ask an administrator.</Text>
        ))}
    </Group>
  );
}

/** Each thing that needs the caller, as a sentence with a link to where it is done. */
function attentionItems(home: PracticeHome) {
  const { agreement, findings, expiringInvitations, restoreTestsOverdue } = home.attention;
  const items: { key: string; text: string; to: string }[] = [];
  if (agreement)
    items.push({
      key: 'agreement',
      text: `Version ${agreement.number} of the matrix, proposed ${formatDateTime(agreement.proposedAt)}, is waiting for your side's agreement.`,
      to: '/responsibilities',
    });
  if (findings && findings.errors + findings.warnings > 0)
    items.push({
      key: 'findings',
      text: `The matrix in force (version ${findings.number}) has ${findings.errors} error${findings.errors === 1 ? '' : 's'} and ${findings.warnings} warning${findings.warnings === 1 ? '' : 's'}.`,
      to: '/responsibilities',
    });
  if (restoreTestsOverdue)
    items.push({
      key: 'restore-tests',
      text: `${restoreTestsOverdue} protected system${restoreTestsOverdue === 1 ? ' is' : 's are'} past ${restoreTestsOverdue === 1 ? 'its' : 'their'} restore-test schedule.`,
      to: '/practice/backups',
    });
  for (const invitation of expiringInvitations)
    items.push({
      key: invitation.id,
      text: `The invitation to ${invitation.displayName} (${invitation.email}) expires ${formatDateTime(invitation.expiresAt)}.`,
      to: '/practice/people',
    });
  return items;
}

/** Where the proposal stands when it waits for the other side, not the caller's. */
function waitingNote(home: PracticeHome): string | null {
  const proposed = home.matrix?.proposed;
  if (!proposed || home.attention.agreement || proposed.waitingFor.length === 0) return null;
  return `Version ${proposed.number} of the matrix is waiting for ${proposed.waitingFor.map((s) => sideText[s]).join(' and ')} to agree.`;
}

/** A practice's next steps and what needs the caller's attention there. */
export function PracticeHomeView({ practiceId }: { practiceId: string }) {
  const home = useQuery({ queryKey: practiceHomeKey(practiceId), queryFn: () => homeApi.practice(practiceId) });
  const membership = useCurrentPractice().memberships.find((m) => m.practiceId === practiceId);
  if (home.isPending) return <Loader aria-label="Loading the practice's next steps" />;
  if (home.isError) return <ErrorAlert error={home.error} title="Could not read this practice's next steps" />;
  const items = attentionItems(home.data);
  const note = waitingNote(home.data);
  return (
    <Stack>
      <Card withBorder component="section" aria-labelledby="attention-heading">
        <Stack gap="sm">
          <Title order={2} size="h4" id="attention-heading">
            Needs your attention
          </Title>
          {items.length === 0 && <Text data-testid="attention-none">Nothing needs your attention.</Text>}
          {items.map((item) => (
            <Alert key={item.key} color="orange" data-testid={`attention-${item.key}`}>
              {item.text}{' '}
              <Anchor component={Link} to={item.to}>
                Open
              </Anchor>
            </Alert>
          ))}
          {note && <Text size="sm">{note}</Text>}
        </Stack>
      </Card>
      <Card withBorder component="section" aria-labelledby="steps-heading">
        <Stack gap="md">
          <Title order={2} size="h4" id="steps-heading">
            Next steps
          </Title>
          {home.data.steps.map((step) => (
            <StepRow key={step.id} step={step} />
          ))}
        </Stack>
      </Card>
      {membership && can(membership, 'devices.read') && <DeviceRiskCard practiceId={practiceId} />}
    </Stack>
  );
}
