import { Paper, Text } from '@mantine/core';
import { useId, type ReactNode } from 'react';

/**
 * A chart with its title and a caption that says in words what the chart shows, so the figure
 * has a text alternative (the caption describes it; the tables on the page hold the figures).
 */
export function ChartFigure({
  title,
  caption,
  testId,
  children,
}: {
  title: string;
  caption: ReactNode;
  testId: string;
  children: ReactNode;
}) {
  const titleId = useId();
  const captionId = useId();
  return (
    <Paper
      withBorder
      p="md"
      component="figure"
      m={0}
      aria-labelledby={titleId}
      aria-describedby={captionId}
      data-testid={testId}
      style={{ breakInside: 'avoid' }}
    >
      <Text fw={600} id={titleId} mb="xs">
        {title}
      </Text>
      {children}
      <Text component="figcaption" id={captionId} size="sm" c="dimmed" mt="xs">
        {caption}
      </Text>
    </Paper>
  );
}
