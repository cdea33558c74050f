import { Badge, Group } from '@mantine/core';
import type { StateCounts as Counts } from '../../../src/monitor/overview-schema.ts';
import { stateLabels } from './monitor-api.ts';

const order = ['down', 'degraded', 'up', 'maintenance', 'paused', 'pending'] as const;

/**
 * A practice's checks counted by state, worst first; states with no check are left out. Flapping
 * checks are counted in their states too, and again apart when any flap (they alert on nothing).
 */
export function StateCounts({ counts, label, flapping = 0 }: { counts: Counts; label: string; flapping?: number }) {
  const shown = order.filter((state) => counts[state] > 0);
  return (
    <Group gap={6} aria-label={label} role="list">
      {shown.length === 0 && <Badge color="gray">No checks</Badge>}
      {shown.map((state) => (
        <Badge
          key={state}
          role="listitem"
          color={stateLabels[state].color}
          variant={state === 'up' ? 'light' : 'filled'}
        >
          {counts[state]} {stateLabels[state].label.toLowerCase()}
        </Badge>
      ))}
      {flapping > 0 && (
        <Badge role="listitem" color="orange" variant="outline" data-testid="flapping-count">
          {flapping} flapping
        </Badge>
      )}
    </Group>
  );
}
