import { Code, Modal, Table } from '@mantine/core';
import type { AuditEntry } from './audit-api.ts';
import { actorText } from './AuditTable.tsx';

/** Everything one entry holds, including its details (before/after, redacted by the server). */
export function AuditEntryDialog({ entry, onClose }: { entry: AuditEntry | null; onClose: () => void }) {
  const rows: [string, string][] = entry
    ? [
        ['Time', entry.at],
        ['Action', entry.action],
        ['Actor', `${actorText(entry)} (${entry.actorType}${entry.actorId ? `, ${entry.actorId}` : ''})`],
        ['Target', entry.targetType ? `${entry.targetType} ${entry.targetId ?? ''}` : '—'],
        ['IP address', entry.ip ?? '—'],
        ['User agent', entry.userAgent ?? '—'],
        ['Request id', entry.requestId ?? '—'],
        ['Entry', `#${entry.seq} (${entry.id})`],
      ]
    : [];
  return (
    <Modal opened={entry !== null} onClose={onClose} title="Audit entry" size="xl">
      {entry && (
        <>
          <Table aria-label="Audit entry" withRowBorders={false} verticalSpacing={4}>
            <Table.Tbody>
              {rows.map(([k, v]) => (
                <Table.Tr key={k}>
                  <Table.Th w={130}>{k}</Table.Th>
                  <Table.Td style={{ wordBreak: 'break-all' }}>{v}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Code block mt="sm">
            {JSON.stringify(entry.details, null, 2)}
          </Code>
        </>
      )}
    </Modal>
  );
}
