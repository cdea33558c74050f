import { Stack, Text } from '@mantine/core';
import type { ModuleEntry } from './modules.ts';
import { PageTitle } from '../ui/PageTitle.tsx';

/** Shown for a module whose screens have not shipped yet: says what it will do, not a fake UI. */
export function ModulePending({ module }: { module: ModuleEntry }) {
  return (
    <Stack>
      <PageTitle title={module.label} />
      <Text>{module.summary}</Text>
      <Text c="dimmed">This module is not available in this version of Tandem yet.</Text>
    </Stack>
  );
}
