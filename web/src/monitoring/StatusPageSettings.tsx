import { Anchor, Button, Checkbox, Group, Loader, Paper, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import {
  statusPageSettingsSchema,
  type StatusPageInput,
  type StatusPageSettings as Settings,
} from '../../../src/monitor/status-page-schema.ts';
import { apiRequest } from '../api/client.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { checksKey, monitorApi, type Check } from './monitor-api.ts';

const settingsKey = (practiceId: string) => ['practice', practiceId, 'monitor', 'status-page'] as const;
const path = (practiceId: string) => `/api/v1/practices/${practiceId}/monitor/status-page`;

/** Public names by check id: a check is published when it has an entry. */
type Chosen = Record<string, string>;

function Form({ practiceId, settings }: { practiceId: string; settings: Settings }) {
  const queryClient = useQueryClient();
  // Every check, read only once the administrator opens the chooser: a rare task, and at thousands
  // of checks reading and drawing them all made the Monitoring page slow for everyone (issue 19).
  const [choosing, setChoosing] = useState(false);
  const list = useQuery({
    queryKey: checksKey(practiceId),
    queryFn: () => monitorApi.list(practiceId),
    enabled: choosing,
  });
  const checks: Check[] | undefined = choosing ? list.data : undefined;
  const [enabled, setEnabled] = useState(settings.enabled);
  const [title, setTitle] = useState(settings.title);
  const [chosen, setChosen] = useState<Chosen>(() =>
    Object.fromEntries(settings.checks.map((c) => [c.checkId, c.publicName])),
  );
  useEffect(() => setEnabled(settings.enabled), [settings.enabled]);
  const save = useMutation({
    mutationFn: (body: StatusPageInput) =>
      apiRequest(statusPageSettingsSchema, path(practiceId), { method: 'PUT', body }),
    onSuccess: (saved) => queryClient.setQueryData(settingsKey(practiceId), saved),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Unopened, the chooser changed nothing: the published checks stay as saved.
    const published = checks
      ? checks.filter((c) => c.id in chosen).map((c) => ({ checkId: c.id, publicName: chosen[c.id] || c.name }))
      : settings.checks.map((c) => ({ checkId: c.checkId, publicName: c.publicName }));
    save.mutate({ enabled, title, checks: published });
  };
  const address = settings.slug ? `${window.location.origin}/status/${settings.slug}` : null;
  return (
    <form onSubmit={submit} aria-label="Public status page">
      <Stack gap="sm">
        <Switch label="Publish a status page" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
        <TextInput label="Title" value={title} onChange={(e) => setTitle(e.currentTarget.value)} required />
        <Text size="sm" c="dimmed">
          Only the checks ticked here appear, under the name you give them (their own name stays inside).
        </Text>
        {!choosing && (
          <Group gap="sm">
            <Text size="sm">
              {settings.checks.length} {settings.checks.length === 1 ? 'check' : 'checks'} published
            </Text>
            <Button variant="default" size="xs" onClick={() => setChoosing(true)}>
              Choose published checks
            </Button>
          </Group>
        )}
        {choosing && list.isPending && <Loader size="sm" aria-label="Loading the checks" />}
        <ErrorAlert error={list.error} />
        {checks?.map((check) => (
          <Group key={check.id} gap="sm">
            <Checkbox
              label={check.name}
              checked={check.id in chosen}
              onChange={(e) => {
                const { checked } = e.currentTarget;
                setChosen(({ [check.id]: _, ...rest }) => (checked ? { ...rest, [check.id]: '' } : rest));
              }}
            />
            {check.id in chosen && (
              <TextInput
                size="xs"
                aria-label={`Public name for ${check.name}`}
                placeholder="Public name"
                value={chosen[check.id]}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  setChosen((c) => ({ ...c, [check.id]: value }));
                }}
              />
            )}
          </Group>
        ))}
        <ErrorAlert error={save.error} />
        <Group>
          <Button type="submit" loading={save.isPending}>
            Save status page
          </Button>
          {address && settings.enabled && (
            <Anchor href={address} target="_blank" rel="noreferrer">
              {address}
            </Anchor>
          )}
        </Group>
      </Stack>
    </form>
  );
}

/** The practice's public status page: on or off, its title and what it publishes (administrators). */
export function StatusPageSettings({ practiceId }: { practiceId: string }) {
  const settings = useQuery({
    queryKey: settingsKey(practiceId),
    queryFn: () => apiRequest(statusPageSettingsSchema, path(practiceId)),
  });
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">
        Public status page
      </Title>
      <ErrorAlert error={settings.error} />
      {settings.data && <Form practiceId={practiceId} settings={settings.data} />}
    </Paper>
  );
}
