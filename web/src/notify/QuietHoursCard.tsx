import { Button, Card, Checkbox, Group, Loader, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { fieldErrorsOf } from '../api/form-errors.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { notifyApi, quietHoursKey, type QuietHoursChoice } from './notify-api.ts';

const weekdays = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
/** The Select's value for "the practice's time zone" (the API's null). */
const practiceZone = 'practice';
const suggested: QuietHoursChoice = { start: '22:00', end: '07:00', days: [1, 2, 3, 4, 5, 6, 7], timeZone: null };

/**
 * Quiet hours on the notifications page: a weekly window in which immediate emails wait until it
 * ends. The form keeps its own copy (a half-typed time is not sent); Save sends it whole and the
 * server's answer (or its 400, shown with the field) replaces it.
 */
export function QuietHoursCard({ onSaved }: { onSaved: (message: string) => void }) {
  const queryClient = useQueryClient();
  const current = useQuery({ queryKey: quietHoursKey, queryFn: notifyApi.quietHours });
  const [form, setForm] = useState<QuietHoursChoice>(suggested);
  useEffect(() => {
    if (current.data?.quietHours) setForm(current.data.quietHours);
  }, [current.data]);
  const zones = useMemo(
    () => [
      { value: practiceZone, label: 'The time zone of the practice each notice is about' },
      ...Intl.supportedValuesOf('timeZone').map((z) => ({ value: z, label: z })),
    ],
    [],
  );
  const save = useMutation({
    mutationFn: notifyApi.setQuietHours,
    onSuccess: (reply) => {
      queryClient.setQueryData(quietHoursKey, reply);
      onSaved(reply.quietHours ? 'Saved: quiet hours.' : 'Quiet hours turned off.');
    },
  });
  const on = current.data?.quietHours != null;
  const errors = fieldErrorsOf(save.error);
  return (
    <Card withBorder component="section" aria-label="Quiet hours">
      <Stack gap="xs">
        <Title order={2} size="h4">
          Quiet hours
        </Title>
        <Text size="sm" c="dimmed">
          Emails that would go at once wait until your quiet hours end, one email each. Not while a party of your side
          is on duty by the matrix (a 24x7 team, or business hours for a business-hours team): then you are working, so
          alerts still come. Account security emails always go at once.
        </Text>
        {current.isPending && <Loader aria-label="Loading your quiet hours" />}
        <Text size="sm">{on ? `On: ${form.start} to ${form.end}.` : 'Off: every email goes when it is due.'}</Text>
        <Group align="flex-end">
          <TextInput
            type="time"
            label="From"
            error={errors.start}
            value={form.start}
            onChange={(e) => setForm({ ...form, start: e.currentTarget.value })}
          />
          <TextInput
            type="time"
            label="Until"
            error={errors.end}
            value={form.end}
            onChange={(e) => setForm({ ...form, end: e.currentTarget.value })}
          />
          <Select
            label="Time zone"
            error={errors.timeZone}
            searchable
            data={zones}
            value={form.timeZone ?? practiceZone}
            onChange={(v) => setForm({ ...form, timeZone: !v || v === practiceZone ? null : v })}
            w={360}
          />
        </Group>
        <Checkbox.Group
          label="Starting on"
          error={errors.days}
          value={form.days.map(String)}
          onChange={(days) => setForm({ ...form, days: days.map(Number).sort() })}
        >
          <Group mt={4}>
            {weekdays.map((name, i) => (
              <Checkbox key={name} value={String(i + 1)} label={name} />
            ))}
          </Group>
        </Checkbox.Group>
        <ErrorAlert error={save.error} fields={['start', 'end', 'timeZone', 'days']} />
        <Group>
          <Button onClick={() => save.mutate(form)} loading={save.isPending && save.variables !== null}>
            Save quiet hours
          </Button>
          {on && (
            <Button
              variant="default"
              onClick={() => save.mutate(null)}
              loading={save.isPending && save.variables === null}
            >
              Turn off quiet hours
            </Button>
          )}
        </Group>
      </Stack>
    </Card>
  );
}
