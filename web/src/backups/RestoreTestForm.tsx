import { Button, FileInput, Group, Select, Stack, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { evidenceTypes, restoreResults } from '../../../src/backup/schema.ts';
import { fieldErrorsOf } from '../api/form-errors.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { backupApi, backupsKey } from './backup-api.ts';

/** A datetime-local value (the browser's zone) as an instant, or the raw text for the server to refuse. */
const instant = (local: string) => (local && !Number.isNaN(Date.parse(local)) ? new Date(local).toISOString() : local);

/** Records a restore test of a system, then attaches its evidence file if one was chosen. */
export function RestoreTestForm({ practiceId, systemId }: { practiceId: string; systemId: string }) {
  const queryClient = useQueryClient();
  const [restored, setRestored] = useState('');
  const [copy, setCopy] = useState('');
  const [performedBy, setPerformedBy] = useState('');
  const [startedAt, setStartedAt] = useState('');
  const [finishedAt, setFinishedAt] = useState('');
  const [result, setResult] = useState<string>('passed');
  const [notes, setNotes] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const save = useMutation({
    mutationFn: async () => {
      const test = await backupApi.recordRestoreTest(practiceId, systemId, {
        restored,
        copy,
        performedBy,
        startedAt: instant(startedAt),
        finishedAt: instant(finishedAt),
        result,
        notes,
      });
      return file ? backupApi.attachEvidence(practiceId, test.id, file) : test;
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: backupsKey(practiceId) });
      setRestored('');
      setCopy('');
      setNotes('');
      setFile(null);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const fields = fieldErrorsOf(save.error);
  return (
    <form onSubmit={submit} noValidate aria-label="Record a restore test" className="no-print">
      <Stack>
        <Title order={2} size="h4">
          Record a restore test
        </Title>
        <ErrorAlert
          error={save.error}
          fields={['restored', 'copy', 'performedBy', 'startedAt', 'finishedAt', 'result', 'notes']}
        />
        <TextInput
          label="What was restored"
          required
          value={restored}
          onChange={(e) => setRestored(e.currentTarget.value)}
          error={fields.restored}
        />
        <Group grow>
          <TextInput
            label="From which copy"
            required
            value={copy}
            onChange={(e) => setCopy(e.currentTarget.value)}
            error={fields.copy}
          />
          <TextInput
            label="Performed by"
            required
            value={performedBy}
            onChange={(e) => setPerformedBy(e.currentTarget.value)}
            error={fields.performedBy}
          />
        </Group>
        <Group grow>
          <TextInput
            type="datetime-local"
            label="Started"
            required
            value={startedAt}
            onChange={(e) => setStartedAt(e.currentTarget.value)}
            error={fields.startedAt}
          />
          <TextInput
            type="datetime-local"
            label="Finished"
            required
            value={finishedAt}
            onChange={(e) => setFinishedAt(e.currentTarget.value)}
            error={fields.finishedAt}
          />
          <Select
            label="Result"
            data={[...restoreResults]}
            value={result}
            allowDeselect={false}
            onChange={(v) => v && setResult(v)}
          />
        </Group>
        <Textarea label="Notes" value={notes} onChange={(e) => setNotes(e.currentTarget.value)} error={fields.notes} />
        <FileInput
          label="Evidence file"
          description="PDF, PNG, JPEG, text or CSV; at most 5 MiB"
          accept={evidenceTypes.join(',')}
          value={file}
          onChange={setFile}
          clearable
        />
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            Record restore test
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
