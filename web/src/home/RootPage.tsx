import { Code, List, Loader, Stack, Text } from '@mantine/core';
import { Navigate } from 'react-router';
import { useSession } from '../auth/session.ts';
import { useSetupState } from '../auth/setup-state.ts';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { PageTitle } from '../ui/PageTitle.tsx';

/** A fresh install: nobody can sign in yet, so say exactly how to create the first administrator. */
function SetupPending() {
  return (
    <Stack>
      <PageTitle title="Setup is pending" description="Tandem is running, but nobody can sign in until it is set up." />
      <Text>Create the first organisation, practice and administrator in one of two ways:</Text>
      <List type="ordered" spacing="sm">
        <List.Item>
          Open the one-time setup link that <Code>npm start</Code> printed on the server&apos;s console when Tandem
          started. It is valid for an hour; restart Tandem for a new one.
        </List.Item>
        <List.Item>
          Or, on the server, run <Code>./bin/tandem setup</Code> and answer its questions.
        </List.Item>
      </List>
      <Text>Then sign in here as that administrator.</Text>
    </Stack>
  );
}

/**
 * The root address: on a fresh install, how to finish setup (no data, no navigation); after
 * setup, home for someone signed in and sign-in for anyone else.
 */
export function RootPage() {
  const setup = useSetupState();
  const session = useSession();
  // Someone signed in proves setup is done, whatever an older answer in the cache says.
  if (session.data) return <Navigate to="/home" replace />;
  if (setup.isPending || session.isPending) return <Loader aria-label="Loading" />;
  if (setup.isError) return <ErrorAlert error={setup.error} />;
  return setup.data.needed ? <SetupPending /> : <Navigate to="/sign-in" replace />;
}
