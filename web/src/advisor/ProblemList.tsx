import { Alert, Anchor, Code, List, Text } from '@mantine/core';
import type { ProfileProblem } from './profile-text.ts';

/**
 * Every problem with its path and message, in a list (never a bare "something went wrong"); a
 * problem that sits on a line of the editor links there.
 */
export function ProblemList({
  title,
  intro,
  problems,
  color = 'red',
  onGoToLine,
  testId,
}: {
  title: string;
  intro?: string;
  problems: ProfileProblem[];
  color?: string;
  onGoToLine: (line: number) => void;
  testId?: string;
}) {
  return (
    <Alert color={color} title={title} role="alert" data-testid={testId}>
      {intro && (
        <Text size="sm" mb="xs">
          {intro}
        </Text>
      )}
      <List size="sm" spacing={4}>
        {problems.map((p, i) => (
          <List.Item key={`${p.path}-${i}`}>
            {p.line !== null && (
              <>
                <Anchor component="button" type="button" size="sm" onClick={() => onGoToLine(p.line ?? 1)}>
                  Line {p.line}
                </Anchor>
                {' · '}
              </>
            )}
            {p.path && (
              <>
                <Code>{p.path}</Code>:{' '}
              </>
            )}
            {p.message}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
