import { Alert, Button, Checkbox, Group, Modal, Select, Stack, Switch, Text, TextInput, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { webhookEvents, webhookFormats, type WebhookEvent, type WebhookFormat } from '../../../src/webhooks/schema.ts';
import { fieldErrorsOf } from '../api/form-errors.ts';
import { CopyField } from '../ui/CopyField.tsx';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { eventLabels, formatLabels, webhooksApi, type WebhooksScope, type Webhook } from './webhooks-api.ts';

/** The secret, once: after a create or a rotation. */
export function SecretShownOnce({ secret, onDone }: { secret: string; onDone: () => void }) {
  return (
    <Stack>
      <Alert color="yellow" title="Copy the signing secret now">
        This is the only time Tandem shows it; it keeps only an encrypted copy. Give it to the receiver, which checks
        the <code>Tandem-Signature</code> header of every request with it (see docs/webhooks.md).
      </Alert>
      <CopyField value={secret} label="Signing secret" testId="new-webhook-secret" />
      <Group justify="flex-end">
        <Button onClick={onDone}>Done</Button>
      </Group>
    </Stack>
  );
}

const isEvent = (value: string): value is WebhookEvent => (webhookEvents as readonly string[]).includes(value);
const isFormat = (value: string | null): value is WebhookFormat =>
  (webhookFormats as readonly (string | null)[]).includes(value);

/** What the URL field says it receives, for each format. */
const urlHelp: Record<WebhookFormat, string> = {
  tandem: "Tandem posts each event here as JSON, signed with the webhook's secret.",
  slack: "A Slack incoming webhook's URL: each event arrives in the channel as a message.",
  teams:
    'The URL of a Teams workflow “Post to a channel when a webhook request is received”: each event arrives as a card.',
};

/** Create a webhook, or edit one (`editing`): where it posts, which events, and whether it is on. */
export function WebhookDialog({
  scope,
  opened,
  editing,
  onClose,
}: {
  scope: WebhooksScope;
  opened: boolean;
  editing: Webhook | null;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [url, setUrl] = useState(editing?.url ?? '');
  const [format, setFormat] = useState<WebhookFormat>(editing?.format ?? 'tandem');
  const [description, setDescription] = useState(editing?.description ?? '');
  const [events, setEvents] = useState<WebhookEvent[]>(editing?.events ?? [...webhookEvents]);
  const [active, setActive] = useState(editing?.active ?? true);
  const [allowPrivate, setAllowPrivate] = useState(editing?.allowPrivateTargets ?? false);
  const save = useMutation({
    mutationFn: async () => {
      const body = { url, format, description, events, active, allowPrivateTargets: allowPrivate };
      if (editing) return { secret: null, webhook: await webhooksApi.update(scope, editing.id, body) };
      return webhooksApi.create(scope, body);
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: scope.key });
      if (!saved.secret) onClose();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const fields = fieldErrorsOf(save.error);
  const created = save.data?.secret;

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      onExitTransitionEnd={() => save.reset()}
      title={created ? 'Webhook created' : editing ? 'Edit webhook' : 'Add a webhook'}
      size="lg"
    >
      {created ? (
        <SecretShownOnce secret={created} onDone={onClose} />
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <ErrorAlert error={save.error} fields={['url', 'format', 'description', 'events', 'allowPrivateTargets']} />
            <Select
              label="Sends"
              data={webhookFormats.map((f) => ({ value: f, label: formatLabels[f] }))}
              value={format}
              onChange={(value) => isFormat(value) && setFormat(value)}
              allowDeselect={false}
              error={fields.format}
            />
            <TextInput
              label="Payload URL"
              description={urlHelp[format]}
              placeholder="https://psa.example.com/hooks/tandem"
              required
              value={url}
              onChange={(e) => setUrl(e.currentTarget.value)}
              error={fields.url}
              data-autofocus
            />
            <Textarea
              label="Description"
              description="What receives it, e.g. “PSA ticket sync”"
              value={description}
              onChange={(e) => setDescription(e.currentTarget.value)}
              error={fields.description}
              autosize
              minRows={1}
              maxLength={500}
            />
            <Checkbox.Group
              label="Events"
              value={events}
              onChange={(values) => setEvents(values.filter(isEvent))}
              error={fields.events ?? fields['events.0']}
            >
              <Stack gap={6} mt="xs">
                {webhookEvents.map((e) => (
                  <Checkbox
                    key={e}
                    value={e}
                    label={eventLabels[e]}
                    description={
                      <Text span size="xs" ff="monospace">
                        {e}
                      </Text>
                    }
                  />
                ))}
              </Stack>
            </Checkbox.Group>
            <Switch label="Active" checked={active} onChange={(e) => setActive(e.currentTarget.checked)} />
            <Switch
              label="Allow private targets"
              description="For a receiver on your own network: allows private and loopback addresses and plain http."
              checked={allowPrivate}
              onChange={(e) => setAllowPrivate(e.currentTarget.checked)}
              error={fields.allowPrivateTargets}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={save.isPending} disabled={!url.trim() || events.length === 0}>
                {editing ? 'Save' : 'Add webhook'}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
