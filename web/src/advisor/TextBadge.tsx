import { Badge, type BadgeProps } from '@mantine/core';
import type { ReactNode } from 'react';

/** A badge that never cuts its words short in a narrow table column. */
export function TextBadge({ children, ...props }: BadgeProps & { children: ReactNode }) {
  return (
    <Badge variant="light" tt="none" styles={{ root: { flexShrink: 0 }, label: { overflow: 'visible' } }} {...props}>
      {children}
    </Badge>
  );
}
