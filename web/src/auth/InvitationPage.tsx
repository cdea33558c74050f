import { Alert, Anchor, Button, Divider, Loader, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { z } from 'zod';
import { invitationPreviewSchema } from '../../../src/core/identity/schema.ts';
import { ApiError, apiRequest } from '../api/client.ts';
import { fieldErrorsOf } from '../api/form-errors.ts';
import { roleLabels } from '../practice/roles.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { NewPasswordFields, passwordReady } from './NewPasswordFields.tsx';
import { sessionKey, useSession } from './session.ts';
import { PageTitle } from '../ui/PageTitle.tsx';

type Preview = z.infer<typeof invitationPreviewSchema>;
const ok = z.object({ ok: z.literal(true) });

/** Accepting as the account one is signed in to, which must be the invited address's. */
function AcceptSignedIn({ token, preview, email }: { token: string; preview: Preview; email: string }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const accept = useMutation({
    mutationFn: () => apiRequest(ok, '/api/v1/invitations/accept', { method: 'POST', body: { token } }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: sessionKey });
      void navigate('/', { replace: true });
    },
  });
  if (email.toLowerCase() !== preview.email.toLowerCase()) {
    return (
      <Alert color="orange" title="You are signed in as someone else">
        You are signed in as {email}, but this invitation is for {preview.email}. Sign out, then open the link again.
      </Alert>
    );
  }
  return (
    <Stack>
      <ErrorAlert error={accept.error} />
      <Button loading={accept.isPending} onClick={() => accept.mutate()}>
        Accept the invitation
      </Button>
    </Stack>
  );
}

/** A new account: its first password is chosen here, and the membership begins with it. */
function CreateAccount({ token, preview }: { token: string; preview: Preview }) {
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const create = useMutation({
    mutationFn: () =>
      apiRequest(ok, '/api/v1/invitations/create-account', { method: 'POST', body: { token, password } }),
    onSuccess: () =>
      void navigate('/sign-in', {
        replace: true,
        state: {
          notice: `Your account is ready and you have joined ${preview.practiceName}. Sign in with your new password.`,
          email: preview.email,
        },
      }),
  });
  const hasAccount = create.error instanceof ApiError && create.error.status === 409;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Title order={2} size="h4">
          New to Tandem? Choose a password
        </Title>
        {hasAccount ? (
          <Alert color="blue" role="alert" title="This address already has an account">
            {create.error?.message}
          </Alert>
        ) : (
          <ErrorAlert error={create.error} fields={['password']} />
        )}
        <NewPasswordFields
          password={password}
          confirm={confirm}
          onPassword={setPassword}
          onConfirm={setConfirm}
          error={fieldErrorsOf(create.error).password}
        />
        <Button type="submit" loading={create.isPending} disabled={!passwordReady(password, confirm)}>
          Create account and join
        </Button>
      </Stack>
    </form>
  );
}

/**
 * /invitation?token=...: the one-time link an administrator hands the person they invited. The
 * person joins by choosing the password of a new account, or by signing in to the account the
 * address already has and accepting; the page never says which of the two the address has.
 */
export function InvitationPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const session = useSession();
  const preview = useQuery({
    queryKey: ['invitation', token],
    queryFn: () =>
      apiRequest(invitationPreviewSchema, '/api/v1/invitations/preview', { method: 'POST', body: { token } }),
    enabled: token !== '',
    retry: false,
  });

  if (!token || preview.error) {
    return (
      <Stack>
        <PageTitle title="Invitation" />
        <Alert color="red" role="alert" title="This link cannot be used">
          {preview.error?.message ?? 'This page needs the link your administrator sent you.'} Ask them for a new
          invitation.
        </Alert>
      </Stack>
    );
  }
  if (!preview.data || session.isPending) return <Loader aria-label="Loading the invitation" />;
  const invitation = preview.data;
  const signedIn = session.data?.status === 'signed_in' ? session.data.user.email : null;
  const here = `/invitation?token=${encodeURIComponent(token)}`;
  return (
    <Stack>
      <PageTitle title={`Join ${invitation.practiceName}`} />
      <Text>
        {invitation.displayName} ({invitation.email}) is invited as {roleLabels[invitation.role]}. This link works once.
      </Text>
      {signedIn ? (
        <AcceptSignedIn token={token} preview={invitation} email={signedIn} />
      ) : (
        <>
          <CreateAccount token={token} preview={invitation} />
          <Divider label="or" />
          <Anchor component={Link} to="/sign-in" state={{ from: here, email: invitation.email }}>
            I already have a Tandem account: sign in to accept
          </Anchor>
        </>
      )}
    </Stack>
  );
}
