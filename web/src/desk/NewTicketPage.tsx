import { Alert, Button, Checkbox, Group, Loader, Paper, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import {
  impacts,
  priorityOf,
  urgencies,
  type Impact,
  type TicketInput,
  type Urgency,
} from '../../../src/desk/ticket-schema.ts';
import { fieldErrorsOf } from '../api/form-errors.ts';
import { usePractice } from '../practice/current-practice.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { PageTitle } from '../ui/PageTitle.tsx';
import { deskApi, type Desk } from './desk-api.ts';
import { ticketPath } from './DeskQueuePage.tsx';
import { useDesks } from './desk-queries.ts';
import { deskKindLabels, impactLabels, urgencyLabels } from './desk-text.ts';
import { PriorityBadge } from './TicketBits.tsx';

const fields = ['deskId', 'category', 'title', 'description', 'impact', 'urgency'] as const;
const impactOptions = impacts.filter((i) => i !== 'patient_safety').map((i) => ({ value: i, label: impactLabels[i] }));
const urgencyOptions = urgencies.map((u) => ({ value: u, label: urgencyLabels[u] }));

/** Where the ticket page says, once, that the ticket was just opened. */
export interface OpenedState {
  opened: true;
}

function TicketForm({ desks, initial }: { desks: Desk[]; initial: Desk }) {
  const practice = usePractice();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [deskId, setDeskId] = useState(initial.id);
  const [category, setCategory] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [impact, setImpact] = useState<Exclude<Impact, 'patient_safety'>>('medium');
  const [urgency, setUrgency] = useState<Urgency>('medium');
  const [patientSafety, setPatientSafety] = useState(false);
  const desk = desks.find((d) => d.id === deskId) ?? initial;
  const effectiveImpact: Impact = patientSafety ? 'patient_safety' : impact;
  const open = useMutation({
    mutationFn: (input: TicketInput) => deskApi.open(practice.practiceId, input),
    onSuccess: async (ticket) => {
      await queryClient.invalidateQueries({ queryKey: ['practice', practice.practiceId, 'tickets'] });
      const state: OpenedState = { opened: true };
      void navigate(ticketPath(ticket.id), { state });
    },
  });
  const errors = fieldErrorsOf(open.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    open.mutate({ deskId, category: category ?? '', impact: effectiveImpact, urgency, title, description });
  };

  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-label="New ticket">
      <Stack>
        <ErrorAlert error={open.error} fields={fields} />
        <Group grow align="flex-start">
          <Select
            label="Desk"
            data={desks.map((d) => ({ value: d.id, label: `${deskKindLabels[d.kind]} desk` }))}
            value={deskId}
            allowDeselect={false}
            onChange={(v) => {
              if (v) setDeskId(v);
              setCategory(null);
            }}
            error={errors.deskId}
          />
          <Select
            label="Category"
            placeholder="Pick a category"
            required
            data={desk.categories.map((c) => ({ value: c.id, label: c.name }))}
            value={category}
            onChange={setCategory}
            error={errors.category}
          />
        </Group>
        {desk.kind === 'patient' && (
          <Alert color="orange" title="Patient data">
            What you write on the patient desk is patient data: it is stored encrypted, shown only to those whose role
            may read patient data, and every read is recorded in the audit log.
          </Alert>
        )}
        <TextInput
          label="Subject"
          required
          maxLength={200}
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          error={errors.title}
        />
        <Textarea
          label="Description"
          required
          autosize
          minRows={4}
          maxLength={10_000}
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          error={errors.description}
        />
        <Group align="flex-end">
          <Select
            label="Impact"
            description="How many people or how much care it affects"
            w={260}
            data={impactOptions}
            value={impact}
            allowDeselect={false}
            disabled={patientSafety}
            onChange={(v) => v && setImpact(v as typeof impact)}
            error={errors.impact}
          />
          <Select
            label="Urgency"
            description="How soon it hurts"
            w={200}
            data={urgencyOptions}
            value={urgency}
            allowDeselect={false}
            onChange={(v) => v && setUrgency(v as Urgency)}
            error={errors.urgency}
          />
        </Group>
        <Checkbox
          label="This puts patient safety at risk (always priority P1)"
          checked={patientSafety}
          onChange={(e) => setPatientSafety(e.currentTarget.checked)}
        />
        <Group justify="space-between">
          <Group gap="xs" aria-live="polite" data-testid="computed-priority">
            <Text size="sm">Priority:</Text>
            <PriorityBadge ticket={{ priority: priorityOf(effectiveImpact, urgency), impact: effectiveImpact }} />
          </Group>
          <Button type="submit" loading={open.isPending}>
            Open ticket
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** /practice/desk/new[?desk=it|clinical|patient]: a ticket on one of the practice's desks. */
export function NewTicketPage() {
  const practice = usePractice();
  const [params] = useSearchParams();
  const desks = useDesks();
  const initial = desks.data?.find((d) => d.kind === params.get('desk')) ?? desks.data?.[0];
  return (
    <Stack>
      <PageTitle
        title="New ticket"
        description={`Open a ticket with ${practice.practiceName}'s service desk. The agreed responsibility matrix decides who takes it.`}
      />
      <ErrorAlert error={desks.error} />
      {desks.isPending && <Loader aria-label="Loading the desks" />}
      {desks.data && initial && <TicketForm desks={desks.data} initial={initial} />}
    </Stack>
  );
}
