import { Button, Checkbox, Group, Modal, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import {
  deviceKindLabels,
  deviceKinds,
  triStates,
  type DeviceKind,
  type TriState,
} from '../../../src/assets/schema.ts';
import { fieldErrorsOf } from '../api/form-errors.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { devicesApi, devicesKey, type Device } from './devices-api.ts';

const textFields = [
  ['name', 'Name'],
  ['serial', 'Serial'],
  ['site', 'Site'],
  ['room', 'Room'],
  ['owner', 'Owner'],
  ['activity', 'Supported by (matrix activity)'],
  ['vendor', 'Vendor'],
  ['model', 'Model'],
  ['os', 'Operating system'],
  ['osVersion', 'OS version / patch level'],
  ['purchaseDate', 'Purchased (YYYY-MM-DD)'],
  ['warrantyEnd', 'Warranty ends (YYYY-MM-DD)'],
  ['endOfLife', 'End of life (YYYY-MM-DD)'],
] as const;
type TextField = (typeof textFields)[number][0];

const kindOptions = deviceKinds.map((k) => ({ value: k, label: deviceKindLabels[k] }));
const triOptions = triStates.map((t) => ({
  value: t,
  label: t === 'unknown' ? 'Unknown' : t === 'yes' ? 'Yes' : 'No',
}));

/** Adds a device (device null) or edits one; what is typed here is recorded as a manual fact. */
export function DeviceDialog({
  practiceId,
  device,
  onClose,
}: {
  practiceId: string;
  device: Device | null;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [text, setText] = useState<Record<TextField, string>>(
    () => Object.fromEntries(textFields.map(([f]) => [f, device?.[f] ?? ''])) as Record<TextField, string>,
  );
  const [kind, setKind] = useState<DeviceKind>(device?.kind ?? 'workstation');
  const [diskEncryption, setDiskEncryption] = useState<TriState>(device?.diskEncryption ?? 'unknown');
  const [endpointProtection, setEndpointProtection] = useState<TriState>(device?.endpointProtection ?? 'unknown');
  const [storesPatientData, setStoresPatientData] = useState(device?.storesPatientData ?? false);
  const save = useMutation({
    mutationFn: () => {
      const body = {
        ...Object.fromEntries(textFields.map(([f]) => [f, text[f].trim() || null])),
        name: text.name,
        kind,
        diskEncryption,
        endpointProtection,
        storesPatientData,
      };
      return device ? devicesApi.update(practiceId, device.id, body) : devicesApi.create(practiceId, body);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: devicesKey(practiceId) });
      onClose();
    },
  });
  const errors = fieldErrorsOf(save.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <Modal opened onClose={onClose} title={device ? `Edit ${device.name}` : 'Add a device'} size="lg">
      <form onSubmit={submit}>
        <Stack>
          <ErrorAlert error={save.error} fields={textFields.map(([f]) => f)} />
          <Select
            label="Kind"
            data={kindOptions}
            value={kind}
            allowDeselect={false}
            onChange={(v) => v && setKind(v as DeviceKind)}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {textFields.map(([field, label]) => (
              <TextInput
                key={field}
                label={label}
                required={field === 'name'}
                value={text[field]}
                error={errors[field]}
                onChange={(e) => setText({ ...text, [field]: e.currentTarget.value })}
              />
            ))}
            <Select
              label="Disk encryption"
              data={triOptions}
              value={diskEncryption}
              allowDeselect={false}
              onChange={(v) => v && setDiskEncryption(v as TriState)}
            />
            <Select
              label="Endpoint protection"
              data={triOptions}
              value={endpointProtection}
              allowDeselect={false}
              onChange={(v) => v && setEndpointProtection(v as TriState)}
            />
          </SimpleGrid>
          <Checkbox
            label="Stores or shows patient data"
            checked={storesPatientData}
            onChange={(e) => setStoresPatientData(e.currentTarget.checked)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {device ? 'Save' : 'Add device'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
