import { Badge, Card, Group, Loader, Radio, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { AccountTabs } from '../account/AccountTabs.tsx';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { PageTitle } from '../ui/PageTitle.tsx';
import { eventLabels, requiredReason } from './labels.ts';
import { notifyApi, preferencesKey, type Preference, type PreferenceList } from './notify-api.ts';
import { QuietHoursCard } from './QuietHoursCard.tsx';

function PreferenceCard({ preference, onChange }: { preference: Preference; onChange: (next: Preference) => void }) {
  const { title, description } = eventLabels[preference.event];
  const locked = preference.required;
  return (
    <Card withBorder component="section" aria-label={title}>
      <Stack gap="xs">
        <Group gap="xs">
          <Title order={2} size="h4">
            {title}
          </Title>
          {preference.required && <Badge variant="light">Required</Badge>}
        </Group>
        <Text size="sm" c="dimmed">
          {description}
        </Text>
        {preference.required && <Text size="sm">{requiredReason}</Text>}
        <Group gap="xl" align="flex-start">
          <Radio.Group
            label="Send"
            value={preference.channel}
            onChange={(channel) => onChange({ ...preference, channel: channel as Preference['channel'] })}
          >
            <Group mt={4}>
              <Radio value="email" label="Email" disabled={locked} />
              <Radio value="none" label="Nothing" disabled={locked} />
            </Group>
          </Radio.Group>
          <Radio.Group
            label="When"
            value={preference.cadence}
            onChange={(cadence) => onChange({ ...preference, cadence: cadence as Preference['cadence'] })}
          >
            <Group mt={4}>
              <Radio value="immediate" label="Immediately" disabled={locked || preference.channel === 'none'} />
              <Radio value="daily" label="In the daily digest" disabled={locked || preference.channel === 'none'} />
            </Group>
          </Radio.Group>
        </Group>
      </Stack>
    </Card>
  );
}

/** /account/notifications: quiet hours, and per event email or nothing, at once or in the daily digest. */
export function NotificationsPage() {
  const queryClient = useQueryClient();
  const [saved, setSaved] = useState<string | null>(null);
  const preferences = useQuery({ queryKey: preferencesKey, queryFn: notifyApi.preferences });
  // The choice shows at once (the radios follow it); a refusal puts back what was there. One
  // scope: changes reach the server in the order they were made, so the last one wins.
  const save = useMutation({
    scope: { id: 'notification-preferences' },
    mutationFn: notifyApi.setPreference,
    onMutate: async (choice) => {
      setSaved(null);
      await queryClient.cancelQueries({ queryKey: preferencesKey });
      const before = queryClient.getQueryData<PreferenceList>(preferencesKey);
      if (before)
        queryClient.setQueryData<PreferenceList>(preferencesKey, {
          preferences: before.preferences.map((p) => (p.event === choice.event ? { ...p, ...choice } : p)),
        });
      return { before };
    },
    onError: (_error, _choice, context) => {
      if (context?.before) queryClient.setQueryData(preferencesKey, context.before);
    },
    onSuccess: (reply, choice) => {
      queryClient.setQueryData(preferencesKey, reply);
      setSaved(`Saved: ${eventLabels[choice.event].title}.`);
    },
  });
  return (
    <Stack>
      <PageTitle
        title="Account"
        description="What Tandem emails you about, and when. The daily digest comes once a day at 07:00 UTC with everything held since the last one."
      />
      <AccountTabs />
      <QuietHoursCard onSaved={setSaved} />
      {preferences.isPending && <Loader aria-label="Loading your notification preferences" />}
      <ErrorAlert error={preferences.error ?? save.error} />
      {preferences.data?.preferences.map((p) => (
        <PreferenceCard key={p.event} preference={p} onChange={(next) => save.mutate(next)} />
      ))}
      <Text size="sm" role="status" c="dimmed">
        {saved}
      </Text>
    </Stack>
  );
}
