import { Select, Text } from '@mantine/core';
import { roleLabels } from './roles.ts';
import { useCurrentPractice } from './current-practice.ts';

/** The current practice in the header; a picker when the user has roles in several. */
export function PracticeSwitcher() {
  const { practice, memberships, choose } = useCurrentPractice();
  if (!practice) return null;
  if (memberships.length === 1) {
    return (
      <Text size="sm" fw={500} data-testid="current-practice" visibleFrom="xs">
        {practice.practiceName}{' '}
        <Text span size="xs" c="dimmed">
          · {roleLabels[practice.role]}
        </Text>
      </Text>
    );
  }
  return (
    <Select
      aria-label="Current practice"
      data-testid="current-practice"
      size="sm"
      w={260}
      value={practice.practiceId}
      onChange={(id) => id && choose(id)}
      allowDeselect={false}
      searchable={memberships.length > 8}
      data={memberships.map((m) => ({ value: m.practiceId, label: `${m.practiceName} (${roleLabels[m.role]})` }))}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
