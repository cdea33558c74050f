import { Badge, Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { PracticeStatus } from '../../../src/monitor/overview-schema.ts';
import { formatDateTime } from '../ui/format.ts';
import { FlappingBadge } from './FlappingBadge.tsx';
import { stateLabels } from './monitor-api.ts';

type WorstCheck = PracticeStatus['worstChecks'][number];

/**
 * A practice's worst checks as its status gives them (down, flapping, degraded; the longest first),
 * one line each: the overview's column and the Monitoring page's "Needs attention". `link` draws the
 * check's name as a link, which differs: the overview switches practice first.
 */
export function WorstChecks({
  checks,
  link,
  testIdPrefix = 'flapping',
}: {
  checks: WorstCheck[];
  link: (check: WorstCheck) => ReactNode;
  /** Test ids stay unique where the same check also has a row of its own. */
  testIdPrefix?: string;
}) {
  return (
    <Stack gap={2}>
      {checks.map((check) => (
        <Group key={check.id} gap={6} wrap="nowrap">
          <Badge size="sm" color={stateLabels[check.state].color}>
            {stateLabels[check.state].label}
          </Badge>
          {check.flapping && <FlappingBadge size="sm" testId={`${testIdPrefix}-${check.id}`} />}
          {link(check)}
          <Text size="xs" c="dimmed">
            since {formatDateTime(check.stateSince)}
            {check.suppressed ? ' (parent down: no alert)' : ''}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}
