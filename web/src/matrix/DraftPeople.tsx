/**
 * The people and time zone a blank draft starts with (issue 15): named staff, what they do, which
 * side they are on and whom they cover for, so the draft's key-person findings are the practice's
 * own, and the practice's IANA zone (the browser's by default) for its business hours.
 */
import { ActionIcon, Button, Group, MultiSelect, Select, Stack, Text, TextInput } from '@mantine/core';
import { useMemo } from 'react';
import { timeZoneChoices } from '../ui/time-zones.ts';
import type { DraftPerson } from './draft-people.ts';

const SIDES = [
  { value: 'practice', label: 'Practice staff' },
  { value: 'internal_it', label: 'Internal IT' },
];

export const newPerson = (): DraftPerson => ({ name: '', role: '', side: 'internal_it', covers: [] });

export function DraftPeople({
  people,
  timeZone,
  onPeople,
  onTimeZone,
}: {
  people: DraftPerson[];
  timeZone: string;
  onPeople: (next: DraftPerson[]) => void;
  onTimeZone: (zone: string) => void;
}) {
  const zones = useMemo(() => timeZoneChoices(timeZone), [timeZone]);
  const set = (i: number, change: Partial<DraftPerson>) =>
    onPeople(people.map((p, j) => (j === i ? { ...p, ...change } : p)));
  // Removing a person shifts the indexes after it, in everyone's cover too.
  const remove = (i: number) =>
    onPeople(
      people
        .filter((_, j) => j !== i)
        .map((p) => ({ ...p, covers: p.covers.filter((c) => c !== i).map((c) => (c > i ? c - 1 : c)) })),
    );
  return (
    <Stack gap="xs">
      <Select
        label="Practice time zone"
        description="Business hours in the draft are in this zone"
        searchable
        data={zones}
        value={timeZone}
        onChange={(v) => v && onTimeZone(v)}
        allowDeselect={false}
        w={320}
      />
      <Text size="sm" fw={500}>
        People
      </Text>
      {people.map((p, i) => {
        const label = p.name.trim() || `person ${i + 1}`;
        const others = people.flatMap((o, j) =>
          j !== i && o.name.trim() ? [{ value: String(j), label: o.name.trim() }] : [],
        );
        return (
          <Group key={i} align="end" wrap="wrap">
            <TextInput
              label="Name"
              aria-label={`Name of person ${i + 1}`}
              value={p.name}
              maxLength={200}
              onChange={(e) => set(i, { name: e.currentTarget.value })}
              w={200}
            />
            <TextInput
              label="Role"
              aria-label={`Role of ${label}`}
              placeholder="e.g. Office manager"
              value={p.role}
              maxLength={200}
              onChange={(e) => set(i, { role: e.currentTarget.value })}
              w={200}
            />
            <Select
              label="Side"
              aria-label={`Side of ${label}`}
              data={SIDES}
              value={p.side}
              onChange={(v) => v && set(i, { side: v as DraftPerson['side'] })}
              allowDeselect={false}
              w={160}
            />
            <MultiSelect
              label="Covers for"
              aria-label={`${label} covers for`}
              data={others}
              value={p.covers.map(String)}
              onChange={(v) => set(i, { covers: v.map(Number) })}
              w={240}
            />
            <ActionIcon variant="subtle" color="red" aria-label={`Remove ${label}`} onClick={() => remove(i)} mb={4}>
              ×
            </ActionIcon>
          </Group>
        );
      })}
      <Group>
        <Button variant="light" size="xs" onClick={() => onPeople([...people, newPerson()])}>
          Add a person
        </Button>
      </Group>
    </Stack>
  );
}
