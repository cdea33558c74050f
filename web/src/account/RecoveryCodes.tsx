import { Alert, Button, Checkbox, CopyButton, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';

/**
 * Recovery codes, shown once after enrolment: copy, download or print them, and say they are
 * saved before going on.
 */
export function RecoveryCodes({
  codes,
  email,
  onDone,
  busy,
}: {
  codes: string[];
  email: string;
  onDone: () => void;
  busy: boolean;
}) {
  const [saved, setSaved] = useState(false);
  const text = `Tandem recovery codes for ${email}\nEach code works once. Keep them somewhere safe.\n\n${codes.join('\n')}\n`;
  const download = `data:text/plain;charset=utf-8,${encodeURIComponent(text)}`;

  return (
    <Stack>
      <Title order={2} size="h3">
        Save your recovery codes
      </Title>
      <Alert color="yellow" title="Shown only this once">
        If you lose your phone, each of these codes lets you sign in once instead of a code from the app. Store them
        somewhere safe, such as a password manager. Tandem keeps only a scrambled copy and cannot show them again.
      </Alert>
      <Paper withBorder p="md" className="recovery-codes">
        <SimpleGrid
          cols={2}
          spacing="xs"
          component="ul"
          aria-label="Recovery codes"
          data-testid="recovery-codes"
          style={{ listStyle: 'none', margin: 0, padding: 0 }}
        >
          {codes.map((code) => (
            <Text component="li" key={code} ff="monospace" fz="md">
              {code}
            </Text>
          ))}
        </SimpleGrid>
      </Paper>
      <Group className="no-print">
        <CopyButton value={text}>
          {({ copied, copy }) => (
            <Button variant="light" onClick={copy} color={copied ? 'teal' : 'blue'}>
              {copied ? 'Copied' : 'Copy codes'}
            </Button>
          )}
        </CopyButton>
        <Button variant="light" component="a" href={download} download="tandem-recovery-codes.txt">
          Download
        </Button>
        <Button variant="light" onClick={() => window.print()}>
          Print
        </Button>
      </Group>
      <Checkbox
        className="no-print"
        label="I have saved these recovery codes somewhere safe"
        checked={saved}
        onChange={(e) => setSaved(e.currentTarget.checked)}
      />
      <Group className="no-print">
        <Button onClick={onDone} disabled={!saved} loading={busy}>
          Continue
        </Button>
        {!saved && (
          <Text size="sm" c="dimmed">
            Tick the box once the codes are saved.
          </Text>
        )}
      </Group>
    </Stack>
  );
}
