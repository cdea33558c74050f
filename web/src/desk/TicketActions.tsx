/** What one can do to a ticket from its page: reply or note, move its status, hand it to another party. */
import {
  Alert,
  Button,
  Checkbox,
  FileInput,
  Group,
  List,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import {
  organisationOf,
  transitions,
  waitingReasons,
  type Status,
  type ReplyInput,
  type Ticket,
  type WaitingReason,
} from '../../../src/desk/ticket-schema.ts';
import { fieldErrorsOf } from '../api/form-errors.ts';
import { usePractice } from '../practice/current-practice.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { acceptedFiles, attachToLatest, fileProblem } from './attach-files.ts';
import { deskApi, ticketKey } from './desk-api.ts';
import { useAgreedParties } from './desk-queries.ts';
import { sideLabels, statusLabels, waitingLabels } from './desk-text.ts';

/** A change that answers with the ticket as it now is: the page shows that, and the queue reloads. */
export function useTicketChange<I>(
  ticket: Ticket,
  change: (practiceId: string, ticketId: string, input: I) => Promise<Ticket>,
) {
  const practice = usePractice();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: I) => change(practice.practiceId, ticket.id, input),
    onSuccess: (next) => {
      queryClient.setQueryData(ticketKey(practice.practiceId, ticket.id), next);
      void queryClient.invalidateQueries({ queryKey: ['practice', practice.practiceId, 'tickets', 'queue'] });
    },
  });
}

export function ReplyForm({ ticket, mayNote }: { ticket: Ticket; mayNote: boolean }) {
  const [body, setBody] = useState('');
  const [internal, setInternal] = useState(false);
  const [files, setFiles] = useState<File[]>([]);
  const [notAttached, setNotAttached] = useState<string[]>([]);
  const reply = useTicketChange(ticket, async (practiceId, ticketId, input: ReplyInput & { files: File[] }) => {
    const written = await deskApi.reply(practiceId, ticketId, { body: input.body, internal: input.internal });
    if (input.files.length === 0) return written;
    const attached = await attachToLatest(practiceId, written, input.files);
    setNotAttached(attached.failed);
    return attached.ticket;
  });
  const problems = files.map(fileProblem).filter((p): p is string => p !== null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (problems.length > 0) return;
    setNotAttached([]);
    reply.mutate(
      { body, internal, files },
      {
        onSuccess: () => {
          setBody('');
          setFiles([]);
        },
      },
    );
  };
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-label="Reply">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {internal ? 'Internal note' : 'Reply'}
        </Title>
        <ErrorAlert error={reply.error} fields={['body']} />
        {notAttached.length > 0 && (
          <Alert color="orange" role="alert" title="Sent, but some files were not attached">
            <List size="sm">
              {notAttached.map((line) => (
                <List.Item key={line}>{line}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        <Textarea
          label={internal ? 'Note (seen only by those who work tickets)' : 'Reply (seen by the requester)'}
          autosize
          minRows={3}
          required
          maxLength={10_000}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          error={fieldErrorsOf(reply.error).body}
        />
        <FileInput
          label="Files"
          description="PDF, images, text or CSV; attached to this reply or note"
          multiple
          clearable
          accept={acceptedFiles}
          value={files}
          onChange={setFiles}
          error={problems.length > 0 ? problems.join('; ') : undefined}
        />
        <Group justify="space-between">
          {mayNote ? (
            <Checkbox label="Internal note" checked={internal} onChange={(e) => setInternal(e.currentTarget.checked)} />
          ) : (
            <span />
          )}
          <Button type="submit" loading={reply.isPending} disabled={problems.length > 0}>
            {internal ? 'Add note' : 'Send reply'}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

export function StatusForm({ ticket }: { ticket: Ticket }) {
  const next = transitions[ticket.status];
  const [status, setStatus] = useState<Status | null>(null);
  const [reason, setReason] = useState<WaitingReason | null>(null);
  const change = useTicketChange(ticket, deskApi.setStatus);
  const errors = fieldErrorsOf(change.error);
  if (next.length === 0) return null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!status) return;
    change.mutate(
      { status, ...(status === 'waiting' && reason ? { waitingReason: reason } : {}) },
      { onSuccess: () => setStatus(null) },
    );
  };
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-label="Status">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Status
        </Title>
        <ErrorAlert error={change.error} fields={['status', 'waitingReason']} />
        <Group align="flex-end">
          <Select
            label="New status"
            placeholder="Pick one"
            w={200}
            data={next.map((s) => ({ value: s, label: statusLabels[s] }))}
            value={status}
            onChange={(v) => setStatus(v as Status | null)}
            error={errors.status}
          />
          {status === 'waiting' && (
            <Select
              label="Waiting reason"
              placeholder="Waiting on whom?"
              required
              w={240}
              data={waitingReasons.map((r) => ({ value: r, label: waitingLabels[r] }))}
              value={reason}
              onChange={(v) => setReason(v as WaitingReason | null)}
              error={errors.waitingReason}
            />
          )}
          <Button type="submit" disabled={!status} loading={change.isPending}>
            Change status
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

export function AssignForm({ ticket }: { ticket: Ticket }) {
  const parties = useAgreedParties();
  const [partyId, setPartyId] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const assign = useTicketChange(ticket, deskApi.assign);
  const errors = fieldErrorsOf(assign.error);
  const holderOrg = ticket.assignee ? organisationOf(ticket.assignee.side) : null;
  const options = [
    { value: 'triage', label: 'Back to triage (no holder)' },
    ...(parties.data ?? [])
      .filter((p) => p.id !== ticket.assignee?.partyId)
      .map((p) => {
        const other = holderOrg !== null && organisationOf(p.side) !== holderOrg ? ', other organisation' : '';
        return { value: p.id, label: `${p.name} (${sideLabels[p.side] ?? p.side}${other})` };
      }),
  ];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!partyId) return;
    assign.mutate(
      { partyId: partyId === 'triage' ? null : partyId, reason },
      {
        onSuccess: () => {
          setPartyId(null);
          setReason('');
        },
      },
    );
  };
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-label="Reassign">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Reassign
        </Title>
        <ErrorAlert error={parties.error ?? assign.error} fields={['partyId', 'reason']} />
        <Group align="flex-end">
          <Select
            label="Hand to"
            placeholder="A party of the agreed matrix"
            w={320}
            data={options}
            value={partyId}
            onChange={setPartyId}
            error={errors.partyId}
          />
          <TextInput
            label="Reason"
            required
            w={320}
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={errors.reason}
          />
          <Button type="submit" disabled={!partyId} loading={assign.isPending}>
            Reassign
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** Takes the ticket to work it: it then shows in the caller's "Mine" queue. */
export function TakeButton({ ticket }: { ticket: Ticket }) {
  const take = useTicketChange(ticket, (practiceId, ticketId, _: null) => deskApi.take(practiceId, ticketId));
  return (
    <Group>
      <ErrorAlert error={take.error} />
      <Button variant="default" onClick={() => take.mutate(null)} loading={take.isPending}>
        Take it
      </Button>
    </Group>
  );
}

/** The requester's one-click rating of a resolved ticket, with an optional comment. */
export function RatingForm({ ticket }: { ticket: Ticket }) {
  const [comment, setComment] = useState(ticket.rating?.comment ?? '');
  const rate = useTicketChange(ticket, deskApi.rate);
  const send = (rating: 'good' | 'bad') => rate.mutate({ rating, ...(comment.trim() ? { comment } : {}) });
  const current = ticket.rating && (ticket.rating.rating === 'good' ? 'good' : 'bad');
  // The resolve email's one-click links (?rate=good|bad): the click is the rating, sent once, then dropped from the address.
  const [params, setParams] = useSearchParams();
  const clicked = params.get('rate');
  useEffect(() => {
    if (clicked !== 'good' && clicked !== 'bad') return;
    send(clicked);
    setParams(
      (p) => {
        p.delete('rate');
        return p;
      },
      { replace: true },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per link followed
  }, [clicked]);
  return (
    <Paper withBorder p="md" component="section" aria-label="Rate this ticket">
      <Stack gap="sm">
        <Title order={2} size="h4">
          How did we do?
        </Title>
        <ErrorAlert error={rate.error} fields={['comment']} />
        <TextInput
          label="Comment (optional)"
          maxLength={1000}
          value={comment}
          onChange={(e) => setComment(e.currentTarget.value)}
        />
        <Group>
          <Button
            onClick={() => send('good')}
            loading={rate.isPending}
            variant={current === 'good' ? 'filled' : 'default'}
          >
            Good
          </Button>
          <Button
            onClick={() => send('bad')}
            loading={rate.isPending}
            variant={current === 'bad' ? 'filled' : 'default'}
          >
            Bad
          </Button>
        </Group>
        {current && <Text size="sm">You rated this ticket {current}. Thank you.</Text>}
      </Stack>
    </Paper>
  );
}
