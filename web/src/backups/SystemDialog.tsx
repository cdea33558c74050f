import { Button, Checkbox, Group, Modal, NumberInput, Select, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { systemKinds } from '../../../src/backup/schema.ts';
import { fieldErrorsOf } from '../api/form-errors.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { backupApi, backupsKey } from './backup-api.ts';

export const kindLabels: Record<(typeof systemKinds)[number], string> = {
  server: 'Server',
  workstation: 'Workstation',
  cloud_service: 'Cloud service',
  ehr_database: 'EHR database',
  other: 'Other',
};

/** Adds a protected system: what it is, whether it holds patient data, how fast it must come back. */
export function SystemDialog({ practiceId, onClose }: { practiceId: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<string>('server');
  const [patientData, setPatientData] = useState(true);
  const [rto, setRto] = useState<number | string>(24);
  const save = useMutation({
    mutationFn: () =>
      backupApi.createSystem(practiceId, { name, kind, storesPatientData: patientData, rtoTargetHours: Number(rto) }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: backupsKey(practiceId) });
      onClose();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const fields = fieldErrorsOf(save.error);
  return (
    <Modal opened onClose={onClose} title="Add a protected system">
      <form onSubmit={submit} noValidate>
        <Stack>
          <ErrorAlert error={save.error} fields={['name', 'kind', 'rtoTargetHours']} />
          <TextInput
            label="Name"
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fields.name}
            data-autofocus
          />
          <Select
            label="Kind"
            data={systemKinds.map((k) => ({ value: k, label: kindLabels[k] }))}
            value={kind}
            allowDeselect={false}
            onChange={(v) => v && setKind(v)}
          />
          <Checkbox
            label="Stores patient data (restore tests quarterly)"
            checked={patientData}
            onChange={(e) => setPatientData(e.currentTarget.checked)}
          />
          <NumberInput
            label="Recovery time objective (hours)"
            min={1}
            max={720}
            value={rto}
            onChange={setRto}
            error={fields.rtoTargetHours}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Add system
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
