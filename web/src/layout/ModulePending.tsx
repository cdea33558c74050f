import { Stack, Text, Title } from '@mantine/core';
import type { ModuleEntry } from './modules.ts';

/** Shown for a module whose screens have not shipped yet: says what it will do, not a fake UI. */
export function ModulePending({ module }: { module: ModuleEntry }) {
  return (
    <Stack>
      <Title order={2}>{module.label}</Title>
      <Text>{module.summary}</Text>
      <Text c="dimmed">This module is not available in this version of Tandem yet.</Text>
    </Stack>
  );
}
