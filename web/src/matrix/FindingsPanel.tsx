/** The findings of the matrix on screen, errors first; each item jumps to the cell it names, if it names one. */
import { Badge, Box, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import type { Finding } from '../../../src/matrix/schema.ts';

export function FindingsPanel({ findings, onJump }: { findings: Finding[]; onJump: (f: Finding) => void }) {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const ordered = [...findings].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  return (
    <Stack gap="xs" component="section" aria-label="Findings">
      <Title order={2} size="h4">
        Findings{' '}
        <Text span c="dimmed" size="sm">
          {errors} error{errors === 1 ? '' : 's'}, {findings.length - errors} warning
          {findings.length - errors === 1 ? '' : 's'}
        </Text>
      </Title>
      {findings.length === 0 && (
        <Text c="dimmed" size="sm">
          No findings: every activity has one Accountable party, a Responsible party that can cover it, and a working
          escalation path.
        </Text>
      )}
      <Stack
        gap={6}
        component="ul"
        style={{ listStyle: 'none', padding: 0, margin: 0, maxHeight: 520, overflow: 'auto' }}
      >
        {ordered.map((f, i) => (
          <Box component="li" key={`${f.rule}:${f.activity}:${i}`}>
            <UnstyledButton
              // A finding about the whole matrix (the security official, say) has no cell to go to.
              onClick={() => f.activity && onJump(f)}
              aria-label={`${f.severity}: ${f.message}${f.activity ? '. Go to the cell' : ''}`}
              style={{
                display: 'block',
                width: '100%',
                padding: 6,
                borderRadius: 4,
                border: '1px solid var(--mantine-color-gray-3)',
              }}
            >
              <Badge size="xs" color={f.severity === 'error' ? 'red' : 'orange'} mr={6}>
                {f.severity}
              </Badge>
              <Text span size="sm">
                {f.message}
              </Text>
              <Text size="xs" c="dimmed" mt={2}>
                {f.hint}
              </Text>
            </UnstyledButton>
          </Box>
        ))}
      </Stack>
    </Stack>
  );
}
