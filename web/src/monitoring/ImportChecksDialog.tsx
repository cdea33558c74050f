import { Alert, Anchor, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { checkImportTemplate, type CheckImportPreview, type CheckImportResult } from '../../../src/monitor/schema.ts';
import { CopyField } from '../ui/CopyField.tsx';
import { CsvImportDialog } from '../ui/CsvImportDialog.tsx';
import { checksKey, monitorApi, statusKey } from './monitor-api.ts';

const templateHref = `data:text/csv;charset=utf-8,${encodeURIComponent(checkImportTemplate)}`;

/**
 * The checks CSV import: a row updates the check of the same name or adds one. New push and agent
 * checks' secret URLs are shown once, after the import, as the single create does.
 */
export function ImportChecksDialog({ practiceId, onClose }: { practiceId: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [urls, setUrls] = useState<CheckImportResult['checks']>([]);
  if (urls.length > 0)
    return (
      <Modal opened onClose={onClose} title="Checks imported" size="lg">
        <Stack>
          <Alert color="yellow" title="Copy the secret URLs now">
            Each new push or agent check is called at its own URL; Tandem keeps only a hash of it.
          </Alert>
          {urls.map((c) => (
            <CopyField
              key={c.checkId}
              value={c.pushUrl ?? ''}
              label={`${c.name} URL`}
              testId={`import-url-${c.line}`}
            />
          ))}
          <Group justify="flex-end">
            <Button onClick={onClose}>Done</Button>
          </Group>
        </Stack>
      </Modal>
    );
  return (
    <CsvImportDialog<CheckImportPreview, CheckImportResult>
      title="Import checks from CSV"
      help={
        <Text size="sm">
          A header row first, then a check a row: name, kind (http, tcp, tls, dns, push, agent), target (a URL) or host
          and port, interval (90, 5m, 1h), thresholds, the matrix activity and a device by serial or name. A row updates
          the check of the same name; empty cells keep what it has.{' '}
          <Anchor href={templateHref} download="checks-template.csv">
            Download a template
          </Anchor>
        </Text>
      }
      subject="Check"
      subjectOf={(row) => [row.name, row.kind].filter(Boolean).join(' · ')}
      preview={(csv) => monitorApi.previewImport(practiceId, csv)}
      apply={(csv, previewHash) => monitorApi.applyImport(practiceId, csv, previewHash)}
      onApplied={async (result) => {
        await queryClient.invalidateQueries({ queryKey: checksKey(practiceId) });
        await queryClient.invalidateQueries({ queryKey: statusKey(practiceId) });
        const secret = result.checks.filter((c) => c.pushUrl);
        if (secret.length > 0) setUrls(secret);
        else onClose();
      }}
      onClose={onClose}
    />
  );
}
