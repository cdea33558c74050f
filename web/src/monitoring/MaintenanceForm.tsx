import { Button, Chip, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { weekdays, type MaintenanceScopeKind, type Weekday } from '../../../src/monitor/schema.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { checkKey, maintenanceKey, monitorApi, weekdayLabels } from './monitor-api.ts';
import { zonedToIso } from './zoned-time.ts';

const repeatOptions = [
  { value: 'once', label: 'Once' },
  { value: 'day', label: 'Every day' },
  { value: 'week', label: 'Every week on…' },
];

const scopeOptions: { value: MaintenanceScopeKind; label: string }[] = [
  { value: 'check', label: 'One check' },
  { value: 'device', label: 'A device (each of its checks)' },
  { value: 'site', label: 'A site (the checks of its devices)' },
];

/** What a window may cover on the calendar page: the practice's checks, devices and device sites. */
export interface ScopeChoices {
  checks: { id: string; name: string }[];
  devices: { id: string; name: string; site: string | null }[];
  sites: string[];
}

/**
 * Adds a maintenance window, its times entered in the practice's time zone (a technician of the
 * MSP may sit in another): once, or repeating daily or weekly at the same local time there (kept
 * across DST changes by the server). On a check's page it is that check's; on the calendar it
 * covers a check, a device or a site, chosen from `choices`.
 */
export function MaintenanceForm({
  practiceId,
  timeZone,
  checkId: fixedCheck,
  choices,
}: {
  practiceId: string;
  /** The practice's IANA zone, in which the entered times are read. */
  timeZone: string;
  /** The check the window is for (the check page); otherwise a scope is chosen from `choices`. */
  checkId?: string;
  choices?: ScopeChoices;
}) {
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<MaintenanceScopeKind>('check');
  const [target, setTarget] = useState<string | null>(null);
  const [startsAt, setStartsAt] = useState('');
  const [endsAt, setEndsAt] = useState('');
  const [reason, setReason] = useState('');
  const [every, setEvery] = useState('once');
  const [days, setDays] = useState<Weekday[]>([]);
  const chosen = fixedCheck ?? target;
  const add = useMutation({
    mutationFn: () => {
      // An unreadable time goes as typed, for the server to refuse naming the field.
      const window = {
        startsAt: zonedToIso(startsAt, timeZone) ?? startsAt,
        endsAt: zonedToIso(endsAt, timeZone) ?? endsAt,
        reason,
        ...(every === 'once'
          ? {}
          : { repeat: { every: every as 'day' | 'week', timeZone, ...(every === 'week' ? { weekdays: days } : {}) } }),
      };
      if (fixedCheck) return monitorApi.addMaintenance(practiceId, fixedCheck, window);
      const scope =
        kind === 'check' ? { checkId: chosen! } : kind === 'device' ? { deviceId: chosen! } : { site: chosen! };
      return monitorApi.addPracticeMaintenance(practiceId, { ...window, scope });
    },
    onSuccess: async () => {
      if (fixedCheck) await queryClient.invalidateQueries({ queryKey: checkKey(practiceId, fixedCheck) });
      await queryClient.invalidateQueries({ queryKey: maintenanceKey(practiceId) });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate();
  };
  const targets =
    kind === 'check'
      ? (choices?.checks ?? []).map((c) => ({ value: c.id, label: c.name }))
      : kind === 'device'
        ? (choices?.devices ?? []).map((d) => ({ value: d.id, label: d.site ? `${d.name} (${d.site})` : d.name }))
        : (choices?.sites ?? []).map((site) => ({ value: site, label: site }));
  const targetLabel = { check: 'Check', device: 'Device', site: 'Site' }[kind];
  return (
    <form onSubmit={submit} noValidate aria-label="Add a maintenance window">
      <Stack gap="xs">
        <ErrorAlert error={add.error} />
        {!fixedCheck && (
          <Group grow align="flex-end">
            <Select
              label="Covers"
              data={scopeOptions}
              value={kind}
              allowDeselect={false}
              onChange={(v) => {
                if (!v) return;
                setKind(v as MaintenanceScopeKind);
                setTarget(null);
              }}
            />
            <Select
              label={targetLabel}
              placeholder={`Choose a ${targetLabel.toLowerCase()}`}
              nothingFoundMessage={kind === 'site' ? 'No device has a site' : 'None'}
              data={targets}
              value={target}
              onChange={setTarget}
              searchable
            />
          </Group>
        )}
        <Text size="sm" c="dimmed">
          Times are in the practice’s time zone ({timeZone}).
        </Text>
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
            disabled={!chosen || !startsAt || !endsAt || !reason.trim() || (every === 'week' && days.length === 0)}
          >
            Add window
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
