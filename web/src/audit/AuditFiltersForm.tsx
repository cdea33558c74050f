import { Autocomplete, Button, Group, Paper, Select, TextInput } from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import { actionSuggestions, emptyFilters, type AuditFilters } from './audit-filters.ts';

export interface ActorOption {
  value: string;
  label: string;
}

/** Actor, action and dates; applied on submit, so typing does not fire a search per key. */
export function AuditFiltersForm({
  applied,
  actors,
  onApply,
  fieldErrors,
  extra,
}: {
  applied: AuditFilters;
  actors: ActorOption[];
  onApply: (filters: AuditFilters) => void;
  fieldErrors: Record<string, string>;
  /** Shown at the end of the button row (the export). */
  extra?: ReactNode;
}) {
  const [draft, setDraft] = useState<AuditFilters>(applied);
  const set = (key: keyof AuditFilters) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };
  const reset = () => {
    setDraft(emptyFilters);
    onApply(emptyFilters);
  };

  return (
    <Paper withBorder p="sm" component="form" onSubmit={submit} aria-label="Audit log filters">
      <Group align="flex-start" gap="sm" wrap="wrap">
        <Select
          label="Actor"
          placeholder="Anyone"
          data={actors}
          value={draft.actorId || null}
          onChange={(v) => set('actorId')(v ?? '')}
          searchable
          clearable
          w={260}
          error={fieldErrors.actorId}
          comboboxProps={{ withinPortal: true }}
        />
        <Autocomplete
          label="Action"
          placeholder="e.g. membership."
          data={actionSuggestions}
          value={draft.action}
          onChange={set('action')}
          w={220}
          error={fieldErrors.action}
          comboboxProps={{ withinPortal: true }}
        />
        <TextInput
          label="From"
          type="date"
          value={draft.from}
          onChange={(e) => set('from')(e.currentTarget.value)}
          w={160}
          error={fieldErrors.from}
        />
        <TextInput
          label="To"
          type="date"
          value={draft.to}
          onChange={(e) => set('to')(e.currentTarget.value)}
          w={160}
          error={fieldErrors.to}
        />
      </Group>
      <Group gap="sm" mt="sm">
        <Button type="submit">Apply filters</Button>
        <Button variant="default" onClick={reset}>
          Reset
        </Button>
        {extra && <Group ml="auto">{extra}</Group>}
      </Group>
    </Paper>
  );
}
