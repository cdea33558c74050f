import { Table, Text, Tooltip } from '@mantine/core';
import { formatDateTime } from '../ui/format.ts';
import type { AuditEntry } from './audit-api.ts';

const actionColors: Record<string, string> = {
  auth: 'blue',
  membership: 'violet',
  api_token: 'teal',
  practice: 'grape',
  setup: 'cyan',
};

function actionColor(action: string): string {
  if (/\.failed$/.test(action)) return 'red';
  return actionColors[action.split('.')[0] ?? ''] ?? 'gray';
}

export function actorText(entry: AuditEntry): string {
  if (entry.actorLabel) return entry.actorLabel;
  if (entry.actorType === 'system') return 'System';
  if (entry.actorType === 'anonymous') return 'Anonymous';
  return entry.actorId ?? '—';
}

/** What the entry is about: a name from its details when there is one, else type and id. */
function targetText(entry: AuditEntry): string {
  if (!entry.targetType) return '—';
  const email = entry.details.email;
  const name = entry.details.name;
  const label =
    typeof email === 'string'
      ? email
      : typeof name === 'string'
        ? name
        : entry.targetId
          ? `${entry.targetId.slice(0, 8)}…`
          : '';
  return `${entry.targetType.replace(/_/g, ' ')}${label ? `: ${label}` : ''}`;
}

export function AuditTable({ entries, onOpen }: { entries: AuditEntry[]; onOpen: (entry: AuditEntry) => void }) {
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table striped highlightOnHover aria-label="Audit log" verticalSpacing={6}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={190}>Time</Table.Th>
            <Table.Th>Actor</Table.Th>
            <Table.Th>Action</Table.Th>
            <Table.Th>Target</Table.Th>
            <Table.Th w={140}>IP address</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((entry) => (
            <Table.Tr
              key={entry.id}
              onClick={() => onOpen(entry)}
              style={{ cursor: 'pointer' }}
              tabIndex={0}
              onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && onOpen(entry)}
              aria-label={`${entry.action} by ${actorText(entry)}`}
            >
              <Table.Td>
                <Tooltip label={entry.at} withArrow>
                  <Text size="sm">{formatDateTime(entry.at, true)}</Text>
                </Tooltip>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{actorText(entry)}</Text>
                {entry.actorType !== 'user' && (
                  <Text size="xs" c="dimmed">
                    {entry.actorType.replace('_', ' ')}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text
                  size="sm"
                  ff="monospace"
                  fw={500}
                  c={`${actionColor(entry.action)}.9`}
                  style={{ wordBreak: 'break-word' }}
                >
                  {entry.action}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{targetText(entry)}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {entry.ip ?? '—'}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
