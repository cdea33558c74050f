import { Badge } from '@mantine/core';
import type { LiveStatus } from './live-updates.ts';

const looks: Record<LiveStatus, { label: string; color: string }> = {
  connecting: { label: 'Connecting…', color: 'gray' },
  live: { label: 'Live', color: 'teal' },
  offline: { label: 'Not live: reload to reconnect', color: 'gray' },
};

/** Whether the page is receiving changes as they happen; a polite live region announces the change. */
export function LiveBadge({ status }: { status: LiveStatus }) {
  const look = looks[status];
  return (
    <Badge variant="light" color={look.color} data-testid="live-status" role="status" aria-live="polite">
      {look.label}
    </Badge>
  );
}
