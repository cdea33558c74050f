import { Anchor, Badge, Loader, Stack, Table, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { AccountTabs } from '../account/AccountTabs.tsx';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { formatDateTime } from '../ui/format.ts';
import { PageTitle } from '../ui/PageTitle.tsx';
import { noticeStatus } from './labels.ts';
import { NoticeDialog } from './NoticeDialog.tsx';
import { accountNoticesKey, notifyApi, type Notice } from './notify-api.ts';
import { LoadMore } from '../ui/LoadMore.tsx';

function AccountNoticeRow({ notice, onOpen }: { notice: Notice; onOpen: () => void }) {
  const status = noticeStatus(notice);
  return (
    <Table.Tr>
      <Table.Td>
        <Anchor component="button" type="button" size="sm" ta="left" onClick={onOpen}>
          {notice.subject}
        </Anchor>
      </Table.Td>
      <Table.Td>{formatDateTime(notice.createdAt)}</Table.Td>
      <Table.Td>
        <Badge color={status.color} variant="light">
          {status.label}
        </Badge>
      </Table.Td>
    </Table.Tr>
  );
}

/**
 * /account/notices: the emails Tandem sent about your own account (sign-ins from new devices,
 * two-step changes, password resets), newest first. A reset's link is withheld here; it is only
 * in the email.
 */
export function AccountNoticesPage() {
  const [open, setOpen] = useState<Notice | null>(null);
  const notices = useInfiniteQuery({
    queryKey: accountNoticesKey,
    queryFn: ({ pageParam }) => notifyApi.accountNotices(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const items = notices.data?.pages.flatMap((p) => p.notices) ?? [];
  return (
    <Stack>
      <PageTitle
        title="Account"
        description="Emails Tandem sent you about your account: sign-ins from new devices, two-step sign-in changes and password resets. Open one to read it."
      />
      <AccountTabs />
      <ErrorAlert error={notices.error} />
      {notices.isPending && <Loader aria-label="Loading your account notices" />}
      {notices.isSuccess && items.length === 0 && <Text c="dimmed">No emails about your account yet.</Text>}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={600}>
          <Table striped aria-label="Account notices" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Subject</Table.Th>
                <Table.Th>When</Table.Th>
                <Table.Th>Status</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((n) => (
                <AccountNoticeRow key={n.id} notice={n} onOpen={() => setOpen(n)} />
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
