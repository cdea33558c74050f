import {
  Alert,
  Anchor,
  Button,
  Divider,
  Group,
  Loader,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { z } from 'zod';
import { apiRequest } from '../api/client.ts';
import { fieldErrorsOf } from '../api/form-errors.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { browserTimeZone } from '../ui/time-zones.ts';
import { NewPasswordFields, passwordReady } from './NewPasswordFields.tsx';
import { setupStateKey, useSetupState } from './setup-state.ts';
import { PageTitle } from '../ui/PageTitle.tsx';

const setupDoneSchema = z.object({ organizationId: z.uuid(), practiceId: z.uuid(), userId: z.uuid() });

type Specialty = 'medical' | 'dental' | 'other';
type Jurisdiction = 'US' | 'UK';

interface SetupForm {
  orgName: string;
  orgKind: 'msp' | 'practice';
  practiceName: string;
  specialty: Specialty;
  jurisdiction: Jurisdiction;
  timeZone: string;
  email: string;
  displayName: string;
  password: string;
  confirm: string;
}

const fieldPaths = [
  'organization.name',
  'organization.kind',
  'practice.name',
  'practice.specialty',
  'practice.jurisdiction',
  'practice.timeZone',
  'admin.email',
  'admin.displayName',
  'admin.password',
];

/** /setup?token=...: the first organisation, practice and administrator, once. */
export function SetupPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const state = useSetupState(token);
  const zones = useMemo(() => Intl.supportedValuesOf('timeZone'), []);
  const [form, setForm] = useState<SetupForm>({
    orgName: '',
    orgKind: 'msp',
    practiceName: '',
    specialty: 'medical',
    jurisdiction: 'US',
    timeZone: browserTimeZone(),
    email: '',
    displayName: '',
    password: '',
    confirm: '',
  });
  const set =
    <K extends keyof SetupForm>(key: K) =>
    (value: SetupForm[K]) =>
      setForm((f) => ({ ...f, [key]: value }));
  const setup = useMutation({
    mutationFn: () =>
      apiRequest(setupDoneSchema, '/api/v1/setup', {
        method: 'POST',
        body: {
          token,
          organization: { name: form.orgName, kind: form.orgKind },
          practice: {
            name: form.practiceName,
            specialty: form.specialty,
            jurisdiction: form.jurisdiction,
            timeZone: form.timeZone,
          },
          admin: { email: form.email, displayName: form.displayName, password: form.password },
        },
      }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: setupStateKey });
      void navigate('/sign-in', {
        replace: true,
        state: { notice: `Tandem is set up. Sign in as ${form.email} to continue.`, email: form.email },
      });
    },
  });

  if (state.isPending) return <Loader aria-label="Checking the setup link" />;
  if (state.isError) return <ErrorAlert error={state.error} />;
  if (!state.data.needed) {
    return (
      <Stack>
        <PageTitle title="Tandem is already set up" />
        <Text>
          <Anchor component={Link} to="/sign-in">
            Sign in
          </Anchor>{' '}
          instead.
        </Text>
      </Stack>
    );
  }
  if (!state.data.linkValid) {
    return (
      <Stack>
        <PageTitle title="Set up Tandem" />
        <Alert color="orange" title="This setup link is not valid">
          It may have expired (links last one hour) or been used already. Restart Tandem to print a new link, or run{' '}
          <code>./bin/tandem setup</code> on the server.
        </Alert>
      </Stack>
    );
  }

  const fields = fieldErrorsOf(setup.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setup.mutate();
  };
  const ready =
    form.orgName && form.practiceName && form.email && form.displayName && passwordReady(form.password, form.confirm);

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <PageTitle title="Set up Tandem" />
        <Text size="sm">Create your organisation, its first practice and the first administrator account.</Text>
        <ErrorAlert error={setup.error} fields={fieldPaths} />
        <Divider label="Organisation" labelPosition="left" />
        <TextInput
          label="Organisation name"
          required
          value={form.orgName}
          onChange={(e) => set('orgName')(e.currentTarget.value)}
          error={fields['organization.name']}
        />
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            Who runs this Tandem?
          </Text>
          <SegmentedControl
            value={form.orgKind}
            onChange={(v) => set('orgKind')(v === 'practice' ? 'practice' : 'msp')}
            data={[
              { value: 'msp', label: 'A managed service provider' },
              { value: 'practice', label: 'The practice itself' },
            ]}
          />
        </Stack>
        <Divider label="First practice" labelPosition="left" />
        <TextInput
          label="Practice name"
          required
          value={form.practiceName}
          onChange={(e) => set('practiceName')(e.currentTarget.value)}
          error={fields['practice.name']}
        />
        <Group grow align="flex-start">
          <Select
            label="Specialty"
            value={form.specialty}
            onChange={(v) => set('specialty')((v as Specialty | null) ?? 'medical')}
            data={[
              { value: 'medical', label: 'Medical' },
              { value: 'dental', label: 'Dental' },
              { value: 'other', label: 'Other' },
            ]}
            allowDeselect={false}
            error={fields['practice.specialty']}
          />
          <Select
            label="Jurisdiction"
            value={form.jurisdiction}
            onChange={(v) => set('jurisdiction')(v === 'UK' ? 'UK' : 'US')}
            data={[
              { value: 'US', label: 'United States' },
              { value: 'UK', label: 'United Kingdom' },
            ]}
            allowDeselect={false}
            error={fields['practice.jurisdiction']}
          />
        </Group>
        <Select
          label="Time zone"
          searchable
          value={form.timeZone}
          onChange={(v) => set('timeZone')(v ?? browserTimeZone())}
          data={zones}
          allowDeselect={false}
          error={fields['practice.timeZone']}
        />
        <Divider label="First administrator" labelPosition="left" />
        <TextInput
          label="Your name"
          required
          value={form.displayName}
          onChange={(e) => set('displayName')(e.currentTarget.value)}
          error={fields['admin.displayName']}
        />
        <TextInput
          label="Your email"
          type="email"
          autoComplete="username"
          required
          value={form.email}
          onChange={(e) => set('email')(e.currentTarget.value)}
          error={fields['admin.email']}
        />
        <NewPasswordFields
          label="Password"
          password={form.password}
          confirm={form.confirm}
          onPassword={set('password')}
          onConfirm={set('confirm')}
          error={fields['admin.password']}
        />
        <Button type="submit" loading={setup.isPending} disabled={!ready}>
          Set up Tandem
        </Button>
      </Stack>
    </form>
  );
}
