import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Group,
  Kbd,
  Loader,
  Modal,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { statuses, ticketReference, type Status } from '../../../src/desk/ticket-schema.ts';
import { can } from '../auth/permissions.ts';
import { usePractice } from '../practice/current-practice.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { LoadMore } from '../ui/LoadMore.tsx';
import { PageTitle } from '../ui/PageTitle.tsx';
import {
  deskApi,
  dueSoonMinutes,
  queueKey,
  queueViews,
  type Desk,
  type QueueFilter,
  type QueueView,
  type TicketSummary,
} from './desk-api.ts';
import { useAgreedParties, useDesks } from './desk-queries.ts';
import { deskKindLabels, holderText, sideLabels, statusLabels, statusText } from './desk-text.ts';
import { ClockText, PriorityBadge, pauseReason, useNow } from './TicketBits.tsx';
import { queueShortcuts, useQueueKeys } from './useQueueKeys.ts';

export const ticketPath = (id: string) => `/practice/desk/tickets/${id}`;

const statusOptions = [
  { value: 'any', label: 'Any status' },
  ...statuses.map((s) => ({ value: s, label: statusLabels[s] })),
];

const viewLabels: Record<QueueView, string> = {
  all: 'All tickets',
  mine: 'Mine',
  party: 'My party',
  due_soon: `Due within ${dueSoonMinutes} min`,
};

/** The queue's filter as the address holds it, so a filtered queue can be bookmarked and shared. */
function filterFrom(params: URLSearchParams, desk: Desk): QueueFilter {
  const status = statuses.find((s) => s === params.get('status')) ?? null;
  const view = queueViews.find((v) => v === params.get('view')) ?? 'all';
  return { deskId: desk.id, status, assignee: params.get('holder'), breached: params.get('breached') === 'true', view };
}

function ShortcutHelp({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Keyboard shortcuts">
      <Table aria-label="Keyboard shortcuts">
        <Table.Tbody>
          {queueShortcuts.map(([key, what]) => (
            <Table.Tr key={key}>
              <Table.Td>
                <Kbd>{key}</Kbd>
              </Table.Td>
              <Table.Td>{what}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Modal>
  );
}

function QueueRow({ ticket, selected, now }: { ticket: TicketSummary; selected: boolean; now: Date }) {
  return (
    <Table.Tr aria-selected={selected} bg={selected ? 'var(--mantine-color-blue-light)' : undefined}>
      <Table.Td>
        <Anchor component={Link} to={ticketPath(ticket.id)} data-ticket-link>
          {ticketReference(ticket.number)}
        </Anchor>
      </Table.Td>
      <Table.Td>
        {ticket.title ?? (
          <Text c="dimmed">
            {ticket.redacted === 'practice_setting'
              ? "Patient details hidden by the practice's setting"
              : 'Patient details hidden'}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <PriorityBadge ticket={ticket} />
      </Table.Td>
      <Table.Td>{statusText(ticket)}</Table.Td>
      <Table.Td>{holderText(ticket)}</Table.Td>
      <Table.Td>
        <ClockText clock={ticket.firstResponse} now={now} />
      </Table.Td>
      <Table.Td>
        <ClockText clock={ticket.resolution} now={now} pausedBy={pauseReason(ticket)} />
      </Table.Td>
    </Table.Tr>
  );
}

function Queue({ desk, desks }: { desk: Desk; desks: Desk[] }) {
  const practice = usePractice();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filter = filterFrom(params, desk);
  const now = useNow();
  const [selected, setSelected] = useState(-1);
  const [help, setHelp] = useState(false);
  const firstFilter = useRef<HTMLInputElement>(null);
  const tableRef = useRef<HTMLTableElement>(null);
  const parties = useAgreedParties();
  const tickets = useInfiniteQuery({
    queryKey: queueKey(practice.practiceId, filter),
    queryFn: ({ pageParam }) => deskApi.queue(practice.practiceId, filter, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const items = tickets.data?.pages.flatMap((p) => p.tickets) ?? [];

  const setParam = (key: string, value: string | null) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (value) next.set(key, value);
      else next.delete(key);
      return next;
    });
  const select = (index: number) => {
    setSelected(index);
    tableRef.current?.querySelectorAll<HTMLAnchorElement>('[data-ticket-link]')[index]?.focus();
  };
  useQueueKeys(
    {
      newTicket: () => void navigate(`/practice/desk/new?desk=${desk.kind}`),
      focusFilters: () => firstFilter.current?.focus(),
      move: (by) => items.length > 0 && select(Math.min(items.length - 1, Math.max(0, selected + by))),
      open: () => {
        const ticket = items[selected];
        if (ticket) void navigate(ticketPath(ticket.id));
      },
      help: () => setHelp(true),
    },
    !help,
  );

  const holderOptions = [
    { value: 'any', label: 'Any holder' },
    { value: 'triage', label: 'Triage (no holder)' },
    ...(parties.data ?? []).map((p) => ({ value: p.id, label: `${p.name} (${sideLabels[p.side] ?? p.side})` })),
  ];
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <SegmentedControl
          aria-label="Desk"
          value={desk.kind}
          data={desks.map((d) => ({ value: d.kind, label: `${deskKindLabels[d.kind]} desk` }))}
          onChange={(kind) => setParams({ desk: kind })}
        />
        <Group>
          <Button variant="default" onClick={() => setHelp(true)}>
            Keyboard shortcuts (?)
          </Button>
          <Button component={Link} to={`/practice/desk/new?desk=${desk.kind}`}>
            New ticket
          </Button>
        </Group>
      </Group>
      <SegmentedControl
        aria-label="View"
        value={filter.view}
        data={queueViews.map((v) => ({ value: v, label: viewLabels[v] }))}
        onChange={(v) => setParam('view', v === 'all' ? null : v)}
      />
      <Paper withBorder p="sm" aria-label="Queue filters" component="section">
        <Group align="flex-end">
          <Select
            ref={firstFilter}
            label="Status"
            w={200}
            data={statusOptions}
            value={filter.status ?? 'any'}
            allowDeselect={false}
            onChange={(v) => setParam('status', v === 'any' ? null : (v as Status))}
          />
          <Select
            label="Held by"
            w={280}
            data={holderOptions}
            value={filter.assignee ?? 'any'}
            allowDeselect={false}
            onChange={(v) => setParam('holder', v === 'any' ? null : v)}
          />
          <Checkbox
            label="Breached only"
            checked={filter.breached}
            onChange={(e) => setParam('breached', e.currentTarget.checked ? 'true' : null)}
          />
        </Group>
      </Paper>
      <ErrorAlert error={tickets.error} />
      {tickets.isPending && <Loader aria-label="Loading the queue" />}
      {tickets.isSuccess && items.length === 0 && <Text c="dimmed">No tickets match these filters.</Text>}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={1000}>
          <Table ref={tableRef} striped aria-label={`${desk.name} queue`} verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Number</Table.Th>
                <Table.Th>Subject</Table.Th>
                <Table.Th>Priority</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Held by</Table.Th>
                <Table.Th>First response</Table.Th>
                <Table.Th>Resolution</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((t, i) => (
                <QueueRow key={t.id} ticket={t} selected={i === selected} now={now} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore query={tickets} />
      <ShortcutHelp opened={help} onClose={() => setHelp(false)} />
    </Stack>
  );
}

/**
 * /practice/desk: the queue of one desk (IT, clinical, patient) for those who work tickets, with
 * filters in the address and single-key shortcuts; those who only file tickets get the form.
 */
export function DeskQueuePage() {
  const practice = usePractice();
  const [params] = useSearchParams();
  const desks = useDesks();
  const works = can(practice, 'tickets.work');
  const desk = desks.data?.find((d) => d.kind === params.get('desk')) ?? desks.data?.[0];
  return (
    <Stack>
      <PageTitle
        title="Service desk"
        description={`Tickets of ${practice.practiceName}, routed by the agreed responsibility matrix. Due times are in each desk's business hours.`}
      >
        <Group gap="md">
          {can(practice, 'practice.update') && (
            <Anchor component={Link} to="/practice/desk/settings" size="sm">
              Desk settings
            </Anchor>
          )}
          {can(practice, 'matrix.read') && (
            <Anchor component={Link} to="/practice/desk/reports" size="sm">
              Reports
            </Anchor>
          )}
        </Group>
      </PageTitle>
      <ErrorAlert error={desks.error} />
      {desks.isPending && <Loader aria-label="Loading the desks" />}
      {!works && (
        <Alert color="blue" title="Filing a ticket">
          The queues are for those who work tickets. You can open a ticket and follow it from the link you get.
          <Group mt="sm">
            <Button component={Link} to="/practice/desk/new">
              New ticket
            </Button>
          </Group>
        </Alert>
      )}
      {works && desk && desks.data && <Queue key={desk.id} desk={desk} desks={desks.data} />}
    </Stack>
  );
}
