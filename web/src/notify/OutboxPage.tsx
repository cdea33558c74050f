import { Anchor, Badge, Loader, Select, Stack, Table, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { noticeStatuses } from '../../../src/notify/schema.ts';
import { usePractice } from '../practice/current-practice.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { formatDateTime } from '../ui/format.ts';
import { PageTitle } from '../ui/PageTitle.tsx';
import { eventLabels, noticeStatus, statusLabels } from './labels.ts';
import { NoticeDialog } from './NoticeDialog.tsx';
import { noticesKey, notifyApi, type Notice, type NoticeStatus } from './notify-api.ts';
import { LoadMore } from '../ui/LoadMore.tsx';

const statusOptions = [
  { value: 'all', label: 'Every status' },
  ...noticeStatuses.map((s) => ({ value: s, label: statusLabels[s].label })),
];

function statusFromParams(params: URLSearchParams): NoticeStatus | null {
  const asked = params.get('status');
  return noticeStatuses.find((s) => s === asked) ?? null;
}

function NoticeRow({ notice, onOpen }: { notice: Notice; onOpen: () => void }) {
  const status = noticeStatus(notice);
  return (
    <Table.Tr>
      <Table.Td>{formatDateTime(notice.createdAt)}</Table.Td>
      <Table.Td>{notice.recipient}</Table.Td>
      <Table.Td>
        <Anchor component="button" type="button" size="sm" ta="left" onClick={onOpen}>
          {notice.subject}
        </Anchor>
      </Table.Td>
      <Table.Td>{eventLabels[notice.event].title}</Table.Td>
      <Table.Td>
        <Badge color={status.color} variant="light">
          {status.label}
        </Badge>
        {notice.error && (
          <Text size="xs" c="red.9">
            {notice.error} (attempt {notice.attempts})
          </Text>
        )}
      </Table.Td>
      <Table.Td>{formatDateTime(notice.deliveredAt)}</Table.Td>
    </Table.Tr>
  );
}

/**
 * /practice/outbox: every email Tandem sent or holds for the practice, newest first. Without an
 * SMTP server (the embedded default) emails wait here with status "In outbox" for an
 * administrator to read and pass on; with one, this is the delivery record.
 */
export function OutboxPage() {
  const practice = usePractice();
  const [params, setParams] = useSearchParams();
  const status = statusFromParams(params);
  const [open, setOpen] = useState<Notice | null>(null);
  const notices = useInfiniteQuery({
    queryKey: noticesKey(practice.practiceId, status),
    queryFn: ({ pageParam }) => notifyApi.notices(practice.practiceId, status, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const items = notices.data?.pages.flatMap((p) => p.notices) ?? [];
  return (
    <Stack>
      <PageTitle
        title="Outbox"
        description={`Emails Tandem sent, or holds, for people of ${practice.practiceName}. Without an SMTP server they wait here as "In outbox": open one to read it and pass it on.`}
      />
      <Select
        label="Status"
        w={240}
        data={statusOptions}
        value={status ?? 'all'}
        allowDeselect={false}
        onChange={(value) => setParams(value && value !== 'all' ? { status: value } : {})}
      />
      <ErrorAlert error={notices.error} />
      {notices.isPending && <Loader aria-label="Loading the emails" />}
      {notices.isSuccess && items.length === 0 && <Text c="dimmed">No emails with this status.</Text>}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={900}>
          <Table striped aria-label="Emails" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Created</Table.Th>
                <Table.Th>Recipient</Table.Th>
                <Table.Th>Subject</Table.Th>
                <Table.Th>Event</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Delivered</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((n) => (
                <NoticeRow key={n.id} notice={n} onOpen={() => setOpen(n)} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore query={notices} />
      <NoticeDialog notice={open} onClose={() => setOpen(null)} />
    </Stack>
  );
}
