import { Badge, type BadgeProps } from '@mantine/core';

/**
 * A check that changes state too often to alert on (state.ts's flap detection): the same badge on
 * the checks list, the check page and the MSP overview, so it reads the same everywhere.
 */
export function FlappingBadge({ testId, ...props }: { testId: string } & BadgeProps) {
  return (
    <Badge color="orange" variant="outline" data-testid={testId} {...props}>
      Flapping
    </Badge>
  );
}
