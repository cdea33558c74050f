import { Alert, Anchor, Button, Loader, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import {
  intakeFormSchema,
  intakeReceiptSchema,
  maxRequestLength,
  type IntakeRequest,
} from '../../../src/desk/intake-schema.ts';
import { apiRequest } from '../api/client.ts';
import { fieldErrorsOf } from '../api/form-errors.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { PageTitle } from '../ui/PageTitle.tsx';
import { followPath } from './follow-link.ts';

const fields = ['name', 'email', 'phone', 'birthDate', 'request'] as const;
type Fields = Record<(typeof fields)[number], string>;
const empty: Fields = { name: '', email: '', phone: '', birthDate: '', request: '' };

/** What the form sends: blank fields left out, so the server names what is missing. */
function requestOf(values: Fields, website: string): IntakeRequest {
  const given = Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== ''));
  return { ...given, ...(website ? { website } : {}) } as IntakeRequest;
}

/**
 * /intake/:formId, public: a patient sends a request to the practice's patient desk. No session
 * is needed; the server's problems show on their fields and in an alert read out at once.
 */
export function IntakePage() {
  const { formId = '' } = useParams();
  const form = useQuery({
    queryKey: ['intake-form', formId],
    queryFn: () => apiRequest(intakeFormSchema, `/api/v1/intake-forms/${formId}`),
    retry: false,
  });
  const [values, setValues] = useState<Fields>(empty);
  // The honeypot: hidden from people and from screen readers; robots fill it in.
  const [website, setWebsite] = useState('');
  const send = useMutation({
    mutationFn: () =>
      apiRequest(intakeReceiptSchema, `/api/v1/intake-forms/${formId}/requests`, {
        method: 'POST',
        body: requestOf(values, website),
      }),
  });
  const errors = fieldErrorsOf(send.error);
  const set = (field: keyof Fields) => (e: { currentTarget: { value: string } }) =>
    setValues({ ...values, [field]: e.currentTarget.value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    send.mutate();
  };

  if (form.isPending) return <Loader aria-label="Loading the form" />;
  if (form.error)
    return (
      <Stack>
        <PageTitle title="Request form" />
        <ErrorAlert error={form.error} title="This form is not open" />
      </Stack>
    );
  const { practiceName, asksBirthDate } = form.data;
  if (send.data)
    return (
      <Stack>
        <PageTitle title={`Request sent to ${practiceName}`} />
        <Alert color="green" role="status" title={`Your request is ${send.data.ticketReference}`}>
          {send.data.emailed
            ? 'We also emailed you the link below.'
            : 'Keep the link below: it is the only way to follow your request.'}
        </Alert>
        <Text size="sm">Follow your request, and read and answer the practice&apos;s replies, here:</Text>
        <Anchor component={Link} to={followPath(send.data.followUrl)} data-testid="follow-link">
          Follow your request
        </Anchor>
        <Text size="xs" c="dimmed">
          Anyone with this link can read the conversation: keep it to yourself.
        </Text>
      </Stack>
    );
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <PageTitle
          title={`Send a request to ${practiceName}`}
          description="For help with the patient portal, telehealth or billing. Not for emergencies: call 911."
        />
        <ErrorAlert error={send.error} fields={fields} />
        <TextInput
          label="Your name"
          required
          autoComplete="name"
          value={values.name}
          onChange={set('name')}
          error={errors.name}
        />
        <TextInput
          label="Email"
          type="email"
          autoComplete="email"
          description="An email address or a phone number, so the practice can reach you"
          value={values.email}
          onChange={set('email')}
          error={errors.email}
        />
        <TextInput
          label="Phone"
          type="tel"
          autoComplete="tel"
          value={values.phone}
          onChange={set('phone')}
          error={errors.phone}
        />
        {asksBirthDate && (
          <TextInput
            label="Date of birth"
            type="date"
            required
            autoComplete="bday"
            value={values.birthDate}
            onChange={set('birthDate')}
            error={errors.birthDate}
          />
        )}
        <Textarea
          label="What do you need help with?"
          required
          autosize
          minRows={4}
          maxLength={maxRequestLength}
          value={values.request}
          onChange={set('request')}
          error={errors.request}
        />
        <div
          aria-hidden="true"
          style={{ position: 'absolute', left: '-10000px', width: 1, height: 1, overflow: 'hidden' }}
        >
          <label>
            Website
            <input
              tabIndex={-1}
              autoComplete="off"
              name="website"
              value={website}
              onChange={(e) => setWebsite(e.currentTarget.value)}
            />
          </label>
        </div>
        <Button type="submit" loading={send.isPending}>
          Send request
        </Button>
      </Stack>
    </form>
  );
}
