import { Paper, Text } from '@mantine/core';
import { useId, type ReactNode } from 'react';
import { NearScreen } from './NearScreen.tsx';

/**
 * A chart with its title and a caption that says in words what the chart shows, so the figure
 * has a text alternative (the caption describes it; the tables on the page hold the figures).
 * The title and caption are drawn at once; the chart, `height` pixels tall, when it nears the
 * screen, and its library loads then since the charts are React.lazy components (the advisor's
 * lazy-charts.tsx, the desk report's charts).
 */
export function ChartFigure({
  title,
  caption,
  testId,
  height,
  children,
}: {
  title: string;
  caption: ReactNode;
  testId: string;
  height: number;
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
      <NearScreen height={height}>{children}</NearScreen>
      <Text component="figcaption" id={captionId} size="sm" c="dimmed" mt="xs">
        {caption}
      </Text>
    </Paper>
  );
}
