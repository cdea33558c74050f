/**
 * The levels a ticket's SLA clocks pass through under a policy (issue 18, point 4): warnings at
 * the policy's percentages, the breach at 100 %, and further escalation levels, each with what it
 * does. Pure: the sweep (sla-sweep.ts) decides from these which have come due.
 */
import type { SlaPolicy } from './desk-schema.ts';

export type SlaClockName = 'first_response' | 'resolution';

export interface SlaLevel {
  /** Stable under reordering of the policy: `warn:<percent>` or `escalate:<percent>`. */
  key: string;
  kind: 'warning' | 'breach';
  percent: number;
  reassign: boolean;
  raisePriority: boolean;
}

/** Every level of the policy in rising order; a breach level at 100 % is always among them. */
export function slaLevels(policy: SlaPolicy): SlaLevel[] {
  const warnings = policy.warnAt.map((percent) => ({
    key: `warn:${percent}`,
    kind: 'warning' as const,
    percent,
    reassign: false,
    raisePriority: false,
  }));
  const escalation = policy.escalation.some((l) => l.atPercent === 100)
    ? policy.escalation
    : [{ atPercent: 100, reassign: false, raisePriority: false }, ...policy.escalation];
  const breaches = escalation.map((l) => ({
    key: `escalate:${l.atPercent}`,
    kind: 'breach' as const,
    percent: l.atPercent,
    ...l,
  }));
  return [...warnings, ...breaches]
    .map(({ key, kind, percent, reassign, raisePriority }) => ({ key, kind, percent, reassign, raisePriority }))
    .sort((a, b) => a.percent - b.percent);
}

/**
 * The levels of `clock` that `used` business minutes of `target` have reached and that have not
 * fired yet; `fired` holds the ticket's fired levels as `<clock>/<level>`.
 */
export function levelsDue(
  levels: readonly SlaLevel[],
  used: number,
  target: number,
  fired: ReadonlySet<string>,
  clock: SlaClockName,
) {
  return levels.filter((l) => used * 100 >= l.percent * target && !fired.has(`${clock}/${l.key}`));
}

const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;

/** One step more urgent; P1 stays P1. */
export function raised(priority: string): (typeof PRIORITIES)[number] {
  const i = PRIORITIES.indexOf(priority as (typeof PRIORITIES)[number]);
  return PRIORITIES[Math.max(0, i - 1)]!;
}
