import {
  ActionIcon,
  Alert,
  Button,
  Checkbox,
  Group,
  Loader,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { priorities, type Calendar, type SlaPolicy } from '../../../src/desk/desk-schema.ts';
import { fieldErrorsOf } from '../api/form-errors.ts';
import { can } from '../auth/permissions.ts';
import { usePractice } from '../practice/current-practice.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { PageTitle } from '../ui/PageTitle.tsx';
import { timeZoneChoices } from '../ui/time-zones.ts';
import { deskApi, desksKey, type Desk } from './desk-api.ts';
import { useDesks } from './desk-queries.ts';
import { deskKindLabels } from './desk-text.ts';
import { DeskMailAddresses } from './DeskMailAddresses.tsx';
import { PatientIntakeSetting } from './PatientIntakeSetting.tsx';
import { PatientPrivacySetting } from './PatientPrivacySetting.tsx';

const dayNames = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const dayOptions = dayNames.map((name, i) => ({ value: String(i + 1), label: name }));

type Opening = Calendar['hours'][number];

/** Holidays as typed: one ISO date a line (the server names the line that is not a date). */
const holidaysFrom = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((d) => d.trim())
    .filter(Boolean);

function HoursRows({
  hours,
  onChange,
  errors,
}: {
  hours: Opening[];
  onChange: (hours: Opening[]) => void;
  errors: Record<string, string>;
}) {
  const set = (i: number, change: Partial<Opening>) =>
    onChange(hours.map((h, j) => (j === i ? { ...h, ...change } : h)));
  return (
    <Stack gap="xs">
      {hours.map((h, i) => (
        <Group key={i} align="flex-start">
          <Select
            label="Day"
            w={160}
            data={dayOptions}
            value={String(h.day)}
            allowDeselect={false}
            onChange={(v) => v && set(i, { day: Number(v) })}
            error={errors[`calendar.hours.${i}.day`]}
          />
          <TextInput
            label="Opens"
            w={110}
            value={h.start}
            onChange={(e) => set(i, { start: e.currentTarget.value })}
            error={errors[`calendar.hours.${i}.start`]}
          />
          <TextInput
            label="Closes"
            w={110}
            value={h.end}
            onChange={(e) => set(i, { end: e.currentTarget.value })}
            error={errors[`calendar.hours.${i}.end`]}
          />
          <ActionIcon
            mt={28}
            variant="default"
            aria-label={`Remove the ${dayNames[h.day - 1]} hours ${h.start}-${h.end}`}
            onClick={() => onChange(hours.filter((_, j) => j !== i))}
          >
            ×
          </ActionIcon>
        </Group>
      ))}
      <Group>
        <Button
          variant="default"
          size="xs"
          onClick={() => onChange([...hours, { day: 1, start: '08:00', end: '18:00' }])}
        >
          Add opening hours
        </Button>
      </Group>
    </Stack>
  );
}

function SlaTable({
  sla,
  onChange,
  errors,
}: {
  sla: SlaPolicy;
  onChange: (sla: SlaPolicy) => void;
  errors: Record<string, string>;
}) {
  const set = (p: keyof SlaPolicy, key: keyof SlaPolicy['P1'], value: number | string) =>
    onChange({ ...sla, [p]: { ...sla[p], [key]: typeof value === 'number' ? value : 0 } });
  return (
    <Table aria-label="SLA targets in business minutes">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Priority</Table.Th>
          <Table.Th>First response (business minutes)</Table.Th>
          <Table.Th>Resolution (business minutes)</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {priorities.map((p) => (
          <Table.Tr key={p}>
            <Table.Td>{p}</Table.Td>
            <Table.Td>
              <NumberInput
                aria-label={`${p} first response in business minutes`}
                min={1}
                allowDecimal={false}
                value={sla[p].firstResponseMinutes}
                onChange={(v) => set(p, 'firstResponseMinutes', v)}
                error={errors[`sla.${p}.firstResponseMinutes`]}
              />
            </Table.Td>
            <Table.Td>
              <NumberInput
                aria-label={`${p} resolution in business minutes`}
                min={1}
                allowDecimal={false}
                value={sla[p].resolutionMinutes}
                onChange={(v) => set(p, 'resolutionMinutes', v)}
                error={errors[`sla.${p}.resolutionMinutes`]}
              />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function DeskForm({ desk }: { desk: Desk }) {
  const practice = usePractice();
  const queryClient = useQueryClient();
  const [timeZone, setTimeZone] = useState(desk.calendar.timeZone);
  const [always, setAlways] = useState(desk.calendar.always);
  const [hours, setHours] = useState(desk.calendar.hours);
  const [holidays, setHolidays] = useState(desk.calendar.holidays.join('\n'));
  const [sla, setSla] = useState(desk.sla);
  const save = useMutation({
    mutationFn: () =>
      deskApi.changeDesk(practice.practiceId, desk.id, {
        calendar: { timeZone, always, hours, holidays: holidaysFrom(holidays) },
        sla,
      }),
    onSuccess: (saved) =>
      queryClient.setQueryData(desksKey(practice.practiceId), (old: Desk[] | undefined) =>
        old?.map((d) => (d.id === saved.id ? saved : d)),
      ),
  });
  const errors = fieldErrorsOf(save.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const holidayError = Object.entries(errors).find(([k]) => k.startsWith('calendar.holidays'))?.[1];
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-label={`${desk.name} settings`}>
      <Stack>
        <ErrorAlert error={save.error} fields={Object.keys(errors)} />
        {save.isSuccess && (
          <Alert color="green" title="Saved">
            New tickets on the {desk.name} get these hours and targets.
          </Alert>
        )}
        <Title order={2} size="h4">
          Business calendar
        </Title>
        <Select
          label="Time zone"
          w={320}
          searchable
          data={timeZoneChoices(timeZone)}
          value={timeZone}
          allowDeselect={false}
          onChange={(v) => v && setTimeZone(v)}
          error={errors['calendar.timeZone']}
        />
        <Checkbox
          label="Open around the clock (24x7): weekly hours and holidays do not apply"
          checked={always}
          onChange={(e) => setAlways(e.currentTarget.checked)}
        />
        {!always && (
          <>
            <Text size="sm" fw={500}>
              Weekly hours
            </Text>
            {errors['calendar.hours'] && (
              <Text size="sm" c="red.9">
                {errors['calendar.hours']}
              </Text>
            )}
            <HoursRows hours={hours} onChange={setHours} errors={errors} />
            <Textarea
              label="Holidays"
              description="One date a line, as YYYY-MM-DD: the desk's clocks stand still that day"
              autosize
              minRows={2}
              w={320}
              value={holidays}
              onChange={(e) => setHolidays(e.currentTarget.value)}
              error={holidayError}
            />
          </>
        )}
        <Title order={2} size="h4">
          SLA targets
        </Title>
        <SlaTable sla={sla} onChange={setSla} errors={errors} />
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            Save {desk.name}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** /practice/desk/settings: each desk's business calendar and SLA targets, for practice administrators. */
export function DeskSettingsPage() {
  const practice = usePractice();
  const [params, setParams] = useSearchParams();
  const desks = useDesks();
  const desk = desks.data?.find((d) => d.kind === params.get('desk')) ?? desks.data?.[0];
  const allowed = can(practice, 'practice.update');
  return (
    <Stack>
      <PageTitle
        title="Desk settings"
        description="When each desk counts time (its business calendar) and how long it has per priority. Changes apply to tickets opened afterwards."
      />
      {!allowed && (
        <Alert color="orange" title="Not allowed">
          Only those who may change the practice change its desks.
        </Alert>
      )}
      <ErrorAlert error={desks.error} />
      {desks.isPending && <Loader aria-label="Loading the desks" />}
      {allowed && desk && desks.data && (
        <>
          <SegmentedControl
            aria-label="Desk"
            value={desk.kind}
            data={desks.data.map((d) => ({ value: d.kind, label: `${deskKindLabels[d.kind]} desk` }))}
            onChange={(kind) => setParams({ desk: kind })}
          />
          <DeskForm key={desk.id} desk={desk} />
          <DeskMailAddresses />
          <PatientPrivacySetting />
          <PatientIntakeSetting />
        </>
      )}
    </Stack>
  );
}
