/** Small pieces the queue and the ticket page share: the priority badge and a clock in words. */
import { Badge, Group, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { Clock, TicketSummary } from '../../../src/desk/ticket-schema.ts';
import { formatDateTime } from '../ui/format.ts';
import { clockText, statusLabels, waitingLabels } from './desk-text.ts';

const priorityColors = { P1: 'red', P2: 'orange', P3: 'blue', P4: 'gray' } as const;

/** The priority, and in words when the ticket risks patient safety (never colour alone). */
export function PriorityBadge({ ticket }: { ticket: Pick<TicketSummary, 'priority' | 'impact'> }) {
  return (
    <Group gap={4} wrap="nowrap">
      <Badge color={priorityColors[ticket.priority]} variant="light">
        {ticket.priority}
      </Badge>
      {ticket.impact === 'patient_safety' && (
        <Badge color="red" variant="outline">
          Patient safety
        </Badge>
      )}
    </Group>
  );
}

/** Now, moved on every minute, so "due in 5 min" does not stand still on an open page. */
export function useNow(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), 60_000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

/** Why a stopped resolution clock stands still: the waiting reason, or the resolution. */
export function pauseReason(t: Pick<TicketSummary, 'status' | 'waitingReason'>): string | undefined {
  if (t.waitingReason) return waitingLabels[t.waitingReason];
  return t.status === 'resolved' || t.status === 'closed' ? statusLabels[t.status].toLowerCase() : undefined;
}

export function ClockText({ clock, now, pausedBy }: { clock: Clock; now: Date; pausedBy?: string }) {
  const alarm = clock.state === 'breached' || clock.state === 'missed';
  return (
    <Text
      size="sm"
      c={alarm ? 'red.9' : clock.state === 'due_soon' ? 'orange.9' : undefined}
      fw={alarm ? 600 : undefined}
    >
      {clockText(clock, now, (iso) => formatDateTime(iso), pausedBy)}
    </Text>
  );
}
