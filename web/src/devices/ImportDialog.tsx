import { Alert, Badge, Button, Group, Modal, Stack, Table, Text, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type ChangeEvent } from 'react';
import type { ImportAction } from '../../../src/assets/schema.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { devicesApi, devicesKey, type ImportPreview } from './devices-api.ts';

const actionLabels: Record<ImportAction, { label: string; color: string }> = {
  create: { label: 'New', color: 'green' },
  update: { label: 'Update', color: 'blue' },
  unchanged: { label: 'Unchanged', color: 'gray' },
  error: { label: 'Error', color: 'red' },
};

function PreviewTable({ preview }: { preview: ImportPreview }) {
  const { summary } = preview;
  return (
    <Stack gap="xs">
      <Text data-testid="import-summary">
        {summary.create} new, {summary.update} to update, {summary.unchanged} unchanged, {summary.error} with errors.
      </Text>
      {preview.ignoredColumns.length > 0 && (
        <Text size="sm">Columns not imported: {preview.ignoredColumns.join(', ')}</Text>
      )}
      {preview.rows.length > 0 && (
        <Table.ScrollContainer minWidth={600} mah={360}>
          <Table aria-label="Import preview" verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Line</Table.Th>
                <Table.Th>What</Table.Th>
                <Table.Th>Device</Table.Th>
                <Table.Th>Changes or errors</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {preview.rows.map((row) => (
                <Table.Tr key={row.line}>
                  <Table.Td>{row.line}</Table.Td>
                  <Table.Td>
                    <Badge color={actionLabels[row.action].color} variant="light">
                      {actionLabels[row.action].label}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{[row.name, row.serial].filter(Boolean).join(' · ') || '—'}</Table.Td>
                  <Table.Td>
                    {row.action === 'error'
                      ? row.errors.map((e) => `${e.column || 'row'}: ${e.message}`).join('; ')
                      : row.changes.join(', ')}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

/** Pastes or picks a CSV, shows what it would change, and applies exactly that preview. */
export function ImportDialog({ practiceId, onClose }: { practiceId: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [csv, setCsv] = useState('');
  const preview = useMutation({ mutationFn: () => devicesApi.import(practiceId, { csv }) });
  const apply = useMutation({
    mutationFn: (previewHash: string) => devicesApi.import(practiceId, { csv, apply: true, previewHash }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: devicesKey(practiceId) });
      onClose();
    },
  });
  const pick = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file) change(await file.text());
  };
  const change = (text: string) => {
    setCsv(text);
    preview.reset();
    apply.reset();
  };
  const shown = preview.data;
  return (
    <Modal opened onClose={onClose} title="Import devices from CSV" size="xl">
      <Stack>
        <Text size="sm">
          A header row first. Rows match a device by serial, then by name; empty cells change nothing. Headers of common
          RMM exports are understood (Hostname, Serial Number, Device Type, Operating System, Last Seen, ...).
        </Text>
        <label>
          <Text size="sm" fw={500} component="span">
            CSV file{' '}
          </Text>
          <input type="file" accept=".csv,text/csv" onChange={(e) => void pick(e)} />
        </label>
        <Textarea
          label="CSV"
          autosize
          minRows={4}
          maxRows={10}
          value={csv}
          onChange={(e) => change(e.currentTarget.value)}
          styles={{ input: { fontFamily: 'monospace' } }}
        />
        <ErrorAlert error={preview.error ?? apply.error} />
        {shown && <PreviewTable preview={shown} />}
        {shown && shown.summary.error > 0 && (
          <Alert color="orange">
            Fix the rows with errors and preview again: an import is applied whole or not at all.
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="light" onClick={() => preview.mutate()} loading={preview.isPending} disabled={!csv.trim()}>
            Preview
          </Button>
          <Button
            onClick={() => shown && apply.mutate(shown.previewHash)}
            loading={apply.isPending}
            disabled={!shown || shown.summary.error > 0 || shown.summary.create + shown.summary.update === 0}
          >
            Apply import
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
