import { Anchor, Box, Center, Group, Paper, Stack, Text } from '@mantine/core';
import { Link, Outlet } from 'react-router';
import { mainContentId, SkipLink } from '../ui/SkipLink.tsx';

/** The frame of the pages before one is signed in: a card in the middle, nothing to navigate. */
export function AuthLayout() {
  return (
    <Box bg="gray.0" mih="100vh" py={48} px="md">
      <SkipLink />
      <Center>
        <Stack w="100%" maw={480} gap="lg">
          <Group justify="space-between" align="baseline">
            {/* The product's name, not a heading: each page's own title is its <h1>. */}
            <Text fw={700} fz="h2">
              Tandem
            </Text>
            <Anchor component={Link} to="/about" size="sm">
              About &amp; status
            </Anchor>
          </Group>
          <Paper component="main" id={mainContentId} tabIndex={-1} withBorder shadow="sm" radius="md" p="xl">
            <Outlet />
          </Paper>
          <Text size="xs" c="dimmed" ta="center">
            Tandem holds practice and patient data. Every sign-in is recorded in the audit log.
          </Text>
        </Stack>
      </Center>
    </Box>
  );
}
