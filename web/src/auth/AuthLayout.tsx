import { Anchor, Box, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { Link, Outlet } from 'react-router';

/** The frame of the pages before one is signed in: a card in the middle, nothing to navigate. */
export function AuthLayout() {
  return (
    <Box bg="gray.0" mih="100vh" py={48} px="md">
      <Center>
        <Stack w="100%" maw={480} gap="lg">
          <Group justify="space-between" align="baseline">
            <Title order={1} size="h2">
              Tandem
            </Title>
            <Anchor component={Link} to="/about" size="sm">
              About &amp; status
            </Anchor>
          </Group>
          <Paper withBorder shadow="sm" radius="md" p="xl">
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
