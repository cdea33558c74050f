import { Alert, Button, Checkbox, Group, Modal, NumberInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { destinations } from '../../../src/backup/schema.ts';
import { fieldErrorsOf } from '../api/form-errors.ts';
import { CopyField } from '../ui/CopyField.tsx';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { backupApi, backupsKey, curlExample, type System } from './backup-api.ts';

const destinationLabels: Record<(typeof destinations)[number], string> = {
  local: 'Local (same site)',
  offsite: 'Offsite (another site)',
  cloud: 'Cloud',
};

/** Adds a backup job to a system; its secret report URL is shown once, with a curl example. */
export function JobDialog({
  practiceId,
  systems,
  onClose,
}: {
  practiceId: string;
  systems: System[];
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [systemId, setSystemId] = useState<string | null>(systems[0]?.id ?? null);
  const [name, setName] = useState('');
  const [destination, setDestination] = useState<string>('local');
  const [immutable, setImmutable] = useState(false);
  const [schedule, setSchedule] = useState('nightly 01:00');
  const [rpo, setRpo] = useState<number | string>(24);
  const [retention, setRetention] = useState<number | string>(30);
  const save = useMutation({
    mutationFn: () =>
      backupApi.createJob(practiceId, {
        systemId,
        name,
        destination,
        immutable,
        schedule,
        rpoHours: Number(rpo),
        retentionDays: Number(retention),
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: backupsKey(practiceId) }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const fields = fieldErrorsOf(save.error);
  const reportUrl = save.data?.reportUrl;
  return (
    <Modal opened onClose={onClose} title={reportUrl ? 'Backup job added' : 'Add a backup job'} size="lg">
      {reportUrl ? (
        <Stack>
          <Alert color="yellow" title="Copy the report URL now">
            Have the backup product’s post-job script post each run’s result to this URL. Tandem keeps only a hash of
            it.
          </Alert>
          <CopyField value={reportUrl} label="Report URL" testId="new-report-url" />
          <CopyField value={curlExample(reportUrl)} label="curl example" />
          <Text size="sm">
            A product that can only email its report sends it to this address instead (docs/backups.md lists the
            subjects Tandem reads):
          </Text>
          <CopyField value={save.data!.reportEmail} label="Report email address" testId="new-report-email" />
          <Group justify="flex-end">
            <Button onClick={onClose}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <ErrorAlert
              error={save.error}
              fields={['systemId', 'name', 'destination', 'schedule', 'rpoHours', 'retentionDays']}
            />
            <Select
              label="Protected system"
              data={systems.map((s) => ({ value: s.id, label: s.name }))}
              value={systemId}
              allowDeselect={false}
              onChange={setSystemId}
              error={fields.systemId}
            />
            <TextInput
              label="Name"
              required
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={fields.name}
              data-autofocus
            />
            <Group grow>
              <Select
                label="Destination"
                data={destinations.map((d) => ({ value: d, label: destinationLabels[d] }))}
                value={destination}
                allowDeselect={false}
                onChange={(v) => v && setDestination(v)}
              />
              <TextInput
                label="Schedule"
                value={schedule}
                onChange={(e) => setSchedule(e.currentTarget.value)}
                error={fields.schedule}
              />
            </Group>
            <Group grow>
              <NumberInput label="RPO (hours)" min={1} value={rpo} onChange={setRpo} error={fields.rpoHours} />
              <NumberInput
                label="Retention (days)"
                min={1}
                value={retention}
                onChange={setRetention}
                error={fields.retentionDays}
              />
            </Group>
            <Checkbox
              label="Immutable copies"
              checked={immutable}
              onChange={(e) => setImmutable(e.currentTarget.checked)}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={save.isPending}>
                Add job
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
