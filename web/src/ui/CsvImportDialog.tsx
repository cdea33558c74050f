import { Alert, Badge, Button, Group, Modal, Stack, Table, Text, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type ChangeEvent, type ReactNode } from 'react';
import { ErrorAlert } from './ErrorAlert.tsx';

/** What the device and the check imports both answer with a preview. */
export interface CsvImportPreview {
  previewHash: string;
  ignoredColumns: string[];
  summary: { create: number; update: number; unchanged: number; error: number };
  rows: {
    line: number;
    action: 'create' | 'update' | 'unchanged' | 'error';
    changes: string[];
    errors: { column: string; message: string }[];
  }[];
}

const actionLabels: Record<CsvImportPreview['rows'][number]['action'], { label: string; color: string }> = {
  create: { label: 'New', color: 'green' },
  update: { label: 'Update', color: 'blue' },
  unchanged: { label: 'Unchanged', color: 'gray' },
  error: { label: 'Error', color: 'red' },
};

function PreviewTable<P extends CsvImportPreview>({
  preview,
  subject,
  subjectOf,
}: {
  preview: P;
  subject: string;
  subjectOf: (row: P['rows'][number]) => string;
}) {
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
                <Table.Th>{subject}</Table.Th>
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
                  <Table.Td>{subjectOf(row) || '—'}</Table.Td>
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

/**
 * Pastes or picks a CSV, shows what it would change, and applies exactly that preview: the device
 * import and the check import share it (each brings its API calls, help and row label).
 */
export function CsvImportDialog<P extends CsvImportPreview, R>({
  title,
  help,
  subject,
  subjectOf,
  preview: previewCsv,
  apply: applyPreview,
  onApplied,
  onClose,
}: {
  title: string;
  help: ReactNode;
  /** The preview table's heading for what a row is about ("Device", "Check"). */
  subject: string;
  subjectOf: (row: P['rows'][number]) => string;
  preview: (csv: string) => Promise<P>;
  apply: (csv: string, previewHash: string) => Promise<R>;
  onApplied: (result: R) => Promise<void> | void;
  onClose: () => void;
}) {
  const [csv, setCsv] = useState('');
  const preview = useMutation({ mutationFn: () => previewCsv(csv) });
  const apply = useMutation({
    mutationFn: (previewHash: string) => applyPreview(csv, previewHash),
    onSuccess: onApplied,
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
    <Modal opened onClose={onClose} title={title} size="xl">
      <Stack>
        {help}
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
        {shown && <PreviewTable preview={shown} subject={subject} subjectOf={subjectOf} />}
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
