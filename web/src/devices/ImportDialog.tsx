import { useQueryClient } from '@tanstack/react-query';
import { Text } from '@mantine/core';
import { CsvImportDialog } from '../ui/CsvImportDialog.tsx';
import { devicesApi, devicesKey, type ImportPreview } from './devices-api.ts';

/** The device CSV import: rows match a device by serial, then by name. */
export function ImportDialog({ practiceId, onClose }: { practiceId: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  return (
    <CsvImportDialog<ImportPreview, ImportPreview>
      title="Import devices from CSV"
      help={
        <Text size="sm">
          A header row first. Rows match a device by serial, then by name; empty cells change nothing. Headers of common
          RMM exports are understood (Hostname, Serial Number, Device Type, Operating System, Last Seen, ...).
        </Text>
      }
      subject="Device"
      subjectOf={(row) => [row.name, row.serial].filter(Boolean).join(' · ')}
      preview={(csv) => devicesApi.import(practiceId, { csv })}
      apply={(csv, previewHash) => devicesApi.import(practiceId, { csv, apply: true, previewHash })}
      onApplied={async () => {
        await queryClient.invalidateQueries({ queryKey: devicesKey(practiceId) });
        onClose();
      }}
      onClose={onClose}
    />
  );
}
