/** Ticket page sections for those who work tickets: time per party, merge another ticket in, split a reply out. */
import { Button, Group, NumberInput, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { parseTicketReference, ticketReference, type Ticket } from '../../../src/desk/ticket-schema.ts';
import { usePractice } from '../practice/current-practice.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { deskApi, timeKey } from './desk-api.ts';
import { useAgreedParties } from './desk-queries.ts';
import { sideLabels } from './desk-text.ts';
import { useTicketChange } from './TicketActions.tsx';

const hours = (minutes: number) =>
  `${Math.floor(Math.abs(minutes) / 60) * Math.sign(minutes)} h ${Math.abs(minutes) % 60} min`;

export function TimeSection({ ticket }: { ticket: Ticket }) {
  const practice = usePractice();
  const queryClient = useQueryClient();
  const parties = useAgreedParties();
  const time = useQuery({
    queryKey: timeKey(practice.practiceId, ticket.id),
    queryFn: () => deskApi.time(practice.practiceId, ticket.id),
  });
  const [partyId, setPartyId] = useState<string | null>(null);
  const [minutes, setMinutes] = useState<number | string>(30);
  const [billing, setBilling] = useState<string | null>('contract');
  const [workedOn, setWorkedOn] = useState(new Date().toISOString().slice(0, 10));
  const log = useMutation({
    mutationFn: () =>
      deskApi.logTime(practice.practiceId, ticket.id, {
        partyId: partyId ?? '',
        minutes: Number(minutes),
        billing: (billing ?? 'contract') as 'contract' | 'billable',
        workedOn,
      }),
    onSuccess: (next) => {
      queryClient.setQueryData(timeKey(practice.practiceId, ticket.id), next);
      void queryClient.invalidateQueries({ queryKey: ['practice', practice.practiceId, 'tickets', 'one', ticket.id] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    log.mutate();
  };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="time-title">
      <Title order={2} size="h4" id="time-title" mb="sm">
        Time
      </Title>
      {time.data && time.data.byParty.length > 0 && (
        <Table aria-label="Time by party" mb="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Party</Table.Th>
              <Table.Th>Within the contract</Table.Th>
              <Table.Th>Billable</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {time.data.byParty.map((p) => (
              <Table.Tr key={p.partyId}>
                <Table.Td>
                  {p.name} ({sideLabels[p.side] ?? p.side})
                </Table.Td>
                <Table.Td>{hours(p.contract)}</Table.Td>
                <Table.Td>{hours(p.billable)}</Table.Td>
              </Table.Tr>
            ))}
            <Table.Tr>
              <Table.Th>Total</Table.Th>
              <Table.Td>{hours(time.data.total.contract)}</Table.Td>
              <Table.Td>{hours(time.data.total.billable)}</Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      )}
      <form onSubmit={submit} aria-label="Log time">
        <Group align="end">
          <Select
            label="For party"
            data={(parties.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
            value={partyId}
            onChange={setPartyId}
            required
          />
          <NumberInput label="Minutes" value={minutes} onChange={setMinutes} min={-1440} max={1440} required />
          <TextInput label="Date" type="date" value={workedOn} onChange={(e) => setWorkedOn(e.currentTarget.value)} />
          <Select
            label="Billing"
            data={[
              { value: 'contract', label: 'Within the contract' },
              { value: 'billable', label: 'Billable' },
            ]}
            value={billing}
            onChange={setBilling}
            allowDeselect={false}
          />
          <Button type="submit" loading={log.isPending}>
            Log time
          </Button>
        </Group>
      </form>
      <ErrorAlert error={log.error ?? time.error} />
    </Paper>
  );
}

export function MergeSplitSection({ ticket }: { ticket: Ticket }) {
  const practice = usePractice();
  const navigate = useNavigate();
  const merge = useTicketChange(ticket, deskApi.merge);
  const [other, setOther] = useState('');
  const [findError, setFindError] = useState<unknown>(null);
  const splits = ticket.events.filter((e) => (e.kind === 'reply' || e.kind === 'note') && e.fromTicket === null);
  const [eventId, setEventId] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const split = useMutation({
    mutationFn: () => deskApi.split(practice.practiceId, ticket.id, { eventId: eventId ?? '', title }),
    onSuccess: (created) => void navigate(`/practice/desk/tickets/${created.id}`),
  });
  const submitMerge = async (e: FormEvent) => {
    e.preventDefault();
    setFindError(null);
    const number = parseTicketReference(other);
    if (number === null) return setFindError(new Error('Type the number of the ticket to merge in, such as T-12'));
    try {
      const found = await deskApi.byNumber(practice.practiceId, String(number));
      merge.mutate({ ticketId: found.id });
    } catch (err) {
      setFindError(err);
    }
  };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="merge-title">
      <Title order={2} size="h4" id="merge-title" mb="sm">
        Merge and split
      </Title>
      <Stack>
        <form onSubmit={(e) => void submitMerge(e)} aria-label="Merge a ticket into this one">
          <Group align="end">
            <TextInput
              label="Merge ticket into this one"
              description="It is closed with a link here; its history shows here."
              value={other}
              onChange={(e) => setOther(e.currentTarget.value)}
              placeholder="T-12"
            />
            <Button type="submit" loading={merge.isPending}>
              Merge
            </Button>
          </Group>
        </form>
        <ErrorAlert error={findError ?? merge.error} />
        {splits.length > 0 && (
          <form
            aria-label="Split a reply out"
            onSubmit={(e) => {
              e.preventDefault();
              split.mutate();
            }}
          >
            <Group align="end">
              <Select
                label="Split out"
                data={splits.map((e, i) => ({
                  value: e.id,
                  label: `${e.kind === 'note' ? 'Note' : 'Reply'} ${i + 1} by ${e.actor}`,
                }))}
                value={eventId}
                onChange={setEventId}
                required
              />
              <TextInput
                label="New ticket’s subject"
                value={title}
                onChange={(e) => setTitle(e.currentTarget.value)}
                required
              />
              <Button type="submit" loading={split.isPending}>
                Split into a new ticket
              </Button>
            </Group>
          </form>
        )}
        <ErrorAlert error={split.error} />
        {ticket.merged.length > 0 && (
          <Text size="sm">
            Merged into this ticket: {ticket.merged.map((m) => ticketReference(m.number)).join(', ')}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
