import { Button, Chip, Group, Select, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { weekdays, type Weekday } from '../../../src/monitor/schema.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { checkKey, maintenanceKey, monitorApi, weekdayLabels } from './monitor-api.ts';

const repeatOptions = [
  { value: 'once', label: 'Once' },
  { value: 'day', label: 'Every day' },
  { value: 'week', label: 'Every week on…' },
];

/**
 * Adds a maintenance window in the browser's local time: once, or repeating daily or weekly at
 * the same local time in the browser's time zone (kept across DST changes by the server).
 */
export function MaintenanceForm({
  practiceId,
  checkId: fixedCheck,
  checks,
}: {
  practiceId: string;
  /** The check the window is for (the check page); otherwise one is chosen from `checks` (the calendar). */
  checkId?: string;
  checks?: { id: string; name: string }[];
}) {
  const queryClient = useQueryClient();
  const [chosenCheck, setChosenCheck] = useState<string | null>(null);
  const checkId = fixedCheck ?? chosenCheck ?? '';
  const [startsAt, setStartsAt] = useState('');
  const [endsAt, setEndsAt] = useState('');
  const [reason, setReason] = useState('');
  const [every, setEvery] = useState('once');
  const [days, setDays] = useState<Weekday[]>([]);
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const add = useMutation({
    mutationFn: () =>
      monitorApi.addMaintenance(practiceId, checkId, {
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(endsAt).toISOString(),
        reason,
        ...(every === 'once'
          ? {}
          : { repeat: { every: every as 'day' | 'week', timeZone, ...(every === 'week' ? { weekdays: days } : {}) } }),
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: checkKey(practiceId, checkId) });
      await queryClient.invalidateQueries({ queryKey: maintenanceKey(practiceId) });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate();
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Add a maintenance window">
      <Stack gap="xs">
        <ErrorAlert error={add.error} />
        {!fixedCheck && (
          <Select
            label="Check"
            placeholder="Choose a check"
            data={(checks ?? []).map((c) => ({ value: c.id, label: c.name }))}
            value={chosenCheck}
            onChange={setChosenCheck}
            searchable
          />
        )}
        <Group grow align="flex-end">
          <TextInput
            type="datetime-local"
            label="Starts"
            value={startsAt}
            onChange={(e) => setStartsAt(e.currentTarget.value)}
          />
          <TextInput
            type="datetime-local"
            label="Ends"
            value={endsAt}
            onChange={(e) => setEndsAt(e.currentTarget.value)}
          />
          <TextInput label="Reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
        </Group>
        <Group align="flex-end">
          <Select
            label="Repeats"
            description={every === 'once' ? undefined : `At the same local time in ${timeZone}`}
            data={repeatOptions}
            value={every}
            allowDeselect={false}
            onChange={(v) => v && setEvery(v)}
          />
          {every === 'week' && (
            <Chip.Group multiple value={days} onChange={(v) => setDays(v as Weekday[])}>
              <Group gap={4} role="group" aria-label="Weekdays">
                {weekdays.map((d) => (
                  <Chip key={d} value={d} size="sm">
                    {weekdayLabels[d]}
                  </Chip>
                ))}
              </Group>
            </Chip.Group>
          )}
          <Button
            type="submit"
            loading={add.isPending}
            disabled={!checkId || !startsAt || !endsAt || !reason.trim() || (every === 'week' && days.length === 0)}
          >
            Add window
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
